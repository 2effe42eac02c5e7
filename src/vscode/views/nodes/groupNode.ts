// A collapsible heading over one kind of prompt activity ("Files Changed", "Files Read", "Commands"), a session's
// subagents, or its other branches (each one a heading over its prompts).
import * as vscode from 'vscode';
import { NodeContextValue, ViewNode } from './viewNode';

export class GroupNode extends ViewNode {
  constructor(
    private readonly id: string,
    private readonly label: string,
    private readonly icon: string,
    private readonly children: ViewNode[],
    private readonly expanded: boolean,
    /** Shown instead of the number of children. */
    private readonly description?: string,
  ) {
    super();
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(
      this.label,
      this.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = this.id;
    item.description = this.description ?? String(this.children.length);
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = NodeContextValue.Group;
    return item;
  }

  override getChildren(): Promise<ViewNode[]> {
    return Promise.resolve(this.children);
  }
}
