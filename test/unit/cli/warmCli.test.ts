// The built `agent-trail` run after run on the same index (the usual use): a run with nothing new answers from the saved
// index without a pass (`sessions`: from the listing kept with it), so another indexer holding the storage lock (the
// editor indexing) does not make it wait, and a run after a transcript grew shows what was added. Runs dist/cli.js
// (npm test builds it first).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { StorageLock } from '../../../src/store/storageLock';
import { appendClaudePrompt } from '../helpers/appendPrompt';
import { claudeTranscript } from '../helpers/storageCase';

const cli = join(process.cwd(), 'dist/cli.js');
const ws = '/tmp/agent-trail-fixtures/multi-agent/demo-repo';

interface Listed {
  agent: string;
  promptCount: number;
}

function setup(): { home: string; cache: string; run: (args: string[]) => { code: number | null; stdout: string; stderr: string } } {
  const home = join(mkdtempSync(join(tmpdir(), 'at-warm-cli-')), 'home');
  cpSync(join(process.cwd(), 'test/fixtures/recorded/multi-agent/home'), home, { recursive: true });
  const cache = join(mkdtempSync(join(tmpdir(), 'at-warm-cache-')), 'cache');
  const run = (args: string[]): { code: number | null; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, [cli, ...args, '--workspace', ws, '--cache-dir', cache], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: home } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  return { home, cache, run };
}

test('a run with nothing new lists the sessions while another indexer holds the storage lock, without waiting or warning', () => {
  const { cache, run } = setup();
  const first = run(['sessions', '--json']);
  assert.equal(first.code, 0, first.stderr);
  // Another live process (this test) is indexing into the same cache folder.
  const lock = new StorageLock(join(cache, 'index.lock'));
  assert.equal(lock.tryAcquire().acquired, true);
  try {
    const warm = run(['sessions', '--json', '--verbose']);
    assert.equal(warm.code, 0, warm.stderr);
    assert.deepEqual(JSON.parse(warm.stdout), JSON.parse(first.stdout));
    assert.doesNotMatch(warm.stderr, /is being indexed by|warn:/);
    assert.match(warm.stderr, /nothing changed since the index was saved/);
  } finally {
    lock.release();
  }
});

test('a run after a prompt was appended to a transcript shows it (sessions and show)', () => {
  const { home, run } = setup();
  const before = JSON.parse(run(['sessions', '--json']).stdout) as Listed[];
  const transcript = claudeTranscript({ data: join(home, '.claude'), workspace: ws, config: () => { throw new Error('unused'); } });
  appendClaudePrompt(transcript, 'a prompt typed after the last run');
  const after = run(['sessions', '--json']);
  assert.equal(after.code, 0, after.stderr);
  const claudeBefore = before.find((s) => s.agent === 'claude-code');
  const claudeAfter = (JSON.parse(after.stdout) as (Listed & { id: string })[]).find((s) => s.agent === 'claude-code');
  assert.ok(claudeBefore && claudeAfter);
  assert.equal(claudeAfter.promptCount, claudeBefore.promptCount + 1);
  const shown = run(['show', claudeAfter.id, '--json']);
  assert.equal(shown.code, 0, shown.stderr);
  const prompts = (JSON.parse(shown.stdout) as { prompts: { text: string }[] }).prompts;
  assert.equal(prompts[prompts.length - 1].text, 'a prompt typed after the last run');
});

test('a run with nothing new prints the listing kept by the previous run without opening the index; text and JSON as from the index', () => {
  const { cache, run } = setup();
  const fromIndex = run(['sessions', '--json']);
  assert.equal(fromIndex.code, 0, fromIndex.stderr);
  assert.ok(existsSync(join(cache, 'sessions.cache.json')), 'the listing is kept with the index');
  const text = run(['sessions']);
  const kept = run(['sessions', '--json', '--verbose']);
  assert.equal(kept.code, 0, kept.stderr);
  assert.deepEqual(JSON.parse(kept.stdout), JSON.parse(fromIndex.stdout));
  assert.doesNotMatch(kept.stderr, /\[index\] store /, 'the index DB was not opened');
  assert.match(kept.stderr, /nothing changed since the index was saved/);
  // The same text as a run that lists from the index.
  rmSync(join(cache, 'sessions.cache.json'));
  assert.equal(run(['sessions']).stdout, text.stdout);
});

test('a kept listing of an earlier index, another workspace\'s or an unreadable one is not printed', () => {
  const { home, cache, run } = setup();
  const keptFile = join(cache, 'sessions.cache.json');
  const first = JSON.parse(run(['sessions', '--json']).stdout) as Listed[];
  const earlier = readFileSync(keptFile, 'utf8');
  const transcript = claudeTranscript({ data: join(home, '.claude'), workspace: ws, config: () => { throw new Error('unused'); } });
  appendClaudePrompt(transcript, 'later', 2);
  const second = JSON.parse(run(['sessions', '--json']).stdout) as Listed[];
  const count = (l: Listed[]): number | undefined => l.find((s) => s.agent === 'claude-code')?.promptCount;
  assert.equal(count(second), (count(first) ?? 0) + 1);
  // The listing of the index before the prompt was added, put back: its stamp is not the saved index's.
  writeFileSync(keptFile, earlier);
  assert.equal(count(JSON.parse(run(['sessions', '--json']).stdout) as Listed[]), count(second));
  // Another workspace's listing, and garbage.
  const other = JSON.parse(readFileSync(keptFile, 'utf8')) as { workspace: string; sessions: unknown[] };
  writeFileSync(keptFile, JSON.stringify({ ...other, workspace: '/elsewhere', sessions: [] }));
  assert.equal((JSON.parse(run(['sessions', '--json']).stdout) as Listed[]).length, second.length);
  writeFileSync(keptFile, '{"v":1,"db":');
  assert.equal((JSON.parse(run(['sessions', '--json']).stdout) as Listed[]).length, second.length);
});

test('a run with nothing new reads no Codex rollout head again: discovery uses what the last run ruled in or out', () => {
  const { run } = setup();
  const first = run(['sessions', '--json', '--verbose']);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /discovered codex: \d+ transcript\(s\) may belong; [1-9]\d* file head\(s\) read/);
  const warm = run(['sessions', '--json', '--verbose']);
  assert.equal(warm.code, 0, warm.stderr);
  assert.match(warm.stderr, /nothing changed since the index was saved/);
  // Before, the kept-listing path ran discovery without the memo and read the first line of every rollout again.
  assert.match(warm.stderr, /discovered codex: \d+ transcript\(s\) may belong; 0 file head\(s\) read, [1-9]\d* remembered/);
  assert.deepEqual(JSON.parse(warm.stdout), JSON.parse(first.stdout));
});
