// Observed attribution for Cursor's own agent (docs/formats/cursorStateVscdb.md §7): Cursor's chat store records an
// edit's contents only partly, and its agent transcripts not at all, so when the extension runs inside Cursor it
// watches the agent work. While one of the workspace's composers is generating (cursorAgentActivity.ts, from the
// global state.vscdb's writes and the composers' `status`), workspace files that change are read and recorded as
// observed states credited to that composer (its prompt running at the time); blame says "observed" for such lines.
// When a composer starts, the workspace's files open in editors (unmodified) are recorded as they are, so its first
// change of such a file is measured against a known state rather than git HEAD. Nothing is read while no composer
// generates; nothing at all outside Cursor or with `agentTrail.blame.observeCursorAgent` off.
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { DisposableStore } from '../disposableStore';
import { readComposerStatuses } from '../../adapters/cursor/stateVscdb/composerActivity';
import { isWithin } from '../../core/paths';
import type { Log } from '../log';
import { contentSkipReason, type BlameSettings } from './blameConfig';
import { ignoredPath, observableContent, rewatchOnChanges, WorkspaceFileChanges } from './workspaceFileChanges';
import { CursorAgentActivity, runsInCursor } from './cursorAgentActivity';
import type { ObservationIndex } from './observeShellChanges';
import { safeListener } from '../safeListener';

/** Where Cursor keeps what the observer reads. */
export interface CursorPlaces {
  /** `vscode.env.appName`: observation runs only when it names Cursor. */
  appName: string;
  /** `…/User/globalStorage/state.vscdb`. */
  globalDb?: string;
  /** `…/User/workspaceStorage/<id>` of the open workspace. */
  workspaceStorageDir?: string;
  /** sqlite-wasm's sqlite3.wasm. */
  wasmPath: string;
}

/** The places from the extension context (its storage folders are inside Cursor's User folder). */
export function cursorPlaces(context: vscode.ExtensionContext): CursorPlaces {
  return {
    appName: vscode.env.appName,
    globalDb: join(dirname(context.globalStorageUri.fsPath), 'state.vscdb'),
    ...(context.storageUri ? { workspaceStorageDir: dirname(context.storageUri.fsPath) } : {}),
    wasmPath: join(context.extensionPath, 'dist', 'sqlite3.wasm'),
  };
}

export class CursorAgentObserver implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private watchers: vscode.Disposable[] = [];
  private readonly changes: WorkspaceFileChanges<string>;
  private pollTimer: NodeJS.Timeout | undefined;
  private polling = false;
  /** Content hashes last recorded per path (baselines are not recorded twice). */
  private readonly recorded = new Map<string, string>();

  constructor(
    private readonly index: ObservationIndex,
    private readonly log: Log,
    private readonly settings: () => BlameSettings,
    private readonly places: CursorPlaces,
    private readonly activity = new CursorAgentActivity(),
  ) {
    this.changes = new WorkspaceFileChanges<string>(
      // Nothing is read (or even queued) while no composer works; the tag is the composer seen working.
      () => this.activity.fileChanged(Date.now()),
      (uri, seenAt, composer) => void this.observe(uri, seenAt, composer),
      log,
      "Unable to watch Cursor's agent",
    );
    if (!runsInCursor(places.appName)) {
      return;
    }
    this.disposables.push(
      ...rewatchOnChanges('observeCursorAgent', () => this.rewatch(), this.log, "Unable to watch Cursor's agent"),
    );
    this.rewatch();
  }

  private rewatch(): void {
    this.stopWatching();
    const { globalDb, workspaceStorageDir } = this.places;
    if (!this.settings().observeCursorAgent || !globalDb || !workspaceStorageDir) {
      return;
    }
    const store = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dirname(globalDb)), 'state.vscdb*'));
    const onStore = safeListener(this.log, 'observe', "Unable to watch Cursor's agent", () => this.onStoreChanged());
    this.watchers.push(store, store.onDidChange(onStore), store.onDidCreate(onStore));
    this.changes.watch();
    this.log.info("Watching Cursor's agent: files changing while a composer generates are attributed to it (observed)", 'observe');
  }

  private onStoreChanged(): void {
    const decision = this.activity.storeChanged(Date.now());
    if (decision.pollNow) {
      void this.poll();
    } else if (decision.pollDue !== undefined && !this.pollTimer) {
      this.pollTimer = setTimeout(() => {
        this.pollTimer = undefined;
        if (this.activity.pollDue(Date.now())) {
          void this.poll();
        }
      }, Math.max(0, decision.pollDue - Date.now()));
    }
  }

  private async poll(): Promise<void> {
    const { globalDb, workspaceStorageDir, wasmPath } = this.places;
    if (this.polling || !globalDb || !workspaceStorageDir) {
      return;
    }
    this.polling = true;
    try {
      const statuses = await readComposerStatuses(globalDb, workspaceStorageDir, wasmPath);
      const started = this.activity.statuses(Date.now(), statuses);
      if (started !== undefined) {
        this.log.info(`Cursor composer ${started} is generating: observing the workspace's files`, 'observe');
        await this.recordBaselines();
      }
    } catch (err) {
      this.log.debug(`Cannot read Cursor's composer statuses: ${err instanceof Error ? err.message : String(err)}`, 'observe');
    } finally {
      this.polling = false;
    }
    // While a composer works, its status is read again even when the database is quiet (a long command), to see
    // it end or go on.
    if (this.activity.shouldRecheck(Date.now()) && !this.pollTimer) {
      this.pollTimer = setTimeout(() => {
        this.pollTimer = undefined;
        void this.poll();
      }, 1_000);
    }
  }

  /** The workspace's unmodified open documents as they are when a composer starts (see the file comment). */
  private async recordBaselines(): Promise<void> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const seenAt = new Date().toISOString();
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme !== 'file' || doc.isDirty || ignoredPath(doc.uri.fsPath) || !folders.some((f) => isWithin(doc.uri.fsPath, f))) {
        continue;
      }
      await this.record(doc.uri.fsPath, seenAt, doc.getText());
    }
  }

  private async observe(uri: vscode.Uri, seenAt: string, composerId: string): Promise<void> {
    try {
      const content = await observableContent(uri, this.settings().maxFileSizeKB, this.log);
      if (content !== undefined) {
        await this.record(uri.fsPath, seenAt, content, composerId);
      }
    } catch (err) {
      this.log.debug(`Not observing ${uri.fsPath}: ${err instanceof Error ? err.message : String(err)}`, 'observe');
    }
  }

  private async record(path: string, seenAt: string, content: string, composerId?: string): Promise<void> {
    const { maxFileSizeKB } = this.settings();
    if (contentSkipReason(content, maxFileSizeKB) !== undefined) {
      return;
    }
    const hash = createHash('sha1').update(content).digest('hex');
    if (composerId === undefined && this.recorded.get(path) === hash) {
      return; // a baseline already recorded as it is
    }
    this.recorded.set(path, hash);
    try {
      await this.index.recordObservation(path, seenAt, content, composerId !== undefined ? { agent: 'cursor', sessionId: composerId } : undefined);
      if (composerId !== undefined) {
        this.log.info(`Observed a change of ${path} while Cursor composer ${composerId} was generating`, 'observe');
      }
    } catch (err) {
      this.log.debug(`Not observing ${path}: ${err instanceof Error ? err.message : String(err)}`, 'observe');
    }
  }

  private stopWatching(): void {
    for (const w of this.watchers) {
      w.dispose();
    }
    this.watchers = [];
    this.changes.stop();
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
  }

  dispose(): void {
    this.stopWatching();
    this.disposables.dispose();
  }
}
