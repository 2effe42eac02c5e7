// Follows the active editor's current line and shows its prompt after the line (LineAnnotation) and in the status
// bar (BlameStatusBar). Selection changes arrive per cursor move: one update per pause.
import * as vscode from 'vscode';
import { DisposableStore } from '../disposableStore';
import type { Log } from '../log';
import type { BlameSettings } from './blameConfig';
import { BlameStatusBar } from './blameStatusBar';
import type { DocumentBlame } from './documentBlame';
import { LineAnnotation } from './lineAnnotation';

const selectionDelayMs = 100;

export class ActiveLineBlame implements vscode.Disposable {
  private readonly annotation = new LineAnnotation();
  private readonly statusBar = new BlameStatusBar();
  private readonly disposables = new DisposableStore();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly blame: DocumentBlame,
    private readonly settings: () => BlameSettings,
    private readonly log: Log,
  ) {
    this.disposables.push(
      this.annotation,
      this.statusBar,
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor === vscode.window.activeTextEditor) {
          this.schedule();
        }
      }),
      // A new active editor shows its own line at once, not the previous editor's for a moment.
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      blame.onDidChange((uri) => {
        if (vscode.window.activeTextEditor?.document.uri.toString() === uri.toString()) {
          this.schedule();
        }
      }),
    );
    this.update();
  }

  /** Settings changed (annotation toggled, agents filter). */
  refresh(): void {
    this.update();
  }

  private schedule(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.update();
    }, selectionDelayMs);
  }

  private update(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    try {
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        this.annotation.clear();
        this.statusBar.show(undefined, 0);
        return;
      }
      const selection = editor.selection;
      const line = selection.active.line;
      const attribution = this.blame.attributionAt(editor.document, line);
      const now = Date.now();
      const annotate = this.settings().lineAnnotation.enabled && selection.start.line === selection.end.line;
      this.annotation.show(editor, line, annotate ? attribution : undefined, now);
      this.statusBar.show(attribution, now);
    } catch (err) {
      this.log.error(err, 'blame', 'Unable to show the current line’s prompt');
    }
  }

  dispose(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.disposables.dispose();
  }
}
