// Two indexers on one storage folder (two windows, the editor and the CLI) with different settings never lose each
// other's sessions: a pass runs under the storage lock, reads what the other saved first, and saves before letting
// go; a lock left by a dead process is taken over; a live one makes the other wait, or skip with a warning.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { IndexEngine } from '../../../src/indexer/indexEngine';
import { StorageLock } from '../../../src/store/storageLock';
import { copyFixture, newStorageDir, openEngine, type StorageCase } from '../helpers/storageCase';

const multiRepo = '/tmp/agent-trail-fixtures/multi-agent/demo-repo';

async function agents(engine: IndexEngine): Promise<string[]> {
  return (await engine.listSessions()).map((s) => s.agent).sort();
}

function multiAgent(): StorageCase {
  return copyFixture('multi-agent', 'home', 'all', multiRepo);
}

/** What a third indexer with every agent enabled sees once the given agents' transcripts are gone. */
async function afterTranscriptsDeleted(c: StorageCase, storage: string): Promise<string[]> {
  rmSync(join(c.data, '.claude', 'projects'), { recursive: true });
  rmSync(join(c.data, '.codex', 'sessions'), { recursive: true });
  const { engine } = await openEngine(c, storage);
  await engine.refresh();
  const seen = await agents(engine);
  await engine.dispose();
  return seen;
}

test('two indexers with different settings save one after the other: neither loses the other\'s sessions', async () => {
  const c = multiAgent();
  const storage = newStorageDir();
  // Both windows open the (empty) storage before either saved anything.
  const a = await openEngine(c, storage, {}, { exclude: ['**/.codex/**'] });
  const b = await openEngine(c, storage, {}, { exclude: ['**/.claude/**'] });
  await a.engine.refresh();
  await a.engine.flush();
  await b.engine.refresh();
  await b.engine.flush();
  await a.engine.dispose();
  await b.engine.dispose();
  assert.deepEqual(await afterTranscriptsDeleted(c, storage), ['claude-code', 'codex', 'gemini-cli']);
});

test('two indexers running passes at the same time on one storage folder: both sessions sets are kept', async () => {
  const c = multiAgent();
  const storage = newStorageDir();
  const a = await openEngine(c, storage, {}, { exclude: ['**/.codex/**'] });
  const b = await openEngine(c, storage, {}, { exclude: ['**/.claude/**'] });
  await Promise.all([a.engine.refresh(), b.engine.refresh()]);
  // The second one to finish saw the first one's save and read it: it shows both.
  await Promise.all([a.engine.refresh(), b.engine.refresh()]);
  await Promise.all([a.engine.dispose(), b.engine.dispose()]);
  assert.deepEqual(await afterTranscriptsDeleted(c, storage), ['claude-code', 'codex', 'gemini-cli']);
});

test('an indexer in another process saves while this one is open: its sessions survive this one\'s save', async () => {
  const c = multiAgent();
  const storage = newStorageDir();
  const a = await openEngine(c, storage, {}, { exclude: ['**/.codex/**'] });
  await a.engine.refresh();
  // A pass that ends within persistDelayMs of a save made during it keeps the lock until its persist timer fires, and
  // execFileSync below blocks this process's timers: on a loaded machine the CLI then waited 30 s and skipped its pass.
  await a.engine.flush();
  // The CLI, in its own process, indexes codex into the same folder.
  const cli = join(process.cwd(), 'dist', 'cli.js');
  execFileSync(process.execPath, [cli, 'sessions', '--json', '--workspace', multiRepo, '--cache-dir', storage, '--no-claude', '--no-gemini'], {
    env: { ...process.env, HOME: c.data, CODEX_HOME: join(c.data, '.codex') },
    stdio: 'pipe',
  });
  await a.engine.refresh();
  assert.deepEqual(await agents(a.engine), ['claude-code', 'codex', 'gemini-cli'], 'the other process\'s sessions are read');
  await a.engine.dispose();
  assert.deepEqual(await afterTranscriptsDeleted(c, storage), ['claude-code', 'codex', 'gemini-cli']);
});

test('a lock left by a dead process is taken over; a live holder makes a pass wait, then skip with a warning', async () => {
  const c = multiAgent();
  const storage = newStorageDir();
  const first = await openEngine(c, storage);
  // A process that died holding the lock (this host, a pid that is not running).
  const dead = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).toString());
  writeFileSync(join(storage, 'index.lock'), JSON.stringify({ pid: dead, host: hostname(), token: 'dead', since: '2020-01-01T00:00:00.000Z' }));
  await first.engine.refresh();
  assert.deepEqual(await agents(first.engine), ['claude-code', 'codex', 'gemini-cli']);
  await first.engine.dispose();

  const holder = new StorageLock(join(storage, 'index.lock'));
  assert.equal(holder.tryAcquire().acquired, true);
  const waiting = await openEngine(c, storage, { lockWaitMs: 300 });
  const released = new Promise<void>((resolve) =>
    setTimeout(() => {
      holder.release();
      resolve();
    }, 100),
  );
  await waiting.engine.refresh();
  await released;
  assert.ok(!waiting.logs.some((l) => l.level === 'warn'), 'waited for the holder instead of skipping');

  assert.equal(holder.tryAcquire().acquired, true);
  const skipping = await openEngine(c, storage, { lockWaitMs: 50 });
  await skipping.engine.refresh();
  assert.ok(
    skipping.logs.some((l) => l.level === 'warn' && l.message.includes(`process ${process.pid}`) && /skipped/.test(l.message)),
    JSON.stringify(skipping.logs),
  );
  assert.equal((await skipping.engine.listSessions()).length, 3, 'the saved index is still shown');
  holder.release();
  await Promise.all([waiting.engine.dispose(), skipping.engine.dispose()]);
});
