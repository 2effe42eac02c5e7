// Record types: what Claude Code 2.1.332 writes is known (no issue at all), and a record type nobody knows yet is
// counted in the index's issue counts but logged at debug level only, so every index pass does not repeat it.
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { IndexEngine } from '../../../src/indexer/indexEngine';
import { makeIndexConfig } from '../../../src/indexer/indexConfig';
import type { LogLevel } from '../../../src/indexer/indexService';

const fixture = join(process.cwd(), 'test/fixtures/recorded/claude-big-file-v2.1.332');
const repo = '/tmp/agent-trail-fixtures/claude-big-file-v2.1.332/demo-repo';
const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');

function transcriptOf(root: string): string {
  const projects = join(root, 'projects');
  const dir = join(projects, readdirSync(projects)[0]);
  const file = readdirSync(dir).find((n) => n.endsWith('.jsonl') && statSync(join(dir, n)).isFile());
  assert.ok(file);
  return join(dir, file);
}

async function indexed(root: string): Promise<{ engine: IndexEngine; logs: { level: LogLevel; message: string }[] }> {
  const engine = new IndexEngine();
  const logs: { level: LogLevel; message: string }[] = [];
  engine.onLog((level, message) => logs.push({ level, message }));
  await engine.configure(
    makeIndexConfig(
      { storageDir: undefined, wasmPath: wasm, workspaceFolders: [repo], home: '/nonexistent-home', env: {} },
      { agents: { 'claude-code': { enabled: true, roots: [root] }, codex: { enabled: false, roots: [] }, 'gemini-cli': { enabled: false, roots: [] } } },
    ),
  );
  await engine.refresh();
  return { engine, logs };
}

test('Claude Code 2.1.332 transcripts produce no issue: every record type it writes is known', async () => {
  const { engine, logs } = await indexed(join(fixture, 'claude-home'));
  try {
    assert.deepEqual((await engine.stats()).issues, {});
    assert.deepEqual(logs.filter((l) => l.message.includes('skipped or repaired')), []);
  } finally {
    await engine.dispose();
  }
});

test('an unknown record type is counted and logged at debug level, not info', async () => {
  const root = join(mkdtempSync(join(tmpdir(), 'at-unknown-')), 'claude-home');
  cpSync(join(fixture, 'claude-home'), root, { recursive: true });
  appendFileSync(transcriptOf(root), `${JSON.stringify({ type: 'zz-record-from-next-week', sessionId: 'x' })}\n`);
  const { engine, logs } = await indexed(root);
  try {
    assert.deepEqual((await engine.stats()).issues, { 'unknown-record': 1 });
    const summaries = logs.filter((l) => l.message.includes('skipped or repaired'));
    assert.deepEqual(summaries, [{ level: 'debug', message: '[index] skipped or repaired: 1 unknown-record (details at debug level)' }]);
    // The session itself is complete.
    assert.equal((await engine.listSessions())[0].promptCount, 4);
  } finally {
    await engine.dispose();
  }
});
