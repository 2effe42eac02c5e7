// The recorded OpenCode fixtures (test/fixtures/recorded/opencode-*): a private copy of a fixture's data folder
// (some keep the WAL gzipped as opencode.db-wal.gz: it is unpacked in the copy; the committed files are never
// opened, since even a read-only SQLite may touch an -shm), and the adapter's reading of it folded into sessions.
import { rewriteDatabase } from '../../helpers/rewriteDatabase';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DatabaseBatch, TranscriptFile } from '../../../../src/adapters/adapter';
import { opencodeAdapter } from '../../../../src/adapters/opencode/opencodeAdapter';
import type { SessionDetail } from '../../../../src/core/model';
import type { IndexOp, ParseIssue } from '../../../../src/core/ops';
import { SessionFold } from '../../../../src/core/sessionFold';
import { loadSqlJs } from '../../../../src/store/sqlDatabase';

export const recordedDir = join(process.cwd(), 'test/fixtures/recorded');
export const sqliteWasmPath = join(process.cwd(), 'node_modules/@sqlite.org/sqlite-wasm/dist/sqlite3.wasm');
/** Where the recordings ran: the rows name these paths. */
export const chain = '/tmp/agent-trail-fixtures-opencode/opencode-chain-v1.18.33';
export const demoRepo = `${chain}/demo-repo`;

/** A copy of `<fixture>/opencode-home/data` (database, WAL unpacked, -shm) in a new temporary folder. */
export function copyData(fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'at-opencode-'));
  const data = join(recordedDir, fixture, 'opencode-home', 'data');
  for (const name of ['opencode.db', 'opencode.db-shm', 'opencode.db-wal']) {
    if (existsSync(join(data, name))) {
      cpSync(join(data, name), join(dir, name));
    }
  }
  const gz = join(data, 'opencode.db-wal.gz');
  if (existsSync(gz)) {
    writeFileSync(join(dir, 'opencode.db-wal'), gunzipSync(readFileSync(gz)));
  }
  return dir;
}

export function removeCopy(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface DatabaseRun {
  sessions: SessionDetail[];
  ops: IndexOp[];
  issues: ParseIssue[];
  batches: DatabaseBatch[];
  cursor: unknown;
}

export function dbFile(path: string, workspaceFolders?: string[]): TranscriptFile {
  return { agent: 'opencode', path, mode: 'database', ...(workspaceFolders ? { workspaceFolders } : {}) };
}

/** Reads `file` from `cursor` as the index does (the cursor round-tripped through JSON) and folds the ops. */
export async function readAll(file: TranscriptFile, cursor?: unknown, fold = new SessionFold()): Promise<DatabaseRun> {
  const ops: IndexOp[] = [];
  const issues: ParseIssue[] = [];
  const batches: DatabaseBatch[] = [];
  let last = cursor;
  const read = opencodeAdapter.readDatabase;
  if (!read) {
    throw new Error('no readDatabase');
  }
  for await (const batch of read(file, cursor === undefined ? undefined : JSON.parse(JSON.stringify(cursor)), { sqliteWasmPath })) {
    batches.push(batch);
    ops.push(...batch.ops);
    issues.push(...batch.issues);
    fold.apply(batch.ops, file.path);
    last = batch.cursor;
  }
  return { sessions: fold.result(), ops, issues, batches, cursor: last };
}

const sqlJsWasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');

/** A new database with OpenCode's session/message/part tables (the columns a 1.2-era database has) and `rows`. */
export async function makeDatabase(path: string, statements: readonly { sql: string; params?: (string | number | null)[] }[]): Promise<void> {
  const sql = await loadSqlJs(sqlJsWasm);
  const db = new sql.Database();
  try {
    db.run(`CREATE TABLE session (id TEXT PRIMARY KEY, project_id TEXT, parent_id TEXT, slug TEXT, directory TEXT, title TEXT, version TEXT,
      time_created INTEGER, time_updated INTEGER)`);
    db.run('CREATE TABLE message (id TEXT PRIMARY KEY, session_id TEXT, time_created INTEGER, time_updated INTEGER, data TEXT)');
    db.run('CREATE TABLE part (id TEXT PRIMARY KEY, message_id TEXT, session_id TEXT, time_created INTEGER, time_updated INTEGER, data TEXT)');
    for (const s of statements) {
      db.run(s.sql, s.params ?? []);
    }
    writeFileSync(path, db.export());
  } finally {
    db.close();
  }
}

/**
 * A copy of the notes-cli database as OpenCode left it, main file only (its main file holds every row; sql.js
 * rewrites cannot keep a WAL), in a folder added to `copies` for the caller to remove.
 */
export async function notesDatabase(copies: string[]): Promise<string> {
  const dir = copyData('opencode-notes-cli-v1.18.33');
  copies.push(dir);
  const path = join(dir, 'opencode.db');
  await rewriteDatabase(path, []);
  return path;
}
