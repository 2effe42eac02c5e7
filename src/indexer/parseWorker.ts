// Entry point of the parse worker thread (dist/parseWorker.js): reads and parses transcripts for the index engine,
// which stores the previous batch meanwhile. Holds no index state; killing it loses nothing.
import { parentPort } from 'node:worker_threads';
import type { IndexOp, ParseIssue } from '../core/ops';
import { readParsedBatches } from './inThreadSource';
import { isParseRequest, type JobRequest, type ParseReply } from './parseWorkerProtocol';
import { unlinkRepeats } from './sharedStrings';

const port = parentPort;
if (!port) {
  throw new Error('parseWorker must run in a worker thread');
}
const post = (reply: ParseReply): void => port.postMessage(reply);

const queue: JobRequest[] = [];
const cancelled = new Set<number>();
/** Bytes of credit (parseWorkerProtocol.ts). */
let credits = 0;
let running = false;
/** Wakes the running job when credit or a cancel arrives. */
let wake: (() => void) | undefined;

function notify(): void {
  const w = wake;
  wake = undefined;
  w?.();
}

/** Resolves true once credit is available, false if the job was cancelled meanwhile. */
async function creditFor(id: number): Promise<boolean> {
  while (credits <= 0 && !cancelled.has(id)) {
    await new Promise<void>((resolve) => (wake = resolve));
  }
  return !cancelled.has(id);
}

/** Characters of the backups read into `ops` (readBackups). */
function backupChars(ops: readonly IndexOp[]): number {
  let n = 0;
  for (const op of ops) {
    if (op.op === 'fileBackup' && op.backup && 'text' in op.backup) {
      n += op.backup.text.length;
    }
  }
  return n;
}

async function run(request: JobRequest): Promise<void> {
  const { id, job, options } = request;
  const trailing: ParseIssue[] = [];
  const batches = readParsedBatches(job, options, trailing);
  let seq = 0;
  let offset = job.fromOffset;
  try {
    for (;;) {
      // The credit is taken before reading, so a stalled consumer also stops the reading, not only the posting.
      if (!(await creditFor(id))) {
        return;
      }
      const next = await batches.next();
      if (cancelled.has(id)) {
        return;
      }
      if (next.done) {
        break;
      }
      const { links, restore } = unlinkRepeats(next.value.ops);
      // A batch takes the credit of what it read (a whole document: its length; the backups read with it; 1 at
      // least, so credit always runs out): the storing side gives exactly that back.
      const bytes = Math.max(1, next.value.endOffset - offset + backupChars(next.value.ops));
      offset = next.value.endOffset;
      try {
        post({ type: 'batch', id, seq, batch: next.value, links, bytes });
      } finally {
        restore();
      }
      seq++;
      credits -= bytes;
    }
    post({ type: 'end', id, issues: trailing });
  } catch (err) {
    post({ type: 'failed', id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  } finally {
    // Closes the file when the job stopped early.
    await batches.return(undefined).catch(() => undefined);
  }
}

async function pump(): Promise<void> {
  if (running) {
    return;
  }
  running = true;
  try {
    for (let request = queue.shift(); request; request = queue.shift()) {
      // Ids only grow: a cancel for an earlier job can no longer matter.
      for (const old of cancelled) {
        if (old < request.id) {
          cancelled.delete(old);
        }
      }
      if (!cancelled.has(request.id)) {
        await run(request);
      }
    }
  } finally {
    running = false;
  }
}

port.on('message', (message: unknown) => {
  if (!isParseRequest(message)) {
    return;
  }
  switch (message.type) {
    case 'jobs':
      queue.push(...message.jobs);
      void pump();
      break;
    case 'credit':
      credits += message.bytes;
      notify();
      break;
    case 'cancel':
      cancelled.add(message.id);
      notify();
      break;
  }
});
