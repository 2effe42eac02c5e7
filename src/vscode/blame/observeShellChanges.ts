// Agents change files through shell commands (`sed -i`, scripts) that their transcripts do not record as changes.
// While an agent is working, this watches the workspace and hands the index each changed file's content, which
// blame then credits to the shell command that was running (blameHistory.ts). Files are read only while an agent
// is active: a change of any session in the index within the last two minutes, after the first pass.
import * as vscode from 'vscode';
import { DisposableStore } from '../disposableStore';
import type { ObservedSession } from '../../core/blame/blameModel';
import type { IndexChange, IndexProgress, Unsubscribe } from '../../indexer/indexService';
import type { Log } from '../log';
import type { BlameSettings } from './blameConfig';
import { observableContent, rewatchOnChanges, WorkspaceFileChanges } from './workspaceFileChanges';

/** What the observer needs from the index; IndexService satisfies it. */
export interface ObservationIndex {
  onDidChange(listener: (change: IndexChange) => void): Unsubscribe;
  onProgress(listener: (progress: IndexProgress) => void): Unsubscribe;
  recordObservation(path: string, timestamp: string, content: string, by?: ObservedSession): Promise<void>;
}

/** How long after a transcript last grew an agent counts as working. */
const agentActiveMs = 120_000;

export class ShellChangeObserver implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly changes: WorkspaceFileChanges<true>;
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
    this.changes = new WorkspaceFileChanges<true>(
      // Nothing is read (or even queued) while no agent works.
      () => (this.agentActive() ? true : undefined),
      (uri, seenAt) => void this.observe(uri, seenAt),
      log,
      'Unable to watch the workspace for shell changes',
    );
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
      ...rewatchOnChanges('observeShellChanges', () => this.rewatch(), this.log, 'Unable to watch the workspace for shell changes'),
    );
    this.rewatch();
  }


  private rewatch(): void {
    this.changes.stop();
    if (this.settings().observeShellChanges) {
      this.changes.watch();
    }
  }

  private agentActive(): boolean {
    return Date.now() - this.lastAgentActivity <= agentActiveMs;
  }

  private async observe(uri: vscode.Uri, seenAt: string): Promise<void> {
    try {
      if (!this.agentActive() || !this.settings().observeShellChanges) {
        return;
      }
      const content = await observableContent(uri, this.settings().maxFileSizeKB, this.log);
      if (content === undefined) {
        return;
      }
      await this.index.recordObservation(uri.fsPath, seenAt, content);
      this.log.info(`Observed a change of ${uri.fsPath} while an agent was working`, 'observe');
    } catch (err) {
      // Gone again (a temporary file), unreadable, or the index is down: nothing to record.
      this.log.debug(`Not observing ${uri.fsPath}: ${err instanceof Error ? err.message : String(err)}`, 'observe');
    }
  }

  dispose(): void {
    this.changes.dispose();
    this.disposables.dispose();
  }
}
