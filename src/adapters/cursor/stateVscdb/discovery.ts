// Discovery of Cursor's IDE chat store (docs/formats/cursorStateVscdb.md §1-2): one `globalStorage/state.vscdb` per
// Cursor `User` folder holds every workspace's composers; it is a source of the open workspace when one of that
// User folder's workspace storages is for one of the workspace folders. Which of its composers are the workspace's
// is decided when it is read (databaseReader.ts), from those workspace storages' own databases.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { TranscriptFile } from '../../adapter';
import type { ParseIssue } from '../../../core/ops';
import { workspaceStorages } from './workspaceComposers';

/** The `User` folder of a root: the User folder itself, or its globalStorage folder, or the state.vscdb in it. */
function userDirOf(root: string): string {
  const r = root.replace(/[\\/]+$/, '');
  if (/[\\/]globalStorage[\\/]state\.vscdb$/.test(r)) {
    return r.replace(/[\\/]globalStorage[\\/]state\.vscdb$/, '');
  }
  return r.replace(/[\\/]globalStorage$/, '');
}

/**
 * The global state.vscdb of each of `userDirs` (Cursor's `…/Cursor/User` folders) that has a workspace storage for
 * one of `workspaceFolders`, as `database` sources restricted to those folders. Missing folders give nothing.
 */
export function discoverCursorStateDatabases(userDirs: readonly string[], workspaceFolders: readonly string[], issues: ParseIssue[]): TranscriptFile[] {
  const out: TranscriptFile[] = [];
  const seen = new Set<string>();
  for (const root of userDirs) {
    const userDir = userDirOf(root);
    const path = join(userDir, 'globalStorage', 'state.vscdb');
    if (seen.has(path)) {
      continue;
    }
    seen.add(path);
    try {
      statSync(path);
    } catch {
      continue;
    }
    const storages = workspaceStorages(userDir, workspaceFolders, issues);
    if (storages.length > 0) {
      const folders = [...new Set(storages.map((s) => s.workspaceFolder))];
      out.push({ agent: 'cursor', path, mode: 'database', workspaceFolders: folders });
    }
  }
  return out;
}
