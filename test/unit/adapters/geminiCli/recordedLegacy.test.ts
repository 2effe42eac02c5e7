// Real Gemini CLI 0.24.5 session documents (legacy `session-*.json`, recorded against a scripted model in
// test/fixtures/recorded/gemini-legacy-print): write_file/replace results there carry no resultDisplay, so the file
// changes come from the arguments, the result texts and whole reads earlier in the prompt. Every content the adapter
// states is checked against the recorder's work-tree snapshots, and every patch it records must turn the snapshot
// before its step into the snapshot after it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { geminiCliAdapter } from '../../../../src/adapters/geminiCli/geminiCliAdapter';
import type { SessionDetail, ToolCallStep } from '../../../../src/core/model';
import { relativeTo } from '../../../../src/core/paths';
import { SessionFold } from '../../../../src/core/sessionFold';
import { applyRecordedPatch } from '../../../../src/store/recordedPatch';
import { runAdapter } from '../../helpers/parseWithAdapter';
import { afterStepDir, beforeStepDir, fixturesRoot, listFiles, readScenario, recordedLegacy, repoPathOf, snapshotFile } from './recordedFixtures';

type Rec = Record<string, unknown>;

function parseLegacy(p: string, text: string, cwdHint: string): SessionDetail[] {
  const out = geminiCliAdapter.parseDocument({ agent: 'gemini-cli', path: p, mode: 'whole', cwdHint }, text);
  assert.deepEqual(out.issues, []);
  const fold = new SessionFold();
  fold.apply(out.ops, p);
  return fold.result();
}

function tools(s: SessionDetail): ToolCallStep[] {
  return s.prompts.flatMap((p) => p.steps).filter((st): st is ToolCallStep => st.type === 'tool');
}

const run = recordedLegacy('gemini-legacy-print');
const scenarioPath = path.join(fixturesRoot, 'scenarios/gemini-legacy-print.json');

describe('recorded Gemini CLI 0.24.5 session document (gemini-legacy-print)', () => {
  test('one session: the typed prompts in order, every scripted call a tool step, no issues', (t) => {
    if (!run) {
      t.skip('gemini-legacy-print not recorded');
      return;
    }
    const { sessions, issues } = runAdapter(geminiCliAdapter, [{ agent: 'gemini-cli', path: run.document, mode: 'whole', cwdHint: run.repo }]);
    assert.deepEqual(issues, []);
    assert.equal(sessions.length, 1);
    const scenario = readScenario(scenarioPath);
    assert.deepEqual(sessions[0].prompts.map((p) => p.text), scenario.turns.map((turn) => turn.prompt));
    assert.deepEqual(
      tools(sessions[0]).map((st) => st.name),
      scenario.turns.flatMap((turn) => turn.steps.flatMap((st) => (st.calls ?? []).map((c) => c.name))),
    );
  });

  test('file changes: exact where the records prove it, patches that replay to the snapshots, none for a failed write', (t) => {
    if (!run) {
      t.skip('gemini-legacy-print not recorded');
      return;
    }
    const [s] = parseLegacy(run.document, readFileSync(run.document, 'utf8'), run.repo);
    const scenario = readScenario(scenarioPath);
    // The recorder's mock runs the scripted calls in order: the n-th tool step is the n-th scripted call.
    const positions = scenario.turns.flatMap((turn, ti) => turn.steps.flatMap((st, si) => (st.calls ?? []).map(() => ({ turn: ti + 1, step: si + 1 }))));
    const steps = tools(s);
    assert.equal(steps.length, positions.length);
    const shapes: string[] = [];
    steps.forEach((st, i) => {
      const { turn, step } = positions[i];
      for (const change of st.fileChanges) {
        const rel = relativeTo(change.path, run.repo);
        assert.ok(rel && rel !== '.', change.path);
        const before = snapshotFile(beforeStepDir(run.runDir, turn, step), rel);
        const after = snapshotFile(afterStepDir(run.runDir, turn, step), rel);
        assert.equal(change.op, before === null ? 'create' : 'update', `${st.name} ${rel}`);
        if (change.before !== undefined) {
          assert.equal(change.before, before, `before of ${st.name} ${rel} (turn ${turn} step ${step})`);
        }
        if (change.after !== undefined) {
          assert.equal(change.after, after, `after of ${st.name} ${rel} (turn ${turn} step ${step})`);
        }
        if (change.patch !== undefined) {
          assert.equal(typeof before, 'string');
          assert.equal(applyRecordedPatch(before ?? '', change.patch), after, `patch of ${st.name} ${rel}`);
        }
        const known = [change.before !== undefined ? 'before' : '', change.after !== undefined ? 'after' : '', change.patch !== undefined ? 'patch' : ''].filter(Boolean);
        shapes.push(`P${turn} ${st.name} ${rel} ${change.op}: ${known.join('+')}`);
      }
    });
    assert.deepEqual(shapes, [
      // Created: the content is the argument (nothing for the edit corrector to unescape).
      'P1 write_file notes.js create: before+after',
      // The whole read_file of notes.js one model response earlier gives the content before (hand edit included).
      'P2 replace notes.js update: before+after',
      // No read of README.md in P3: only the arguments, replayed on whatever state is known before.
      'P3 write_file README.md update: patch',
      // Read in the step before: exact, trimmed by 0.24.5 because the old content ended in a newline.
      'P3 write_file notes.js update: before+after',
    ]);
    const failed = steps.find((st) => st.name === 'write_file' && st.result?.isError);
    assert.ok(failed, 'the write outside the workspace failed');
    assert.deepEqual(failed.fileChanges, []);
  });

  test('Gemini CLI 0.24.5 wrote an overwrite as content.trim() (why the argument alone is not the result)', (t) => {
    if (!run) {
      t.skip('gemini-legacy-print not recorded');
      return;
    }
    const doc = JSON.parse(readFileSync(run.document, 'utf8')) as { messages: Rec[] };
    const writes = doc.messages.flatMap((m) => (Array.isArray(m.toolCalls) ? (m.toolCalls as Rec[]) : [])).filter((c) => c.name === 'write_file' && c.status === 'success');
    const overwrites = writes.filter((c) => JSON.stringify(c.result).includes('Successfully overwrote file'));
    assert.equal(overwrites.length, 2);
    for (const c of overwrites) {
      const args = c.args as { file_path: string; content: string };
      const rel = relativeTo(args.file_path, run.repo) ?? '';
      const final = snapshotFile(path.join(run.runDir, 'snapshots/turn-3'), rel);
      assert.equal(c.resultDisplay, undefined);
      assert.notEqual(final, args.content);
      assert.equal(final, args.content.trim());
    }
  });
});

