// Progress UI for index passes: a progress bar on the Sessions view while a pass the extension started runs, and,
// while a new index is being built, "Indexing… n/m" in the view and in the status bar (driven by onProgress).
import * as vscode from 'vscode';
import type { IndexProgress, IndexService } from '../../indexer/indexService';
import type { Log } from '../log';
import { sessionsViewId } from './sessionsView';

/** The worker may report every file; the UI needs a few updates a second at most. */
const renderIntervalMs = 150;

interface WindowProgress {
  /** Set once VS Code has started the task. */
  progress: vscode.Progress<{ message?: string }> | undefined;
  done: () => void;
}

export class IndexingProgress implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;
  private latest: IndexProgress | undefined;
  private renderTimer: NodeJS.Timeout | undefined;
  private windowProgress: WindowProgress | undefined;
  /** A startup or settings pass is running: counts go into the view message. */
  private announcing = false;
  private messageShown = false;

  constructor(
    index: IndexService,
    private readonly log: Log,
    private readonly setMessage: (message: string | undefined) => void,
  ) {
    this.subscription = index.onProgress((p) => {
      try {
        this.onProgress(p);
      } catch (err) {
        this.log.error(err, 'progress', 'Unable to show indexing progress');
      }
    });
  }

  /**
   * Runs one pass under a progress bar on the Sessions view. `announce` (startup, settings change) also shows a
   * message until the pass ends, because the view may have nothing else to show yet.
   */
  async track<T>(pass: () => Promise<T>, announce: boolean): Promise<T> {
    if (announce) {
      this.announcing = true;
      this.showMessage('Looking for agent sessions…');
    }
    try {
      return await vscode.window.withProgress({ location: { viewId: sessionsViewId } }, () => pass());
    } finally {
      if (announce) {
        this.announcing = false;
        this.showMessage(undefined);
      }
      this.endWindowProgress();
    }
  }

  private onProgress(p: IndexProgress): void {
    if (p.finished) {
      this.latest = undefined;
      this.endWindowProgress();
      // A tracked pass clears its message when its promise settles; an untracked first pass clears it here.
      if (!this.announcing) {
        this.showMessage(undefined);
      }
      return;
    }
    // Incremental passes (an agent appended a line) are routine: only a first index is worth announcing.
    if (!p.initial && !this.announcing) {
      return;
    }
    this.latest = p;
    if (p.initial) {
      this.startWindowProgress();
    }
    if (this.renderTimer === undefined) {
      this.renderTimer = setTimeout(() => {
        this.renderTimer = undefined;
        this.render();
      }, renderIntervalMs);
    }
  }

  private render(): void {
    const p = this.latest;
    if (!p) {
      return;
    }
    const counts = p.total > 0 ? ` ${Math.min(p.done, p.total)}/${p.total}` : '';
    if (this.announcing || p.initial) {
      this.showMessage(`Indexing…${counts}`);
    }
    this.windowProgress?.progress?.report({ message: `Indexing agent sessions${counts}` });
  }

  private showMessage(message: string | undefined): void {
    if (message === undefined && !this.messageShown) {
      return;
    }
    this.messageShown = message !== undefined;
    this.setMessage(message);
  }

  private startWindowProgress(): void {
    if (this.windowProgress) {
      return;
    }
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    const entry: WindowProgress = { progress: undefined, done };
    this.windowProgress = entry;
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Agent Trail' }, (progress) => {
      entry.progress = progress;
      return finished;
    });
  }

  private endWindowProgress(): void {
    if (this.renderTimer !== undefined) {
      clearTimeout(this.renderTimer);
      this.renderTimer = undefined;
    }
    const wp = this.windowProgress;
    this.windowProgress = undefined;
    wp?.done();
  }

  dispose(): void {
    this.endWindowProgress();
    this.subscription.dispose();
  }
}
