// Optional tint per prompt (agentTrail.blame.gutter.enabled): a thin left border on each block's lines and a mark
// in the overview ruler, colours cycling through a small palette of theme colours so prompts tell apart at a glance.
import * as vscode from 'vscode';
import { DisposableStore } from '../disposableStore';
import type { Log } from '../log';
import { blameBlocks, promptSlots } from './blameBlocks';
import type { BlameSettings } from './blameConfig';
import type { DocumentBlame } from './documentBlame';
import { promptKey } from './promptRef';

/** Theme colours every theme defines (chart colours), so the tint follows light, dark and high-contrast themes. */
const palette = ['charts.blue', 'charts.orange', 'charts.green', 'charts.purple', 'charts.yellow'] as const;
/** Edits move attributions on every keystroke; the tint keeps up with a short delay. */
const updateDelayMs = 100;

export class PromptTint implements vscode.Disposable {
  private readonly types = palette.map((color) =>
    vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      borderColor: new vscode.ThemeColor(color),
      borderStyle: 'solid',
      borderWidth: '0 0 0 2px',
      overviewRulerColor: new vscode.ThemeColor(color),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
    }),
  );
  private readonly disposables = new DisposableStore();
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** Editors currently tinted, to clear them when the setting is turned off. */
  private tinted = new Set<vscode.TextEditor>();

  constructor(
    private readonly blame: DocumentBlame,
    private readonly settings: () => BlameSettings,
    private readonly log: Log,
  ) {
    this.disposables.push(
      ...this.types,
      blame.onDidChange((uri) => this.schedule(uri.toString())),
      vscode.window.onDidChangeVisibleTextEditors(() => this.refresh()),
    );
    this.refresh();
  }

  /** Re-tints every visible editor (settings changed, editors shown). */
  refresh(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      this.pending.add(editor.document.uri.toString());
    }
    this.flush();
  }

  private schedule(uri: string): void {
    if (!this.settings().gutter.enabled && this.tinted.size === 0) {
      return;
    }
    this.pending.add(uri);
    this.timer ??= setTimeout(() => this.flush(), updateDelayMs);
  }

  private flush(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    try {
      const enabled = this.settings().gutter.enabled;
      const stillTinted = new Set<vscode.TextEditor>();
      for (const editor of this.tinted) {
        if (!enabled || !vscode.window.visibleTextEditors.includes(editor)) {
          this.types.forEach((type) => editor.setDecorations(type, []));
        } else {
          stillTinted.add(editor);
        }
      }
      this.tinted = stillTinted;
      if (enabled) {
        for (const editor of vscode.window.visibleTextEditors) {
          if (this.pending.has(editor.document.uri.toString())) {
            this.tint(editor);
          }
        }
      }
    } catch (err) {
      this.log.error(err, 'blame', 'Unable to tint the blamed lines');
    } finally {
      this.pending.clear();
    }
  }

  private tint(editor: vscode.TextEditor): void {
    const document = editor.document;
    const lines = this.blame.snapshot(document)?.lines ?? [];
    const ranges = this.types.map((): vscode.Range[] => []);
    if (lines.length > 0) {
      const slots = promptSlots(lines, palette.length);
      const lineCount = document.lineCount;
      for (const block of blameBlocks(lines, (line) => line >= lineCount || document.lineAt(line).isEmptyOrWhitespace)) {
        const slot = slots.get(promptKey(block.attribution)) ?? 0;
        ranges[slot].push(new vscode.Range(block.startLine, 0, block.endLine, 0));
      }
    }
    this.types.forEach((type, i) => editor.setDecorations(type, ranges[i]));
    if (lines.length > 0) {
      this.tinted.add(editor);
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
