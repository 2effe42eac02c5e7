// One prompt the person typed, with what it led to: files changed, files read, commands run.
import * as vscode from 'vscode';
import type { PromptSummary } from '../../../core/readModel';
import { normalizeSlashes } from '../../paths';
import { escapeMarkdown, promptDescription, promptLabel, promptTooltip } from '../../sessionLabels';
import { ChangedFileNode } from './changedFileNode';
import { CommandNode } from './commandNode';
import { GroupNode } from './groupNode';
import { ReadFileNode } from './readFileNode';
import { markdownTooltip, NodeContextValue, ViewNode, type TreeContext } from './viewNode';

export class PromptNode extends ViewNode {
  constructor(
    readonly prompt: PromptSummary,
    private readonly ctx: TreeContext,
    /** The agent records no prompt times: what the time shown is instead (AgentDescriptor.timeNote). */
    private readonly timeNote?: string,
  ) {
    super();
  }

  get id(): string {
    return `${this.prompt.sessionKey}/prompt/${this.prompt.id}`;
  }

  private hasActivity(): boolean {
    return this.prompt.filesChanged.length > 0 || this.prompt.filesRead.length > 0 || this.prompt.commands.length > 0;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(
      promptLabel(this.prompt),
      this.hasActivity() ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = this.id;
    const when = promptDescription(this.prompt, this.ctx.now());
    item.description = this.timeNote !== undefined && when !== '' ? `by ${when}` : when;
    const tooltip = promptTooltip(this.prompt);
    item.tooltip = markdownTooltip(this.timeNote !== undefined ? `${tooltip}\n\n_Time not recorded:_ ${escapeMarkdown(this.timeNote)}` : tooltip);
    item.iconPath = new vscode.ThemeIcon('comment');
    item.contextValue = NodeContextValue.Prompt;
    return item;
  }

  override getChildren(): Promise<ViewNode[]> {
    const { prompt, ctx } = this;
    const changed = uniqueBy(prompt.filesChanged, (c) => normalizeSlashes(c.path)).map(
      (c) =>
        new ChangedFileNode(
          this.id,
          { sessionKey: prompt.sessionKey, promptId: prompt.id, promptIndex: prompt.index, path: c.path },
          c,
          ctx,
        ),
    );
    const read = uniqueBy(prompt.filesRead, normalizeSlashes).map((p) => new ReadFileNode(this.id, p, ctx));
    const commands = uniqueBy(prompt.commands, (c) => c.stepId).map((c) => new CommandNode(this.id, c));

    // Headings only earn their row when they separate kinds; a prompt that only ran commands lists them directly
    // (every row still says what it is: "modified · src", "read · src", a status icon).
    const kinds = [changed, read, commands].filter((list) => list.length > 0).length;
    if (kinds <= 1) {
      return Promise.resolve([...changed, ...read, ...commands]);
    }
    const groups: ViewNode[] = [];
    if (changed.length > 0) {
      groups.push(new GroupNode(`${this.id}/group/changed`, 'Files Changed', 'diff', changed, true));
    }
    if (read.length > 0) {
      groups.push(new GroupNode(`${this.id}/group/read`, 'Files Read', 'eye', read, false));
    }
    if (commands.length > 0) {
      groups.push(new GroupNode(`${this.id}/group/commands`, 'Commands', 'terminal', commands, false));
    }
    return Promise.resolve(groups);
  }
}

/** Tree item ids must be unique, and transcripts can list the same file or step twice. */
function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const k = key(item);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(item);
    }
  }
  return out;
}
