// `agent-trail checkpoints` / `restore` on the multi-agent recording: argument rules, the dry-run JSON shape, and
// the refusals (no terminal without --yes, unknown undo id). Runs dist/cli.js (npm test builds it first). Nothing is
// written: the byte-exact restores are in test/unit/restore/recordedRestore.test.ts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseArgs, UsageError } from '../../../src/cli/args';

const cli = join(process.cwd(), 'dist/cli.js');
const home = join(process.cwd(), 'test/fixtures/recorded/multi-agent/home');
const ws = '/tmp/agent-trail-fixtures/multi-agent/demo-repo';

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const cache = mkdtempSync(join(tmpdir(), 'at-cli-restore-'));
  const r = spawnSync(process.execPath, [cli, ...args, '--workspace', ws], { encoding: 'utf8', input: '', env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CACHE_HOME: cache } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('restore arguments', () => {
  const o = parseArgs(['restore', 'abc', '--before-prompt', '2', '--file', 'a.js', '--file=b.js', '--dry-run', '--yes', '--force', '--json']);
  assert.deepEqual([o.command, o.sessionId, o.beforePrompt, o.restoreFiles, o.dryRun, o.yes, o.force, o.json], ['restore', 'abc', 2, ['a.js', 'b.js'], true, true, true, true]);
  assert.equal(parseArgs(['restore', '--undo', 'x-1']).undo, 'x-1');
  assert.equal(parseArgs(['checkpoints', 'abc']).command, 'checkpoints');
  assert.throws(() => parseArgs(['restore', 'abc']), UsageError);
  assert.throws(() => parseArgs(['restore', 'abc', '--before-prompt', '0']), UsageError);
  assert.throws(() => parseArgs(['restore', '--undo', 'x', 'abc']), UsageError);
  assert.throws(() => parseArgs(['show', 'abc', '--dry-run']), UsageError);
});

function sessionId(agent: string): string {
  const r = run(['sessions', '--json']);
  const s = (JSON.parse(r.stdout) as { id: string; agent: string }[]).find((x) => x.agent === agent);
  assert.ok(s);
  return s.id;
}

test('checkpoints --json lists every prompt with the files of its checkpoint', () => {
  const r = run(['checkpoints', sessionId('claude-code'), '--json']);
  assert.equal(r.code, 0, r.stderr);
  const list = JSON.parse(r.stdout) as { index: number; text: string; files: { path: string; restorable: boolean }[]; restorable: boolean }[];
  assert.deepEqual(
    list.map((c) => [c.index, c.files.map((f) => f.path), c.restorable]),
    [
      [1, ['README.md', 'lib/shared.js'], true],
      [2, ['README.md'], true],
    ],
  );
});

test('restore --dry-run --json prints the plan with workspace-relative paths and contents', () => {
  const r = run(['restore', sessionId('gemini-cli'), '--before-prompt', '2', '--dry-run', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const plan = JSON.parse(r.stdout) as { files: { path: string; action: string; content?: string; conflict: boolean }[] };
  assert.deepEqual(plan.files.map((f) => f.path), ['lib/shout.js']);
  assert.ok(['delete', 'unchanged'].includes(plan.files[0].action));
  assert.equal(plan.files[0].content, undefined);
});

test('restore refuses without a terminal and without --yes; undo of an unknown id fails', () => {
  const r = run(['restore', sessionId('claude-code'), '--before-prompt', '1', '--force']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no terminal|Nothing|not restored/);
  const u = run(['restore', '--undo', 'nope']);
  assert.equal(u.code, 1);
  assert.match(u.stderr, /cannot undo nope/);
});
