// The Qwen Code adapter on genuine Qwen Code 0.24.4 transcripts (test/fixtures/recorded/qwen-*): sessions, prompts,
// steps, commands and file changes checked against the recorder's ground truth and work-tree snapshots, and against
// the raw records read here independently of the adapter.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { qwenCodeAdapter } from '../../../../src/adapters/qwenCode/qwenCodeAdapter';
import type { FileChange, ToolCallStep } from '../../../../src/core/model';
import { applyRecordedPatch } from '../../../../src/store/recordedPatch';
import { runAdapter } from '../../helpers/parseWithAdapter';
import { qwenFixture, rawRecords, transcriptFile, type QwenFixture } from './qwenFixtures';

interface TruthStep {
  snapshot: string;
  origin: string;
  via?: string;
  tools?: string[];
  changes: Record<string, unknown>;
}

function toolSteps(f: QwenFixture): ToolCallStep[][] {
  const { sessions, issues } = runAdapter(qwenCodeAdapter, [transcriptFile(f.transcript)]);
  assert.deepEqual(issues, []);
  assert.equal(sessions.length, 1);
  return sessions[0].prompts.map((p) => p.steps.filter((s): s is ToolCallStep => s.type === 'tool'));
}

/** The calls of each prompt as the raw records give them: functionCall names between `user` records. */
function rawCallsByPrompt(path: string): string[][] {
  const out: string[][] = [];
  for (const r of rawRecords(path)) {
    if (r.type === 'user') {
      out.push([]);
    } else if (r.type === 'assistant') {
      const parts = (r.message as { parts: Array<{ functionCall?: { name: string } }> }).parts;
      out[out.length - 1].push(...parts.flatMap((p) => (p.functionCall ? [p.functionCall.name] : [])));
    }
  }
  return out;
}

const printFixtures = ['qwen-notes-cli-v0.24.4', 'qwen-big-file-v0.24.4', 'qwen-shell-failures-v0.24.4', 'qwen-tui-v0.24.4'];

for (const name of printFixtures) {
  test(`${name}: the session, its prompts exactly as typed, and every call a step of its prompt`, () => {
    const f = qwenFixture(name);
    const whole = runAdapter(qwenCodeAdapter, [transcriptFile(f.transcript)]);
    // Read in pieces with the state round-tripped through JSON, as the indexer does: the same sessions.
    const chunked = runAdapter(qwenCodeAdapter, [transcriptFile(f.transcript)], { chunks: 7 });
    assert.deepEqual(chunked.sessions, whole.sessions);
    assert.deepEqual(whole.issues, []);
    const [s] = whole.sessions;
    assert.equal(s.agent, 'qwen-code');
    assert.equal(s.id, f.sessionId);
    assert.equal(s.cwd, f.cwd);
    assert.equal(s.cliVersion, '0.24.4');
    assert.deepEqual(s.models, ['qwen3-coder-plus']);
    assert.deepEqual(
      s.prompts.map((p) => [p.index, p.text]),
      f.truth.session.prompts.map((p) => [p.prompt, p.text]),
    );
    const calls = rawCallsByPrompt(f.transcript);
    assert.deepEqual(
      toolSteps(f).map((steps) => steps.map((st) => st.name)),
      calls,
    );
    const kinds: Record<string, string> = { read_file: 'read', write_file: 'write', edit: 'edit', run_shell_command: 'shell' };
    for (const st of toolSteps(f).flat()) {
      assert.equal(st.kind, kinds[st.name], st.name);
      assert.ok(st.result, `${st.id} has its result`);
      assert.ok(st.durationMs !== undefined && st.durationMs >= 0);
    }
  });
}

/**
 * Every file change the adapter reports against the recorder's snapshots: a known before/after must be the file's exact
 * content at that point (the snapshot before and after the step); an unknown one must come with a patch that turns the
 * one into the other exactly.
 */
