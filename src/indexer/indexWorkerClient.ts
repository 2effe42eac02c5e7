// Host side of the index worker: the extension host never parses or touches sql.js itself. Every
// IndexService call becomes a message; events come back as messages.
import { Worker } from 'node:worker_threads';
import type { BlameBasis } from '../core/blame/blameEngine';
import type { ObservedSession } from '../core/blame/blameModel';
import type { AgentId, SessionDetail, Step } from '../core/model';
import type { IndexStats, PromptFileDiff, PromptSummary, SessionOutline, SessionSummary, VersionedPrompt } from '../core/readModel';
import type { SessionCheckpointData } from '../store/checkpointQueries';
import type { IndexChange, IndexConfig, IndexProgress, IndexService, LogLevel, Unsubscribe } from './indexService';
import type { WorkerCall, WorkerMethod, WorkerReply } from './workerProtocol';

type Pending = { resolve: (value: unknown) => void; reject: (err: Error) => void };

/** A crashing worker is restarted, but not forever: this many restarts within `restartWindowMs` at most. */
const maxRestarts = 3;
const restartWindowMs = 60_000;

export class WorkerIndexService implements IndexService {
  private worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly changeListeners = new Set<(c: IndexChange) => void>();
  private readonly progressListeners = new Set<(p: IndexProgress) => void>();
  private readonly logListeners = new Set<(level: LogLevel, message: string) => void>();
  private disposed = false;
  private stopped = false;
  private lastConfig: IndexConfig | undefined;
  private watching = false;
  private restarts: number[] = [];

  constructor(private readonly workerScriptPath: string) {
    this.worker = this.start();
  }

  private start(): Worker {
    // The young generation is resident while the worker lives (two semi-spaces of a third of it each). Parsing is in
    // the parse worker; what this thread allocates per batch (stored ops, JSON for the DB) dies young in 16 MB as
    // well: the first index of 1 GB of transcripts took as long as with 48 MB, with 10-20 MB less peak RSS.
    const worker = new Worker(this.workerScriptPath, { resourceLimits: { maxYoungGenerationSizeMb: 16 } });
    worker.on('message', (reply: WorkerReply) => this.onReply(reply));
    worker.on('error', (err) => this.emitLog('error', `[worker] ${err.stack ?? err.message}`));
    worker.on('exit', (code) => this.onExit(worker, code));
    return worker;
  }

