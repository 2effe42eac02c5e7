// Host side of the index worker: the extension host never parses or touches sql.js itself.
import type { IndexService } from './indexService';

/** Starts `dist/indexWorker.js` in a worker thread and returns the IndexService that talks to it. */
export function createWorkerIndexService(workerScriptPath: string): IndexService {
  throw new Error(`not implemented yet: ${workerScriptPath}`);
}
