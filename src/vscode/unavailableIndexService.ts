// Stands in for the index when its worker cannot start, so the views, commands and welcome content still work
// (and say what went wrong) instead of the whole extension failing to activate.
import type { IndexService, Unsubscribe } from '../indexer/indexService';

const noSubscription: Unsubscribe = { dispose: () => undefined };

export function createUnavailableIndexService(cause: unknown): IndexService {
  const fail = (): Promise<never> =>
    Promise.reject(new Error('The Agent Trail index worker is not running.', { cause }));
  return {
    onDidChange: () => noSubscription,
    onProgress: () => noSubscription,
    onLog: () => noSubscription,
    configure: fail,
    refresh: fail,
    watch: fail,
    listSessions: fail,
    listPrompts: fail,
    promptFileDiff: fail,
    blameBasis: fail,
    recordObservation: fail,
    checkpointData: fail,
    sessionDetail: fail,
    sessionOutline: fail,
    sessionPrompts: fail,
    sessionStep: fail,
    stats: fail,
    flush: () => Promise.resolve(),
    dispose: () => Promise.resolve(),
  };
}
