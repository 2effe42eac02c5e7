// The index while agents work, without polling: watch events read only the transcript that changed, another
// project's rollout is ruled out once and then ignored, what discovery read is remembered across restarts, a root
// that appears later is picked up, and where the file system sends no events a slow check still sees changes.
// Timings are never asserted (npm run bench:live measures them); the engine's debug log says what it did.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, type watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { IndexEngine, type IndexEngineOptions } from '../../../src/indexer/indexEngine';
import { makeIndexConfig } from '../../../src/indexer/indexConfig';
import type { IndexConfig } from '../../../src/indexer/indexService';

const fixtures = join(process.cwd(), 'test/fixtures/recorded');
const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');
const workspace = '/tmp/agent-trail-fixtures/multi-agent/demo-repo';
/** Generous: only a hang fails on it, never slowness. */
const timeout = 60_000;

function setup(): { home: string; storage: string; claudeTranscript: string; rollouts: { own: string; other: string } } {
  const base = mkdtempSync(join(tmpdir(), 'at-live-'));
  const home = join(base, 'home');
  cpSync(join(fixtures, 'multi-agent/home'), home, { recursive: true });
  const projects = join(home, '.claude/projects');
  const dir = join(projects, readdirSync(projects)[0]);
  const claudeTranscript = join(dir, readdirSync(dir).find((n) => n.endsWith('.jsonl')) ?? '');
  const day = join(home, '.codex/sessions/2026/11/22');
  const rollouts = readdirSync(day).map((n) => join(day, n));
  const own = rollouts.find((p) => readFileSync(p, 'utf8').split('\n')[0].includes('"cwd":"/tmp/agent-trail-fixtures/multi-agent/demo-repo"'));
  const other = rollouts.find((p) => p !== own);
  assert.ok(own && other, 'the fixture has a workspace rollout and another project’s');
  return { home, storage: join(base, 'storage'), claudeTranscript, rollouts: { own, other } };
}

function config(home: string, storage: string | undefined, overrides: Partial<IndexConfig> = {}): IndexConfig {
  return makeIndexConfig({ storageDir: storage, wasmPath: wasm, workspaceFolders: [workspace], home }, { persistDelayMs: 10, ...overrides });
}

async function started(cfg: IndexConfig, options: IndexEngineOptions = {}): Promise<{ engine: IndexEngine; logs: string[] }> {
  const engine = new IndexEngine(options);
  const logs: string[] = [];
  engine.onLog((level, message) => logs.push(`${level} ${message}`));
  await engine.configure(cfg);
  await engine.refresh();
  await engine.watch();
  return { engine, logs };
}

/** The messages an engine logs while it is configured and makes one pass; it is disposed after. */
async function onePassLogs(cfg: IndexConfig): Promise<string[]> {
  const engine = new IndexEngine();
  const logs: string[] = [];
  engine.onLog((_level, message) => logs.push(message));
  await engine.configure(cfg);
  await engine.refresh();
  await engine.dispose();
  return logs;
}

/** Resolves with the next change event that names `key`. */
function changeOf(engine: IndexEngine, key: string | ((keys: string[]) => boolean)): Promise<void> {
  const match = typeof key === 'string' ? (keys: string[]) => keys.includes(key) : key;
  return new Promise((resolve) => {
    const sub = engine.onDidChange((c) => {
      if (match(c.sessions)) {
        sub.dispose();
        resolve();
      }
    });
  });
}

