// Restore and undo never overwrite unsaved edits silently: editors with unsaved changes to a target are saved or
// reverted first, as the person chooses, or nothing happens.
import * as vscode from 'vscode';
import type { Log } from '../log';
import type { PathContext } from '../paths';
import { unsavedQuestion } from './restorePreview';

function samePath(a: string, b: string): boolean {
  return process.platform === 'win32' || process.platform === 'darwin' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

export function dirtyDocuments(paths: readonly string[]): vscode.TextDocument[] {
  return vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file' && paths.some((p) => samePath(p, d.uri.fsPath)));
}

async function revert(doc: vscode.TextDocument): Promise<void> {
  // There is no revert API: the command works on the active editor.
  await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

/** true: go on (no unsaved editors left among `paths`); false: the person cancelled. */
export async function settleUnsavedEditors(paths: readonly string[], context: PathContext, verb: 'Restore' | 'Undo', log: Log): Promise<boolean> {
  const dirty = dirtyDocuments(paths);
  if (dirty.length === 0) {
    return true;
  }
  const q = unsavedQuestion(
    dirty.map((d) => d.uri.fsPath),
    context,
    verb,
  );
  const choice = await vscode.window.showWarningMessage(q.message, { modal: true, detail: q.detail }, q.save, q.discard);
  if (choice === q.save) {
    for (const d of dirty) {
      if (!(await d.save())) {
        throw new Error(`Unable to save ${d.uri.fsPath}; nothing was changed.`);
      }
    }
    log.info(`Saved ${dirty.length} unsaved editor(s) before ${verb.toLowerCase()}`, 'restore');
  } else if (choice === q.discard) {
    for (const d of dirty) {
      await revert(d);
    }
    const left = dirtyDocuments(paths);
    if (left.length > 0) {
      throw new Error(`Unable to discard the changes of ${left[0].uri.fsPath}; nothing was changed.`);
    }
    log.info(`Discarded unsaved changes of ${dirty.length} editor(s) before ${verb.toLowerCase()}`, 'restore');
  } else {
    log.info(`${verb} cancelled: unsaved editors`, 'restore');
    return false;
  }
  return true;
}
