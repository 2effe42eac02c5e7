// The DB is saved (a whole snapshot) only when that pays, and the archive journal is the durable record between
// saves: a burst of agent activity writes journal lines, not the whole DB; an indexer killed or abandoned between
// saves loses nothing (the next start, or another process, applies the lines the journals gained, and only those);
// the journal does not take the same lines twice when the transcript is read on from the saved DB's older cursor.
import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createWorkerIndexService, type WorkerIndexService } from '../../../src/indexer/indexWorkerClient';
import { dbStamp, sameStamp } from '../../../src/store/sqlDatabase';
import { claudeTranscript, copyFixture, extraClaudePrompt, newStorageDir, openEngine, type StorageCase } from '../helpers/storageCase';

const worker = join(process.cwd(), 'dist/indexWorker.js');
/** Never idle long enough to save within a test: only the size policy and flush() save. */
const noIdleSave = { persistDelayMs: 600_000 };

function claudePrint(): StorageCase {
  return copyFixture('claude-print', 'claude-home', 'claude-code', '/tmp/agent-trail-fixtures/claude-print/demo-repo');
}

function journalBytes(storage: string): number {
  const dir = join(storage, 'archive', 'journal');
  return readdirSync(dir)
    .filter((n) => n.endsWith('.jsonl'))
    .reduce((sum, n) => sum + statSync(join(dir, n)).size, 0);
}

function saves(logs: { message: string }[]): number {
  return logs.filter((l) => /^\[store\] saved \d+ bytes/.test(l.message)).length;
}

test('bursts of agent activity append to the journal and do not rewrite the DB; once the journal since the save reaches a quarter of the DB, it is saved', async () => {
  const c = claudePrint();
  const transcript = claudeTranscript(c);
  const storage = newStorageDir();
  const { engine, logs } = await openEngine(c, storage, { snapshotPolicy: { fraction: 0.25, minBytes: 0, idleFraction: 0.05 } }, noIdleSave);
  await engine.refresh();
  assert.equal(saves(logs), 1, 'a new DB is saved at the end of its first pass');
  const db = join(storage, 'index.db');
  const saved = dbStamp(db);
  const dbSize = statSync(db).size;
  const [session] = await engine.listSessions();
  for (let i = 0; i < 3; i++) {
    const journalBefore = journalBytes(storage);
    appendFileSync(transcript, extraClaudePrompt(transcript, `burst-prompt-${i}`, `a short prompt ${i}`));
    await engine.refresh();
    assert.ok(journalBytes(storage) > journalBefore, 'the journal took the new prompt');
    assert.ok(sameStamp(dbStamp(db), saved), `burst ${i}: the DB file was not rewritten`);
  }
  assert.equal(saves(logs), 1);
  assert.deepEqual((await engine.listPrompts(session.key)).slice(-3).map((p) => p.text), ['a short prompt 0', 'a short prompt 1', 'a short prompt 2']);
  // A pasted text of half the DB's size: the journal since the save is now worth a new snapshot.
  appendFileSync(transcript, extraClaudePrompt(transcript, 'large-prompt', `pasted ${'y'.repeat(Math.ceil(dbSize / 2))}`));
  await engine.refresh();
  assert.equal(saves(logs), 2, 'saved once the journal since the last save reached a quarter of the DB');
  assert.ok(!sameStamp(dbStamp(db), saved));
  await engine.dispose();
});

test('idle after a small burst, the DB is not saved (its journal lines hold it); idle after a burst of a twentieth of the DB or more, it is', async () => {
  const c = claudePrint();
  const transcript = claudeTranscript(c);
  const storage = newStorageDir();
  const { engine, logs } = await openEngine(c, storage, {}, { persistDelayMs: 20 });
  await engine.refresh();
  assert.equal(saves(logs), 1, 'a new DB is saved at the end of its first pass');
  const db = join(storage, 'index.db');
  const saved = dbStamp(db);
  const dbSize = statSync(db).size;
  appendFileSync(transcript, extraClaudePrompt(transcript, 'small-burst', 'a short prompt'));
  await engine.refresh();
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(saves(logs), 1, 'idle, but a few hundred bytes journaled do not pay for a whole-DB save');
  assert.ok(sameStamp(dbStamp(db), saved));
  assert.ok(logs.some((l) => /idle: the journal holds what changed/.test(l.message)));
  appendFileSync(transcript, extraClaudePrompt(transcript, 'larger-burst', `pasted ${'z'.repeat(Math.ceil(dbSize / 10))}`));
  await engine.refresh();
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(saves(logs), 2, 'idle after a tenth of the DB journaled: saved');
  await engine.dispose();
});

/** An indexer that saved, then journaled one more prompt `text` without saving it (it is then abandoned). */
async function journaledNotSaved(uuid: string, text: string) {
  const c = claudePrint();
  const transcript = claudeTranscript(c);
  const storage = newStorageDir();
  const first = await openEngine(c, storage, {}, noIdleSave);
  await first.engine.refresh();
  await first.engine.flush();
  const [session] = await first.engine.listSessions();
  appendFileSync(transcript, extraClaudePrompt(transcript, uuid, text));
  await first.engine.refresh();
  return { c, transcript, storage, first, session };
}

