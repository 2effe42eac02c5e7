// `/rewind` in Copilot CLI's TUI rewrites events.jsonl shorter (the withdrawn prompts' events are gone, nothing
// marks them) and, with "Conversation + files", drops their rewind snapshots and backups. Recorded in
// copilot-tui-rewind (before: copilot-home, after: copilot-home-after-rewind), copilot-tui-rewind-conversation and
// copilot-tui-rewind-first (to before prompt 1: the log keeps no prompt at all).
// Through the real index: the file shrinks, it is read again from its start, and the withdrawn prompts must go.
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { copilotAdapter } from '../../../../src/adapters/copilot/copilotAdapter';
import { agentRegistry } from '../../../../src/adapters/agentRegistry';
import type { IndexOp } from '../../../../src/core/ops';
import { makeIndexConfig } from '../../../../src/indexer/indexConfig';
import { IndexEngine } from '../../../../src/indexer/indexEngine';
import { runAdapter } from '../../helpers/parseWithAdapter';
import { copilotRun, sessionDir, sessionFiles, type CopilotRun } from './copilotFixtures';

const wasm = path.join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');
const sqliteWasm = path.join(process.cwd(), 'node_modules/@sqlite.org/sqlite-wasm/dist/sqlite3.wasm');

async function engineOver(root: string, workspace: string): Promise<IndexEngine> {
  const engine = new IndexEngine();
  await engine.configure(
    makeIndexConfig(
      { storageDir: undefined, wasmPath: wasm, workspaceFolders: [workspace], home: '/nonexistent-home', env: {} },
      { agents: Object.fromEntries(agentRegistry.ids.map((id) => [id, { enabled: id === 'copilot', roots: id === 'copilot' ? [root] : [] }])), sqliteWasmPath: sqliteWasm },
    ),
  );
  await engine.refresh();
  return engine;
}

/** The session's data folder after the rewind, copied over the one before it, the log rewritten in place. */
function applyRewind(run: CopilotRun, root: string): void {
  const after = sessionDir(path.join(run.dir, 'copilot-home-after-rewind/dot-copilot'), run.sessionId);
  const mine = sessionDir(root, run.sessionId);
  copyFileSync(path.join(after, 'events.jsonl'), path.join(mine, 'events.jsonl'));
  rmSync(path.join(mine, 'rewind-file-snapshots'), { recursive: true, force: true });
  cpSync(path.join(after, 'rewind-file-snapshots'), path.join(mine, 'rewind-file-snapshots'), { recursive: true });
}

for (const [name, withFiles, kept] of [
  ['copilot-tui-rewind', true, 1],
  ['copilot-tui-rewind-conversation', false, 1],
  ['copilot-tui-rewind-first', true, 0],
] as const) {
  test(`${name}: after /rewind to before prompt ${kept + 1} the index holds the ${kept} prompt(s) before it (the shrunk log is read again)`, async () => {
    const run = copilotRun(name, `${name}.json`);
    const root = mkdtempSync(path.join(tmpdir(), 'ad-copilot-rewind-'));
    cpSync(run.home, root, { recursive: true });
    const engine = await engineOver(root, run.repo);
    try {
      const [before] = await engine.listSessions();
      assert.equal(before.agent, 'copilot');
      assert.deepEqual(
        (await engine.listPrompts(before.key)).map((p) => p.text),
        run.scenario.turns.map((t) => t.prompt),
      );
      applyRewind(run, root);
      const stats = await engine.refresh();
      assert.ok(stats);
      // The session keeps what the log still holds; one left with nothing is not listed (as any empty session).
      const sessions = await engine.listSessions();
      assert.deepEqual(
        sessions.map((s) => s.key),
        kept > 0 ? [before.key] : [],
      );
      const turns = run.scenario.turns.slice(0, kept);
      const prompts = await engine.listPrompts(before.key);
      assert.deepEqual(
        prompts.map((p) => [p.index, p.text]),
        turns.map((t, i) => [i + 1, t.prompt]),
      );
      const detail = await engine.sessionDetail(before.key);
      assert.deepEqual(
        detail?.prompts.map((p) => p.steps.length),
        turns.map((t) => t.steps.reduce((n, s) => n + (s.text ? 1 : 0) + (s.calls?.length ?? 0), 0)),
        'the kept prompts keep their steps, the withdrawn prompts\' steps are gone',
      );
      const data = await engine.checkpointData(before.key);
      assert.deepEqual(
        data?.prompts.map((p) => p.index) ?? [],
        turns.map((_, i) => i + 1),
      );
      // Files the withdrawn prompts changed are no longer part of the session's checkpoints.
      assert.deepEqual(
        data?.histories.map((h) => path.relative(run.repo, h.path)).sort() ?? [],
        kept === 0 ? [] : ['src/notes.js'],
      );
      // (git keeps no empty folder: after a rewind with files the backups folder is absent from the fixture.)
      const backups = path.join(sessionDir(root, run.sessionId), 'rewind-file-snapshots/backups');
      assert.equal(existsSync(backups) && readdirSync(backups).length > 0, !withFiles);
    } finally {
      await engine.dispose();
    }
  });
}

test('copilot-tui-rewind-conversation: snapshots of withdrawn prompts (kept by "Conversation only") give no backups', () => {
  const run = copilotRun('copilot-tui-rewind-conversation', 'copilot-tui-rewind-conversation.json');
  const home = path.join(run.dir, 'copilot-home-after-rewind/dot-copilot');
  const { sessions, ops, issues } = runAdapter(copilotAdapter, sessionFiles(home, run.sessionId));
  assert.deepEqual(issues, []);
  assert.deepEqual(
    sessions[0].prompts.map((p) => p.text),
    [run.scenario.turns[0].prompt],
  );
  const backups = ops.filter((o): o is Extract<IndexOp, { op: 'fileBackup' }> => o.op === 'fileBackup');
  assert.ok(backups.length > 0);
  assert.ok(backups.every((b) => b.promptId === sessions[0].prompts[0].id));
});

test('a log read from its start withdraws all of the session\'s prompts at its session.start before emitting them again', () => {
  const run = copilotRun('copilot-tui-rewind', 'copilot-tui-rewind.json');
  const { ops } = runAdapter(copilotAdapter, sessionFiles(run.home, run.sessionId).slice(0, 1), { chunks: 5 });
  const rewind = ops.findIndex((o) => o.op === 'rewind');
  assert.deepEqual(ops[rewind], { op: 'rewind', sessionId: run.sessionId });
  assert.ok(rewind < ops.findIndex((o) => o.op === 'prompt'));
  assert.equal(ops.filter((o) => o.op === 'rewind').length, 1, 'once per reading, not per batch');
});
