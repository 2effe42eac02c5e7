// A file a prompt changed. Clicking opens the prompt's net change to it (agentTrail.openPromptDiff).
import * as vscode from 'vscode';
import type { ChangedFileSummary } from '../../../core/readModel';
import type { PromptDiffRequest } from '../../diffContentProvider';
import { baseName } from '../../paths';
import { changedFileDescription, changedFileTooltip } from '../../sessionLabels';
import { markdownTooltip, NodeContextValue, ViewNode, type TreeContext } from './viewNode';

export class ChangedFileNode extends ViewNode {
  constructor(
    private readonly parentId: string,
    readonly request: PromptDiffRequest,
    private readonly change: ChangedFileSummary,
    private readonly ctx: TreeContext,
  ) {
    super();
  }

  /** The file on disk (after a rename, where it went). */
  get fileUri(): vscode.Uri {
    return vscode.Uri.file(this.change.op === 'rename' && this.change.movePath ? this.change.movePath : this.change.path);
  }

  getTreeItem(): vscode.TreeItem {
    const paths = this.ctx.paths();
    // resourceUri lets the file icon theme (and file decorations) apply.
    const item = new vscode.TreeItem(vscode.Uri.file(this.change.path), vscode.TreeItemCollapsibleState.None);
    item.id = `${this.parentId}/changed/${this.change.path}`;
    item.label = baseName(this.change.path);
    item.description = changedFileDescription(this.change, paths);
    item.tooltip = markdownTooltip(changedFileTooltip(this.change, paths));
    item.iconPath = vscode.ThemeIcon.File;
    item.contextValue = NodeContextValue.ChangedFile;
    item.command = { command: 'agentTrail.openPromptDiff', title: 'Open Changes', arguments: [this.request] };
    return item;
  }
}
