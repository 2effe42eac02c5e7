// The built `agent-trail` command on recorded transcripts: JSON shapes, agreement with the index, human output,
// exit codes. Runs dist/cli.js (npm test builds it first).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseArgs, UsageError } from '../../../src/cli/args';

const cli = join(process.cwd(), 'dist/cli.js');
const home = join(process.cwd(), 'test/fixtures/recorded/multi-agent/home');
const ws = '/tmp/agent-trail-fixtures/multi-agent/demo-repo';

function run(args: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const cache = mkdtempSync(join(tmpdir(), 'at-cli-'));
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CACHE_HOME: cache, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function prompts(name: string): string[] {
  return (JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/scenarios', `${name}.json`), 'utf8')) as { turns: { prompt: string }[] }).turns.map((t) => t.prompt);
}

interface SessionOut {
  id: string;
  agent: string;
  title: string;
  cwd: string;
  startedAt: string;
  updatedAt: string;
  promptCount: number;
  filesChanged: string[];
}

test('sessions --json lists the workspace sessions of all three agents with relative paths', () => {
  const r = run(['sessions', '--workspace', ws, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const sessions = JSON.parse(r.stdout) as SessionOut[];
  assert.deepEqual(sessions.map((s) => s.agent).sort(), ['claude-code', 'codex', 'gemini-cli']);
  for (const s of sessions) {
    assert.deepEqual(Object.keys(s).slice(0, 8), ['id', 'agent', 'title', 'cwd', 'startedAt', 'updatedAt', 'promptCount', 'filesChanged']);
    assert.equal(s.cwd, '.');
    assert.ok(s.filesChanged.length > 0);
    for (const f of s.filesChanged) {
      assert.ok(!f.startsWith('/') && !f.includes('\\'), `workspace-relative: ${f}`);
    }
    assert.ok(!Number.isNaN(Date.parse(s.startedAt)) && s.startedAt <= s.updatedAt);
  }
  const newestFirst = [...sessions].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  assert.deepEqual(sessions.map((s) => s.id), newestFirst.map((s) => s.id));
});

test('show --json gives each prompt exactly, with files and commands, consistent with sessions', () => {
  const list = JSON.parse(run(['sessions', '--workspace', ws, '--json']).stdout) as SessionOut[];
  const claude = list.find((s) => s.agent === 'claude-code');
  assert.ok(claude);
  const r = run(['show', claude.id.slice(0, 8), '--workspace', ws, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const shown = JSON.parse(r.stdout) as SessionOut & { prompts: { index: number; text: string; filesChanged: string[]; filesRead: string[]; commands: { command: string; exitCode: number | null; output: string }[]; steps: unknown[] }[] };
  assert.equal(shown.id, claude.id);
  assert.deepEqual(shown.prompts.map((p) => p.text), prompts('multi-claude'));
  assert.deepEqual(shown.prompts.map((p) => p.index), shown.prompts.map((_, i) => i + 1));
  assert.equal(shown.promptCount, shown.prompts.length);
  const union = [...new Set(shown.prompts.flatMap((p) => p.filesChanged))].sort();
  assert.deepEqual(union, [...claude.filesChanged].sort());
  assert.ok(shown.prompts.some((p) => p.filesRead.length > 0), 'reads are listed');
  assert.ok(shown.prompts.every((p) => p.steps.length > 0));
});

test('human output and errors', () => {
  const r = run(['sessions', '--workspace', ws]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Claude Code/);
  assert.match(r.stdout, /Codex/);
  assert.match(r.stdout, /Gemini CLI/);
  const missing = run(['show', 'no-such-session', '--workspace', ws]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no session no-such-session/);
  assert.equal(missing.stderr.trim().split('\n').length, 1, 'one-line reason');
  const usage = run(['frobnicate']);
  assert.equal(usage.code, 2);
  const empty = run(['sessions', '--workspace', '/tmp/agent-trail-fixtures/nothing-here', '--json']);
  assert.equal(empty.code, 0);
  assert.deepEqual(JSON.parse(empty.stdout), []);
});

test('data folders can be given with flags instead of HOME', () => {
  const r = run(['sessions', '--workspace', ws, '--json', '--claude-dir', join(home, '.claude'), '--no-codex', '--no-gemini'], { HOME: '/nonexistent' });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual((JSON.parse(r.stdout) as SessionOut[]).map((s) => s.agent), ['claude-code']);
});

test('argument parsing', () => {
  assert.deepEqual(parseArgs(['show', 'abc', '--json', '-w', '/x']).sessionId, 'abc');
  assert.equal(parseArgs(['sessions', '--workspace=/y']).workspace, '/y');
  assert.equal(parseArgs([]).command, 'help');
  assert.throws(() => parseArgs(['show']), UsageError);
  assert.throws(() => parseArgs(['sessions', '--workspace']), UsageError);
  assert.throws(() => parseArgs(['sessions', '--bogus']), UsageError);
});
