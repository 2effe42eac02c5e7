// A BatchSource that reads and parses in a worker thread (dist/parseWorker.js) while the engine's thread stores the
// batches before, the files hinted ahead in order, with at most `parseAheadBytes` read ahead (parseWorkerProtocol.ts).
// The parse worker holds no index state: when it fails, the file goes on in this thread from the last batch handed
// out (the engine applied it), and the worker is started again for a later file.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../core/logger';
import type { ParseIssue } from '../core/ops';
import type { BatchJob, BatchSource, ParsedBatch } from './batchSource';
import { InThreadBatchSource, type ParseOptions } from './inThreadSource';
import { parseAheadBytes, type JobRequest, type ParseReply, type ParseRequest } from './parseWorkerProtocol';
import { relinkRepeats } from './sharedStrings';

/** A worker failing this often within `failureWindowMs` is not started again; everything is parsed in this thread. */
const maxFailures = 3;
const failureWindowMs = 60_000;

export interface ParseWorkerOptions extends ParseOptions {
  /**
   * The worker's young generation: JSON.parse garbage dies there instead of being promoted. Larger is faster but
   * adds to the process's peak RSS while the worker lives.
   */
  maxYoungGenerationSizeMb: number;
  /**
   * A worker is started only for a job with at least this many bytes to read: an agent's append of a few lines is
   * parsed sooner in the calling thread than a thread starts. A running worker takes every job.
   */
  minStartBytes: number;
}

/**
 * Measured with `npm run bench:index -- --mb 500` on 2 cores: 1 MB batches store as fast as 8 MB ones (the
 * engine's cost is per op, not per transaction) and keep ~20 MB less in flight; batches, reads ahead and the young
 * generation are what the worker adds to the peak RSS. A 32 MB young generation was as fast as 48 MB. 16 MB, once
 * slower, is not now: on 1 GB of transcripts the worker was busy 11-13 s with 16 MB against 12-15 s with 32 MB
 * (its event-loop utilization, paired CLI runs), and the CLI's peak RSS was 24 MB lower.
 */
const defaultOptions: ParseWorkerOptions = {
  batchBytes: 1024 * 1024,
  chunkBytes: 1024 * 1024,
  maxYoungGenerationSizeMb: 16,
  minStartBytes: 1024 * 1024,
};

/**
 * The batch source of an engine bundled in `dir` next to parseWorker.js (the extension's index worker, the CLI):
 * reading and parsing in the parse worker while the engine's thread stores. Undefined (parse in the engine's
 * thread) when the worker script is not there, as when tests run the sources.
 */
export function parseWorkerBeside(dir: string): ((log: Logger) => BatchSource) | undefined {
  const script = join(dir, 'parseWorker.js');
  return existsSync(script) ? (log) => new ParseWorkerSource(script, log) : undefined;
}

/** A job as the worker runs it, seen from this side. */
interface RemoteJob {
  id: number;
  job: BatchJob;
  /** The worker the job was sent to: credits and cancels go only to that one. */
  worker: Worker;
  /** Batches arrived and not taken yet, with the credit each took. */
  queue: { batch: ParsedBatch; bytes: number }[];
  nextSeq: number;
  ended: boolean;
  trailing: ParseIssue[];
  error: Error | undefined;
  wake: (() => void) | undefined;
}

export class ParseWorkerSource implements BatchSource {
  private readonly options: ParseWorkerOptions;
  private readonly inThread: InThreadBatchSource;
  private worker: Worker | undefined;
  private readonly jobs = new Map<number, RemoteJob>();
  /** Jobs hinted (prefetch), in the order they will be asked for; `remote` undefined: parsed in this thread. */
  private ahead: { job: BatchJob; remote: RemoteJob | undefined }[] = [];
  /** Jobs not sent yet: sent together, in one message, before anything else goes to that worker. */
  private outbox: { worker: Worker; requests: JobRequest[] } | undefined;
  /** Credit (bytes) owed to the worker, given back half of parseAheadBytes at a time, or before waiting. */
  private owed = 0;
  /** Iterations in progress: the worker keeps the process alive only while someone waits for it. */
  private reading = 0;
  private nextId = 1;
  private failures: number[] = [];
  private disabled = false;
  private disposed = false;

  constructor(
    private readonly workerScriptPath: string,
    private readonly log: Logger,
    options: Partial<ParseWorkerOptions> = {},
  ) {
    this.options = { ...defaultOptions, ...options };
    this.inThread = new InThreadBatchSource({ batchBytes: this.options.batchBytes, chunkBytes: this.options.chunkBytes });
  }

  prefetch(job: BatchJob): void {
    if (this.ahead.some((a) => a.job === job)) {
      return;
    }
    this.ahead.push({ job, remote: this.submit(job) });
  }

