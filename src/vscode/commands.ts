// Command handlers. Each one catches its own failures: log with stack, short notification, never an unhandled
// rejection in the extension host.
import * as vscode from 'vscode';
import type { PromptSummary } from '../core/readModel';
import { toggleLineBlame } from './blame/blameSettings';
import { isPromptRef } from './blame/promptRef';
import { isPromptDiffRequest, type PromptDiffContentProvider } from './diffContentProvider';
import type { IndexLifecycle } from './indexLifecycle';
import type { Log } from './log';
import type { PathContext } from './paths';
import { showSearchedFolders } from './searchedFolders';
import { ChangedFileNode } from './views/nodes/changedFileNode';
import { PromptNode } from './views/nodes/promptNode';
import { ReadFileNode } from './views/nodes/readFileNode';
import type { SessionsView } from './views/sessionsView';

export const CommandId = {
  Refresh: 'agentTrail.refresh',
  FilterAgents: 'agentTrail.filterAgents',
  /** Same as FilterAgents; a second id only so the view title can show a filled filter icon while filtered. */
  ChangeAgentFilter: 'agentTrail.changeAgentFilter',
  OpenPromptDiff: 'agentTrail.openPromptDiff',
  OpenFile: 'agentTrail.openFile',
  CopyPrompt: 'agentTrail.copyPrompt',
  ShowLog: 'agentTrail.showLog',
  ShowSearchedFolders: 'agentTrail.showSearchedFolders',
  /** Takes a PromptRef ({ sessionKey, promptId }): blame's lenses, hover and status bar. */
  RevealPrompt: 'agentTrail.revealPrompt',
  ToggleLineBlame: 'agentTrail.toggleLineBlame',
} as const;

export interface CommandDeps {
  log: Log;
  lifecycle: IndexLifecycle;
  sessions: SessionsView;
  diffs: PromptDiffContentProvider;
  paths(): PathContext;
}

const component = 'commands';

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { log, lifecycle, sessions, diffs } = deps;

  const register = (id: string, failure: string, handler: (...args: unknown[]) => Promise<void> | void): vscode.Disposable =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        await handler(...args);
      } catch (err) {
        void log.reportError(err, component, failure);
      }
    });

  return [
    register(CommandId.Refresh, 'Unable to refresh agent sessions', async () => {
      await lifecycle.refresh();
      sessions.refreshAll();
    }),

    register(CommandId.FilterAgents, 'Unable to filter agents', () => sessions.pickAgentFilter()),
    register(CommandId.ChangeAgentFilter, 'Unable to filter agents', () => sessions.pickAgentFilter()),

    register(CommandId.OpenPromptDiff, 'Unable to open the changes', async (arg) => {
      const request = arg instanceof ChangedFileNode ? arg.request : arg;
      if (!isPromptDiffRequest(request)) {
        throw new Error('Pick a changed file in the Sessions view.');
      }
      await diffs.open(request);
    }),

    register(CommandId.OpenFile, 'Unable to open the file', async (arg) => {
      const uri =
        arg instanceof vscode.Uri
          ? arg
          : arg instanceof ChangedFileNode || arg instanceof ReadFileNode
            ? arg.fileUri
            : undefined;
      if (!uri) {
        throw new Error('Pick a file in the Sessions view.');
      }
      try {
        await vscode.workspace.fs.stat(uri);
      } catch {
        void vscode.window.showWarningMessage(`${uri.fsPath} no longer exists.`);
        return;
      }
      await vscode.window.showTextDocument(uri, { preview: true });
    }),

    // A PromptNode (the view), a PromptRef (blame's hover), or nothing (the view's selection).
    register(CommandId.CopyPrompt, 'Unable to copy the prompt', async (arg) => {
      let prompt: PromptSummary | undefined;
      if (isPromptRef(arg)) {
        prompt = await sessions.findPrompt(arg.sessionKey, arg.promptId);
        if (!prompt) {
          throw new Error('The index no longer lists this prompt.');
        }
      } else {
        const node = arg instanceof PromptNode ? arg : sessions.treeView.selection.find((n) => n instanceof PromptNode);
        if (!(node instanceof PromptNode)) {
          throw new Error('Pick a prompt in the Sessions view.');
        }
        prompt = node.prompt;
      }
      await vscode.env.clipboard.writeText(prompt.text);
      vscode.window.setStatusBarMessage(`$(check) Copied prompt #${prompt.index}`, 2500);
    }),

    register(CommandId.RevealPrompt, 'Unable to show the prompt', async (arg) => {
      if (!isPromptRef(arg)) {
        throw new Error('Use the prompt links of the blame lenses, hovers or status bar.');
      }
      await sessions.revealPrompt(arg.sessionKey, arg.promptId);
    }),

    register(CommandId.ToggleLineBlame, 'Unable to toggle line blame', async () => {
      const enabled = await toggleLineBlame();
      vscode.window.setStatusBarMessage(`$(check) Agent Trail line blame ${enabled ? 'on' : 'off'}`, 2500);
    }),

    register(CommandId.ShowLog, 'Unable to show the log', () => log.show()),

    register(CommandId.ShowSearchedFolders, 'Unable to show the searched folders', () =>
      showSearchedFolders(lifecycle.stats, deps.paths()),
    ),
  ];
}
