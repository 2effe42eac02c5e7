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
