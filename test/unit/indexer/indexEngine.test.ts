// The indexer end to end on recorded real transcripts: workspace scoping across agents, incremental appends,
// rewrites and truncation, persistence across restarts, transcripts deleted by their agent, and a rebuild.
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { agentRegistry } from '../../../src/adapters/agentRegistry';
import { IndexEngine } from '../../../src/indexer/indexEngine';
import type { IndexConfig } from '../../../src/indexer/indexService';
import { makeIndexConfig } from '../../../src/indexer/indexConfig';
import { findFiles } from '../helpers/storageCase';

const fixtures = join(process.cwd(), 'test/fixtures/recorded');
const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');
const multiRepo = '/tmp/agent-trail-fixtures/multi-agent/demo-repo';

function scenarioPrompts(name: string): string[] {
  const s = JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/scenarios', `${name}.json`), 'utf8')) as { turns: { prompt: string }[] };
  return s.turns.map((t) => t.prompt);
}

function config(home: string, storageDir: string | undefined, workspace: string): IndexConfig {
  return makeIndexConfig({ storageDir, wasmPath: wasm, workspaceFolders: [workspace], home }, { persistDelayMs: 10 });
}

function copyHome(src: string): string {
  const home = join(mkdtempSync(join(tmpdir(), 'at-engine-')), 'home');
  cpSync(src, home, { recursive: true });
  return home;
}

async function engineFor(home: string, workspace: string, storageDir?: string): Promise<IndexEngine> {
  const engine = new IndexEngine();
  await engine.configure(config(home, storageDir, workspace));
  await engine.refresh();
  return engine;
}

test('three agents on one repo: each session appears with its exact prompts; the decoy repo does not', async () => {
  const engine = await engineFor(join(fixtures, 'multi-agent/home'), multiRepo);
  const sessions = await engine.listSessions();
  assert.deepEqual(sessions.map((s) => s.agent).sort(), ['claude-code', 'codex', 'gemini-cli']);
  for (const s of sessions) {
    assert.ok(s.cwd === multiRepo || s.cwd.startsWith(`${multiRepo}/`), `${s.agent} cwd ${s.cwd}`);
  }
  const byAgent = new Map(sessions.map((s) => [s.agent, s]));
  const expected: [string, string][] = [
    ['codex', 'multi-codex'],
    ['claude-code', 'multi-claude'],
    ['gemini-cli', 'multi-gemini'],
  ];
  for (const [agent, scenario] of expected) {
    const s = byAgent.get(agent as 'codex');
    assert.ok(s, `${agent} session missing`);
    const prompts = await engine.listPrompts(s.key);
    assert.deepEqual(prompts.map((p) => p.text), scenarioPrompts(scenario), `${agent} prompts`);
    assert.ok(s.filesChanged > 0, `${agent} changed files`);
  }
  const everything = await engineFor(join(fixtures, 'multi-agent/home'), '/tmp/agent-trail-fixtures/multi-agent');
  assert.ok((await everything.listSessions()).length > sessions.length, 'the decoy exists in the data, only scoping hides it');
  await engine.dispose();
  await everything.dispose();
});

test("Claude's lossy project-dir encoding: demo_repo's session never shows in demo-repo and vice versa", async () => {
  const home = copyHome(join(fixtures, 'claude-print/claude-home'));
  cpSync(join(fixtures, 'claude-decoy/claude-home/projects'), join(home, 'projects'), { recursive: true });
  const env = { CLAUDE_CONFIG_DIR: home };
  const main = new IndexEngine();
  await main.configure({ ...config('/nonexistent-home', undefined, '/tmp/agent-trail-fixtures/claude-print/demo-repo'), env });
  await main.refresh();
  const decoy = new IndexEngine();
  await decoy.configure({ ...config('/nonexistent-home', undefined, '/tmp/agent-trail-fixtures/claude-print/demo_repo'), env });
  await decoy.refresh();
  const m = await main.listSessions();
  const d = await decoy.listSessions();
  assert.equal(m.length, 1);
  assert.equal(d.length, 1);
  assert.notEqual(m[0].id, d[0].id);
  assert.deepEqual((await main.listPrompts(m[0].key)).map((p) => p.text), scenarioPrompts('claude-print'));
  assert.deepEqual((await decoy.listPrompts(d[0].key)).map((p) => p.text), scenarioPrompts('claude-decoy'));
  await main.dispose();
  await decoy.dispose();
});

