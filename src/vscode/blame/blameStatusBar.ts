// The current line's prompt in the status bar; a click shows it in the Sessions view.
import * as vscode from 'vscode';
import type { LineAttribution } from '../../core/blame/blameModel';
import { revealPromptCommand } from './blameHoverMarkdown';
import { agentLabel } from '../sessionLabels';
import { statusText, statusTooltip } from './blameLabels';
import { promptRef } from './promptRef';

/** Right side, after the language's items: blame is context, not the editor's state. */
const priority = -100;

export class BlameStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('agentTrail.blame', vscode.StatusBarAlignment.Right, priority);
  private shownKey: string | undefined;

  constructor() {
    this.item.name = 'Agent Trail Prompt Blame';
  }

  show(attribution: LineAttribution | null | undefined, now: number): void {
    if (!attribution) {
      this.shownKey = undefined;
      this.item.hide();
      return;
    }
    // Same prompt, same tool call: leave the item alone (a status bar update is a round trip to the UI).
    const key = `${attribution.sessionKey}\u0000${attribution.promptId}\u0000${attribution.toolCallId}\u0000${Math.floor(now / 60_000)}`;
    if (key !== this.shownKey) {
      this.shownKey = key;
      this.item.text = statusText(attribution);
      const tooltip = new vscode.MarkdownString(statusTooltip(attribution, now), true);
      tooltip.supportHtml = false;
      this.item.tooltip = tooltip;
      this.item.command = { command: revealPromptCommand, title: 'Reveal in Sessions', arguments: [promptRef(attribution)] };
      this.item.accessibilityInformation = { label: `Agent Trail: prompt ${attribution.promptIndex} by ${agentLabel(attribution.agent)}` };
    }
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
