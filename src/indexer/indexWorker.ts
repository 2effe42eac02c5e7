// Entry point of the index worker thread: owns the IndexEngine (sql.js, parsing, file watching) so the
// extension host's thread never blocks on indexing.
import { parentPort } from 'node:worker_threads';
import { IndexEngine } from './indexEngine';
import type { IndexService } from './indexService';
import { parseWorkerBeside } from './parseWorkerSource';
import { isWorkerCall, type WorkerReply } from './workerProtocol';

const port = parentPort;
if (!port) {
  throw new Error('indexWorker must run in a worker thread');
}
// Reading and parsing run in a second worker (built next to this one) while this thread stores: the two overlap.
const engine = new IndexEngine({ batchSource: parseWorkerBeside(__dirname) });
const post = (reply: WorkerReply): void => port.postMessage(reply);

engine.onDidChange((payload) => post({ type: 'event', event: { name: 'change', payload } }));
engine.onProgress((payload) => post({ type: 'event', event: { name: 'progress', payload } }));
engine.onLog((level, message) => post({ type: 'event', event: { name: 'log', payload: { level, message } } }));

process.on('unhandledRejection', (reason) => {
  post({ type: 'event', event: { name: 'log', payload: { level: 'error', message: `[worker] unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}` } } });
});

port.on('message', (message: unknown) => {
  if (!isWorkerCall(message)) {
    return;
  }
  const { id, method, args } = message;
  const fn = engine[method] as (...a: unknown[]) => Promise<unknown>;
  Promise.resolve()
    .then(() => fn.apply(engine as IndexService, args))
    .then(
      (value) => post({ type: 'result', id, ok: true, value }),
      (err: unknown) => post({ type: 'result', id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
    );
});
