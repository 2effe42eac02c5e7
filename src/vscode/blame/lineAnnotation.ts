// The current line's prompt as faint text after the end of the line (GitLens-style).
import * as vscode from 'vscode';
import type { LineAttribution } from '../../core/blame/blameModel';
import { annotationText } from './blameLabels';

/** Contributed in package.json (contributes.colors). */
export const lineBlameForeground = 'agentTrail.lineBlameForeground';

export class LineAnnotation implements vscode.Disposable {
  private readonly type = vscode.window.createTextEditorDecorationType({
    after: {
      color: new vscode.ThemeColor(lineBlameForeground),
      margin: '0 0 0 3em',
      fontStyle: 'normal',
      fontWeight: 'normal',
      textDecoration: 'none',
    },
    // Typing at the end of the line must not drag the annotation along into the new text.
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedOpen,
  });
  private decorated: vscode.TextEditor | undefined;

  /** Shows the annotation on `line` of `editor` (and nowhere else), or clears it when there is nothing to show. */
  show(editor: vscode.TextEditor | undefined, line: number, attribution: LineAttribution | null | undefined, now: number): void {
    if (this.decorated && this.decorated !== editor) {
      this.decorated.setDecorations(this.type, []);
      this.decorated = undefined;
    }
    if (!editor) {
      return;
    }
    if (!attribution || line >= editor.document.lineCount) {
      editor.setDecorations(this.type, []);
      this.decorated = undefined;
      return;
    }
    const end = editor.document.lineAt(line).range.end;
    editor.setDecorations(this.type, [
      { range: new vscode.Range(end, end), renderOptions: { after: { contentText: annotationText(attribution, now) } } },
    ]);
    this.decorated = editor;
  }

  clear(): void {
    this.show(undefined, 0, undefined, 0);
  }

  dispose(): void {
    this.type.dispose();
  }
}
