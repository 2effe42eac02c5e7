// The state.vscdb reader through the index and Cursor's own descriptor (its discovery finds a User folder's global
// store, its readDatabase dispatches to this folder's reader; only the readings are recorded). The index lists the workspace's composers only, with their prompts, steps and file histories, and reads
// the unchanged database again not at all.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { AgentAdapter, DatabaseBatch } from '../../../../src/adapters/adapter';
import type { AgentDescriptor } from '../../../../src/adapters/agentDescriptor';
import { agentRegistry, AgentRegistry } from '../../../../src/adapters/agentRegistry';
import { cursorAgent } from '../../../../src/adapters/cursor/cursorAgent';
import type { ToolCallStep } from '../../../../src/core/model';
import { makeIndexConfig } from '../../../../src/indexer/indexConfig';
import { IndexEngine } from '../../../../src/indexer/indexEngine';
import { readComposerStatuses } from '../../../../src/adapters/cursor/stateVscdb/composerActivity';
import { app, c1, c2, c3, copyUser, removeCopies, sqliteWasmPath } from './cursorStateFixtures';
import { rewriteDatabase } from '../../helpers/rewriteDatabase';

const copies: string[] = [];
after(() => removeCopies(copies));
const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');

/** Cursor's own descriptor (its adapter dispatches a User folder's state.vscdb here), its readings recorded. */
function cursorStateAgent(reads: unknown[]): AgentDescriptor {
  const read = cursorAgent.adapter.readDatabase;
  assert.ok(read, 'the Cursor adapter reads databases');
  const adapter: AgentAdapter = {
    ...cursorAgent.adapter,
    readDatabase(file, cursor, env): AsyncIterable<DatabaseBatch> {
      reads.push(cursor);
      return read.call(cursorAgent.adapter, file, cursor, env);
    },
  };
  return { ...cursorAgent, adapter };
}

async function indexedEngine(user: string, reads: unknown[] = []): Promise<IndexEngine> {
  const registry = new AgentRegistry([...agentRegistry.all.filter((d) => d.id !== 'cursor'), cursorStateAgent(reads)]);
  const engine = new IndexEngine({ registry });
  const storage = mkdtempSync(join(tmpdir(), 'at-cursor-state-index-'));
  copies.push(storage);
  await engine.configure(
    makeIndexConfig(
      { storageDir: storage, wasmPath: wasm, workspaceFolders: [app], home: join(storage, 'home'), env: {} },
      { agents: Object.fromEntries(registry.ids.map((id) => [id, { enabled: id === 'cursor', roots: id === 'cursor' ? [user] : [] }])), sqliteWasmPath, persistDelayMs: 10 },
    ),
  );
  await engine.refresh();
  return engine;
}

const greet = `${app}/src/greet.ts`;
const greet2 = 'export const greeting = "hello";\nexport function greet(name: string): string {\n  return `${greeting} ${name}`;\n}\n';

test('a change observed while a composer generated is credited to its running prompt, as observed', { timeout: 60_000 }, async () => {
  const engine = await indexedEngine(copyUser('basic', copies));
  try {
    // After u2's last edit (12:14:22): a line the store does not record, seen appearing while C1 was generating.
    const seen = `${greet2}export const extra = 1;\n`;
    // The shell observer saw it too, naming nobody: the composer's observation still claims the change.
    await engine.recordObservation(greet, '2026-12-03T12:14:30.000Z', seen);
    await engine.recordObservation(greet, '2026-12-03T12:14:30.001Z', seen, { agent: 'cursor', sessionId: c1 });
    const basis = await engine.blameBasis(greet);
    assert.equal(basis?.replayed.content, seen);
    const origins = basis?.replayed.origins ?? [];
    assert.deepEqual(
      origins.map((o) => (o ? [o.promptId, o.via] : null)),
      [['u2', 'edit'], ['u1', 'edit'], ['u1', 'edit'], ['u1', 'edit'], ['u2', 'observed']],
    );
    // An observation naming a session the workspace does not have is a plain known state: credited to nobody.
    await engine.recordObservation(greet, '2026-12-03T12:15:00.000Z', `${seen}export const more = 2;\n`, { agent: 'cursor', sessionId: 'not-indexed' });
    const after = await engine.blameBasis(greet);
    assert.deepEqual(
      after?.replayed.origins.map((o) => (o ? [o.promptId, o.via] : null)),
      [['u2', 'edit'], ['u1', 'edit'], ['u1', 'edit'], ['u1', 'edit'], ['u2', 'observed'], null],
    );
  } finally {
    await engine.dispose();
  }
});

