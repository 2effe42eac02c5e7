// Writes a restore through one WorkspaceEdit (so open editors and the file operations can undo it), saves what it
// touched, then checks the bytes on disk: where VS Code changed something on the way (one EOL for a mixed file, a
// BOM, another encoding, save participants such as format on save or a final newline), the planned bytes are
// written once more directly, so the result is what the checkpoint says, byte for byte.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { atomicWrite } from '../../restore/atomicWrite';
import type { RestoreTarget } from '../../restore/restoreApply';
import type { Log } from '../log';

const component = 'restore';

export async function applyRestoreEdit(targets: readonly RestoreTarget[], label: string, log: Log): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata = { needsConfirmation: false, label };
  const written: vscode.TextDocument[] = [];
  for (const { file, path } of targets) {
    const uri = vscode.Uri.file(path);
    if (file.action === 'delete') {
      edit.deleteFile(uri, { ignoreIfNotExists: true }, metadata);
    } else if (file.action === 'create' || !existsSync(path)) {
      edit.createFile(uri, { overwrite: true, contents: Buffer.from(file.content ?? '', 'utf8') }, metadata);
    } else {
      const doc = await vscode.workspace.openTextDocument(uri);
      const end = doc.lineAt(doc.lineCount - 1).range.end;
      edit.replace(uri, new vscode.Range(new vscode.Position(0, 0), end), file.content ?? '', metadata);
      written.push(doc);
    }
  }
  if (!(await vscode.workspace.applyEdit(edit, { isRefactoring: false }))) {
    throw new Error('VS Code did not apply the restore (nothing was changed)');
  }
  for (const doc of written) {
    if (!(await doc.save())) {
      log.warn(`Saving ${doc.uri.fsPath} after the restore failed; writing it directly`, component);
    }
  }
  verifyBytes(targets, log);
}

/** Makes every target's bytes on disk exactly the planned ones. */
export function verifyBytes(targets: readonly RestoreTarget[], log: Log): void {
  for (const { file, path } of targets) {
    if (file.action === 'delete') {
      if (existsSync(path)) {
        rmSync(path, { force: true });
        log.debug(`${path} was still there after the restore's delete; removed it directly`, component);
      }
      continue;
    }
    const want = Buffer.from(file.content ?? '', 'utf8');
    let have: Buffer | undefined;
    try {
      have = readFileSync(path);
    } catch {
      have = undefined;
    }
    if (have && have.equals(want)) {
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    atomicWrite(path, want, have ? statSync(path).mode : undefined);
    log.debug(`${path}: VS Code wrote ${have ? `${have.length} bytes that differ from` : 'nothing instead of'} the checkpoint's ${want.length}; wrote the exact bytes`, component);
  }
}
