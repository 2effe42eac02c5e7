// A CodeLens above each block of lines one prompt wrote: who, which prompt, when, what was asked. Clicking shows the
// prompt in the Sessions view.
import * as vscode from 'vscode';
import type { Log } from '../log';
import { blameBlocks } from './blameBlocks';
import type { BlameSettings } from './blameConfig';
import { openTimelineCommand } from './blameHoverMarkdown';
import { lensTitle, lensTooltip } from './blameLabels';
import type { DocumentBlame } from './documentBlame';
import { promptRef } from './promptRef';

export class BlameCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly blame: DocumentBlame,
    private readonly settings: () => BlameSettings,
    private readonly log: Log,
  ) {
    this.subscription = blame.onDidChange(() => this.emitter.fire());
  }

  /** Settings changed (enabled, minLines): VS Code asks again. */
  refresh(): void {
    this.emitter.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    try {
      const settings = this.settings();
      if (!settings.codeLens.enabled) {
        return [];
      }
      const snapshot = await this.blame.ensure(document);
      if (!snapshot || token.isCancellationRequested || snapshot.version !== document.version) {
        return [];
      }
      const lineCount = document.lineCount;
      const blocks = blameBlocks(snapshot.lines, (line) => line >= lineCount || document.lineAt(line).isEmptyOrWhitespace, settings.codeLens.minLines);
      const now = Date.now();
      return blocks.map(
        (block) =>
          new vscode.CodeLens(new vscode.Range(block.startLine, 0, block.startLine, 0), {
            title: lensTitle(block.attribution, now),
            tooltip: lensTooltip(block.attribution),
            command: openTimelineCommand,
            arguments: [promptRef(block.attribution)],
          }),
      );
    } catch (err) {
      this.log.error(err, 'blame', `Unable to provide blame lenses for ${document.uri.fsPath}`);
      return [];
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
