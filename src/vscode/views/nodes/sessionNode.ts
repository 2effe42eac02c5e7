// One agent session: its prompts in order, then the subagent sessions it spawned. A branched session (Pi `/tree`)
// lists the conversation it ended on, and its other branches under "Other branches".
import * as vscode from 'vscode';
import { agentRegistry } from '../../../adapters/agentRegistry';
import type { AgentId } from '../../../core/model';
import type { SessionSummary } from '../../../core/readModel';
import { sessionPromptGroups } from '../../sessionBranches';
import type { SessionTreeEntry } from '../../sessionHierarchy';
import { pluralize } from '../../../core/plural';
import { sessionDescription, sessionLabel, sessionTooltip } from '../../sessionLabels';
import { GroupNode } from './groupNode';
import { PromptNode } from './promptNode';
import { markdownTooltip, NodeContextValue, ViewNode, type TreeContext } from './viewNode';

export class SessionNode extends ViewNode {
  constructor(
    private readonly entry: SessionTreeEntry,
    private readonly ctx: TreeContext,
  ) {
    super();
  }

  get session(): SessionSummary {
    return this.entry.session;
  }

  getTreeItem(): vscode.TreeItem {
    const s = this.entry.session;
    const hasChildren = s.promptCount > 0 || this.entry.children.length > 0;
    const item = new vscode.TreeItem(
      sessionLabel(s),
      hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = s.key;
    item.description = sessionDescription(s, this.ctx.now());
    item.tooltip = markdownTooltip(sessionTooltip(s, this.ctx.paths(), this.ctx.now()));
    item.iconPath = agentIcon(s.agent);
    item.contextValue = NodeContextValue.Session;
    item.accessibilityInformation = {
      label: `${sessionLabel(s)}, ${sessionDescription(s, this.ctx.now())}, ${pluralize(s.promptCount, 'prompt')}`,
    };
    return item;
  }

  override async getChildren(): Promise<ViewNode[]> {
    const s = this.entry.session;
    const { endedOn, others } = sessionPromptGroups(await this.ctx.prompts(s.key), s.promptTree);
    const timeNote = agentRegistry.get(s.agent)?.timeNote;
    const children: ViewNode[] = endedOn.map((p) => new PromptNode(p, this.ctx, timeNote));
    if (others.length > 0) {
      const branches = others.map(
        (b) => new GroupNode(`${s.key}/branch/${b.id}`, b.label, 'git-branch', b.prompts.map((p) => new PromptNode(p, this.ctx, timeNote)), false, b.description),
      );
      children.push(new GroupNode(`${s.key}/branches`, 'Other branches', 'git-branch', branches, false));
    }
    if (this.entry.children.length > 0) {
      children.push(
        new GroupNode(
          `${s.key}/subagents`,
          'Subagents',
          'type-hierarchy-sub',
          this.entry.children.map((c) => new SessionNode(c, this.ctx)),
          false,
        ),
      );
    }
    return children;
  }
}

function agentIcon(agent: AgentId): vscode.ThemeIcon {
  const known = agentRegistry.get(agent)?.icon;
  return known ? new vscode.ThemeIcon(known.codicon, new vscode.ThemeColor(known.color)) : new vscode.ThemeIcon('robot');
}