test('an indexer abandoned between saves (never disposed): the next start has everything, the transcript deleted meanwhile', async () => {
  const { c, transcript, storage, first, session } = await journaledNotSaved('unsaved-prompt-1', 'written after the last save');
  const expected = (await first.engine.listPrompts(session.key)).map((p) => p.text);
  assert.equal(expected.at(-1), 'written after the last save');
  // The process stops here: no flush, no dispose. Then the agent's transcript goes (Claude Code deletes old ones).
  rmSync(transcript);
  const second = await openEngine(c, storage, { lockWaitMs: 2000 }, noIdleSave);
  await second.engine.refresh();
  assert.deepEqual((await second.engine.listPrompts(session.key)).map((p) => p.text), expected);
  assert.ok(second.logs.some((l) => /applied what 1 archive journal\(s\) gained since the index was saved/.test(l.message)), JSON.stringify(second.logs));
  await second.engine.dispose();
  // What the second one saved holds it too.
  const third = await openEngine(c, storage);
  await third.engine.refresh();
  assert.deepEqual((await third.engine.listPrompts(session.key)).map((p) => p.text), expected);
  await third.engine.dispose();
});

test('a transcript read on from the saved DB\'s older cursor: the journal lines applied at start are not journaled twice', async () => {
  const { c, transcript, storage, session } = await journaledNotSaved('unsaved-prompt-2', 'journaled, not saved');
  const journal = journalBytes(storage);
  // Abandoned; the transcript stays, so the next start reads on from the saved DB's cursor (before the new prompt).
  const second = await openEngine(c, storage, {}, noIdleSave);
  await second.engine.refresh();
  assert.equal(journalBytes(storage), journal, 'the journal already held those lines');
  const texts = (await second.engine.listPrompts(session.key)).map((p) => p.text);
  assert.equal(texts.filter((t) => t === 'journaled, not saved').length, 1);
  // And what comes next is journaled as usual.
  appendFileSync(transcript, extraClaudePrompt(transcript, 'later-prompt', 'after the restart'));
  await second.engine.refresh();
  assert.ok(journalBytes(storage) > journal);
  await second.engine.dispose();
});

test('two indexers on one storage folder: what one journaled without saving is applied by the other before it saves', async () => {
  const c = copyFixture('multi-agent', 'home', 'all', '/tmp/agent-trail-fixtures/multi-agent/demo-repo');
  const storage = newStorageDir();
  // Both open the storage first (each holds its own DB in memory).
  const a = await openEngine(c, storage, {}, { exclude: ['**/.codex/**'], ...noIdleSave });
  const b = await openEngine(c, storage, {}, { exclude: ['**/.claude/**'], ...noIdleSave });
  await b.engine.refresh();
  await b.engine.flush();
  await a.engine.refresh();
  // `a` stops between saves (abandoned); `b` indexes again and saves its DB over the one `a` never wrote.
  await b.engine.refresh();
  await b.engine.dispose();
  rmSync(join(c.data, '.claude', 'projects'), { recursive: true });
  rmSync(join(c.data, '.codex', 'sessions'), { recursive: true });
  const third = await openEngine(c, storage);
  // Read without a pass (what the saved DB holds), then after one.
  const saved = (await third.engine.listSessions()).map((s) => s.agent).sort();
  assert.deepEqual(saved, ['claude-code', 'codex', 'gemini-cli'], 'b saved a\'s unsaved sessions too');
  await third.engine.refresh();
  assert.deepEqual((await third.engine.listSessions()).map((s) => s.agent).sort(), ['claude-code', 'codex', 'gemini-cli']);
  await third.engine.dispose();
});

test('the index worker killed between saves: the restarted worker has everything, the transcript deleted meanwhile', async () => {
  const c = claudePrint();
  const transcript = claudeTranscript(c);
  const service = createWorkerIndexService(worker) as WorkerIndexService;
  const restarted = new Promise<void>((resolve) => service.onLog((_level, message) => message.includes('restarting') && resolve()));
  try {
    await service.configure(c.config(newStorageDir(), noIdleSave));
    await service.refresh();
    await service.flush();
    const [session] = await service.listSessions();
    appendFileSync(transcript, extraClaudePrompt(transcript, 'unsaved-prompt-3', 'before the crash'));
    await service.refresh();
    const expected = (await service.listPrompts(session.key)).map((p) => p.text);
    assert.equal(expected.at(-1), 'before the crash');
    rmSync(transcript);
    await service.crashForTest();
    await restarted;
    let texts: string[] | undefined;
    for (let i = 0; i < 100 && texts?.length !== expected.length; i++) {
      await service.refresh().catch(() => undefined);
      texts = await service
        .listPrompts(session.key)
        .then((ps) => ps.map((p) => p.text))
        .catch(() => undefined);
      if (texts?.length !== expected.length) {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    assert.deepEqual(texts, expected);
  } finally {
    await service.dispose();
  }
});
