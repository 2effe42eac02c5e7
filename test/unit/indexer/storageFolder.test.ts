// The storage folder itself: a DB of the current version whose tables differ is rebuilt (never "no such table"
// forever); the folder and everything in it is private to the user (created so, tightened when found open); what
// crashed writes and rebuilds leave behind is cleared; a folder that cannot be used is one clear, typed error.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileDamage, loadSqlJs } from '../../../src/store/sqlDatabase';
import { StorageError } from '../../../src/store/storageError';
import { copyFixture, findFiles, newStorageDir, openEngine, type StorageCase } from '../helpers/storageCase';

const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');

function claudePrint(): StorageCase {
  return copyFixture('claude-print', 'claude-home', 'claude-code', '/tmp/agent-trail-fixtures/claude-print/demo-repo');
}

async function indexOnce(c: StorageCase, storage: string): Promise<void> {
  const { engine } = await openEngine(c, storage);
  await engine.refresh();
  await engine.dispose();
}

/** Changes the saved DB with `sql`, keeping its user_version. */
async function alterDb(storage: string, sql: string): Promise<void> {
  const SQL = await loadSqlJs(wasm);
  const db = new SQL.Database(readFileSync(join(storage, 'index.db')));
  db.exec(sql);
  writeFileSync(join(storage, 'index.db'), db.export());
  db.close();
}

const mismatches: [string, string][] = [
  ['a missing table', 'DROP TABLE steps'],
  ['a missing column', 'ALTER TABLE commands DROP COLUMN failed'],
  ['a missing index', 'DROP INDEX file_changes_path'],
];

for (const [what, sql] of mismatches) {
  test(`a DB of the current schema version with ${what} is rebuilt, not used`, async () => {
    const c = claudePrint();
    const storage = newStorageDir();
    await indexOnce(c, storage);
    await alterDb(storage, sql);
    const { engine, logs } = await openEngine(c, storage);
    assert.equal(engine.storeOutcome, 'rebuilt-corrupt');
    assert.ok(logs.some((l) => l.level === 'warn' && /tables differ/.test(l.message)), JSON.stringify(logs));
    await engine.refresh();
    const [session] = await engine.listSessions();
    const detail = await engine.sessionDetail(session.key);
    assert.equal(detail?.prompts.length, 4);
    assert.ok(detail.prompts.every((p) => p.steps.length > 0), 'steps are back');
    await engine.dispose();
    const again = await openEngine(c, storage);
    assert.equal(again.engine.storeOutcome, 'loaded', 'the rebuilt DB is saved and used from then on');
    await again.engine.dispose();
  });
}

// A DB file is only ever replaced whole (complete, fsynced, renamed), so a damaged one was changed by something else:
// cut short, padded, or not a DB. The header tells, without reading every page at each start.
const damages: [string, (db: Buffer) => Buffer, RegExp][] = [
  ['cut short at a page boundary', (db) => db.subarray(0, db.length / 2 - ((db.length / 2) % 4096)), /pages where its header records/],
  ['cut short inside a page', (db) => db.subarray(0, db.length - 100), /not a whole number of/],
  ['padded with a partial page', (db) => Buffer.concat([db, Buffer.alloc(10)]), /not a whole number of/],
  ['overwritten from its start', (db) => Buffer.concat([Buffer.alloc(4096), db.subarray(4096)]), /not an SQLite database/],
];

for (const [what, damage, message] of damages) {
  test(`a saved DB ${what} is found at open and rebuilt`, async () => {
    const c = claudePrint();
    const storage = newStorageDir();
    await indexOnce(c, storage);
    const file = join(storage, 'index.db');
    const good = readFileSync(file);
    assert.equal(fileDamage(good), undefined);
    writeFileSync(file, damage(good));
    const { engine, logs } = await openEngine(c, storage);
    assert.equal(engine.storeOutcome, 'rebuilt-corrupt');
    assert.ok(logs.some((l) => l.level === 'warn' && message.test(l.message)), JSON.stringify(logs));
    await engine.refresh();
    const [session] = await engine.listSessions();
    assert.equal((await engine.listPrompts(session.key)).length, 4);
    await engine.dispose();
  });
}

