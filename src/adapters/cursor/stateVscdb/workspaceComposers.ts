// Which composers (Cursor's chats / agent sessions) belong to the open workspace (docs/formats/cursorStateVscdb.md
// §2): every `User/workspaceStorage/<id>/workspace.json` names the folder (or `.code-workspace` file) that storage
// folder is for, and that folder's own `state.vscdb` lists its composers in `ItemTable['composer.composerData']`
// (`allComposers[].composerId`, `selectedComposerIds`). The composers' content lives in the global database.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ParseIssue } from '../../../core/ops';
import { arr, isObject, nonEmpty } from '../../../core/jsonValues';
import { mayBelongTo, normalizePath } from '../../../core/paths';
import { readDatabase, type ReadOnlyDb } from '../../sqlite/readOnlySqlite';
import { pathOfFileUri, pathOfUri } from './fileUris';

/** A workspace storage folder of the editor whose folder is one of the open workspace folders. */
export interface CursorWorkspaceStorage {
  /** `…/User/workspaceStorage/<id>` */
  dir: string;
  /** The folders it is for (one; several for a multi-root `.code-workspace`), as absolute paths. */
  folders: string[];
  /** The open workspace folder they belong to. */
  workspaceFolder: string;
  /** The folder Cursor had open (the first of `folders` that belongs): its composers' working directory. */
  cwd: string;
}

/** The folders of a `.code-workspace` file (relative entries are relative to the file). */
function codeWorkspaceFolders(file: string, issues: ParseIssue[]): string[] {
  try {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return arr(isObject(doc) ? doc.folders : undefined).flatMap((f) => {
      if (!isObject(f)) {
        return [];
      }
      const uri = nonEmpty(f.uri);
      const path = nonEmpty(f.path);
      const p = uri ? pathOfFileUri(uri) : path ? normalizePath(resolve(dirname(file), path)) : undefined;
      return p ? [p] : [];
    });
  } catch (err) {
    // A workspace file that is gone or not JSON (comments are allowed in it): its folders are not known.
    issues.push({ kind: 'io', file, message: `cannot read the workspace file: ${(err as Error).message}` });
    return [];
  }
}

/** The folders a workspace storage folder is for, from its workspace.json; [] when it has none readable. */
export function storageFolders(dir: string, issues: ParseIssue[]): string[] {
  let doc: unknown;
  const file = join(dir, 'workspace.json');
  try {
    doc = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      issues.push({ kind: 'invalid-json', file, message: `cannot read workspace.json: ${(err as Error).message}` });
    }
    return [];
  }
  if (!isObject(doc)) {
    return [];
  }
  const folder = nonEmpty(doc.folder);
  if (folder) {
    const p = pathOfUri(folder);
    return p ? [p] : [];
  }
  const workspace = nonEmpty(doc.workspace) ?? nonEmpty(doc.configuration);
  const file2 = workspace ? pathOfUri(workspace) : undefined;
  return file2 ? codeWorkspaceFolders(file2, issues) : [];
}

/**
 * The workspace storage folders under `userDir` (`…/Cursor/User`) whose folder is, contains or is inside one of
 * `workspaceFolders`. Missing folders give none; a folder that cannot be listed is an issue.
 */
export function workspaceStorages(userDir: string, workspaceFolders: readonly string[], issues: ParseIssue[]): CursorWorkspaceStorage[] {
  const root = join(userDir, 'workspaceStorage');
  let names: string[];
  try {
    names = readdirSync(root);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      issues.push({ kind: 'io', file: root, message: `cannot list: ${(err as Error).message}` });
    }
    return [];
  }
  const out: CursorWorkspaceStorage[] = [];
  for (const name of names.sort()) {
    const dir = join(root, name);
    const folders = storageFolders(dir, issues);
    for (const f of folders) {
      const workspaceFolder = workspaceFolders.find((w) => mayBelongTo(f, w));
      if (workspaceFolder !== undefined) {
        out.push({ dir, folders, workspaceFolder, cwd: f });
        break;
      }
    }
  }
  return out;
}

/** The composer ids `composer.composerData` of a workspace database lists (allComposers, selectedComposerIds…). */
export function listedComposers(db: ReadOnlyDb): string[] {
  const rows = db.all("SELECT CAST(value AS TEXT) AS v FROM ItemTable WHERE key = 'composer.composerData'");
  const ids = new Set<string>();
  for (const r of rows) {
    let data: unknown;
    try {
      data = JSON.parse(String(r.v)) as unknown;
    } catch {
      throw new Error('composer.composerData is not JSON');
    }
    if (!isObject(data)) {
      continue;
    }
    for (const c of arr(data.allComposers)) {
      const id = isObject(c) ? nonEmpty(c.composerId) : undefined;
      if (id) {
        ids.add(id);
      }
    }
    for (const key of ['selectedComposerIds', 'lastFocusedComposerIds']) {
      for (const id of arr(data[key])) {
        if (typeof id === 'string' && id) {
          ids.add(id);
        }
      }
    }
    const selected = nonEmpty(data.selectedComposerId);
    if (selected) {
      ids.add(selected);
    }
  }
  return [...ids];
}

/**
 * composer id → the folder Cursor had open for it (a workspace folder, or one containing or inside one), for the global database at `globalDb`
 * (`…/User/globalStorage/state.vscdb`): the composers each matching workspace storage's own database lists.
 * A workspace database that cannot be read is an issue; the others still count.
 */
export async function workspaceComposers(globalDb: string, workspaceFolders: readonly string[], wasmPath: string, issues: ParseIssue[]): Promise<Map<string, string>> {
  const userDir = dirname(dirname(globalDb));
  const out = new Map<string, string>();
  for (const storage of workspaceStorages(userDir, workspaceFolders, issues)) {
    const db = join(storage.dir, 'state.vscdb');
    try {
      statSync(db);
    } catch {
      continue; // a workspace Cursor opened but never wrote state for
    }
    try {
      for (const id of await readDatabase(db, wasmPath, listedComposers)) {
        if (!out.has(id)) {
          out.set(id, storage.cwd);
        }
      }
    } catch (err) {
      issues.push({ kind: 'io', file: db, message: `cannot read the workspace's composer list: ${(err as Error).message}` });
    }
  }
  return out;
}