  async *batches(job: BatchJob, issues: ParseIssue[]): AsyncGenerator<ParsedBatch> {
    let remote: RemoteJob | undefined;
    const at = this.ahead.findIndex((a) => a.job === job);
    if (at >= 0) {
      // Hinted jobs before it were not asked for after all (their file failed before reading): the worker, which
      // runs jobs in order, must not read them first.
      for (const skipped of this.ahead.splice(0, at)) {
        this.release(skipped.remote);
      }
      remote = this.ahead.shift()?.remote;
    } else {
      // Asked out of the hinted order: the worker would read every hinted job before this one.
      this.releaseAhead();
      remote = this.submit(job);
    }
    if (remote?.error && remote.nextSeq === 0) {
      // Hinted to a worker that has stopped since (it failed on an earlier file): nothing of it was read yet, so it
      // goes to the worker started again, like any later file.
      this.release(remote);
      remote = this.submit(job);
    }
    if (!remote) {
      yield* this.inThread.batches(job, issues);
      return;
    }
    // Where the consumer stands: a generator resumes only after the consumer is done with the batch it yielded.
    let resume = { fromOffset: job.fromOffset, fromLineNo: job.fromLineNo, state: job.state };
    let failure = new Error('parse worker failed');
    this.retain();
    try {
      for (;;) {
        let batch: ParsedBatch | undefined;
        try {
          batch = await this.take(remote);
        } catch (err) {
          failure = err instanceof Error ? err : new Error(String(err));
          break;
        }
        if (!batch) {
          issues.push(...remote.trailing);
          return;
        }
        yield batch;
        resume = { fromOffset: batch.endOffset, fromLineNo: batch.endLineNo, state: batch.state };
      }
    } finally {
      this.release(remote);
      this.unretain();
    }
    if (!this.disposed) {
      this.log.warn(`[index] parse worker failed on ${job.file.path} (${failure.message}); reading it on from byte ${resume.fromOffset} in the index thread`);
    }
    yield* this.inThread.batches({ ...job, ...resume }, issues);
  }

  prepare(): void {
    // Starting a worker takes tens of milliseconds: let it happen while the engine discovers the transcripts.
    this.ensureWorker();
  }

  idle(): void {
    this.releaseAhead();
    const worker = this.worker;
    if (worker && this.jobs.size === 0) {
      // Not a failure: the next big job starts a fresh worker.
      this.worker = undefined;
      void worker.terminate();
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.ahead = [];
    this.outbox = undefined;
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new Error('parse worker closed'));
    if (worker) {
      await worker.terminate();
    }
  }

  /** Hinted jobs not asked for yet that the worker has read to their end or begun to hand over (tests). */
  get hintsReadAhead(): number {
    return this.ahead.filter((a) => a.remote !== undefined && (a.remote.ended || a.remote.queue.length > 0)).length;
  }

  /** Whether a parse worker thread exists now (for tests and logs). */
  get workerRunning(): boolean {
    return this.worker !== undefined;
  }

  /** For tests: ends the worker as a crash would. */
  crashForTest(): Promise<number> {
    return this.worker ? this.worker.terminate() : Promise.resolve(0);
  }

  /** Sends `job` to the worker (started if needed); undefined when the worker cannot be used. */
  private submit(job: BatchJob): RemoteJob | undefined {
    if (!this.worker && job.knownSize - job.fromOffset < this.options.minStartBytes) {
      return undefined;
    }
    const worker = this.ensureWorker();
    if (!worker) {
      return undefined;
    }
    const remote: RemoteJob = { id: this.nextId++, job, worker, queue: [], nextSeq: 0, ended: false, trailing: [], error: undefined, wake: undefined };
    this.jobs.set(remote.id, remote);
    const request: JobRequest = { id: remote.id, job, options: { batchBytes: this.options.batchBytes, chunkBytes: this.options.chunkBytes } };
    if (this.outbox?.worker === worker) {
      this.outbox.requests.push(request);
    } else {
      this.outbox = { worker, requests: [request] };
      // Hints come several in a row: they go in one message once this turn of the event loop is done (or sooner, when
      // anything else is sent or a batch is waited for).
      queueMicrotask(() => this.flushOutbox());
    }
    return remote;
  }

  /** Sends the jobs not sent yet, in one message. */
  private flushOutbox(): void {
    const outbox = this.outbox;
    this.outbox = undefined;
    if (!outbox || outbox.worker !== this.worker) {
      return;
    }
    try {
      outbox.worker.postMessage({ type: 'jobs', jobs: outbox.requests } satisfies ParseRequest);
    } catch {
      // A state the adapter made uncloneable: sent one by one, the job that cannot go is read in this thread.
      for (const request of outbox.requests) {
        try {
          outbox.worker.postMessage({ type: 'jobs', jobs: [request] } satisfies ParseRequest);
        } catch (err) {
          const remote = this.jobs.get(request.id);
          if (remote) {
            remote.error = new Error(`cannot hand it to the parse worker: ${err instanceof Error ? err.message : String(err)}`);
            this.wakeJob(remote);
          }
        }
      }
    }
  }

  private releaseAhead(): void {
    for (const a of this.ahead.splice(0)) {
      this.release(a.remote);
    }
  }