function modes(storage: string): { path: string; mode: number }[] {
  const out: { path: string; mode: number }[] = [{ path: storage, mode: statSync(storage).mode & 0o777 }];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const st = statSync(p);
      out.push({ path: p, mode: st.mode & 0o777 });
      if (st.isDirectory()) {
        walk(p);
      }
    }
  };
  walk(storage);
  return out;
}

function assertPrivate(storage: string): void {
  const all = modes(storage);
  assert.ok(all.some((m) => m.path.endsWith('index.db')) && all.some((m) => m.path.endsWith('.atb')) && all.some((m) => m.path.endsWith('.jsonl')));
  for (const { path, mode } of all) {
    assert.equal(mode, statSync(path).isDirectory() ? 0o700 : 0o600, `${path} is ${mode.toString(8)}`);
  }
}

test('the storage folder is created 0700 with files 0600; one found open to others is tightened', async () => {
  const c = claudePrint();
  const storage = newStorageDir();
  const { engine } = await openEngine(c, storage);
  await engine.refresh();
  await engine.recordObservation('/tmp/agent-trail-fixtures/claude-print/demo-repo/README.md', '2030-01-01T00:00:00.000Z', 'secret\n');
  await engine.dispose();
  assertPrivate(storage);

  // Written by an earlier version (or copied) with the umask's 0755/0644.
  for (const { path } of modes(storage)) {
    chmodSync(path, statSync(path).isDirectory() ? 0o755 : 0o644);
  }
  const { engine: reopened, logs } = await openEngine(c, storage);
  assertPrivate(storage);
  assert.ok(logs.some((l) => /made \d+ folder\(s\) and file\(s\) private/.test(l.message)), JSON.stringify(logs));
  await reopened.dispose();
});

test('temporary files of unfinished writes and older moved-aside DB copies are removed; the newest copy is kept', async () => {
  const c = claudePrint();
  const storage = newStorageDir();
  await indexOnce(c, storage);
  const journal = join(storage, 'archive', 'journal');
  const left = ['index.db.4242.tmp', 'index.db.4242-0a1b2c3d.tmp', '.index.db.4242-0a1b2c3d.tmp', 'index.db.corrupt-1000', 'index.db.corrupt-3000', 'index.db.v3-2000'];
  for (const name of left) {
    writeFileSync(join(storage, name), 'x');
  }
  writeFileSync(join(journal, '0123456789abcdef0123456789abcdef.jsonl.4242.tmp'), 'x');
  await indexOnce(c, storage);
  assert.deepEqual(findFiles(storage, /\.tmp$/), []);
  assert.deepEqual(
    readdirSync(storage).filter((n) => n.startsWith('index.db.')),
    ['index.db.corrupt-3000'],
  );
});

test('a storage folder that cannot be created is one clear StorageError naming it', async () => {
  const c = claudePrint();
  const file = join(mkdtempSync(join(tmpdir(), 'at-persist-notdir-')), 'a-file');
  writeFileSync(file, '');
  const storage = join(file, 'storage');
  await assert.rejects(openEngine(c, storage), (err: unknown) => {
    assert.ok(err instanceof StorageError, String(err));
    assert.equal(err.failure, 'folder');
    assert.equal(err.path, storage);
    assert.match(err.message, /^cannot create the index folder .*a-file\/storage: /);
    assert.ok(!err.message.includes('\n'), 'one line');
    return true;
  });
});

test('a read-only storage folder is one clear StorageError, not an error at every save', async (t) => {
  const c = claudePrint();
  const root = mkdtempSync(join(tmpdir(), 'at-persist-ro-'));
  const storage = join(root, 'storage');
  mkdirSync(storage, { mode: 0o700 });
  let unmount = (): void => undefined;
  if (process.getuid?.() === 0) {
    // Permission bits do not stop root: a read-only file system does.
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', storage], { stdio: 'ignore' });
      unmount = () => execFileSync('umount', ['-l', storage], { stdio: 'ignore' });
    } catch {
      t.skip('running as root without mount: a read-only folder cannot be made');
      return;
    }
  } else {
    chmodSync(storage, 0o500);
  }
  try {
    await assert.rejects(openEngine(c, storage), (err: unknown) => {
      assert.ok(err instanceof StorageError, String(err));
      assert.equal(err.failure, 'folder');
      assert.match(err.message, /^the index folder .*storage is not writable: .*\((EROFS|EACCES)\)$/);
      return true;
    });
  } finally {
    unmount();
    rmSync(root, { recursive: true, force: true });
  }
});
