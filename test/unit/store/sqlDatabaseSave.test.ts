// Saving the sql.js DB: the in-memory DB file is written as it is (no whole copy per save), and only whole.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Database } from 'sql.js';
import { silentLogger } from '../../../src/core/logger';
import { dbFileBytes, fileDamage, loadSqlJs, openDatabase, persistDatabase } from '../../../src/store/sqlDatabase';

const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');

function addPrompts(db: Database, from: number, count: number): void {
  db.exec('BEGIN');
  const insert = db.prepare('INSERT INTO prompts (session_key, id, idx, text, ts) VALUES (?, ?, ?, ?, ?)');
  for (let i = from; i < from + count; i++) {
    insert.run(['claude-code:s', `p${i}`, i, `prompt ${i} ${'x'.repeat(i % 700)}`, '2026-01-01T00:00:00.000Z']);
  }
  insert.free();
  db.exec('COMMIT');
}

async function filledDb(): Promise<Database> {
  const sql = await loadSqlJs(wasm);
  const { db } = openDatabase(sql, undefined, silentLogger);
  addPrompts(db, 0, 2000);
  return db;
}

test('a save takes the DB file sql.js holds in memory as it is, not a copy of it', async () => {
  const db = await filledDb();
  const a = dbFileBytes(db);
  const b = dbFileBytes(db);
  // export() builds a new array of the DB's size at every call: that copy was the DB's size again in RSS per save.
  assert.equal(a.buffer, b.buffer, 'both views are of the one in-memory file');
  assert.ok(a.length > 1_000_000, `a DB of ${a.length} bytes`);
  assert.equal(fileDamage(a), undefined);
  const exported = db.export();
  assert.equal(a.length, exported.length);
  // export() copies through SQLite's backup into a new file, which counts its own changes: the header's change
  // counter (24), schema cookie (40) and version-valid-for (92) differ, every other byte is the same.
  const counters = new Set([24, 25, 26, 27, 40, 41, 42, 43, 92, 93, 94, 95]);
  assert.deepEqual([...a.keys()].filter((i) => a[i] !== exported[i] && !counters.has(i)), []);
});

test('a saved DB reopens with the same rows, and later changes are saved too', async () => {
  const db = await filledDb();
  const dir = mkdtempSync(join(tmpdir(), 'at-sqldb-'));
  const file = join(dir, 'index.db');
  persistDatabase(db, file);
  db.exec("UPDATE prompts SET text = 'changed' WHERE id = 'p7'");
  const bytes = persistDatabase(db, file);
  assert.equal(readFileSync(file).length, bytes);
  const sql = await loadSqlJs(wasm);
  const reopened = openDatabase(sql, file, silentLogger);
  assert.equal(reopened.outcome, 'loaded');
  const rows = (d: Database): unknown => d.exec('SELECT id, idx, text FROM prompts ORDER BY idx')[0].values;
  assert.deepEqual(rows(reopened.db), rows(db));
  assert.equal(reopened.db.exec("SELECT text FROM prompts WHERE id = 'p7'")[0].values[0][0], 'changed');
});

test('a save inside an open transaction is refused and the saved file stays as it was', async () => {
  const db = await filledDb();
  const dir = mkdtempSync(join(tmpdir(), 'at-sqldb-'));
  const file = join(dir, 'index.db');
  persistDatabase(db, file);
  const saved = readFileSync(file);
  db.exec('BEGIN');
  db.exec("DELETE FROM prompts WHERE idx > 10");
  assert.throws(() => persistDatabase(db, file), /transaction/);
  db.exec('ROLLBACK');
  assert.deepEqual(readFileSync(file), saved);
});

test('the in-memory DB file grows in place, also after a start loaded it: no copy of the whole DB', async () => {
  const db = await filledDb();
  const grown = dbFileBytes(db);
  addPrompts(db, 2000, 4000);
  // Each growth used to copy the file into a new array twice as large, holding both at once.
  assert.equal(dbFileBytes(db).buffer, grown.buffer, 'a new DB grows in its buffer');
  assert.ok(dbFileBytes(db).length > 2 * grown.length, 'and it grew past twice its size');

  const dir = mkdtempSync(join(tmpdir(), 'at-sqldb-'));
  persistDatabase(db, join(dir, 'index.db'));
  const sql = await loadSqlJs(wasm);
  const loaded = openDatabase(sql, join(dir, 'index.db'), silentLogger).db;
  const atLoad = dbFileBytes(loaded);
  addPrompts(loaded, 6000, 6000);
  assert.equal(dbFileBytes(loaded).buffer, atLoad.buffer, 'a loaded DB grows in the buffer it was read into');
  assert.ok(dbFileBytes(loaded).length > atLoad.length, 'it grew past the size it was read at');
  assert.equal(loaded.exec('SELECT COUNT(*) FROM prompts')[0].values[0][0], 12000);
});
