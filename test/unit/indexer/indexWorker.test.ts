// The extension host's view of the index: the real worker thread (dist/indexWorker.js), its message protocol,
// and live updates when an agent appends to a transcript.
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createWorkerIndexService, WorkerIndexService } from '../../../src/indexer/indexWorkerClient';
import { makeIndexConfig } from '../../../src/indexer/indexConfig';
import type { IndexConfig } from '../../../src/indexer/indexService';

const worker = join(process.cwd(), 'dist/indexWorker.js');
const wasm = join(process.cwd(), 'dist/sql-wasm.wasm');

function claudeOnly(claudeRoot: string, workspace: string, persistDelayMs: number): IndexConfig {
  return makeIndexConfig(
    { storageDir: mkdtempSync(join(tmpdir(), 'at-worker-storage-')), wasmPath: wasm, workspaceFolders: [workspace], home: '/nonexistent' },
    { agents: { 'claude-code': { enabled: true, roots: [claudeRoot] }, codex: { enabled: false, roots: [] }, 'gemini-cli': { enabled: false, roots: [] } }, persistDelayMs },
  );
}

function jsonlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? jsonlFiles(p) : p.endsWith('.jsonl') ? [p] : [];
  });
}

test('worker: index, query, and a record appended by an agent shows up as a change event', async () => {
  const home = join(mkdtempSync(join(tmpdir(), 'at-worker-')), 'claude');
  cpSync(join(process.cwd(), 'test/fixtures/recorded/claude-print/claude-home'), home, { recursive: true });
  const transcript = jsonlFiles(join(home, 'projects'))[0];
  const lines = readFileSync(transcript, 'utf8').split('\n').filter((l) => l);
  // Start with the transcript up to its second prompt, as if the agent were still working.
  const promptLines = lines.map((l, i) => [l, i] as const).filter(([l]) => /"type":"user"/.test(l) && /"content":"/.test(l) && !l.includes('tool_result'));
  const cut = promptLines[1][1];
  writeFileSync(transcript, `${lines.slice(0, cut).join('\n')}\n`);
  const service = createWorkerIndexService(worker);
  const logs: string[] = [];
  service.onLog((level, message) => logs.push(`${level} ${message}`));
  try {
    await service.configure(claudeOnly(home, '/tmp/agent-trail-fixtures/claude-print/demo-repo', 50));
    await service.refresh();
    const [session] = await service.listSessions();
    assert.equal(session.promptCount, 1);
    await service.watch();
    const changed = new Promise<string[]>((resolve) => {
      const sub = service.onDidChange((c) => {
        sub.dispose();
        resolve(c.sessions);
      });
    });
    const started = Date.now();
    appendFileSync(transcript, `${lines.slice(cut).join('\n')}\n`);
    const keys = await changed;
    const latency = Date.now() - started;
    assert.deepEqual(keys, [session.key]);
    const after = await service.listPrompts(session.key);
    assert.ok(after.length >= 2, `prompts after append: ${after.length}`);
    // Reported, not asserted: timing belongs to benchmarks, not tests.
    process.stdout.write(`# live update latency: ${latency} ms\n`);
    await service.flush();
    const unknown = await service.promptFileDiff('nope', 'nope', '/x');
    assert.deepEqual(unknown.patches, []);
    assert.equal(unknown.before, undefined, 'unknown content stays unknown across the thread boundary');
  } finally {
    await service.dispose();
  }
  assert.ok(!logs.some((l) => l.startsWith('error')), logs.join('\n'));
});

test('a crashed worker is restarted and answers again from the persisted index', async () => {
  const home = join(mkdtempSync(join(tmpdir(), 'at-worker-')), 'claude');
  cpSync(join(process.cwd(), 'test/fixtures/recorded/claude-tui/claude-home'), home, { recursive: true });
  const service = createWorkerIndexService(worker) as WorkerIndexService;
  const restarted = new Promise<void>((resolve) => service.onLog((_level, message) => message.includes('restarting') && resolve()));
  try {
    await service.configure(claudeOnly(home, '/tmp/agent-trail-fixtures/claude-tui/demo-repo', 10));
    await service.refresh();
    const before = await service.listSessions();
    assert.equal(before.length, 1);
    await service.flush();
    await service.crashForTest();
    await restarted;
    let after: Awaited<ReturnType<typeof service.listSessions>> | undefined;
    for (let i = 0; i < 100 && !after; i++) {
      after = await service.listSessions().catch(() => undefined);
      if (!after) {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    assert.deepEqual(after?.map((s) => s.id), before.map((s) => s.id));
  } finally {
    await service.dispose();
  }
});
