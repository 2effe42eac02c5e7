// The archive only grows: a transcript rewritten shorter (agents compact or rewrite files, users truncate them) keeps
// everything already read through a rebuild of the DB and through the transcript's deletion. Recorded Claude Code
// (append) and legacy Gemini CLI (whole document) transcripts.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { IndexEngine } from '../../../src/indexer/indexEngine';
import { claudeTranscript, copyFixture, cutClaudeTranscriptBeforePrompt, findFiles, newStorageDir, openEngine, type StorageCase } from '../helpers/storageCase';

async function promptTexts(engine: IndexEngine): Promise<string[][]> {
  const out: string[][] = [];
  for (const s of await engine.listSessions()) {
    out.push((await engine.listPrompts(s.key)).map((p) => p.text));
  }
  return out;
}

async function indexed(c: StorageCase, storage: string): Promise<IndexEngine> {
  const { engine } = await openEngine(c, storage);
  await engine.refresh();
  return engine;
}

/** Shrinks the transcript, lets the index see it, then damages the DB, rebuilds, deletes the transcript, rebuilds. */
async function shrinkRebuildDelete(c: StorageCase, transcript: string, shrink: () => void): Promise<void> {
  const storage = newStorageDir();
  const first = await indexed(c, storage);
  const expected = await promptTexts(first);
  const detail = await first.sessionDetail((await first.listSessions())[0].key);
  assert.ok(expected[0].length >= 2, 'a session of several prompts');

  shrink();
  await first.refresh();
  assert.deepEqual(await promptTexts(first), expected, 'the running index keeps what the transcript no longer has');
  await first.dispose();

  writeFileSync(join(storage, 'index.db'), 'garbage');
  const rebuilt = await indexed(c, storage);
  assert.equal(rebuilt.storeOutcome, 'rebuilt-corrupt');
  assert.deepEqual(await promptTexts(rebuilt), expected, 'a rebuild restores everything archived, not the shorter transcript');
  await rebuilt.dispose();

  rmSync(transcript);
  const afterDelete = await indexed(c, storage);
  assert.deepEqual(await promptTexts(afterDelete), expected, 'the transcript deleted: the archive still has every prompt');
  await afterDelete.dispose();

  writeFileSync(join(storage, 'index.db'), 'garbage');
  const again = await indexed(c, storage);
  assert.deepEqual(await promptTexts(again), expected, 'and a rebuild from the archive alone');
  const [session] = await again.listSessions();
  const replayed = await again.sessionDetail(session.key);
  assert.deepEqual(
    replayed?.prompts.map((p) => p.steps.length),
    detail?.prompts.map((p) => p.steps.length),
    'every step of every prompt is back',
  );
  await again.dispose();
}

test('Claude Code transcript rewritten to its first prompt, DB rebuilt, transcript deleted: every prompt stays', async () => {
  const c = copyFixture('claude-print', 'claude-home', 'claude-code', '/tmp/agent-trail-fixtures/claude-print/demo-repo');
  const transcript = claudeTranscript(c);
  await shrinkRebuildDelete(c, transcript, () => cutClaudeTranscriptBeforePrompt(transcript, 2));
});

test('legacy Gemini CLI document rewritten without its later messages, DB rebuilt, document deleted: every prompt stays', async () => {
  const c = copyFixture('gemini-legacy-print', 'gemini-home', 'gemini-cli', '/tmp/agent-trail-fixtures/gemini-legacy-print/demo-repo');
  const [doc] = findFiles(c.data, /session-.*\.json$/);
  assert.ok(doc);
  await shrinkRebuildDelete(c, doc, () => {
    const d = JSON.parse(readFileSync(doc, 'utf8')) as { messages: { type: string }[] };
    const second = d.messages.findIndex((m, i) => i > 0 && m.type === 'user');
    d.messages = d.messages.slice(0, second);
    writeFileSync(doc, JSON.stringify(d, null, 2));
  });
});

test('an unchanged transcript read again after a rebuild does not grow its journal', async () => {
  const c = copyFixture('claude-print', 'claude-home', 'claude-code', '/tmp/agent-trail-fixtures/claude-print/demo-repo');
  const storage = newStorageDir();
  const first = await indexed(c, storage);
  await first.dispose();
  const journalDir = join(storage, 'archive', 'journal');
  const [journal] = findFiles(journalDir, /\.jsonl$/);
  const before = readFileSync(journal, 'utf8').split('\n').filter((l) => l.startsWith('['));
  writeFileSync(join(storage, 'index.db'), 'garbage');
  const rebuilt = await indexed(c, storage);
  await rebuilt.dispose();
  const after = readFileSync(journal, 'utf8').split('\n').filter((l) => l.startsWith('['));
  assert.deepEqual(after, before, 'the new reading replaced the one the transcript still holds');
});

test('a rebuild by an indexer whose settings skip some transcripts still brings back everything archived for them', async () => {
  const c = copyFixture('multi-agent', 'home', 'all', '/tmp/agent-trail-fixtures/multi-agent/demo-repo');
  const storage = newStorageDir();
  const all = await indexed(c, storage);
  const expected = (await all.listSessions()).map((s) => s.key).sort();
  await all.dispose();
  writeFileSync(join(storage, 'index.db'), 'garbage');
  const { engine: noCodex } = await openEngine(c, storage, {}, { exclude: ['**/.codex/**'] });
  await noCodex.refresh();
  assert.deepEqual((await noCodex.listSessions()).map((s) => s.key).sort(), expected, 'codex sessions come from the archive');
  await noCodex.dispose();
  rmSync(join(c.data, '.codex', 'sessions'), { recursive: true });
  const later = await indexed(c, storage);
  assert.deepEqual((await later.listSessions()).map((s) => s.key).sort(), expected, 'and stay once their transcripts are gone');
  await later.dispose();
});
