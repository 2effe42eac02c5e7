// The legacy (≤ 0.38) whole-document `.json` era, parsed with parseDocument, in the 0.25–0.38 shape (results with a
// FileDiff display). No real public legacy session with tool results exists, so the inputs are DERIVED from the
// recorded 0.61.0 session (see test/fixtures/public/gemini-cli/README.md): the checked-in conversion, and the current
// recording converted here. The 0.4–0.24 shape (no display) is recorded genuinely: recordedLegacy.test.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { geminiCliAdapter } from '../../../../src/adapters/geminiCli/geminiCliAdapter';
import type { TranscriptFile } from '../../../../src/adapters/adapter';
import { SessionFold } from '../../../../src/core/sessionFold';
import { runAdapter } from '../../helpers/parseWithAdapter';
import { appendFile, fixturesRoot, readScenario, recordedGemini, toLegacyDocument } from './recordedFixtures';

const derived = path.join(fixturesRoot, 'public/gemini-cli/DERIVED-legacy-gemini-print-session.json');
const scenario = readScenario(path.join(fixturesRoot, 'scenarios/gemini-print.json'));
const cwd = '/tmp/agent-trail-fixtures/gemini-print/demo-repo';

function parseWhole(p: string, text: string, cwdHint = cwd) {
  const file: TranscriptFile = { agent: 'gemini-cli', path: p, mode: 'whole', cwdHint };
  const out = geminiCliAdapter.parseDocument(file, text);
  const fold = new SessionFold();
  fold.apply(out.ops, p);
  return { ...out, sessions: fold.result() };
}

test('legacy document: metadata, the typed prompts, steps with exact file contents', () => {
  const text = readFileSync(derived, 'utf8');
  const doc = JSON.parse(text) as { sessionId: string; startTime: string; lastUpdated: string };
  const { sessions, issues, state } = parseWhole(derived, text);
  assert.deepEqual(issues, []);
  assert.equal(sessions.length, 1);
  const s = sessions[0];
  assert.equal(s.id, doc.sessionId);
  assert.equal(s.cwd, cwd);
  assert.equal(s.startedAt, doc.startTime);
  assert.equal(s.updatedAt, doc.lastUpdated);
  assert.deepEqual(s.prompts.map((p) => p.text), scenario.turns.map((t) => t.prompt));
  assert.equal(state.messages.length, 13);
  const toolSteps = s.prompts.flatMap((p) => p.steps).flatMap((st) => (st.type === 'tool' ? [st] : []));
  assert.deepEqual(
    toolSteps.map((t) => t.name),
    scenario.turns.flatMap((t) => t.steps.flatMap((st) => (st.calls ?? []).map((c) => c.name))),
  );
  for (const t of toolSteps) {
    const input = t.input as Record<string, string>;
    if (t.name === 'write_file') {
      assert.equal(t.fileChanges[0].after, input.content);
    }
    if (t.name === 'replace') {
      const [change] = t.fileChanges;
      assert.equal(change.op, 'update');
      assert.equal(change.after, change.before?.replace(input.old_string, input.new_string));
    }
  }
  assert.deepEqual(
    toolSteps.filter((t) => t.kind === 'shell').map((t) => t.command?.exitCode),
    [0, 1, 0, 0],
  );
});

test('legacy document of the current recording = the JSONL parse of it', (t) => {
  const run = recordedGemini('gemini-print', 'gemini-print', 'gemini-print/gemini-home', 'gemini-print.json');
  if (!run) {
    t.skip('recorded gemini-print missing');
    return;
  }
  const legacy = parseWhole('/x/session-legacy.json', JSON.stringify(toLegacyDocument(readFileSync(run.main, 'utf8')), null, 2), run.repo);
  const jsonl = runAdapter(geminiCliAdapter, [appendFile(run.main, run.repo)]);
  assert.deepEqual(legacy.issues, []);
  assert.deepEqual(legacy.sessions[0].prompts, jsonl.sessions[0].prompts);
  assert.equal(legacy.sessions[0].id, jsonl.sessions[0].id);
});

test('a .json path holding JSONL (migrated and handed over whole) is parsed as lines', () => {
  const p = path.join(fixturesRoot, 'public/gemini-cli/gitai-gemini-session-simple.jsonl');
  const whole = parseWhole('/x/gitai-gemini-session-simple.json', readFileSync(p, 'utf8'), '');
  const lines = runAdapter(geminiCliAdapter, [appendFile(p)]);
  assert.deepEqual(whole.issues, []);
  assert.deepEqual(whole.sessions[0].prompts, lines.sessions[0].prompts);
});

test('legacy summary is the title; metadata without messages still announces the session', () => {
  const doc = { sessionId: 's-1', projectHash: 'h', startTime: '2026-01-01T00:00:00.000Z', lastUpdated: '2026-01-01T00:05:00.000Z', summary: 'Fix the parser', messages: [] };
  const { sessions, issues } = parseWhole('/x/session-s.json', JSON.stringify(doc));
  assert.deepEqual(issues, []);
  assert.equal(sessions[0].title, 'Fix the parser');
  assert.equal(sessions[0].startedAt, '2026-01-01T00:00:00.000Z');
  assert.equal(sessions[0].updatedAt, '2026-01-01T00:05:00.000Z');
  assert.deepEqual(sessions[0].prompts, []);
});
