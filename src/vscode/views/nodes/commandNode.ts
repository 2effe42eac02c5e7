// A shell command a prompt ran; the icon says how it exited.
import * as vscode from 'vscode';
import type { CommandSummary } from '../../../core/readModel';
import { commandDescription, commandLabel, commandStatus, commandTooltip } from '../../sessionLabels';
import { markdownTooltip, NodeContextValue, ViewNode } from './viewNode';

export class CommandNode extends ViewNode {
  constructor(
    private readonly parentId: string,
    readonly command: CommandSummary,
  ) {
    super();
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(commandLabel(this.command), vscode.TreeItemCollapsibleState.None);
    item.id = `${this.parentId}/command/${this.command.stepId}`;
    item.description = commandDescription(this.command);
    item.tooltip = markdownTooltip(commandTooltip(this.command));
    item.iconPath = statusIcon(this.command);
    item.contextValue = NodeContextValue.Command;
    return item;
  }
}

function statusIcon(command: CommandSummary): vscode.ThemeIcon {
  switch (commandStatus(command)) {
    case 'passed':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    case 'failed':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    default:
      return new vscode.ThemeIcon('question');
  }
}
