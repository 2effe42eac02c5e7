// The restore commands. Each accepts explicit arguments (sessionKey, beforePrompt[, paths]) — the hover's link, the
// timeline and the E2E suite call them that way — or a Sessions view node; from the palette it asks for a session
// and a prompt. What the flow returns is the command's result (the undo id and files, or undefined).
import * as vscode from 'vscode';
import type { Log } from '../log';
import { ChangedFileNode } from '../views/nodes/changedFileNode';
import { PromptNode } from '../views/nodes/promptNode';
import { checkpointArgs, type CheckpointArgs } from './restoreArgs';
import type { RestoreFlow } from './restoreFlow';

export const RestoreCommandId = {
  RestoreCheckpoint: 'agentTrail.restoreCheckpoint',
  RestoreFile: 'agentTrail.restoreFile',
  UndoRestore: 'agentTrail.undoRestore',
  CompareCheckpoint: 'agentTrail.compareCheckpoint',
} as const;

const component = 'restore';

function fromNode(arg: unknown): CheckpointArgs | undefined {
  if (arg instanceof PromptNode) {
    return { sessionKey: arg.prompt.sessionKey, beforePrompt: arg.prompt.index };
  }
  if (arg instanceof ChangedFileNode && arg.request.promptIndex !== undefined) {
    // After a rename the checkpoint restores both names: the old file back, the new one away.
    const paths = [...new Set([arg.request.path, arg.fileUri.fsPath])];
    return { sessionKey: arg.request.sessionKey, beforePrompt: arg.request.promptIndex, paths };
  }
  return undefined;
}

export function registerRestoreCommands(flow: RestoreFlow, log: Log): vscode.Disposable[] {
  const register = (id: string, failure: string, handler: (...args: unknown[]) => Promise<unknown>): vscode.Disposable =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (err) {
        void log.reportError(err, component, failure);
        return undefined;
      }
    });

  const named = async (args: unknown[], purpose: string): Promise<CheckpointArgs | undefined> =>
    fromNode(args[0]) ?? checkpointArgs(args) ?? (args.length === 0 || args[0] === undefined ? flow.pickCheckpoint(purpose) : badArgs());

  return [
    register(RestoreCommandId.RestoreCheckpoint, 'Unable to restore the checkpoint', async (...args) => {
      const ref = await named(args, 'Restore Checkpoint');
      return ref ? flow.restoreCheckpoint(ref.sessionKey, ref.beforePrompt, ref.paths) : undefined;
    }),
    register(RestoreCommandId.RestoreFile, 'Unable to restore the file', async (...args) => {
      const ref = fromNode(args[0]) ?? checkpointArgs(args);
      if (!ref || !ref.paths || ref.paths.length === 0) {
        throw new Error('Restore File needs a session, a prompt number and a file: use the Sessions view or the blame hover.');
      }
      return flow.restoreCheckpoint(ref.sessionKey, ref.beforePrompt, ref.paths);
    }),
    register(RestoreCommandId.UndoRestore, 'Unable to undo the restore', async (id) => flow.undoRestore(typeof id === 'string' && id !== '' ? id : undefined)),
    register(RestoreCommandId.CompareCheckpoint, 'Unable to compare with the checkpoint', async (...args) => {
      const ref = await named(args, 'Compare Checkpoint');
      if (ref) {
        await flow.compareCheckpoint(ref.sessionKey, ref.beforePrompt);
      }
    }),
  ];
}

function badArgs(): never {
  throw new Error('Expected a session key and a prompt number (or a prompt in the Sessions view).');
}
