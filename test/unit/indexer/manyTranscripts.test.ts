// A first index of many transcripts: the extension host hears about new sessions a few times a second, not once per
// transcript (each change crosses from the index worker and makes the Sessions view list every session again, which
// made a first index of 20,000 transcripts quadratic), and progress counts keep coming. Built from the recorded
// claude-print session, copied under new session ids.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { makeIndexConfig } from '../../../src/indexer/indexConfig';
import { IndexEngine } from '../../../src/indexer/indexEngine';
import type { IndexProgress } from '../../../src/indexer/indexService';

const fixture = join(process.cwd(), 'test/fixtures/recorded/claude-print');
const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');
const ws = '/tmp/agent-trail-fixtures/claude-print/demo-repo';
const copies = 150;

function jsonlUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? jsonlUnder(p) : p.endsWith('.jsonl') ? [p] : [];
  });
}

test(`${copies} transcripts indexed at once: changes announced a few times a second, progress to the end`, async () => {
  const home = join(mkdtempSync(join(tmpdir(), 'at-robust-many-')), 'claude-home');
  cpSync(join(fixture, 'claude-home'), home, { recursive: true });
  const id = readFileSync(join(fixture, 'session-id.txt'), 'utf8').trim();
  const [original] = jsonlUnder(join(home, 'projects'));
  const text = readFileSync(original, 'utf8');
  rmSync(original);
  for (let i = 0; i < copies; i++) {
    const copy = `${id.slice(0, -4)}${String(i).padStart(4, '0')}`;
    writeFileSync(join(dirname(original), `${copy}.jsonl`), text.split(id).join(copy));
  }
  const engine = new IndexEngine();
  const changes: string[][] = [];
  const progress: IndexProgress[] = [];
  engine.onDidChange((c) => changes.push(c.sessions));
  engine.onProgress((p) => progress.push(p));
  await engine.configure(makeIndexConfig({ storageDir: undefined, wasmPath: wasm, workspaceFolders: [ws], home: '/nonexistent', env: { CLAUDE_CONFIG_DIR: home } }, {}));
  const started = Date.now();
  await engine.refresh();
  const elapsed = Date.now() - started;
  const sessions = await engine.listSessions();
  await engine.dispose();

  assert.equal(sessions.length, copies);
  assert.deepEqual(new Set(changes.flat()), new Set(sessions.map((s) => s.key)), 'every new session is announced');
  assert.ok(changes.length <= elapsed / 100 + 2, `${changes.length} change events in ${elapsed} ms`);
  assert.deepEqual(progress[0], { done: 0, total: copies, initial: true, finished: false });
  assert.deepEqual(progress.at(-1), { done: copies, total: copies, initial: true, finished: true });
  assert.deepEqual(progress.at(-2), { done: copies, total: copies, initial: true, finished: false }, 'the last count is all of them');
  const counts = progress.map((p) => p.done);
  assert.deepEqual(counts, [...counts].sort((a, b) => a - b), 'counts only grow');
  assert.ok(progress.length <= elapsed / 100 + 4, `${progress.length} progress events in ${elapsed} ms`);
});