test('incremental: a transcript indexed while half written ends up exactly like one indexed whole', async () => {
  const home = copyHome(join(fixtures, 'claude-print/claude-home'));
  const transcript = findFiles(join(home, 'projects'), /\.jsonl$/).find((f) => !f.includes('subagents'));
  assert.ok(transcript);
  const full = readFileSync(transcript);
  const env = { CLAUDE_CONFIG_DIR: home };
  const ws = '/tmp/agent-trail-fixtures/claude-print/demo-repo';
  const reference = new IndexEngine();
  await reference.configure({ ...config('/x', undefined, ws), env });
  await reference.refresh();
  const [refSession] = await reference.listSessions();
  const expected = await reference.sessionDetail(refSession.key);

  // Cut in the middle of a line: the partial line must wait, not be lost or mangled.
  const cut = Math.floor(full.length * 0.45);
  writeFileSync(transcript, full.subarray(0, cut));
  const storage = mkdtempSync(join(tmpdir(), 'at-storage-'));
  const engine = new IndexEngine();
  await engine.configure({ ...config('/x', storage, ws), env });
  await engine.refresh();
  const partial = await engine.listSessions();
  assert.equal(partial.length, 1);
  assert.ok(partial[0].promptCount < expected!.prompts.length, 'only part of the session is visible yet');
  appendFileSync(transcript, full.subarray(cut, cut + 7));
  await engine.refresh();
  appendFileSync(transcript, full.subarray(cut + 7));
  const stats = await engine.refresh();
  assert.deepEqual(await engine.sessionDetail(partial[0].key), expected);
  assert.equal(stats.issues['invalid-json'] ?? 0, 0, 'no partial line was ever parsed');
  await engine.dispose();

  // A restart continues from the stored cursor and sees the same index (persisted on dispose).
  const again = new IndexEngine();
  await again.configure({ ...config('/x', storage, ws), env });
  assert.equal(again.storeOutcome, 'loaded');
  assert.deepEqual(await again.sessionDetail(partial[0].key), expected);
  await again.refresh();
  assert.deepEqual(await again.sessionDetail(partial[0].key), expected);
  await again.dispose();
  await reference.dispose();
});

test('rewritten and truncated transcripts are read again; nothing already indexed is lost; bad lines are counted', async () => {
  const home = copyHome(join(fixtures, 'claude-print/claude-home'));
  const transcript = findFiles(join(home, 'projects'), /\.jsonl$/).find((f) => !f.includes('subagents'));
  assert.ok(transcript);
  const full = readFileSync(transcript, 'utf8');
  const env = { CLAUDE_CONFIG_DIR: home };
  const ws = '/tmp/agent-trail-fixtures/claude-print/demo-repo';
  const engine = new IndexEngine();
  await engine.configure({ ...config('/x', mkdtempSync(join(tmpdir(), 'at-storage-')), ws), env });
  await engine.refresh();
  const [session] = await engine.listSessions();
  const before = await engine.listPrompts(session.key);

  // Truncated to its first lines (a tombstone rewrite): re-read, previously indexed prompts stay.
  const lines = full.split('\n');
  writeFileSync(transcript, `${lines.slice(0, 5).join('\n')}\n`);
  let stats = await engine.refresh();
  assert.ok((stats.issues.rewritten ?? 0) >= 1, 'the rewrite is detected and counted');
  assert.deepEqual((await engine.listPrompts(session.key)).map((p) => p.text), before.map((p) => p.text));

  // Garbage, invalid JSON, an unknown record type and binary bytes appended: counted, the session still shows.
  writeFileSync(transcript, full);
  appendFileSync(transcript, '{"type":"user","message":\n');
  appendFileSync(transcript, 'not json at all\n');
  appendFileSync(transcript, `${JSON.stringify({ type: 'totally-new-record-type', uuid: 'x', sessionId: session.id })}\n`);
  appendFileSync(transcript, Buffer.from([0x00, 0xff, 0xfe, 0x01, 0x0a]));
  stats = await engine.refresh();
  assert.ok((stats.issues['invalid-json'] ?? 0) + (stats.issues.binary ?? 0) >= 3, JSON.stringify(stats.issues));
  assert.ok((stats.issues['unknown-record'] ?? 0) >= 1, JSON.stringify(stats.issues));
  assert.deepEqual((await engine.listPrompts(session.key)).map((p) => p.text), before.map((p) => p.text));

  // Deleted by the agent: the session stays.
  rmSync(transcript);
  await engine.refresh();
  assert.deepEqual((await engine.listSessions()).map((s) => s.id), [session.id]);
  await engine.dispose();
});

test('a corrupt DB with the transcripts gone is rebuilt from the archive journal', async () => {
  const home = copyHome(join(fixtures, 'multi-agent/home'));
  const storage = mkdtempSync(join(tmpdir(), 'at-storage-'));
  const engine = await engineFor(home, multiRepo, storage);
  const expected = await engine.listSessions();
  const details = await Promise.all(expected.map((s) => engine.sessionDetail(s.key)));
  await engine.dispose();
  // The agents delete their transcripts, and the DB file is damaged.
  rmSync(join(home, '.claude', 'projects'), { recursive: true });
  rmSync(join(home, '.codex', 'sessions'), { recursive: true });
  writeFileSync(join(storage, 'index.db'), 'garbage');
  const rebuilt = await engineFor(home, multiRepo, storage);
  assert.equal(rebuilt.storeOutcome, 'rebuilt-corrupt');
  const sessions = await rebuilt.listSessions();
  assert.deepEqual(sessions.map((s) => s.key).sort(), expected.map((s) => s.key).sort());
  for (const [i, s] of expected.entries()) {
    assert.deepEqual(await rebuilt.sessionDetail(s.key), details[i], `${s.agent} session restored exactly`);
  }
  await rebuilt.dispose();
});

