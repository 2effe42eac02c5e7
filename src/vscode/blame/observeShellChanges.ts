// Agents change files through shell commands (`sed -i`, scripts) that their transcripts do not record as changes.
// While an agent is working, this watches the workspace and hands the index each changed file's content, which
// blame then credits to the shell command that was running (blameHistory.ts). Files are read only while an agent
// is active: a change of any session in the index within the last two minutes, after the first pass.
import * as vscode from 'vscode';
import type { ObservedSession } from '../../core/blame/blameModel';
import type { IndexChange, IndexProgress, Unsubscribe } from '../../indexer/indexService';
import type { Log } from '../log';
import { contentSkipReason, type BlameSettings } from './blameConfig';
import { blameSettingChanged } from './blameSettings';

/** What the observer needs from the index; IndexService satisfies it. */
export interface ObservationIndex {
  onDidChange(listener: (change: IndexChange) => void): Unsubscribe;
  onProgress(listener: (progress: IndexProgress) => void): Unsubscribe;
  recordObservation(path: string, timestamp: string, content: string, by?: ObservedSession): Promise<void>;
}

/** How long after a transcript last grew an agent counts as working. */
const agentActiveMs = 120_000;
/** A command writes a file in bursts; one read after it settles. */
const settleMs = 200;

/** Version control internals and dependencies change in bulk and are not what blame shows. */
function ignoredPath(path: string): boolean {
  return /[\\/](\.git|node_modules)([\\/]|$)/.test(path);
}

export class ShellChangeObserver implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private watchers: vscode.Disposable[] = [];
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private lastAgentActivity = -Infinity;
  /**
   * Until the first index pass ends, changes are the index catching up on transcripts written while the editor was
   * closed, not an agent working now.
   */
  private catchingUp = true;

  constructor(
    private readonly index: ObservationIndex,
    private readonly log: Log,
    private readonly settings: () => BlameSettings,
  ) {
    this.disposables.push(
      index.onDidChange((change) => {
        // Observations themselves come back as changes without sessions: they must not keep "active" alive.
        if (change.sessions.length > 0 && !this.catchingUp) {
          this.lastAgentActivity = Date.now();
        }
      }),
      index.onProgress((progress) => {
        if (progress.finished) {
          this.catchingUp = false;
        }
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.guard(() => this.rewatch())),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (blameSettingChanged(e, 'observeShellChanges')) {
          this.guard(() => this.rewatch());
        }
      }),
    );
    this.rewatch();
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error(err, 'observe', 'Unable to watch the workspace for shell changes');
    }
  }

  private rewatch(): void {
    this.stopWatching();
    if (!this.settings().observeShellChanges) {
      return;
    }
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') {
        continue;
      }
      // Deletions are left to the transcripts and the editor: there is no content to record.
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/*'), false, false, true);
      const onEvent = (uri: vscode.Uri): void => this.guard(() => this.onFileEvent(uri));
      this.watchers.push(watcher, watcher.onDidCreate(onEvent), watcher.onDidChange(onEvent));
    }
  }

  private agentActive(): boolean {
    return Date.now() - this.lastAgentActivity <= agentActiveMs;
  }

  private onFileEvent(uri: vscode.Uri): void {
    // Nothing is read (or even queued) while no agent works: the user's own edits are none of our business.
    if (uri.scheme !== 'file' || !this.agentActive() || ignoredPath(uri.fsPath)) {
      return;
    }
    const path = uri.fsPath;
    clearTimeout(this.pending.get(path));
    // The time of the last event of the burst: the change happened then, the read follows a little later.
    const seenAt = new Date().toISOString();
    const timer = setTimeout(() => {
      this.pending.delete(path);
      void this.observe(uri, seenAt);
    }, settleMs);
    this.pending.set(path, timer);
  }

  private async observe(uri: vscode.Uri, seenAt: string): Promise<void> {
    try {
      if (!this.agentActive() || !this.settings().observeShellChanges) {
        return;
      }
      const { maxFileSizeKB } = this.settings();
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type & vscode.FileType.Directory) {
        return;
      }
      if (stat.size > maxFileSizeKB * 1024) {
        this.log.debug(`Not observing ${uri.fsPath}: larger than agentTrail.blame.maxFileSizeKB`, 'observe');
        return;
      }
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (bytes.subarray(0, 8192).includes(0)) {
        this.log.debug(`Not observing ${uri.fsPath}: binary`, 'observe');
        return;
      }
      const content = new TextDecoder('utf-8').decode(bytes);
      const skip = contentSkipReason(content, maxFileSizeKB);
      if (skip !== undefined) {
        this.log.debug(`Not observing ${uri.fsPath}: ${skip}`, 'observe');
        return;
      }
      await this.index.recordObservation(uri.fsPath, seenAt, content);
      this.log.info(`Observed a change of ${uri.fsPath} while an agent was working`, 'observe');
    } catch (err) {
      // Gone again (a temporary file), unreadable, or the index is down: nothing to record.
      this.log.debug(`Not observing ${uri.fsPath}: ${err instanceof Error ? err.message : String(err)}`, 'observe');
    }
  }

  private stopWatching(): void {
    for (const w of this.watchers) {
      w.dispose();
    }
    this.watchers = [];
    for (const timer of this.pending.values()) {
      clearTimeout(timer);
    }
    this.pending.clear();
  }

  dispose(): void {
    this.stopWatching();
    for (const d of this.disposables.reverse()) {
      d.dispose();
    }
    this.disposables.length = 0;
  }
}
