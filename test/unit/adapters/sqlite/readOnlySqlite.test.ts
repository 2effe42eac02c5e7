// Reading an agent's SQLite database while the agent runs (src/adapters/sqlite/readOnlySqlite.ts), on databases a
// real SQLite writer left behind (test/fixtures/sqlite/makeWalFixtures.py): rows that exist only in the -wal file are
// read; nothing is written, created or locked; a checkpoint and WAL restart during a reading makes it read again.
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readDatabase, SqliteReadError } from '../../../../src/adapters/sqlite/readOnlySqlite';

const fixtures = join(process.cwd(), 'test/fixtures/sqlite');
const wasm = join(process.cwd(), 'node_modules/@sqlite.org/sqlite-wasm/dist/sqlite3.wasm');

function copyOf(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'at-sqlite-'));
  cpSync(join(fixtures, name), dir, { recursive: true });
  return dir;
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((n) => [n, readFileSync(join(dir, n)).toString('base64')]));
}

describe('readOnlySqlite', () => {
  it('reads the rows only the -wal file holds, and leaves every file as it was (no -shm, no journal, no lock file)', async () => {
    const dir = copyOf('wal-tail');
    const before = snapshot(dir);
    const rows = await readDatabase(join(dir, 'agent.db'), wasm, (db) => db.all('SELECT id, body FROM message ORDER BY id'));
    assert.equal(rows.length, 110);
    assert.deepEqual(rows.slice(-2), [
      { id: 109, body: 'wal-8' },
      { id: 110, body: 'wal-9' },
    ]);
    assert.deepEqual(snapshot(dir), before);
  });

  it('reads a WAL-mode database whose WAL is gone (checkpointed and removed) from its main file', async () => {
    const dir = copyOf('wal-tail');
    rmSync(join(dir, 'agent.db-wal'));
    const before = snapshot(dir);
    const rows = await readDatabase(join(dir, 'agent.db'), wasm, (db) => db.all('SELECT count(*) AS n FROM message'));
    assert.deepEqual(rows, [{ n: 100 }]);
    assert.deepEqual(snapshot(dir), before, 'no WAL was created');
  });

  it('binds parameters', async () => {
    const dir = copyOf('wal-tail');
    const rows = await readDatabase(join(dir, 'agent.db'), wasm, (db) => db.all('SELECT count(*) AS n FROM message WHERE id > ? AND body LIKE ?', [50, 'wal-%']));
    assert.deepEqual(rows, [{ n: 10 }]);
  });

  it('reads again when the writer checkpoints and restarts its WAL during a reading', async () => {
    const dir = copyOf('wal-tail');
    let attempts = 0;
    const rows = await readDatabase(join(dir, 'agent.db'), wasm, (db) => {
      attempts++;
      const seen = db.all('SELECT session, count(*) AS n FROM message GROUP BY session ORDER BY session');
      if (attempts === 1) {
        // What a writer does meanwhile: pages copied into the main file, the WAL started over with new salts.
        copyFileSync(join(fixtures, 'restarted', 'agent.db'), join(dir, 'agent.db'));
        copyFileSync(join(fixtures, 'restarted', 'agent.db-wal'), join(dir, 'agent.db-wal'));
      }
      return seen;
    });
    assert.equal(attempts, 2);
    assert.deepEqual(rows, [
      { session: 's1', n: 110 },
      { session: 's2', n: 5 },
    ]);
  });

  it('refuses a file that is not a database, and a missing one, with a clear error', async () => {
    await assert.rejects(
      readDatabase(join(fixtures, 'not-a-database', 'agent.db'), wasm, (db) => db.all('SELECT 1 FROM message')),
      (err: unknown) => err instanceof SqliteReadError && /not a database/.test(err.message),
    );
    await assert.rejects(
      readDatabase(join(fixtures, 'nope', 'agent.db'), wasm, (db) => db.all('SELECT 1')),
      (err: unknown) => err instanceof SqliteReadError || (err as NodeJS.ErrnoException).code === 'ENOENT',
    );
  });
});
