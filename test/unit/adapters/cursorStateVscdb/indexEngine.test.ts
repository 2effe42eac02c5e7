// The state.vscdb reader through the index, as the lead wires it into Cursor's adapter: an agent descriptor (a test
// one, the real Cursor descriptor lives in src/adapters/cursor) whose discovery and reading are this folder's
// functions. The index lists the workspace's composers only, with their prompts, steps and file histories, and reads
// the unchanged database again not at all.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { AgentAdapter, DatabaseBatch } from '../../../../src/adapters/adapter';
import type { AgentDescriptor } from '../../../../src/adapters/agentDescriptor';
import { agentRegistry, AgentRegistry } from '../../../../src/adapters/agentRegistry';
import { readCursorStateDatabase } from '../../../../src/adapters/cursor/stateVscdb/databaseReader';
import { discoverCursorStateDatabases } from '../../../../src/adapters/cursor/stateVscdb/discovery';
import type { ToolCallStep } from '../../../../src/core/model';
import type { ParseIssue } from '../../../../src/core/ops';
import { makeIndexConfig } from '../../../../src/indexer/indexConfig';
import { IndexEngine } from '../../../../src/indexer/indexEngine';
import { app, c1, c2, c3, copyUser, removeCopies, sqliteWasmPath } from './cursorStateFixtures';

const copies: string[] = [];
after(() => removeCopies(copies));
const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');

function cursorStateAgent(reads: unknown[]): AgentDescriptor {
  const adapter: AgentAdapter = {
    agent: 'cursor',
    defaultRoots: (env) => [...(env.editorUserDirs ?? [])],
    discover(roots, workspaceFolders, issues: ParseIssue[]) {
      return Promise.resolve(discoverCursorStateDatabases(roots, workspaceFolders, issues));
    },
    initialState: () => undefined,
    parseLines: (_file, state) => ({ state, ops: [], issues: [] }),
    parseDocument: () => ({ state: undefined, ops: [], issues: [] }),
    readDatabase(file, cursor, env): AsyncIterable<DatabaseBatch> {
      reads.push(cursor);
      return readCursorStateDatabase(file, cursor, env);
    },
  };
  return {
    id: 'cursor',
    label: 'Cursor (state.vscdb test)',
    settingKey: 'cursorStateTest',
    cliName: 'cursorstatetest',
    icon: { codicon: 'comment-discussion', color: 'charts.blue' },
    defaultFolders: 'the Cursor `User` folder',
    blame: true,
    watch: {
      descend: (s) => s.length <= 1 && (s[0] === 'globalStorage' || s[0] === undefined),
      relevant: (s) => (s[0] === 'globalStorage' && /^state\.vscdb(-wal)?$/.test(s[1] ?? '') ? 'transcript' : undefined),
      sourceOf: (path) => path.replace(/-wal$/, ''),
    },
    adapter,
  };
}

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
