// The hover on an attributed line: the whole prompt (folded when long), who and when, the tool call, what else the
// prompt changed and ran, and links to the Sessions view and the clipboard.
import * as vscode from 'vscode';
import type { Log } from '../log';
import type { PathContext } from '../paths';
import type { BlameSettings } from './blameConfig';
import { blameHoverMarkdown, hoverCommands } from './blameHoverMarkdown';
import type { DocumentBlame } from './documentBlame';
import type { PromptSummaries } from './promptSummaries';

export class BlameHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly blame: DocumentBlame,
    private readonly prompts: PromptSummaries,
    private readonly settings: () => BlameSettings,
    private readonly paths: () => PathContext,
    private readonly log: Log,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    try {
      if (!this.settings().hover.enabled) {
        return undefined;
      }
      const snapshot = this.blame.snapshot(document) ?? (await this.blame.ensure(document));
      const attribution = snapshot?.lines[position.line];
      if (!attribution || token.isCancellationRequested) {
        return undefined;
      }
      // The hover still helps without the prompt's summary (files, commands): a failed lookup only drops that part.
      const summary = await this.prompts.find(attribution.sessionKey, attribution.promptId).catch((err: unknown) => {
        this.log.error(err, 'blame', `Unable to load prompt ${attribution.promptIndex} of ${attribution.sessionKey}`);
        return undefined;
      });
      if (token.isCancellationRequested) {
        return undefined;
      }
      const markdown = new vscode.MarkdownString(
        blameHoverMarkdown({ attribution, summary, path: document.uri.fsPath, paths: this.paths(), now: Date.now(), restore: vscode.workspace.isTrusted && document.uri.scheme === 'file' }),
        true,
      );
      // Only our own links run; transcript text is escaped, so it cannot add links of its own anyway.
      markdown.isTrusted = { enabledCommands: [...hoverCommands] };
      markdown.supportHtml = false;
      return new vscode.Hover(markdown, document.lineAt(position.line).range);
    } catch (err) {
      this.log.error(err, 'blame', `Unable to provide the blame hover for ${document.uri.fsPath}`);
      return undefined;
    }
  }
}
