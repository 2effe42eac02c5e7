// Writes a restore through one WorkspaceEdit (so open editors and the file operations can undo it), saves what it
// touched, then checks the bytes on disk: where VS Code changed something on the way (one EOL for a mixed file, a
// BOM, another encoding, save participants such as format on save or a final newline), the planned bytes are
// written once more directly, so the result is what the checkpoint says, byte for byte. Which file each edit goes to
// (a symlink's target; hard-linked files written in place instead) is src/restore/editRoutes.
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { editRoutes } from '../../restore/editRoutes';
import { plannedBytes, writePlanned, type RestoreTarget, type SkippedFile } from '../../restore/restoreApply';
import type { Log } from '../log';

const component = 'restore';

/** Applies `targets`; returns the ones not written (refused by their links, or failing to write), with the reason. */
export async function applyRestoreEdit(targets: readonly RestoreTarget[], label: string, folders: readonly string[], log: Log): Promise<SkippedFile[]> {
  const edit = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata = { needsConfirmation: false, label };
  const written: vscode.TextDocument[] = [];
  const skipped: SkippedFile[] = [];
  const done: RestoreTarget[] = [];
  const direct: { target: RestoreTarget; reason: string }[] = [];
  for (const route of editRoutes(targets, folders)) {
    const { file, path } = route.target;
    if (route.via === 'refused') {
      skipped.push({ path, reason: route.reason });
      continue;
    }
    done.push(route.target);
    if (route.via === 'direct') {
      direct.push(route);
      continue;
    }
    const uri = vscode.Uri.file(route.path);
    if (file.action === 'delete') {
      edit.deleteFile(uri, { ignoreIfNotExists: true }, metadata);
    } else if (file.action === 'create' || !existsSync(route.path)) {
      edit.createFile(uri, { overwrite: true, contents: Buffer.from(file.content ?? '', 'utf8') }, metadata);
    } else {
      const doc = await vscode.workspace.openTextDocument(uri);
      const end = doc.lineAt(doc.lineCount - 1).range.end;
      edit.replace(uri, new vscode.Range(new vscode.Position(0, 0), end), file.content ?? '', metadata);
      written.push(doc);
    }
  }
  if (edit.size > 0 && !(await vscode.workspace.applyEdit(edit, { isRefactoring: false }))) {
    throw new Error('VS Code did not apply the restore (nothing was changed)');
  }
  for (const doc of written) {
    if (!(await doc.save())) {
      log.warn(`Saving ${doc.uri.fsPath} after the restore failed; writing it directly`, component);
    }
  }
  for (const { target, reason } of direct) {
    log.info(`${target.path}: ${reason}`, component);
  }
  skipped.push(...verifyBytes(done, folders, log));
  return skipped;
}

/** Makes every target's bytes on disk exactly the planned ones (links kept); returns the ones that could not be. */
export function verifyBytes(targets: readonly RestoreTarget[], folders: readonly string[], log: Log): SkippedFile[] {
  const failed: SkippedFile[] = [];
  for (const { file, path } of targets) {
    const want = plannedBytes(file);
    let have: Buffer | null;
    try {
      have = readFileSync(path);
    } catch {
      have = null;
    }
    if (want === null ? have === null : have !== null && have.equals(want)) {
      continue;
    }
    try {
      writePlanned(path, want, folders);
    } catch (err) {
      failed.push({ path, reason: `not written: ${err instanceof Error ? err.message : String(err)}` });
      continue;
    }
    log.debug(
      want === null
        ? `${path} was still there after the restore's delete; removed it directly`
        : `${path}: VS Code wrote ${have ? `${have.length} bytes that differ from` : 'nothing instead of'} the checkpoint's ${want.length}; wrote the exact bytes`,
      component,
    );
  }
  return failed;
}
