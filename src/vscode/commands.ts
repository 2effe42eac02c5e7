// Command handlers. Each one catches its own failures: log with stack, short notification, never an unhandled
// rejection in the extension host.
import * as vscode from 'vscode';
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

    register(CommandId.CopyPrompt, 'Unable to copy the prompt', async (arg) => {
      const node = arg instanceof PromptNode ? arg : sessions.treeView.selection.find((n) => n instanceof PromptNode);
      if (!(node instanceof PromptNode)) {
        throw new Error('Pick a prompt in the Sessions view.');
      }
      await vscode.env.clipboard.writeText(node.prompt.text);
      vscode.window.setStatusBarMessage(`$(check) Copied prompt #${node.prompt.index}`, 2500);
    }),

    register(CommandId.ShowLog, 'Unable to show the log', () => log.show()),

    register(CommandId.ShowSearchedFolders, 'Unable to show the searched folders', () =>
      showSearchedFolders(lifecycle.stats, deps.paths()),
    ),
  ];
}