/** A Claude prompt record shaped like the transcript's first prompt, with a new uuid and `text`. */
function claudePrompt(transcript: string, text: string): string {
  const template = readFileSync(transcript, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"type":"user"') && l.includes('"content":"'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)[0];
  return `${JSON.stringify({ ...template, uuid: randomUUID(), timestamp: new Date().toISOString(), message: { role: 'user', content: text } })}\n`;
}

/** Waits until a log line contains `part` (the run that fired a change event logs after it). */
async function logged(logs: string[], part: string): Promise<void> {
  while (!logs.some((l) => l.includes(part))) {
    await new Promise((r) => setTimeout(r, 5));
  }
}

function count(logs: string[], part: string): number {
  return logs.filter((l) => l.includes(part)).length;
}

test('an appended record is read from its transcript’s cursor: no discovery, no pass over other transcripts', { timeout }, async () => {
  const { home, storage, claudeTranscript } = setup();
  const { engine, logs } = await started(config(home, storage));
  try {
    assert.ok(logs.some((l) => l.includes('file-system events')), logs.join('\n'));
    const session = (await engine.listSessions()).find((s) => s.agent === 'claude-code');
    assert.ok(session);
    logs.length = 0;
    const seen = changeOf(engine, session.key);
    appendFileSync(claudeTranscript, claudePrompt(claudeTranscript, 'a prompt written while watched'));
    await seen;
    assert.ok((await engine.listPrompts(session.key)).some((p) => p.text === 'a prompt written while watched'));
    await logged(logs, '[index] changed: 1 transcript(s)');
    assert.equal(count(logs, 'discover'), 0, logs.join('\n'));
    assert.equal(count(logs, '[index] pass:'), 0, `no full pass: ${logs.join('\n')}`);
    assert.equal(count(logs, '[index] changed: 1 transcript(s)'), 1, logs.join('\n'));
  } finally {
    await engine.dispose();
  }
});

test('another project’s Codex rollout: ruled out on its first change, then its appends cost nothing', { timeout }, async () => {
  const { home, storage, claudeTranscript, rollouts } = setup();
  const { engine, logs } = await started(config(home, storage));
  try {
    const claude = (await engine.listSessions()).find((s) => s.agent === 'claude-code');
    assert.ok(claude);
    const otherLine = readFileSync(rollouts.other, 'utf8').split('\n').filter((l) => l).slice(-1)[0];
    logs.length = 0;
    for (let round = 1; round <= 3; round++) {
      appendFileSync(rollouts.other, `${otherLine}\n`);
      // Events are handled in order: once the workspace transcript's change is out, the rollout's was handled.
      const seen = changeOf(engine, claude.key);
      appendFileSync(claudeTranscript, claudePrompt(claudeTranscript, `round ${round}`));
      await seen;
      assert.equal(count(logs, 'discovering codex again'), 1, `round ${round}: discovery ran once, for the first change only\n${logs.join('\n')}`);
    }
    // That one discovery read no rollout's first line: both were remembered from the first pass.
    assert.equal(count(logs, 'discovered codex: 1 transcript(s) may belong; 0 file head(s) read, 2 remembered'), 1, logs.join('\n'));
    assert.deepEqual(
      (await engine.listSessions()).map((s) => s.agent).sort(),
      ['claude-code', 'codex', 'gemini-cli'],
      'the other project’s session stays out',
    );
  } finally {
    await engine.dispose();
  }
});

test('a restart reads no rollout head it read before (the discovery memo is kept in the storage folder)', { timeout }, async () => {
  const { home, storage } = setup();
  const firstLogs = await onePassLogs(config(home, storage));
  assert.equal(count(firstLogs, 'discovered codex: 1 transcript(s) may belong; 2 file head(s) read, 0 remembered'), 1, firstLogs.join('\n'));
  const logs = await onePassLogs(config(home, storage));
  assert.equal(count(logs, 'discovered codex: 1 transcript(s) may belong; 0 file head(s) read, 2 remembered'), 1, logs.join('\n'));
});

test('a Codex home created after watching started is picked up, folders and all', { timeout }, async () => {
  const { home } = setup();
  const later = join(mkdtempSync(join(tmpdir(), 'at-live-later-')), 'not', 'yet', '.codex');
  const cfg = config(home, undefined, {
    agents: { 'claude-code': { enabled: false, roots: [] }, codex: { enabled: true, roots: [later] }, 'gemini-cli': { enabled: false, roots: [] } },
  });
  const { engine, logs } = await started(cfg);
  try {
    assert.equal((await engine.listSessions()).length, 0);
    assert.ok(logs.some((l) => l.includes('waiting') && l.includes('does not exist yet')), logs.join('\n'));
    const seen = changeOf(engine, (keys) => keys.some((k) => k.startsWith('codex:')));
    mkdirSync(later, { recursive: true });
    cpSync(join(home, '.codex/sessions'), join(later, 'sessions'), { recursive: true });
    await seen;
    const sessions = await engine.listSessions();
    assert.deepEqual(sessions.map((s) => s.agent), ['codex']);
    assert.ok(logs.some((l) => l.includes(`watching ${later} (codex): file-system events`)), logs.join('\n'));
  } finally {
    await engine.dispose();
  }
});

test('where folders cannot be watched, a slow check of folder times and known transcripts still sees changes', { timeout }, async () => {
  const { home, storage, claudeTranscript } = setup();
  const noEvents = ((): never => {
    const err: NodeJS.ErrnoException = new Error('ENOSPC: System limit for number of file watchers reached');
    err.code = 'ENOSPC';
    throw err;
  }) as unknown as typeof watch;
  const { engine, logs } = await started(config(home, storage), { watch: { watchFn: noEvents, checkEveryMs: 20 } });
  try {
    assert.ok(logs.some((l) => l.includes('checking') && l.includes('ENOSPC')), logs.join('\n'));
    logs.length = 0;
    const session = (await engine.listSessions()).find((s) => s.agent === 'claude-code');
    assert.ok(session);
    const seen = changeOf(engine, session.key);
    appendFileSync(claudeTranscript, claudePrompt(claudeTranscript, 'seen without events'));
    await seen;
    assert.ok((await engine.listPrompts(session.key)).some((p) => p.text === 'seen without events'));
    assert.equal(count(logs, '[index] pass:'), 0, `checked, not a full pass: ${logs.join('\n')}`);
  } finally {
    await engine.dispose();
  }
});
