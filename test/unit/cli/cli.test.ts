// The built `agent-trail` command on recorded transcripts: JSON shapes, agreement with the index, human output,
// exit codes. Runs dist/cli.js (npm test builds it first).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
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

test('the CLI reads and parses in the parse worker while it stores, as the extension does', () => {
  const r = run(['sessions', '--workspace', ws, '--json', '--verbose']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /agent-trail: debug: \[index\] parse worker started/);
  // The same sessions as without --verbose: parsing there gives what parsing in-thread gave.
  assert.deepEqual(JSON.parse(r.stdout), JSON.parse(run(['sessions', '--workspace', ws, '--json']).stdout));
});

test('data folders can be given with flags instead of HOME', () => {
  const r = run(['sessions', '--workspace', ws, '--json', '--claude-dir', join(home, '.claude'), '--no-codex', '--no-gemini'], { HOME: '/nonexistent' });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual((JSON.parse(r.stdout) as SessionOut[]).map((s) => s.agent), ['claude-code']);
});

test('blame --json --contents - attributes each line of the given content to its prompt and agent', () => {
  const shared = readFileSync(join(process.cwd(), 'test/fixtures/recorded/multi-agent/gemini/snapshots/turn-2/lib/shared.js'), 'utf8');
  const typed = `// typed by hand\n${shared}`;
  const r = spawnSync(process.execPath, [cli, 'blame', `${ws}/lib/shared.js`, '--workspace', ws, '--contents', '-', '--json'], {
    encoding: 'utf8',
    input: typed,
    env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'at-cli-')) },
  });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { file: string; lines: { line: number; text: string; attribution: { agent: string; promptIndex: number; via: string; tool: string } | null }[] };
  assert.equal(out.file, 'lib/shared.js');
  const who = out.lines.map((l) => (l.attribution ? `${l.attribution.agent}#${l.attribution.promptIndex}` : null));
  assert.equal(who[0], null, 'the typed line has no attribution');
  assert.equal(out.lines[0].text, '// typed by hand');
  assert.equal(who[1], null, 'the hand-written note from before the Claude prompt is nobody\'s');
  assert.equal(who[2], 'claude-code#1');
  assert.equal(who[3], 'codex#1');
  assert.equal(who[7], 'gemini-cli#1');
  assert.equal(out.lines[7].attribution?.tool, 'replace');
  // The human form reads the file itself: the recorded repo, where the transcripts say it is.
  mkdirSync('/tmp/agent-trail-fixtures/multi-agent', { recursive: true });
  execFileSync('tar', ['xzf', join(process.cwd(), 'test/fixtures/recorded/multi-agent/repos.tar.gz'), '-C', '/tmp/agent-trail-fixtures/multi-agent']);
  const human = run(['blame', `${ws}/lib/shared.js`, '--workspace', ws]);
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /^#1 +Claude Code [0-9a-f]{8} .+ 2\) function greet/m);
  const outside = run(['blame', '/etc/hostname', '--workspace', ws]);
  assert.equal(outside.code, 1);
  assert.match(outside.stderr, /not inside the workspace/);
});

test('argument parsing', () => {
  assert.deepEqual(parseArgs(['show', 'abc', '--json', '-w', '/x']).sessionId, 'abc');
  assert.equal(parseArgs(['sessions', '--workspace=/y']).workspace, '/y');
  assert.equal(parseArgs([]).command, 'help');
  assert.throws(() => parseArgs(['show']), UsageError);
  assert.deepEqual([parseArgs(['blame', 'a.js', '--contents', '-']).file, parseArgs(['blame', 'a.js', '--contents', '-']).contents], ['a.js', '-']);
  assert.throws(() => parseArgs(['blame']), UsageError);
  assert.throws(() => parseArgs(['blame', 'a.js', '--contents', 'x.txt']), UsageError);
  assert.throws(() => parseArgs(['sessions', '--contents', '-']), UsageError);
  assert.throws(() => parseArgs(['sessions', '--workspace']), UsageError);
  assert.throws(() => parseArgs(['sessions', '--bogus']), UsageError);
});

test('show on a branched Pi session (pi-branches): prompts in the order they ran, the ended-on conversation and the other branch named', () => {
  const fixture = join(process.cwd(), 'test/fixtures/recorded/pi-branches-v0.73.1');
  const piWs = '/tmp/agent-trail-fixtures-pi/pi-branches-v0.73.1/demo-repo';
  const env = { PI_CODING_AGENT_DIR: join(fixture, 'pi-home/agent') };
  const id = readFileSync(join(fixture, 'session-id.txt'), 'utf8').trim();
  const r = run(['show', id.slice(0, 8), '--workspace', piWs, '--json'], env);
  assert.equal(r.code, 0, r.stderr);
  const shown = JSON.parse(r.stdout) as { prompts: { index: number; text: string; otherBranch?: number }[]; branches?: unknown };
  assert.deepEqual(shown.prompts.map((p) => p.text), prompts('pi-branches'));
  assert.deepEqual(shown.prompts.map((p) => p.otherBranch), [undefined, 1, undefined, undefined]);
  assert.deepEqual(shown.branches, { endedOn: [1, 3, 4], others: [{ forkedFrom: 1, prompts: [2], label: 'cli attempt' }] });
  const text = run(['show', id.slice(0, 8), '--workspace', piWs], env);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^ended on: #1 → #3 → #4$/m);
  assert.match(text.stdout, /^other branch 1 "cli attempt": #2 \(from #1\)$/m);
  assert.match(text.stdout, /^#2 {2}\S+ {2}\[other branch 1\]$/m);
});