  /** The next batch of `remote`, undefined at its end; throws when the worker failed it. */
  private async take(remote: RemoteJob): Promise<ParsedBatch | undefined> {
    for (;;) {
      const batch = remote.queue.shift();
      if (batch) {
        this.returnCredits(remote.worker, batch.bytes, false);
        return batch.batch;
      }
      if (remote.error) {
        throw remote.error;
      }
      if (remote.ended) {
        return undefined;
      }
      // Nothing held back while waiting: the worker may need that credit (or this job) to go on.
      this.flushOutbox();
      this.flushCredits(remote.worker);
      await new Promise<void>((resolve) => (remote.wake = resolve));
    }
  }

  /** Forgets a job: cancels it in the worker unless it is over, and gives back the credits of what it read ahead. */
  private release(remote: RemoteJob | undefined): void {
    if (!remote || !this.jobs.delete(remote.id)) {
      return;
    }
    if (remote.worker !== this.worker) {
      return;
    }
    if (!remote.ended && !remote.error) {
      this.send(remote.worker, { type: 'cancel', id: remote.id });
    }
    // Not at once: take() gives everything owed back before it waits (a message per transcript was a tenth of this
    // thread's time).
    this.returnCredits(remote.worker, remote.queue.reduce((sum, b) => sum + b.bytes, 0), false);
    remote.queue = [];
  }

  /**
   * Gives `bytes` of credit back to `worker`: at once (`now`), or once half of parseAheadBytes is owed, so that
   * not every small batch costs a message (take() gives everything back before it waits).
   */
  private returnCredits(worker: Worker, bytes: number, now: boolean): void {
    if (worker !== this.worker) {
      return;
    }
    this.owed += bytes;
    if (now || this.owed >= parseAheadBytes / 2) {
      this.flushCredits(worker);
    }
  }

  private flushCredits(worker: Worker): void {
    if (this.owed > 0 && worker === this.worker) {
      const bytes = this.owed;
      this.owed = 0;
      this.send(worker, { type: 'credit', bytes });
    }
  }

  private send(worker: Worker, request: ParseRequest): void {
    // Jobs first: a cancel or credit must never overtake the job it concerns.
    this.flushOutbox();
    worker.postMessage(request);
  }

  private retain(): void {
    if (this.reading++ === 0) {
      this.worker?.ref();
    }
  }

  private unretain(): void {
    if (--this.reading === 0) {
      this.worker?.unref();
    }
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker || this.disabled || this.disposed) {
      return this.worker;
    }
    let worker: Worker;
    try {
      worker = new Worker(this.workerScriptPath, { resourceLimits: { maxYoungGenerationSizeMb: this.options.maxYoungGenerationSizeMb } });
    } catch (err) {
      this.onFailure(`cannot start: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
    worker.on('message', (reply: ParseReply) => this.onReply(worker, reply));
    worker.on('error', (err) => this.onWorkerGone(worker, err.message));
    worker.on('exit', (code) => this.onWorkerGone(worker, `exited with code ${code}`));
    if (this.reading === 0) {
      worker.unref();
    }
    this.worker = worker;
    this.owed = 0;
    this.send(worker, { type: 'credit', bytes: parseAheadBytes });
    this.log.debug('[index] parse worker started: transcripts are read and parsed there while this thread stores');
    return worker;
  }

  private onReply(worker: Worker, reply: ParseReply): void {
    const remote = this.jobs.get(reply.id);
    if (!remote || remote.worker !== worker) {
      // A job given up on: what it still read is dropped, and its credit returned.
      if (reply.type === 'batch') {
        this.returnCredits(worker, reply.bytes, true);
      }
      return;
    }
    if (reply.type === 'batch') {
      if (reply.seq !== remote.nextSeq) {
        remote.error = new Error(`batch ${reply.seq} arrived where ${remote.nextSeq} was expected`);
        this.release(remote);
      } else {
        remote.nextSeq++;
        relinkRepeats(reply.batch.ops, reply.links);
        remote.queue.push({ batch: reply.batch, bytes: reply.bytes });
      }
    } else if (reply.type === 'end') {
      remote.ended = true;
      remote.trailing = reply.issues;
    } else {
      remote.error = new Error(reply.error);
    }
    this.wakeJob(remote);
  }

  private wakeJob(remote: RemoteJob): void {
    const wake = remote.wake;
    remote.wake = undefined;
    wake?.();
  }

  private onWorkerGone(worker: Worker, reason: string): void {
    if (worker !== this.worker) {
      return;
    }
    this.worker = undefined;
    this.failAll(new Error(`parse worker ${reason}`));
    if (!this.disposed) {
      this.onFailure(reason);
    }
  }

  private failAll(error: Error): void {
    for (const remote of this.jobs.values()) {
      remote.error ??= error;
      this.wakeJob(remote);
    }
  }

  private onFailure(reason: string): void {
    const now = Date.now();
    this.failures = this.failures.filter((t) => now - t < failureWindowMs);
    this.failures.push(now);
    if (this.failures.length >= maxFailures) {
      this.disabled = true;
      this.log.error(`[index] the parse worker failed ${maxFailures} times in a minute (last: ${reason}); parsing in the index thread from now on`);
    } else {
      this.log.warn(`[index] the parse worker stopped (${reason}); it is started again for the next file`);
    }
  }
}