  private onExit(worker: Worker, code: number): void {
    if (worker !== this.worker) {
      return;
    }
    for (const p of this.pending.values()) {
      p.reject(new Error(`index worker exited (code ${code})`));
    }
    this.pending.clear();
    if (this.disposed) {
      return;
    }
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < restartWindowMs);
    if (this.restarts.length >= maxRestarts) {
      this.stopped = true;
      this.emitLog('error', `[worker] the index worker stopped (code ${code}) ${maxRestarts} times in a minute; not restarting it`);
      return;
    }
    this.restarts.push(now);
    this.emitLog('error', `[worker] the index worker stopped unexpectedly (code ${code}); restarting it`);
    // The DB on disk is the state: a new worker re-opens it and continues from the stored cursors.
    this.worker = this.start();
    const config = this.lastConfig;
    if (config) {
      void this.call('configure', config)
        .then(() => this.call('refresh'))
        .then(() => (this.watching ? this.call('watch') : undefined))
        .catch((err: unknown) => this.emitLog('error', `[worker] restart failed: ${err instanceof Error ? err.message : String(err)}`));
    }
  }

  private onReply(reply: WorkerReply): void {
    if (reply.type === 'event') {
      const e = reply.event;
      if (e.name === 'change') {
        this.changeListeners.forEach((l) => l(e.payload));
      } else if (e.name === 'progress') {
        this.progressListeners.forEach((l) => l(e.payload));
      } else {
        this.emitLog(e.payload.level, e.payload.message);
      }
      return;
    }
    const p = this.pending.get(reply.id);
    if (!p) {
      return;
    }
    this.pending.delete(reply.id);
    if (reply.ok) {
      p.resolve(reply.value);
    } else {
      p.reject(new Error(reply.error));
    }
  }

  private emitLog(level: LogLevel, message: string): void {
    this.logListeners.forEach((l) => l(level, message));
  }

  private call<T>(method: WorkerMethod, ...args: unknown[]): Promise<T> {
    if (this.disposed || this.stopped) {
      return Promise.reject(new Error('index worker is not running'));
    }
    const id = this.nextId++;
    const message: WorkerCall = { type: 'call', id, method, args };
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (v) => resolve(v as T), reject });
      this.worker.postMessage(message);
    });
  }

  private subscribe<L>(set: Set<L>, listener: L): Unsubscribe {
    set.add(listener);
    return { dispose: () => set.delete(listener) };
  }

  onDidChange(listener: (change: IndexChange) => void): Unsubscribe {
    return this.subscribe(this.changeListeners, listener);
  }
  onProgress(listener: (progress: IndexProgress) => void): Unsubscribe {
    return this.subscribe(this.progressListeners, listener);
  }
  onLog(listener: (level: LogLevel, message: string) => void): Unsubscribe {
    return this.subscribe(this.logListeners, listener);
  }

  configure(config: IndexConfig): Promise<void> {
    this.lastConfig = config;
    return this.call('configure', config);
  }
  refresh(): Promise<IndexStats> {
    return this.call('refresh');
  }
  watch(): Promise<void> {
    this.watching = true;
    return this.call('watch');
  }
  listSessions(agents?: AgentId[]): Promise<SessionSummary[]> {
    return this.call('listSessions', agents);
  }
  listPrompts(sessionKey: string): Promise<PromptSummary[]> {
    return this.call('listPrompts', sessionKey);
  }
  promptFileDiff(sessionKey: string, promptId: string, path: string): Promise<PromptFileDiff> {
    return this.call('promptFileDiff', sessionKey, promptId, path);
  }
  sessionDetail(sessionKey: string): Promise<SessionDetail | undefined> {
    return this.call('sessionDetail', sessionKey);
  }
  sessionOutline(sessionKey: string): Promise<SessionOutline | undefined> {
    return this.call('sessionOutline', sessionKey);
  }
  sessionPrompts(sessionKey: string, from: number, to: number): Promise<VersionedPrompt[]> {
    return this.call('sessionPrompts', sessionKey, from, to);
  }
  sessionStep(sessionKey: string, stepId: string): Promise<Step | undefined> {
    return this.call('sessionStep', sessionKey, stepId);
  }
  blameBasis(path: string): Promise<BlameBasis | undefined> {
    return this.call('blameBasis', path);
  }
  recordObservation(path: string, timestamp: string, content: string, by?: ObservedSession): Promise<void> {
    return by ? this.call('recordObservation', path, timestamp, content, by) : this.call('recordObservation', path, timestamp, content);
  }

  checkpointData(sessionKey: string): Promise<SessionCheckpointData | undefined> {
    return this.call('checkpointData', sessionKey);
  }
  stats(): Promise<IndexStats> {
    return this.call('stats');
  }
  flush(): Promise<void> {
    return this.call('flush');
  }
  async dispose(): Promise<void> {
    if (this.disposed) {
      return;
    }
    if (!this.stopped) {
      await this.call('dispose').catch(() => undefined);
    }
    this.disposed = true;
    await this.worker.terminate();
  }

  /** For tests: ends the worker as a crash would. */
  crashForTest(): Promise<number> {
    return this.worker.terminate();
  }
}

/** Starts `dist/indexWorker.js` in a worker thread and returns the IndexService that talks to it. */
export function createWorkerIndexService(workerScriptPath: string): IndexService {
  return new WorkerIndexService(workerScriptPath);
}
