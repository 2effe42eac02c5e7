// Opening the index DB: a DB of this schema's shape is accepted by its digest without building the expected shape
// from the schema; the digest must be this schema's (updated with it), and any other shape is still refused.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { silentLogger } from '../../../src/core/logger';
import { builtExpectedShape, expectedShapeDigest, loadSqlJs, openDatabase, persistDatabase, shapeDigest } from '../../../src/store/sqlDatabase';

const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');

test('expectedShapeDigest is the digest of the shape built from the schema (update it with schemaSql)', async () => {
  const sql = await loadSqlJs(wasm);
  const digest = shapeDigest(builtExpectedShape(sql));
  assert.equal(expectedShapeDigest, digest, `set expectedShapeDigest in src/store/sqlDatabase.ts to '${digest}'`);
});

test('opening a DB of this schema builds no other DB (the expected shape is known by its digest)', async () => {
  const real = await loadSqlJs(wasm);
  const dir = mkdtempSync(join(tmpdir(), 'at-sqldb-'));
  try {
    const file = join(dir, 'index.db');
    const created = openDatabase(real, file, silentLogger);
    persistDatabase(created.db, file);
    created.db.close();
    // A new engine object, as in a new process (what was built for the expected shape is cached per engine).
    let built = 0;
    const counting = { ...real, Database: class extends real.Database { constructor(...args: ConstructorParameters<typeof real.Database>) { super(...args); built++; } } } as typeof real;
    const opened = openDatabase(counting, file, silentLogger);
    assert.equal(opened.outcome, 'loaded');
    assert.equal(built, 1, 'only the DB read from the file');
    opened.db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a saved DB of this schema opens as loaded; one with an extra index is rebuilt', async () => {
  const sql = await loadSqlJs(wasm);
  const dir = mkdtempSync(join(tmpdir(), 'at-sqldb-'));
  try {
    const file = join(dir, 'index.db');
    const created = openDatabase(sql, file, silentLogger);
    assert.equal(created.outcome, 'new');
    persistDatabase(created.db, file);
    created.db.close();
    const loaded = openDatabase(sql, file, silentLogger);
    assert.equal(loaded.outcome, 'loaded');
    loaded.db.exec('CREATE INDEX extra ON sessions (cwd)');
    persistDatabase(loaded.db, file);
    loaded.db.close();
    const warnings: string[] = [];
    const reopened = openDatabase(sql, file, { ...silentLogger, warn: (m: string) => warnings.push(m) });
    assert.equal(reopened.outcome, 'rebuilt-corrupt');
    assert.ok(warnings.some((w) => /unexpected index extra/.test(w)), warnings.join('\n'));
    reopened.db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
