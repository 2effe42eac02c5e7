// Drives the index worker: configure → first pass → watch, re-configuration on settings and workspace-folder
// changes, and user refreshes. Passes run one at a time, in order; none is awaited by activate().
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { IndexStats } from '../core/readModel';
import type { IndexService } from '../indexer/indexService';
import { read as readSettings } from './config';
import { ContextKey, type ContextKeys } from './contextKeys';
import { toIndexConfig, type IndexHost } from './indexConfig';
import type { Log } from './log';
import type { IndexingProgress } from './views/indexingProgress';

const component = 'lifecycle';

type PassKind = 'startup' | 'reconfigure' | 'refresh';

export interface IndexLifecycleHooks {
  /** The index has accepted a configuration and can answer queries. */
  onConfigured(): void;
  /** A pass finished (successfully or not). */
  onPassEnded(): void;
}

export class IndexLifecycle implements vscode.Disposable {
  private tail: Promise<void> = Promise.resolve();
  private disposed = false;
  private lastStats: IndexStats | undefined;
  private lastError: unknown;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly index: IndexService,
    private readonly log: Log,
    private readonly contextKeys: ContextKeys,
    private readonly progress: IndexingProgress,
    private readonly hooks: IndexLifecycleHooks,
  ) {}

  /** Stats of the last successful pass (searched folders for the empty state). */
  get stats(): IndexStats | undefined {
    return this.lastStats;
  }

  get error(): unknown {
    return this.lastError;
  }

  /** Kicks off configure + first pass + watch in the background; failures end up in the log and a notification. */
  start(): void {
    void this.enqueue('startup').catch((err: unknown) => {
      void this.log.reportError(err, component, 'Agent Trail could not index agent sessions');
    });
  }

  /** Settings or workspace folders changed: new configuration, then a pass. */
  reconfigure(): Promise<void> {
    return this.enqueue('reconfigure');
  }

  /** One incremental pass (the Refresh command); rejects so the command can report the failure. */
  refresh(): Promise<void> {
    return this.enqueue('refresh');
  }

  private enqueue(kind: PassKind): Promise<void> {
    const run = this.tail.then(() => this.run(kind));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async run(kind: PassKind): Promise<void> {
    if (this.disposed) {
      return;
    }
    // A refresh after a failed startup must configure first, or there is nothing to refresh.
    const configure = kind !== 'refresh' || this.lastStats === undefined;
    this.contextKeys.set(ContextKey.Indexing, true);
    const started = Date.now();
    try {
      await this.progress.track(async () => {
        if (configure) {
          const config = toIndexConfig(readSettings(), await this.host());
          this.log.debug(
            `Configuring: storage ${config.storageDir ?? '(in memory)'}, workspace folders ${JSON.stringify(config.workspaceFolders)}`,
            component,
          );
          await this.index.configure(config);
          this.hooks.onConfigured();
        }
        const stats = await this.index.refresh();
        if (this.disposed) {
          return;
        }
        this.lastStats = stats;
        this.lastError = undefined;
        if (configure) {
          // The worker watches the folders of the configuration it was last given.
          await this.index.watch();
        }
        this.log.info(
          `${kind}: ${stats.sessions} sessions, ${stats.prompts} prompts from ${stats.sources} transcripts (${stats.lastRunMs} ms in the index, ${Date.now() - started} ms in all)`,
          component,
        );
        const issues = Object.entries(stats.issues).filter(([, n]) => n > 0);
        if (issues.length > 0) {
          this.log.info(`Parse issues: ${issues.map(([k, n]) => `${k} ${n}`).join(', ')}`, component);
        }
      }, kind !== 'refresh');
      this.contextKeys.set(ContextKey.Error, false);
      this.contextKeys.set(ContextKey.Ready, true);
    } catch (err) {
      this.lastError = err;
      this.contextKeys.set(ContextKey.Error, true);
      throw err;
    } finally {
      this.contextKeys.set(ContextKey.Indexing, false);
      this.hooks.onPassEnded();
    }
  }

  private async host(): Promise<IndexHost> {
    let storageDir = this.context.storageUri?.fsPath;
    if (storageDir !== undefined) {
      try {
        // Private: the index holds copies of transcripts and file contents (the index tightens it too).
        await mkdir(storageDir, { recursive: true, mode: 0o700 });
      } catch (err) {
        // Without a folder the index still works, just not across restarts.
        this.log.error(err, component, `Unable to create ${storageDir}; keeping the index in memory`);
        storageDir = undefined;
      }
    }
    return {
      storageDir,
      extensionPath: this.context.extensionPath,
      workspaceFolders: (vscode.workspace.workspaceFolders ?? [])
        .filter((f) => f.uri.scheme === 'file')
        .map((f) => f.uri.fsPath),
      home: homedir(),
      env: process.env,
      // globalStorageUri is `<User>/globalStorage/<this extension's id>`.
      editorUserDir: this.context.globalStorageUri.scheme === 'file' ? dirname(dirname(this.context.globalStorageUri.fsPath)) : undefined,
      // storageUri is `<User>/workspaceStorage/<workspace id>/<this extension's id>`.
      workspaceStorageDir: this.context.storageUri?.scheme === 'file' ? dirname(this.context.storageUri.fsPath) : undefined,
    };
  }

  dispose(): void {
    this.disposed = true;
  }
}
