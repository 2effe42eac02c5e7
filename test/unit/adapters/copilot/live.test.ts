// A live Copilot CLI session: the rewind snapshot of a prompt is written after its work (print mode: when the process
// ends; TUI: when the next prompt is submitted), so the index first sees the log without it. Once the snapshot index
// appears, the next pass reads it and the prompt's shell-made changes become restorable.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { agentRegistry } from '../../../../src/adapters/agentRegistry';
import { CheckpointResolver } from '../../../../src/core/checkpoints/checkpointModel';
import { makeIndexConfig } from '../../../../src/indexer/indexConfig';
import { IndexEngine } from '../../../../src/indexer/indexEngine';
import { recordedPatchOps } from '../../../../src/store/recordedPatchOps';
import { copilotRun, sessionDir } from './copilotFixtures';

const wasm = path.join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');
const sqliteWasm = path.join(process.cwd(), 'node_modules/@sqlite.org/sqlite-wasm/dist/sqlite3.wasm');

test('a snapshot index that appears after the log is read on the next pass: CHANGELOG.md (made by printf) becomes restorable', async () => {
  const run = copilotRun('copilot-notes-cli', 'copilot-notes-cli.json');
  const root = mkdtempSync(path.join(tmpdir(), 'ad-copilot-live-'));
  cpSync(run.home, root, { recursive: true });
  const index = path.join(sessionDir(root, run.sessionId), 'rewind-file-snapshots/index.json');
  renameSync(index, `${index}.later`);
  const engine = new IndexEngine();
  await engine.configure(
    makeIndexConfig(
      { storageDir: undefined, wasmPath: wasm, workspaceFolders: [run.repo], home: '/nonexistent-home', env: {} },
      { agents: Object.fromEntries(agentRegistry.ids.map((id) => [id, { enabled: id === 'copilot', roots: id === 'copilot' ? [root] : [] }])), sqliteWasmPath: sqliteWasm },
    ),
  );
  const changelog = path.join(run.repo, 'CHANGELOG.md');
  const stateBefore = async (p: number): Promise<string> => {
    const [s] = await engine.listSessions();
    const data = await engine.checkpointData(s.key);
    assert.ok(data);
    const f = new CheckpointResolver(data.histories, recordedPatchOps).checkpoint(p).files.find((x) => x.path === changelog);
    return f?.state.kind ?? 'not in the checkpoint';
  };
  try {
    await engine.refresh();
    assert.equal(await stateBefore(2), 'unknown', 'without the snapshot: a shell-made file, content unknown');
    renameSync(`${index}.later`, index);
    await engine.refresh();
    assert.equal(await stateBefore(2), 'absent', 'the snapshot says CHANGELOG.md did not exist before prompt 2');
  } finally {
    await engine.dispose();
  }
});
