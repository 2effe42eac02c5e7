// The blame engine on hand-built histories: each rule of the contract in isolation (real transcripts are covered by
// test/unit/blame/recordedBlame.test.ts against the recorder's ground truth).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyPatch } from 'diff';
import { BlameEngine } from '../../../src/core/blame/blameEngine';
import type { FileEditEvent, FileHistory, LineAttribution, ShellRun } from '../../../src/core/blame/blameModel';
import { matchLines, splitLines } from '../../../src/core/blame/lineDiff';

const path = '/w/a.js';
const engine = new BlameEngine((before, patch) => {
  const r = applyPatch(before, patch);
  return typeof r === 'string' ? r : undefined;
});

let seq = 0;
function origin(prompt: number, tool = 'Edit', via: 'write' | 'edit' | 'patch' = 'edit', agent: 'claude-code' | 'codex' = 'claude-code') {
  return { agent, sessionKey: `${agent}:s`, sessionId: 's', promptId: `p${prompt}`, promptIndex: prompt, prompt: `prompt ${prompt}`, toolCallId: `t${++seq}`, tool, via, timestamp: `2026-01-01T10:0${prompt}:00.000Z` };
}
function edit(prompt: number, before: string | null | undefined, after: string | null | undefined, extra: Partial<FileEditEvent> = {}): FileEditEvent {
  const o = origin(prompt, extra.origin?.tool, extra.origin?.via);
  return { kind: 'edit', seq: ++seq, ord: 0, timestamp: o.timestamp, path, op: before === null ? 'create' : after === null ? 'delete' : 'update', before, after, origin: o, ...extra };
}
function run(prompt: number, command: string, at: string): ShellRun {
  const o = origin(prompt, 'Bash');
  return { origin: { agent: o.agent, sessionKey: o.sessionKey, sessionId: o.sessionId, promptId: o.promptId, promptIndex: o.promptIndex, prompt: o.prompt, toolCallId: o.toolCallId, tool: 'Bash' }, command, startedAt: at, seq: ++seq };
}
function blame(history: FileHistory, content: string): (number | string | null)[] {
  const replayed = engine.replay(history);
  return engine.blame(replayed, content, history.shellRuns).lines.map((a: LineAttribution | null) => (a ? (a.via === 'shell' ? `shell:${a.promptIndex}` : a.promptIndex) : null));
}

test('splitLines and matchLines', () => {
  assert.deepEqual(splitLines(''), []);
  assert.deepEqual(splitLines('a\nb'), ['a', 'b']);
  assert.deepEqual(splitLines('a\nb\n'), ['a', 'b']);
  assert.deepEqual(splitLines('\n'), ['']);
  assert.deepEqual([...matchLines(['a', 'b', 'c'], ['a', 'x', 'b', 'c'])], [0, -1, 1, 2]);
  assert.deepEqual([...matchLines(['a', 'b', 'c', 'd'], ['a', 'c', 'B', 'd'])], [0, 2, -1, 3]);
  assert.deepEqual([...matchLines([], ['a'])], [-1]);
});

