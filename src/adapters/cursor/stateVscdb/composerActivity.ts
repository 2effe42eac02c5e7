// Which of a workspace's Cursor composers are running (docs/formats/cursorStateVscdb.md §7): `composerData.status`
// is "generating" while a composer works. Read for the extension's observed attribution (vscode/blame/
// observeCursorAgent.ts) whenever Cursor's global database changes: one index lookup per composer of the workspace,
// the status and time taken out by SQLite (json_extract), so a 10 MB header row is never copied into JavaScript.
import { join } from 'node:path';
import { readDatabase } from '../../sqlite/readOnlySqlite';
import { listedComposers } from './workspaceComposers';

export interface ComposerStatus {
  composerId: string;
  /** "generating" while it runs; "completed", "aborted", "error", "none"… otherwise; undefined: none recorded. */
  status?: string;
  lastUpdatedAt?: number;
}

/**
 * The statuses of the composers the workspace storage folder `workspaceStorageDir` (`…/User/workspaceStorage/<id>`)
 * lists, from `globalDb` (`…/User/globalStorage/state.vscdb`). Throws when a database cannot be read.
 */
export async function readComposerStatuses(globalDb: string, workspaceStorageDir: string, wasmPath: string): Promise<ComposerStatus[]> {
  const ids = await readDatabase(join(workspaceStorageDir, 'state.vscdb'), wasmPath, listedComposers);
  if (ids.length === 0) {
    return [];
  }
  return readDatabase(globalDb, wasmPath, (db) =>
    db
      .all(
        // json_valid first: json_extract throws on a malformed value.
        "SELECT substr(key, 14) AS id, CASE WHEN json_valid(value) THEN json_extract(value, '$.status') END AS status, CASE WHEN json_valid(value) THEN json_extract(value, '$.lastUpdatedAt') END AS u FROM cursorDiskKV WHERE key IN (SELECT 'composerData:' || value FROM json_each(?))",
        [JSON.stringify(ids)],
      )
      .map((r) => ({
        composerId: String(r.id),
        ...(typeof r.status === 'string' ? { status: r.status } : {}),
        ...(typeof r.u === 'number' ? { lastUpdatedAt: r.u } : {}),
      })),
  );
}
