// A full disk never publishes a truncated index or a torn journal: the DB is written completely or not at all (the
// previous good one stays), a journal append that does not fit is taken back, the error is logged, no temporary file
// is left, and once there is room again the next pass saves everything. Run for real on a small tmpfs when the test
// may mount one (root), and with the write system call limited to a byte budget everywhere.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { limitWrites } from '../helpers/writeBudget';
import { claudeTranscript, copyFixture, extraClaudePrompt, findFiles, openEngine } from '../helpers/storageCase';

interface Disk {
  storage: string;
  /** Leaves about `bytes` free. */
  fill(bytes: number): void;
  /** Room again. */
  free(): void;
  dispose(): void;
}

function tmpfsDisk(): Disk | undefined {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    return undefined;
  }
  const mount = mkdtempSync(join(tmpdir(), 'at-persist-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount], { stdio: 'ignore' });
  } catch {
    rmSync(mount, { recursive: true, force: true });
    return undefined;
  }
  const filler = join(mount, 'filler');
  return {
    storage: join(mount, 'storage'),
    fill(bytes) {
      const st = statfsSync(mount);
      writeFileSync(filler, Buffer.alloc(Math.max(0, st.bavail * st.bsize - bytes)));
    },
    free: () => rmSync(filler, { force: true }),
    dispose() {
      // Lazily: a failed assertion leaves the engine's files open.
      execFileSync('umount', ['-l', mount], { stdio: 'ignore' });
      rmSync(mount, { recursive: true, force: true });
    },
  };
}

/** The same disk, simulated: writes stop once `bytes` more have been written. */
function budgetDisk(): Disk {
  let lift = (): void => undefined;
  return {
    storage: join(mkdtempSync(join(tmpdir(), 'at-persist-budget-')), 'storage'),
    fill(bytes) {
      lift = limitWrites(bytes);
    },
    free: () => lift(),
    dispose: () => lift(),
  };
}

function noTemporaryFiles(storage: string): void {
  assert.deepEqual(findFiles(storage, /\.tmp$/), [], 'no temporary file left behind');
}

function journalsIntact(storage: string): void {
  for (const f of findFiles(join(storage, 'archive', 'journal'), /\.jsonl$/)) {
    const text = readFileSync(f, 'utf8');
    assert.ok(text.endsWith('\n'), `${f} ends in a whole line`);
    for (const line of text.split('\n').filter((l) => l !== '')) {
      assert.doesNotThrow(() => JSON.parse(line), `${f}: every line is whole`);
    }
  }
}

async function fullDiskScenario(disk: Disk): Promise<void> {
  const c = copyFixture('claude-print', 'claude-home', 'claude-code', '/tmp/agent-trail-fixtures/claude-print/demo-repo');
  const transcript = claudeTranscript(c);
  const { engine, logs } = await openEngine(c, disk.storage);
  await engine.refresh();
  await engine.flush();
  const dbFile = join(disk.storage, 'index.db');
  const goodDb = readFileSync(dbFile);
  const [session] = await engine.listSessions();
  const prompts = (await engine.listPrompts(session.key)).map((p) => p.text);

  // 1. Room for the journal, not for a new copy of the DB: the save fails, the previous DB stays.
  appendFileSync(transcript, extraClaudePrompt(transcript, 'extra-prompt-0001', 'one more small prompt'));
  disk.fill(Math.floor(goodDb.length / 3));
  await engine.refresh();
  await engine.flush();
  assert.deepEqual(readFileSync(dbFile), goodDb, 'the previous good DB is intact');
  assert.ok(
    logs.some((l) => l.level === 'error' && /could not save the index/.test(l.message) && /no space left|ENOSPC/i.test(l.message)),
    `the failure is logged: ${JSON.stringify(logs.filter((l) => l.level === 'error'))}`,
  );
  assert.ok(!logs.some((l) => /saved \d+ bytes|persisted \d+ bytes/.test(l.message) && !l.message.includes(String(goodDb.length))), 'no save is claimed');
  noTemporaryFiles(disk.storage);
  journalsIntact(disk.storage);

  // 2. A batch larger than the room left: the journal append is taken back, the transcript's cursor stays.
  disk.free();
  disk.fill(16 * 1024);
  appendFileSync(transcript, extraClaudePrompt(transcript, 'extra-prompt-0002', `a pasted log ${'x'.repeat(200_000)}`));
  const stats = await engine.refresh();
  await engine.flush();
  assert.ok((stats.issues.io ?? 0) >= 1, `the failed batch is counted: ${JSON.stringify(stats.issues)}`);
  assert.deepEqual(readFileSync(dbFile), goodDb, 'still the previous good DB');
  noTemporaryFiles(disk.storage);
  journalsIntact(disk.storage);

  // 3. Room again: the next pass indexes what failed and saves it all.
  disk.free();
  await engine.refresh();
  await engine.dispose();
  noTemporaryFiles(disk.storage);
  journalsIntact(disk.storage);
  const { engine: reopened } = await openEngine(c, disk.storage);
  assert.equal(reopened.storeOutcome, 'loaded');
  const texts = (await reopened.listPrompts(session.key)).map((p) => p.text);
  assert.deepEqual(texts.slice(0, prompts.length), prompts);
  assert.deepEqual(texts.slice(prompts.length).map((t) => t.slice(0, 20)), ['one more small promp', 'a pasted log xxxxxxx']);
  await reopened.dispose();

  // 4. And the journal alone brings all of it back.
  rmSync(transcript);
  writeFileSync(dbFile, 'garbage');
  const rebuilt = await openEngine(c, disk.storage);
  await rebuilt.engine.refresh();
  assert.deepEqual((await rebuilt.engine.listPrompts(session.key)).map((p) => p.text), texts);
  await rebuilt.engine.dispose();
}

test('a real full disk (1 MB tmpfs): previous DB intact, journal whole, error logged, no temp file, retry saves', async (t) => {
  const disk = tmpfsDisk();
  if (!disk) {
    t.skip('mounting a tmpfs needs root on Linux; the simulated disk below covers the same steps');
    return;
  }
  try {
    await fullDiskScenario(disk);
  } finally {
    disk.dispose();
  }
});

test('a disk that fills up (writes limited to a byte budget): the same guarantees', async () => {
  const disk = budgetDisk();
  try {
    await fullDiskScenario(disk);
  } finally {
    disk.dispose();
  }
  assert.deepEqual(readdirSync(disk.storage).filter((n) => n.endsWith('.tmp')), []);
});