test('matchLines: a changed middle that shares no line with the old one matches nothing; one that shares lines is diffed', () => {
  // Rewritten lines between an unchanged head and tail (the pairwise check), small and large.
  assert.deepEqual([...matchLines(['h', 'x', 't'], ['h', 'y', 'z', 't'])], [0, -1, -1, 2]);
  const big = (p: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${p}${i}`);
  assert.deepEqual([...matchLines(['h', ...big('a', 20), 't'], ['h', ...big('b', 20), 't'])], [0, ...new Array<number>(20).fill(-1), 21]);
  // Shared lines inside the middle are still found, whether the middle is small or large.
  assert.deepEqual([...matchLines(['h', 'x', 'k', 't'], ['h', 'k', 'y', 't'])], [0, 2, -1, 3]);
  assert.deepEqual([...matchLines(['h', ...big('a', 20), 'k', 't'], ['h', 'k', ...big('b', 20), 't'])], [0, 21, ...new Array<number>(20).fill(-1), 22]);
  // Against the diff on every small case over a three-letter alphabet: the same answer.
  const words = ['p', 'q', 'r'];
  const all = (n: number): string[][] => (n === 0 ? [[]] : all(n - 1).flatMap((w) => words.map((c) => [...w, c])));
  const lcs = (a: string[], b: string[]): number => {
    const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
    for (let i = a.length - 1; i >= 0; i--) {
      for (let j = b.length - 1; j >= 0; j--) {
        t[i][j] = a[i] === b[j] ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
      }
    }
    return t[0][0];
  };
  for (const a of [0, 1, 2, 3].flatMap(all)) {
    for (const b of [0, 1, 2, 3].flatMap(all)) {
      const map = [...matchLines(a, b)];
      const matched = map.filter((i) => i >= 0);
      // A matching: increasing, equal lines, and as many as the longest common subsequence.
      assert.ok(matched.every((i, k) => k === 0 || i > matched[k - 1]));
      assert.ok(map.every((i, j) => i < 0 || a[i] === b[j]));
      assert.equal(matched.length, lcs(a, b), `${a.join('')} → ${b.join('')}`);
    }
  }
});

test('a write claims every line; an edit claims only the lines it changed; context repeated in new text keeps its origin', () => {
  const history: FileHistory = {
    path,
    events: [edit(1, null, 'function a() {\n  return 1;\n}\n', { origin: origin(1, 'Write', 'write') }), edit(2, 'function a() {\n  return 1;\n}\n', 'function a() {\n  return 2;\n}\n\nfunction b() {}\n')],
    shellRuns: [],
  };
  assert.deepEqual(blame(history, 'function a() {\n  return 2;\n}\n\nfunction b() {}\n'), [1, 2, 1, 2, 2]);
});

test('lines moved by other edits keep their origin; deleted lines disappear; typed lines are null', () => {
  const history: FileHistory = { path, events: [edit(1, null, 'x\ny\n'), edit(2, 'x\ny\n', 'w\nx\ny\n'), edit(3, 'w\nx\ny\n', 'w\ny\n')], shellRuns: [] };
  assert.deepEqual(blame(history, 'typed\nw\ny\n'), [null, 2, 1]);
});

test('pre-existing lines (the first recorded before) are null; HEAD is the baseline when nothing recorded one', () => {
  const h1: FileHistory = { path, events: [edit(1, 'old\n', 'old\nnew\n')], shellRuns: [] };
  assert.deepEqual(blame(h1, 'old\nnew\n'), [null, 1]);
  const patch = '--- a/a.js\n+++ b/a.js\n@@ -1,1 +1,2 @@\n old\n+patched\n';
  const h2: FileHistory = { path, events: [edit(1, undefined, undefined, { patch, op: 'update', origin: origin(1, 'apply_patch', 'patch') })], shellRuns: [], headContent: 'old\n' };
  assert.deepEqual(blame(h2, 'old\npatched\n'), [null, 1]);
  const h3: FileHistory = { ...h2, headContent: undefined };
  const replayed = engine.replay(h3);
  assert.equal(replayed.content, undefined);
  assert.match(replayed.notes[0], /no transcript recorded/);
  assert.deepEqual(blame(h3, 'old\npatched\n'), [null, null], 'an unknown base gives no claims');
});

test('a hand edit between prompts is null; the next edit does not absorb it', () => {
  const history: FileHistory = { path, events: [edit(1, null, 'a\nb\n'), edit(2, 'a\nhand\nb\n', 'a\nhand\nb\nc\n')], shellRuns: [] };
  assert.deepEqual(blame(history, 'a\nhand\nb\nc\n'), [1, null, 1, 2]);
});

test('shell evidence: text in a command that names the file, a sed replacement, a bracketed window; otherwise null', () => {
  const runs = [
    run(1, "printf 'c,3\\n' >> a.js", '2026-01-01T10:01:30.000Z'),
    run(2, "sed -i 's/^debug=false$/debug=true/' a.js", '2026-01-01T10:02:30.000Z'),
  ];
  const history: FileHistory = { path, events: [], shellRuns: runs, headContent: 'debug=false\nname\n' };
  assert.deepEqual(blame(history, 'debug=true\nname\nc,3\nhand typed\n'), ['shell:2', null, 'shell:1', null]);
  // Bracketed: between two edits of prompt 3, only prompt 3 ran commands, one naming the file.
  const first = edit(3, null, 'a\n');
  const second = edit(3, 'a\nsomething generated\n', 'a\nsomething generated\nz\n');
  first.timestamp = '2026-01-01T10:03:00.000Z';
  second.timestamp = '2026-01-01T10:03:30.000Z';
  const bracket: FileHistory = { path, events: [first, second], shellRuns: [run(3, 'node gen.js > a.js', '2026-01-01T10:03:10.000Z')] };
  assert.deepEqual(blame(bracket, 'a\nsomething generated\nz\n'), [3, 'shell:3', 3]);
  // The same change with another prompt's command in the window: no evidence.
  const ambiguous: FileHistory = { ...bracket, shellRuns: [...bracket.shellRuns, run(2, 'npm test', '2026-01-01T10:03:20.000Z')] };
  assert.deepEqual(blame(ambiguous, 'a\nsomething generated\nz\n'), [3, null, 3]);
  // A window that spans a new prompt may hold a hand edit: no evidence either.
  const spanning: FileHistory = { path, events: [edit(1, null, 'a\n'), edit(4, 'a\nsomething generated\n', 'a\nsomething generated\nz\n')], shellRuns: [run(1, 'node gen.js > a.js', '2026-01-01T10:01:30.000Z')] };
  assert.deepEqual(blame(spanning, 'a\nsomething generated\nz\n'), [1, null, 4]);
});

test('delete then re-create starts fresh; an edit that does not apply is reported and leaves lines unattributed', () => {
  const history: FileHistory = { path, events: [edit(1, null, 'a\n'), edit(2, 'a\n', null), edit(3, null, 'a\nb\n')], shellRuns: [] };
  assert.deepEqual(blame(history, 'a\nb\n'), [3, 3]);
  const bad: FileHistory = { path, events: [edit(1, null, 'a\n'), edit(2, undefined, undefined, { op: 'update', patch: '--- a\n+++ b\n@@ -1,1 +1,1 @@\n-zzz\n+y\n' })], shellRuns: [] };
  const replayed = engine.replay(bad);
  assert.match(replayed.notes.join('\n'), /could not be replayed/);
  assert.deepEqual(engine.blame(replayed, 'y\n', bad.shellRuns).lines, [null]);
});

test('a diff whose context was changed by hand before it still claims its own lines; the changed context is nobody\'s', () => {
  // What Codex records for a big file (FileChange unified_diff only, 1 line of context): the user repriced item 7 by
  // hand and added a header line, then the agent changed item 8, so the diff's context line is the hand-edited one.
  const items = Array.from({ length: 12 }, (_, i) => `  { id: ${i + 1}, price: ${i + 10} },`);
  const written = `// catalog\n${items.join('\n')}\n`;
  const patch = '@@ -9,3 +9,3 @@\n   { id: 7, price: 99 },\n-  { id: 8, price: 17 },\n+  { id: 8, price: 0 },\n   { id: 9, price: 18 },\n';
  const history: FileHistory = { path, events: [edit(1, null, written), edit(2, undefined, undefined, { op: 'update', patch, origin: origin(2, 'apply_patch', 'patch', 'codex') })], shellRuns: [] };
  const replayed = engine.replay(history);
  assert.deepEqual(replayed.notes, []);
  const final = `// catalog\n// hand\n${items.join('\n')}\n`.replace('{ id: 7, price: 16 }', '{ id: 7, price: 99 }').replace('{ id: 8, price: 17 }', '{ id: 8, price: 0 }');
  const got = blame(history, final);
  const want: (number | null)[] = [1, null, ...items.map(() => 1)];
  want[2 + 6] = null; // item 7: the hand edit, although the agent's diff repeats it
  want[2 + 7] = 2; // item 8: the agent's change
  assert.deepEqual(got, want);
  // A sed between the two that names the file gets the changed context line.
  const sed = run(2, "sed -i 's/price: 16 }/price: 99 }/' a.js", '2026-01-01T10:01:30.000Z');
  const withSed = blame({ ...history, shellRuns: [sed] }, final);
  assert.equal(withSed[2 + 6], 'shell:2');
});

test('a diff that does not apply is placed only where it is unambiguous: removed lines exact, most context equal', async () => {
  const { rebaseUnifiedDiff } = await import('../../../src/core/blame/patchRebase');
  const state = 'head\nalpha one\nbeta two\ngamma three\ntail\n';
  // The context line before the change differs: placed, the patch's view of the region is the "before".
  assert.deepEqual(rebaseUnifiedDiff(state, '@@ -1,3 +1,3 @@\n alpha ONE\n-beta two\n+beta 2\n gamma three\n'), {
    before: 'head\nalpha ONE\nbeta two\ngamma three\ntail\n',
    after: 'head\nalpha ONE\nbeta 2\ngamma three\ntail\n',
  });
  // A removed line that differs: the edit changed something the replay does not know.
  assert.equal(rebaseUnifiedDiff(state, '@@ -1,3 +1,3 @@\n alpha one\n-beta TWO\n+beta 2\n gamma three\n'), undefined);
  // More than half of the context differs.
  assert.equal(rebaseUnifiedDiff(state, '@@ -1,3 +1,3 @@\n alpha ONE\n-beta two\n+beta 2\n gamma THREE\n'), undefined);
  // Two equally good places.
  assert.equal(rebaseUnifiedDiff('x\nsame line\ny\nx\nsame line\ny\n', '@@ -1,3 +1,3 @@\n X\n-same line\n+new line\n Y\n'), undefined);
  // Only insignificant lines match (a brace): no anchor.
  assert.equal(rebaseUnifiedDiff('x\n}\ny\n', '@@ -1,2 +1,3 @@\n X\n }\n+added\n'), undefined);
  assert.deepEqual(rebaseUnifiedDiff('x\nclose it\ny\n', '@@ -1,2 +1,3 @@\n X\n close it\n+added\n'), { before: 'X\nclose it\ny\n', after: 'X\nclose it\nadded\ny\n' });
  // Hunks keep their order; the second is searched after the first.
  assert.deepEqual(rebaseUnifiedDiff('one\ntwo\nthree\nfour\nfive\nsix\n', '@@ -1,3 +1,3 @@\n ONE\n-two\n+2\n three\n@@ -4,3 +4,3 @@\n four\n-five\n+5\n SIX\n'), {
    before: 'ONE\ntwo\nthree\nfour\nfive\nSIX\n',
    after: 'ONE\n2\nthree\nfour\n5\nSIX\n',
  });
  // Not a unified diff (a Codex apply_patch section) or an end-of-file marker: left to the exact applier.
  assert.equal(rebaseUnifiedDiff(state, '*** Begin Patch\n*** Update File: a.js\n@@\n-beta two\n+beta 2\n*** End Patch\n'), undefined);
  assert.equal(rebaseUnifiedDiff('a\nbeta two', '@@ -1,2 +1,2 @@\n A\n-beta two\n\\ No newline at end of file\n+beta 2\n'), undefined);
});

test('an observed change during a shell command is that command\'s', () => {
  const r = run(2, 'python fix.py', '2026-01-01T10:02:00.000Z');
  const history: FileHistory = {
    path,
    events: [edit(1, null, 'a\n'), { kind: 'state', seq: ++seq, ord: 0, timestamp: '2026-01-01T10:02:01.000Z', path, content: 'a\nfixed\n', source: 'observed', during: r }],
    shellRuns: [r],
  };
  assert.deepEqual(blame(history, 'a\nfixed\n'), [1, 'shell:2']);
});

test('a first observed change is measured from HEAD and needs the usual evidence; with no committed content nothing is claimed', () => {
  const r = run(2, 'python fix.py', '2026-01-01T10:02:00.000Z');
  const observed = (during?: ShellRun): FileHistory['events'][number] => ({ kind: 'state', seq: ++seq, ord: 0, timestamp: '2026-01-01T10:02:01.000Z', path, content: 'a\nfixed\n', source: 'observed', ...(during ? { during } : {}) });
  // Against HEAD the difference may hold the user's uncommitted edits: credited only on evidence in the command.
  assert.deepEqual(blame({ path, events: [observed(r)], shellRuns: [r], headContent: 'a\n' }, 'a\nfixed\n'), [null, null]);
  const sed = run(2, "sed -i 's/^b$/fixed/' a.js", '2026-01-01T10:02:00.000Z');
  assert.deepEqual(blame({ path, events: [observed(sed)], shellRuns: [sed], headContent: 'a\nb\n' }, 'a\nfixed\n'), [null, 'shell:2']);
  assert.deepEqual(blame({ path, events: [observed(r)], shellRuns: [r], headContent: null }, 'a\nfixed\n'), [null, null]);
  assert.deepEqual(blame({ path, events: [observed(r)], shellRuns: [r] }, 'a\nfixed\n'), [null, null]);
  // Seen outside any command: a known state, nobody's lines.
  assert.deepEqual(blame({ path, events: [edit(1, null, 'a\n'), observed()], shellRuns: [r] }, 'a\nfixed\n'), [1, null]);
});

test('shell renames: mv and git mv, options, into a directory; globs and variables are not guessed', async () => {
  const { shellRenames } = await import('../../../src/core/blame/shellRenames');
  assert.deepEqual(shellRenames('mv old-name.js helper.js', '/w'), [{ from: '/w/old-name.js', to: '/w/helper.js' }]);
  assert.deepEqual(shellRenames('cd x && git mv -f "a b.txt" c.txt; echo done', '/w'), [{ from: '/w/a b.txt', to: '/w/c.txt' }]);
  assert.deepEqual(shellRenames('mv -- a.js b.js lib/', '/w'), [{ from: '/w/a.js', to: '/w/lib/a.js' }, { from: '/w/b.js', to: '/w/lib/b.js' }]);
  assert.deepEqual(shellRenames('mv a.js lib', '/w', (p) => p === '/w/lib'), [{ from: '/w/a.js', to: '/w/lib/a.js' }]);
  assert.deepEqual(shellRenames('mv *.js lib/ && mv $A b', '/w'), []);
  assert.deepEqual(shellRenames('echo mv a b', '/w'), []);
  assert.deepEqual(shellRenames("cat > notes.md <<'EOF'\nmv a.js b.js\nEOF\nmv c.js d.js", '/w'), [{ from: '/w/c.js', to: '/w/d.js' }], 'a heredoc body is data');
  assert.deepEqual(shellRenames('mv a.js b.js 2>/dev/null || true', '/w'), [{ from: '/w/a.js', to: '/w/b.js' }]);
});

test('a shell command naming the file before its first recorded edit: the edit’s before is measured from git HEAD', () => {
  // `sed -i` in prompt 1 (exit 1 after changing the file), then an edit in prompt 2 that found the sed's result.
  const sed = run(1, "sed -i 's/- write docs/- [x] write docs/' a.js && false", '2026-01-01T10:01:00.000Z');
  const e = edit(2, '# Todo\n- [x] write docs\n- ship v1\n', '# Todo\n- [x] write docs\n- [x] ship v1\n');
  const history: FileHistory = { path, events: [e], shellRuns: [sed], headContent: '# Todo\n- write docs\n- ship v1\n' };
  assert.deepEqual(blame(history, '# Todo\n- [x] write docs\n- [x] ship v1\n'), [null, 'shell:1', 2]);
  // Without such a command (or without HEAD) the first edit's before is the baseline, as before: nothing to credit.
  assert.deepEqual(blame({ ...history, shellRuns: [] }, '# Todo\n- [x] write docs\n- [x] ship v1\n'), [null, null, 2]);
  assert.deepEqual(blame({ ...history, headContent: undefined }, '# Todo\n- [x] write docs\n- [x] ship v1\n'), [null, null, 2]);
  // A command run after the first edit is no reason to go back to HEAD.
  const later = run(3, "sed -i 's/- write docs/- [x] write docs/' a.js", '2026-01-01T10:03:00.000Z');
  assert.deepEqual(blame({ ...history, shellRuns: [later] }, '# Todo\n- [x] write docs\n- [x] ship v1\n'), [null, null, 2]);
});
