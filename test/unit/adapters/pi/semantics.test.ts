// Pi semantics the recordings do not exercise, on minimal reproductions built from recorded lines: a `/tree` branch
// (the tree's other branch stays, in the order Pi wrote it), `/name`, the expansions Pi makes in the stored prompt
// (`@file` blocks, `/skill:`), a model switch, and Pi's line-numbered edit diff read into hunks.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { piAdapter } from '../../../../src/adapters/pi/piAdapter';
import { piDiffHunks } from '../../../../src/adapters/pi/piDiff';
import { typedPrompt } from '../../../../src/adapters/pi/promptText';
import type { TranscriptLine } from '../../../../src/adapters/adapter';
import { runAdapter, splitLines } from '../../helpers/parseWithAdapter';
import { appendFile, piRuns } from './recordedFixtures';

const dir = mkdtempSync(join(tmpdir(), 'pi-semantics-'));
const [notesCli] = piRuns('pi-notes-cli-v0.73.1');
/** Header … P1's last answer of the recorded pi-notes-cli (P1's user entry is 009144a0, its parent d4530f3e). */
const firstPrompt = readFileSync(notesCli.file, 'utf8').split('\n').slice(0, 11);

function file(name: string, lines: (string | object)[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return path;
}

const entry = (id: string, parentId: string, extra: object): object => ({ id, parentId, timestamp: '2026-12-03T17:40:00.000Z', ...extra });
const user = (id: string, parentId: string, text: string): object => entry(id, parentId, { type: 'message', message: { role: 'user', content: [{ type: 'text', text }], timestamp: 1 } });
const answer = (id: string, parentId: string, text: string, model = 'claude-sonnet-4-5'): object =>
  entry(id, parentId, { type: 'message', message: { role: 'assistant', content: [{ type: 'text', text }], model, stopReason: 'stop', timestamp: 2 } });

test('a /tree branch: both branches stay, in the order Pi wrote them, with every file change of the abandoned one', () => {
  // `/tree` back to before P1, with a summary of the abandoned branch, then a new prompt there.
  const path = file('2026-12-03T17-36-07-529Z_branch.jsonl', [
    ...firstPrompt,
    entry('f0000001', 'd4530f3e', { type: 'branch_summary', fromId: 'b4075ff2', summary: 'Created src/notes.js.' }),
    user('f0000002', 'f0000001', 'do it with a class instead'),
    answer('f0000003', 'f0000002', 'Done.'),
  ]);
  const lines = splitLines(readFileSync(path));
  let state = piAdapter.initialState(appendFile(path));
  const out = piAdapter.parseLines(appendFile(path), state, lines);
  state = out.state;
  assert.deepEqual(out.issues, []);
  assert.equal(state.branches, 1, 'the new prompt is seen starting a branch');
  const linear = piAdapter.parseLines(appendFile(notesCli.file), piAdapter.initialState(appendFile(notesCli.file)), splitLines(readFileSync(notesCli.file)));
  assert.equal(linear.state.branches, 0, 'parallel tool results form a chain, not branches');
  const { sessions } = runAdapter(piAdapter, [appendFile(path)], { chunks: 3 });
  const s = sessions[0];
  assert.deepEqual(
    s.prompts.map((p) => [p.index, p.text]),
    [
      [1, 'create a notes module in src/notes.js with add, list and remove'],
      [2, 'do it with a class instead'],
    ],
  );
  // Pi never reverts files when it moves the leaf: the abandoned branch's write and edit happened and stay.
  const changed = s.prompts[0].steps.flatMap((st) => (st.type === 'tool' ? st.fileChanges.map((c) => c.path) : []));
  assert.deepEqual(changed, [`${notesCli.cwd}/src/notes.js`, `${notesCli.cwd}/src/notes.js`]);
});

test('/name titles the session; a model switch adds the model; an image alone is a prompt', () => {
  const path = file('2026-12-03T17-36-07-529Z_named.jsonl', [
    ...firstPrompt,
    entry('f0000001', 'b4075ff2', { type: 'session_info', name: '  Notes module  ' }),
    entry('f0000002', 'f0000001', { type: 'model_change', provider: 'openai', modelId: 'gpt-5' }),
    user('f0000003', 'f0000002', 'and now?'),
    answer('f0000004', 'f0000003', 'Here.', 'gpt-5'),
    entry('f0000005', 'f0000004', { type: 'label', targetId: 'f0000003', label: 'checkpoint' }),
    entry('f0000006', 'f0000005', { type: 'compaction', summary: 's', firstKeptEntryId: 'f0000003', tokensBefore: 1 }),
    // A pasted image alone is a prompt too (with no text typed).
    entry('f0000007', 'f0000006', { type: 'message', message: { role: 'user', content: [{ type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' }], timestamp: 3 } }),
    answer('f0000008', 'f0000007', 'A screenshot.', 'gpt-5'),
  ]);
  const { sessions, issues } = runAdapter(piAdapter, [appendFile(path)]);
  assert.deepEqual(issues, []);
  assert.equal(sessions[0].title, 'Notes module');
  assert.deepEqual(sessions[0].models, ['claude-sonnet-4-5', 'gpt-5']);
  assert.deepEqual(
    sessions[0].prompts.map((p) => p.text),
    ['create a notes module in src/notes.js with add, list and remove', 'and now?', ''],
  );
  const last = sessions[0].prompts[1].steps[0];
  assert.equal(last.type === 'text' && last.model, 'gpt-5');
});

test('the prompt as typed: @file blocks Pi inlined before it and a /skill: expansion are undone, nothing else', () => {
  assert.equal(typedPrompt('<file name="/w/a.js">\nconst a = 1;\n</file>\n<file name="/w/b.png"></file>\nexplain a.js'), 'explain a.js');
  assert.equal(typedPrompt('<skill name="review" location="/h/.pi/skills/review/SKILL.md">\nReferences are relative to /h.\n\nBody\n</skill>\n\nsrc/a.js'), '/skill:review src/a.js');
  assert.equal(typedPrompt('<skill name="review" location="/h/SKILL.md">\nBody\n</skill>'), '/skill:review');
  assert.equal(typedPrompt('what does <file name="x"> mean?'), 'what does <file name="x"> mean?');
  assert.equal(typedPrompt('<file name="/w/a.js">\nonly a file\n</file>\n'), '<file name="/w/a.js">\nonly a file\n</file>\n', 'a message that is only a file block is kept whole');
});

test("Pi's line-numbered diff: hunks placed by its numbers, elided context between them, anything inconsistent refused", () => {
  // Recorded (pi-notes-cli P1): an append after 4 lines of context, the start elided.
  const recorded = '    ...\n  8 function list() {\n  9   return notes.map(n => `${n.id}: ${n.text}`);\n 10 }\n 11 \n-12 module.exports = { add, list };\n+12 function remove(id) {\n+13   const i = notes.findIndex(n => n.id === id);\n+14   if (i >= 0) notes.splice(i, 1);\n+15   return i >= 0;\n+16 }\n+17 \n+18 module.exports = { add, list, remove };';
  assert.deepEqual(piDiffHunks(recorded), [
    {
      oldStart: 8,
      oldLines: 5,
      newStart: 8,
      newLines: 11,
      lines: [' function list() {', '   return notes.map(n => `${n.id}: ${n.text}`);', ' }', ' ', '-module.exports = { add, list };', '+function remove(id) {', '+  const i = notes.findIndex(n => n.id === id);', '+  if (i >= 0) notes.splice(i, 1);', '+  return i >= 0;', '+}', '+', '+module.exports = { add, list, remove };'],
    },
  ]);
  // Two changes far apart: the second hunk's old start comes from its context numbers (old side), its new start
  // from the lines the first hunk added; an insertion at the very start has no context before it.
  assert.deepEqual(
    piDiffHunks('+ 1 // head\n  1 a\n  2 b\n  3 c\n  4 d\n    ...\n 17 w\n 18 x\n 19 y\n 20 z\n-21 old\n+22 new\n+23 more'),
    [
      { oldStart: 1, oldLines: 4, newStart: 1, newLines: 5, lines: ['+// head', ' a', ' b', ' c', ' d'] },
      { oldStart: 17, oldLines: 5, newStart: 18, newLines: 6, lines: [' w', ' x', ' y', ' z', '-old', '+new', '+more'] },
    ],
  );
  assert.equal(piDiffHunks('  1 a\n- 3 b'), undefined, 'a removed line out of sequence');
  assert.equal(piDiffHunks(' 1 a\n+2 b\n- 10 c'), undefined, 'numbers padded to different widths');
  assert.equal(piDiffHunks('  1 a\n  2 b'), undefined, 'context only');
  assert.equal(piDiffHunks('@@ -1 +1 @@\n-a\n+b'), undefined, 'not Pi’s format');
  assert.equal(piDiffHunks(''), undefined);
});

test('a version 1 file (no entry ids, not migrated yet): line numbers stand in, nothing is lost', () => {
  const v1 = readFileSync(notesCli.file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const e = JSON.parse(line) as Record<string, unknown>;
      // The header keeps its (session) id; entries get theirs from Pi's migration (session-manager.js migrateV1ToV2).
      if (e.type === 'session') {
        delete e.version;
      } else {
        delete e.id;
        delete e.parentId;
      }
      return JSON.stringify(e);
    });
  const { sessions, issues } = runAdapter(piAdapter, [appendFile(file('2026-12-03T17-36-07-529Z_v1.jsonl', v1))]);
  const { sessions: [v3] } = runAdapter(piAdapter, [appendFile(notesCli.file)]);
  assert.deepEqual(issues, []);
  assert.deepEqual(sessions[0].prompts.map((p) => [p.id, p.text]), [['L4', v3.prompts[0].text], ['L12', v3.prompts[1].text], ['L24', v3.prompts[2].text]]);
  const shape = (s: typeof v3): unknown => s.prompts.map((p) => p.steps.map((st) => (st.type === 'tool' ? [st.name, st.fileChanges, st.command] : [st.type, st.text])));
  assert.deepEqual(shape(sessions[0]), shape(v3));
});

test('parseDocument reads a whole file as parseLines does', () => {
  const text = readFileSync(notesCli.file, 'utf8');
  const lines: TranscriptLine[] = splitLines(Buffer.from(text));
  const f = appendFile(notesCli.file);
  assert.deepEqual(piAdapter.parseDocument(f, text).ops, piAdapter.parseLines(f, piAdapter.initialState(f), lines).ops);
});
