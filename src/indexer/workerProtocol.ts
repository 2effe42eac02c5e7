// Messages between the extension host and the index worker. One typed union per direction.
import type { IndexChange, IndexProgress, IndexService, LogLevel } from './indexService';

/** The IndexService methods callable across the thread boundary (events travel as WorkerEvent). */
export type WorkerMethod = Exclude<keyof IndexService, 'onDidChange' | 'onProgress' | 'onLog'>;

export interface WorkerCall {
  type: 'call';
  id: number;
  method: WorkerMethod;
  args: unknown[];
}

export type WorkerReply =
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: string }
  | { type: 'event'; event: WorkerEvent };

export type WorkerEvent =
  | { name: 'change'; payload: IndexChange }
  | { name: 'progress'; payload: IndexProgress }
  | { name: 'log'; payload: { level: LogLevel; message: string } };

export const workerMethods: readonly WorkerMethod[] = [
  'configure',
  'refresh',
  'watch',
  'listSessions',
  'listPrompts',
  'promptFileDiff',
  'sessionDetail',
  'sessionOutline',
  'sessionPrompts',
  'sessionStep',
  'blameBasis',
  'recordObservation',
  'checkpointData',
  'stats',
  'flush',
  'dispose',
];

export function isWorkerCall(value: unknown): value is WorkerCall {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const v = value as Partial<WorkerCall>;
  return v.type === 'call' && typeof v.id === 'number' && typeof v.method === 'string' && workerMethods.includes(v.method) && Array.isArray(v.args);
}