test('the statuses of the workspace’s composers say which one is generating', { timeout: 60_000 }, async () => {
  const user = copyUser('basic', copies);
  const globalDb = join(user, 'globalStorage', 'state.vscdb');
  await rewriteDatabase(globalDb, [{ sql: "UPDATE cursorDiskKV SET value = json_set(value, '$.status', 'generating') WHERE key = ?", params: [`composerData:${c1}`] }]);
  const statuses = await readComposerStatuses(globalDb, join(user, 'workspaceStorage', 'ws-app'), sqliteWasmPath);
  assert.deepEqual(
    statuses.map((s) => [s.composerId, s.status]).sort(),
    [
      [c1, 'generating'],
      [c2, 'completed'],
      [c3, 'completed'],
    ],
  );
  assert.deepEqual(await readComposerStatuses(globalDb, join(user, 'workspaceStorage', 'ws-decoy'), sqliteWasmPath).then((s) => s.map((x) => x.status)), ['completed']);
});

test('the index lists the workspace’s Cursor composers from state.vscdb, and reads an unchanged one once', { timeout: 60_000 }, async () => {
  const user = copyUser('wal', copies);
  const reads: unknown[] = [];
  // Merge-safe: the real Cursor descriptor (src/adapters/cursor) is replaced by the test one.
  const registry = new AgentRegistry([...agentRegistry.all.filter((d) => d.id !== 'cursor'), cursorStateAgent(reads)]);
  const engine = new IndexEngine({ registry });
  const storage = mkdtempSync(join(tmpdir(), 'at-cursor-state-index-'));
  copies.push(storage);
  try {
    await engine.configure(
      makeIndexConfig(
        { storageDir: storage, wasmPath: wasm, workspaceFolders: [app], home: join(storage, 'home'), env: {} },
        { agents: Object.fromEntries(registry.ids.map((id) => [id, { enabled: id === 'cursor', roots: id === 'cursor' ? [user] : [] }])), sqliteWasmPath, persistDelayMs: 10 },
      ),
    );
    await engine.refresh();
    const sessions = await engine.listSessions();
    assert.deepEqual(sessions.map((s) => [s.agent, s.id, s.promptCount]).sort(), [
      ['cursor', c1, 2],
      ['cursor', c2, 1],
      ['cursor', c3, 1],
    ]);
    const s1 = sessions.find((s) => s.id === c1);
    assert.ok(s1);
    assert.deepEqual(
      (await engine.listPrompts(s1.key)).map((p) => p.text),
      ['Add a greet function to src/greet.ts and run the tests', 'Say hello instead of hi, and add a shout helper in src/util.ts'],
    );
    const edit = (await engine.sessionStep(s1.key, 'call_edit_3')) as ToolCallStep | undefined;
    assert.equal(edit?.fileChanges[0]?.path, `${app}/src/greet.ts`);
    assert.match(String(edit?.fileChanges[0]?.after), /"hello"/);
    const data = await engine.checkpointData(s1.key);
    assert.deepEqual(data?.histories.map((h) => h.path).sort(), [`${app}/src/greet.ts`, `${app}/src/util.ts`]);
    assert.equal(reads.length, 1);
    await engine.refresh();
    assert.equal(reads.length, 1, 'an unchanged database is not read again');
  } finally {
    await engine.dispose();
  }
});
