// The generated Cursor state.vscdb fixtures (test/fixtures/cursor-state, makeFixtures.py): a private copy of a
// variant's `User` folder (the committed files are never opened), and the reader's output folded into sessions.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseBatch, TranscriptFile } from '../../../../src/adapters/adapter';
import { readCursorStateDatabase } from '../../../../src/adapters/cursor/stateVscdb/databaseReader';
import type { SessionDetail } from '../../../../src/core/model';
import type { IndexOp, ParseIssue } from '../../../../src/core/ops';
import { SessionFold } from '../../../../src/core/sessionFold';

export const fixturesDir = join(process.cwd(), 'test/fixtures/cursor-state');
export const sqliteWasmPath = join(process.cwd(), 'node_modules/@sqlite.org/sqlite-wasm/dist/sqlite3.wasm');
export const app = '/fixture/cursor/app';
export const decoy = '/fixture/cursor/other';
export const c1 = 'c1a00000-0000-4000-8000-000000000001';
export const c2 = 'c2a00000-0000-4000-8000-000000000002';
export const c3 = 'c3a00000-0000-4000-8000-000000000003';

/** A copy of `<variant>/User` in a new temporary folder; returns the copy's User folder. */
export function copyUser(variant: 'basic' | 'wal', copies: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'at-cursor-state-'));
  copies.push(dir);
  cpSync(join(fixturesDir, variant, 'User'), join(dir, 'User'), { recursive: true });
  return join(dir, 'User');
}

export function removeCopies(copies: string[]): void {
  copies.forEach((d) => rmSync(d, { recursive: true, force: true }));
}

export function globalFile(user: string, folders: string[] = [app]): TranscriptFile {
  return { agent: 'cursor', path: join(user, 'globalStorage', 'state.vscdb'), mode: 'database', workspaceFolders: folders };
}

export interface Run {
  sessions: SessionDetail[];
  ops: IndexOp[];
  issues: ParseIssue[];
  batches: DatabaseBatch[];
  cursor: unknown;
}

/** Reads `file` from `cursor` as the index does (the cursor round-tripped through JSON) and folds the ops. */
export async function readAll(file: TranscriptFile, cursor?: unknown, fold = new SessionFold()): Promise<Run> {
  const ops: IndexOp[] = [];
  const issues: ParseIssue[] = [];
  const batches: DatabaseBatch[] = [];
  let last = cursor;
  for await (const batch of readCursorStateDatabase(file, cursor === undefined ? undefined : JSON.parse(JSON.stringify(cursor)), { sqliteWasmPath })) {
    batches.push(batch);
    ops.push(...batch.ops);
    issues.push(...batch.issues);
    fold.apply(batch.ops, file.path);
    last = batch.cursor;
  }
  return { sessions: fold.result(), ops, issues, batches, cursor: last };
}

