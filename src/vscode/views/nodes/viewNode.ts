// Base of every Sessions view node, plus what nodes need from their tree (no back-reference to the provider).
import * as vscode from 'vscode';
import type { PromptSummary } from '../../../core/readModel';
import type { Log } from '../../log';
import type { PathContext } from '../../paths';

export interface TreeContext {
  readonly log: Log;
  /** Current workspace folders and home, for workspace-relative paths. */
  paths(): PathContext;
  /** One clock reading per render, so every relative time in a refresh agrees. */
  now(): number;
  /** Prompts of a session, cached until the index reports that session changed. */
  prompts(sessionKey: string): Promise<PromptSummary[]>;
}

export const NodeContextValue = {
  Session: 'agentTrail:session',
  Prompt: 'agentTrail:prompt',
  File: 'agentTrail:file',
  /** A file a prompt changed (restorable); menus for any file match /^agentTrail:file/. */
  ChangedFile: 'agentTrail:file:changed',
  Command: 'agentTrail:command',
  Group: 'agentTrail:group',
} as const;

export abstract class ViewNode {
  abstract getTreeItem(): vscode.TreeItem;

  getChildren(): Promise<ViewNode[]> {
    return Promise.resolve([]);
  }
}

export function markdownTooltip(markdown: string): vscode.MarkdownString {
  // Theme icons ($(name)) are used for the row glyphs; transcript text is escaped before it gets here.
  return new vscode.MarkdownString(markdown, true);
}