/** Typed prompt → tool call ids after it, from the raw records (an injected "System: Please continue." is not typed). */
function oracle(records: Rec[]): { prompts: string[]; calls: string[][]; injected: Rec[] } {
  const prompts: string[] = [];
  const calls: string[][] = [];
  const injected: Rec[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    const id = String(r.id);
    const text = typeof r.content === 'string' ? r.content : Array.isArray(r.content) ? (r.content as Rec[]).map((p) => (typeof p.text === 'string' ? p.text : '')).join('') : '';
    if (r.type === 'user' && !seen.has(id)) {
      if (text === 'System: Please continue.') {
        injected.push(r);
      } else if (text.trim() !== '') {
        prompts.push(text);
        calls.push([]);
      }
    }
    if (r.type === 'gemini') {
      for (const c of Array.isArray(r.toolCalls) ? (r.toolCalls as Rec[]) : []) {
        if (!calls[calls.length - 1].includes(String(c.id))) {
          calls[calls.length - 1].push(String(c.id));
        }
      }
    }
    seen.add(id);
  }
  return { prompts, calls, injected };
}

const continued = [
  { name: 'gemini-legacy-continue', ext: '.json' },
  { name: 'gemini-jsonl-continue', ext: '.jsonl' },
];

for (const { name, ext } of continued) {
  describe(`recorded "System: Please continue." (${name})`, () => {
    const runDir = path.join(fixturesRoot, 'recorded', name);
    const present = existsSync(path.join(runDir, 'meta.txt'));
    const files = present ? listFiles(path.join(runDir, 'gemini-home/tmp'), ext).filter((f) => f.includes('/chats/session-')) : [];
    const repo = present ? repoPathOf(runDir) : '';
    const records = (): Rec[] =>
      ext === '.json'
        ? ((JSON.parse(readFileSync(files[0], 'utf8')) as { messages: Rec[] }).messages)
        : files.flatMap((f) => readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Rec)).filter((r) => typeof r.id === 'string');

    test('the injected messages are no prompts: three typed prompts, numbered 1 to 3', (t) => {
      if (!present) {
        t.skip(`${name} not recorded`);
        return;
      }
      const scenario = readScenario(path.join(fixturesRoot, 'scenarios/gemini-continue.json'));
      const { injected } = oracle(records());
      // What the recording holds: one injection in P1 (after its first, empty answer) and one in P2 (after a tool
      // response); 0.41 records the first with the running prompt as displayContent, the second without.
      assert.equal(injected.length, 2);
      if (ext === '.jsonl') {
        assert.deepEqual(injected[0].displayContent, [{ text: scenario.turns[0].prompt }]);
        assert.equal(injected[1].displayContent, undefined);
      } else {
        assert.equal(injected[0].content, 'System: Please continue.');
      }
      const { sessions, issues } = runAdapter(
        geminiCliAdapter,
        files.map((f) => ({ agent: 'gemini-cli', path: f, mode: ext === '.json' ? 'whole' : 'append', cwdHint: repo })),
      );
      assert.deepEqual(issues, []);
      assert.equal(sessions.length, 1);
      assert.deepEqual(sessions[0].prompts.map((p) => [p.index, p.text]), scenario.turns.map((turn, i) => [i + 1, turn.prompt]));
    });

    test('the model steps after an injected message belong to the prompt that was running', (t) => {
      if (!present) {
        t.skip(`${name} not recorded`);
        return;
      }
      const expected = oracle(records());
      const { sessions } = runAdapter(
        geminiCliAdapter,
        files.map((f) => ({ agent: 'gemini-cli', path: f, mode: ext === '.json' ? 'whole' : 'append', cwdHint: repo })),
      );
      const got = sessions[0].prompts.map((p) => p.steps.filter((st) => st.type === 'tool').map((st) => st.id));
      assert.deepEqual(got, expected.calls);
      assert.ok(expected.calls[0].length >= 2, 'P1 has tool calls after its injected messages');
    });
  });
}