function checkFileChanges(name: string, sub = ''): number {
  const f = qwenFixture(name, sub);
  const truth = JSON.parse(readFileSync(join(f.dir, 'ground-truth.json'), 'utf8')) as { steps: TruthStep[] };
  const read = (snapshot: string, rel: string): string | null => {
    const p = join(f.dir, snapshot, rel);
    return existsSync(p) ? readFileSync(p, 'utf8') : null;
  };
  const changes: FileChange[] = toolSteps(f)
    .flat()
    .flatMap((st) => st.fileChanges);
  const expected: Array<{ rel: string; before: string | null; after: string | null }> = [];
  truth.steps.forEach((step, i) => {
    if (step.via === 'file-tool') {
      for (const rel of Object.keys(step.changes)) {
        expected.push({ rel, before: read(truth.steps[i - 1].snapshot, rel), after: read(step.snapshot, rel) });
      }
    }
  });
  assert.deepEqual(
    changes.map((c) => relative(f.cwd, c.path)).sort(),
    expected.map((e) => e.rel).sort(),
  );
  for (const c of changes) {
    const rel = relative(f.cwd, c.path);
    const i = expected.findIndex((e) => e.rel === rel);
    const want = expected.splice(i, 1)[0];
    assert.equal(c.op, want.before === null ? 'create' : 'update', rel);
    if (c.before !== undefined) {
      assert.equal(c.before, want.before, `${rel}: before`);
    }
    if (c.after !== undefined) {
      assert.equal(c.after, want.after, `${rel}: after`);
    }
    if (c.before === undefined || c.after === undefined) {
      assert.ok(c.patch !== undefined && want.before !== null && want.after !== null, `${rel}: an unknown content comes with its patch`);
      assert.equal(applyRecordedPatch(want.before, c.patch), want.after, `${rel}: the patch is exact`);
    }
  }
  return changes.length;
}

test('file changes are the exact contents before and after each write_file/edit (notes-cli, shell-failures, tui)', () => {
  assert.equal(checkFileChanges('qwen-notes-cli-v0.24.4'), 4);
  assert.equal(checkFileChanges('qwen-shell-failures-v0.24.4'), 1);
  assert.equal(checkFileChanges('qwen-tui-v0.24.4'), 4);
  assert.equal(checkFileChanges('qwen-sessions-v0.24.4', 'b'), 2);
});

test('big-file: a content Qwen cut to 16,000 characters is never taken for the file; the complete fileDiff is kept', () => {
  assert.equal(checkFileChanges('qwen-big-file-v0.24.4'), 6);
  const f = qwenFixture('qwen-big-file-v0.24.4');
  const changes = toolSteps(f)
    .flat()
    .flatMap((st) => st.fileChanges);
  const catalog = changes.filter((c) => c.path.endsWith('/src/catalog.js'));
  const descriptions = changes.filter((c) => c.path.endsWith('/src/descriptions.js'));
  assert.equal(catalog.length, 4);
  // The records hold 16,000-character previews with a marker: unknown, not those previews.
  for (const c of catalog) {
    assert.equal(c.before, undefined);
    assert.equal(c.after, undefined);
    assert.match(c.patch ?? '', /^@@ /m);
  }
  // 15,696 characters: kept whole by Qwen, so known.
  assert.deepEqual(
    descriptions.map((c) => [c.op, c.before === null ? null : typeof c.before, typeof c.after]),
    [
      ['create', null, 'string'],
      ['update', 'string', 'string'],
    ],
  );
});

test('shell commands: the exit code is resultDisplay.exitCode, and grep exit 1 is no error (Qwen calls it a success)', () => {
  const f = qwenFixture('qwen-shell-failures-v0.24.4');
  const [p1] = toolSteps(f);
  assert.deepEqual(
    p1.map((st) => [st.command?.command, st.command?.exitCode, st.result?.isError]),
    [
      ['grep -q FIXME README.md', 1, false],
      ['ls build/', 2, true],
      ['no-such-tool --version', 127, true],
      ["echo 'checked 3 files'; echo 'lint: 2 problems' >&2; exit 3", 3, true],
      ["echo 'warning: deprecated option' >&2", 0, false],
      ["sed -i 's/- write docs/- [x] write docs/' TODO.md && false", 1, true],
    ],
  );
  // stdout and stderr, interleaved as the shell wrote them; the command ran in the repo.
  assert.equal(p1[3].command?.output, 'checked 3 files\nlint: 2 problems');
  assert.equal(p1[1].command?.output, "ls: cannot access 'build/': No such file or directory");
  assert.ok(p1.every((st) => st.command?.cwd === f.cwd));
  const notes = toolSteps(qwenFixture('qwen-notes-cli-v0.24.4')).flat();
  const usage = notes.find((st) => st.command?.command === 'node bin/notes.js');
  assert.deepEqual([usage?.command?.exitCode, usage?.command?.output, usage?.result?.isError], [2, 'usage: notes add <text> | notes list', true]);
});

test('reads: read_file steps name the file they read', () => {
  const f = qwenFixture('qwen-notes-cli-v0.24.4');
  const reads = toolSteps(f)
    .flat()
    .filter((st) => st.kind === 'read');
  const raw = rawRecords(f.transcript).flatMap((r) =>
    r.type === 'assistant'
      ? (r.message as { parts: Array<{ functionCall?: { name: string; args: { file_path: string } } }> }).parts.flatMap((p) =>
          p.functionCall?.name === 'read_file' ? [p.functionCall.args.file_path] : [],
        )
      : [],
  );
  assert.ok(raw.length >= 2);
  assert.deepEqual(
    reads.map((st) => st.reads.map((r) => r.path)),
    raw.map((p) => [p]),
  );
});
