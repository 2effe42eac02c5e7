// An agent's backup of a file at a prompt's start also describes the file before a shell command of that prompt
// changed it — when the backup was taken before the command (Copilot CLI's are taken when the prompt is submitted).
// A backup taken after the command (Claude takes one right before its first edit of a file it did not track yet,
// which may follow a shell change of the file in the same prompt) says nothing about the content before the command.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TranscriptFile } from '../../../src/adapters/adapter';
import { CheckpointResolver } from '../../../src/core/checkpoints/checkpointModel';
import { silentLogger } from '../../../src/core/logger';
import type { IndexOp } from '../../../src/core/ops';
import { PackBlobArchive } from '../../../src/store/blobArchive';
import { CheckpointQueries } from '../../../src/store/checkpointQueries';
import { IndexStore, sessionKey } from '../../../src/store/indexStore';
import { recordedPatchOps } from '../../../src/store/recordedPatchOps';
import { loadSqlJs, openDatabase } from '../../../src/store/sqlDatabase';

const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');
const ws = '/home/u/proj';
const file: TranscriptFile = { agent: 'copilot', path: '/home/u/.copilot/session-state/s1/events.jsonl', mode: 'append' };

test('a backup taken before a shell command restores the file; one taken after it does not', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ad-copilot-store-'));
  const early = join(dir, 'early');
  const late = join(dir, 'late');
  writeFileSync(early, 'a before\n');
  writeFileSync(late, 'b after the sed\n');
  const sql = await loadSqlJs(wasm);
  const { db } = openDatabase(sql, undefined, silentLogger);
  const store = new IndexStore(db, new PackBlobArchive(join(dir, 'archive', 'packs')), undefined, silentLogger);
  const ops: IndexOp[] = [
    { op: 'session', session: { agent: 'copilot', id: 's1', cwd: ws, timestamp: '2026-01-01T10:00:00.000Z' } },
    { op: 'prompt', sessionId: 's1', id: 'p1', text: 'go', timestamp: '2026-01-01T10:00:01.000Z' },
    { op: 'step', sessionId: 's1', step: { id: 'c1', promptId: 'p1', type: 'tool', name: 'bash', kind: 'shell', input: {}, timestamp: '2026-01-01T10:00:02.000Z', command: { command: 'sed -i s/x/y/ a.txt b.txt', exitCode: 0, output: '' } } },
    { op: 'fileBackup', sessionId: 's1', promptId: 'p1', path: `${ws}/a.txt`, backupPath: early, version: 1, timestamp: '2026-01-01T10:00:01.000Z' },
    { op: 'fileBackup', sessionId: 's1', promptId: 'p1', path: `${ws}/b.txt`, backupPath: late, version: 1, timestamp: '2026-01-01T10:00:03.000Z' },
  ];
  store.transaction(() => store.applyParsed(file, ops, 'none'));
  const data = new CheckpointQueries(store).sessionData(sessionKey('copilot', 's1'));
  assert.ok(data);
  const checkpoint = new CheckpointResolver(data.histories, recordedPatchOps).checkpoint(1);
  assert.deepEqual(
    checkpoint.files.map((f) => [f.path, f.state.kind === 'content' ? f.state.content : f.state.kind]),
    [
      [`${ws}/a.txt`, 'a before\n'],
      [`${ws}/b.txt`, 'unknown'],
    ],
  );
});
