// A BatchSource that reads and parses in a worker thread (dist/parseWorker.js) while the engine's thread stores the
// batch before, with at most `parseCredits` batches read ahead. The parse worker holds no index state: when it
// fails, the file goes on in this thread from the last batch handed out (the engine applied it), and the worker is
// started again for a later file.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../core/logger';
import type { ParseIssue } from '../core/ops';
import type { BatchJob, BatchSource, ParsedBatch } from './batchSource';
import { InThreadBatchSource, type ParseOptions } from './inThreadSource';
import { parseCredits, type ParseReply, type ParseRequest } from './parseWorkerProtocol';
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
  queue: ParsedBatch[];
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
  private prefetched: RemoteJob | undefined;
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
    if (this.prefetched?.job === job) {
      return;
    }
    this.release(this.prefetched);
    this.prefetched = this.submit(job);
  }

  async *batches(job: BatchJob, issues: ParseIssue[]): AsyncGenerator<ParsedBatch> {
    let remote: RemoteJob | undefined;
    if (this.prefetched?.job === job) {
      remote = this.prefetched;
    } else {
      this.release(this.prefetched);
      remote = this.submit(job);
    }
    this.prefetched = undefined;
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
    this.release(this.prefetched);
    this.prefetched = undefined;
    const worker = this.worker;
    if (worker && this.jobs.size === 0) {
      // Not a failure: the next big job starts a fresh worker.
      this.worker = undefined;
      void worker.terminate();
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.prefetched = undefined;
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new Error('parse worker closed'));
    if (worker) {
      await worker.terminate();
    }
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
    try {
      this.send(worker, { type: 'job', id: remote.id, job, options: { batchBytes: this.options.batchBytes, chunkBytes: this.options.chunkBytes } });
    } catch (err) {
      // A state the adapter made uncloneable: this file is parsed in this thread.
      this.jobs.delete(remote.id);
      this.log.warn(`[index] cannot hand ${job.file.path} to the parse worker: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
    return remote;
  }

  /** The next batch of `remote`, undefined at its end; throws when the worker failed it. */
  private async take(remote: RemoteJob): Promise<ParsedBatch | undefined> {
    for (;;) {
      const batch = remote.queue.shift();
      if (batch) {
        this.returnCredits(remote.worker, 1);
        return batch;
      }
      if (remote.error) {
        throw remote.error;
      }
      if (remote.ended) {
        return undefined;
      }
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
    this.returnCredits(remote.worker, remote.queue.length);
    remote.queue = [];
  }

  private returnCredits(worker: Worker, count: number): void {
    if (count > 0 && worker === this.worker) {
      this.send(worker, { type: 'credit', count });
    }
  }

  private send(worker: Worker, request: ParseRequest): void {
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
    this.send(worker, { type: 'credit', count: parseCredits });
    this.log.debug('[index] parse worker started: transcripts are read and parsed there while this thread stores');
    return worker;
  }

  private onReply(worker: Worker, reply: ParseReply): void {
    const remote = this.jobs.get(reply.id);
    if (!remote || remote.worker !== worker) {
      // A job given up on: what it still read is dropped, and its credit returned.
      if (reply.type === 'batch') {
        this.returnCredits(worker, 1);
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
        remote.queue.push(reply.batch);
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