test('a 50 MB line is handled: parsed when under the limit, skipped and counted when over it', async () => {
  const home = copyHome(join(fixtures, 'claude-print/claude-home'));
  const transcript = findFiles(join(home, 'projects'), /\.jsonl$/).find((f) => !f.includes('subagents'));
  assert.ok(transcript);
  const first = JSON.parse(readFileSync(transcript, 'utf8').split('\n').find((l) => l.includes('"type":"user"')) ?? '{}') as Record<string, unknown>;
  const huge = { ...first, uuid: 'huge-line-0000', message: { role: 'user', content: `big paste ${'z'.repeat(50 * 1024 * 1024)}` }, timestamp: '2030-01-01T00:00:00.000Z' };
  appendFileSync(transcript, `${JSON.stringify(huge)}\n`);
  const env = { CLAUDE_CONFIG_DIR: home };
  const ws = '/tmp/agent-trail-fixtures/claude-print/demo-repo';
  const small = new IndexEngine();
  await small.configure({ ...config('/x', undefined, ws), env, maxLineBytes: 1024 * 1024 });
  const stats = await small.refresh();
  assert.equal(stats.issues['oversized-line'], 1);
  const [s1] = await small.listSessions();
  assert.equal(s1.promptCount, scenarioPrompts('claude-print').length);
  const big = new IndexEngine();
  await big.configure({ ...config('/x', undefined, ws), env });
  await big.refresh();
  const [s2] = await big.listSessions();
  assert.equal(s2.promptCount, scenarioPrompts('claude-print').length + 1, 'the 50 MB prompt is indexed under the default limit');
  await small.dispose();
  await big.dispose();
});

test('unreadable or missing data folders are reported, not thrown', async () => {
  const engine = new IndexEngine();
  await engine.configure({ ...config('/definitely/not/here', undefined, multiRepo) });
  const stats = await engine.refresh();
  assert.deepEqual(await engine.listSessions(), []);
  // Every registered agent's default folder under the missing HOME was searched (and nothing thrown).
  assert.deepEqual(Object.keys(stats.searchedRoots).sort(), [...agentRegistry.ids].sort());
  await engine.dispose();
});

test('include/exclude globs decide which transcripts are read', async () => {
  const engine = new IndexEngine();
  await engine.configure({ ...config(join(fixtures, 'multi-agent/home'), undefined, multiRepo), exclude: ['**/.codex/**'] });
  await engine.refresh();
  assert.deepEqual((await engine.listSessions()).map((s) => s.agent).sort(), ['claude-code', 'gemini-cli']);
  await engine.dispose();
});

test('truncation to zero and regrowth', async () => {
  const home = copyHome(join(fixtures, 'claude-print/claude-home'));
  const transcript = findFiles(join(home, 'projects'), /\.jsonl$/).find((f) => !f.includes('subagents'));
  assert.ok(transcript);
  const full = readFileSync(transcript);
  const env = { CLAUDE_CONFIG_DIR: home };
  const engine = new IndexEngine();
  await engine.configure({ ...config('/x', undefined, '/tmp/agent-trail-fixtures/claude-print/demo-repo'), env });
  await engine.refresh();
  truncateSync(transcript, 0);
  await engine.refresh();
  writeFileSync(transcript, full);
  await engine.refresh();
  const [s] = await engine.listSessions();
  assert.deepEqual((await engine.listPrompts(s.key)).map((p) => p.text), scenarioPrompts('claude-print'));
  await engine.dispose();
});

test('observed contents are kept next to the archive: they survive a restart and a rebuilt DB', async () => {
  const home = copyHome(join(fixtures, 'multi-agent/home'));
  const storage = mkdtempSync(join(tmpdir(), 'at-storage-'));
  const observed = `${multiRepo}/observed-only.txt`;
  const engine = await engineFor(home, multiRepo, storage);
  assert.equal(await engine.blameBasis(observed), undefined, 'no agent touched it');
  const changes: { sessions: string[]; observed?: string[] }[] = [];
  engine.onDidChange((c) => changes.push(c));
  await engine.recordObservation(observed, '2030-01-01T00:00:00.000Z', 'seen\n');
  assert.deepEqual(changes, [{ sessions: [], observed: [observed] }]);
  // The cached "nothing" was dropped.
  assert.equal((await engine.blameBasis(observed))?.replayed.content, 'seen\n');
  await engine.dispose();

  const restarted = await engineFor(home, multiRepo, storage);
  assert.equal((await restarted.blameBasis(observed))?.replayed.content, 'seen\n');
  await restarted.dispose();

  writeFileSync(join(storage, 'index.db'), 'garbage');
  const rebuilt = await engineFor(home, multiRepo, storage);
  assert.equal(rebuilt.storeOutcome, 'rebuilt-corrupt');
  assert.equal((await rebuilt.blameBasis(observed))?.replayed.content, 'seen\n');
  await rebuilt.dispose();
});
