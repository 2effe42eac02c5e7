// A file a prompt read. Clicking opens the file as it is now.
import * as vscode from 'vscode';
import { baseName, displayPath } from '../../paths';
import { inlineCode, readFileDescription } from '../../sessionLabels';
import { markdownTooltip, NodeContextValue, ViewNode, type TreeContext } from './viewNode';

export class ReadFileNode extends ViewNode {
  constructor(
    private readonly parentId: string,
    private readonly path: string,
    private readonly ctx: TreeContext,
  ) {
    super();
  }

  get fileUri(): vscode.Uri {
    return vscode.Uri.file(this.path);
  }

  getTreeItem(): vscode.TreeItem {
    const paths = this.ctx.paths();
    const item = new vscode.TreeItem(this.fileUri, vscode.TreeItemCollapsibleState.None);
    item.id = `${this.parentId}/read/${this.path}`;
    item.label = baseName(this.path);
    item.description = readFileDescription(this.path, paths);
    item.tooltip = markdownTooltip(`$(eye) **read** ${inlineCode(displayPath(this.path, paths))}`);
    item.iconPath = vscode.ThemeIcon.File;
    item.contextValue = NodeContextValue.File;
    item.command = { command: 'agentTrail.openFile', title: 'Open File', arguments: [this.fileUri] };
    return item;
  }
}
