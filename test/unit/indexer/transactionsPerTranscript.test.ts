// A first reading of a transcript costs one DB transaction per batch it parsed, nothing more: a cold index of a heavy
// history reads thousands of small transcripts, and each extra BEGIN … COMMIT (a cursor written again, the journal's
// stamp noted again) was a measurable part of it.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { IndexEngine } from '../../../src/indexer/indexEngine';
import { makeIndexConfig } from '../../../src/indexer/indexConfig';
import { IndexStore } from '../../../src/store/indexStore';

const fixtures = join(process.cwd(), 'test/fixtures/recorded');
const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');

test('a cold index runs one transaction per parsed batch, not three per transcript', async () => {
  const storage = mkdtempSync(join(tmpdir(), 'at-tx-'));
  const engine = new IndexEngine();
  await engine.configure(makeIndexConfig({ storageDir: storage, wasmPath: wasm, workspaceFolders: ['/tmp/agent-trail-fixtures/multi-agent'], home: join(fixtures, 'multi-agent/home') }, { persistDelayMs: 10 }));
  const original = IndexStore.prototype.transaction;
  let transactions = 0;
  IndexStore.prototype.transaction = function <T>(this: IndexStore, fn: () => T): T {
    transactions++;
    return original.call(this, fn) as T;
  };
  try {
    await engine.refresh();
  } finally {
    IndexStore.prototype.transaction = original;
  }
  const sessions = await engine.listSessions();
  const journals = readdirSync(join(storage, 'archive', 'journal')).filter((n) => n.endsWith('.jsonl')).length;
  await engine.dispose();
  assert.ok(sessions.length >= 4, `sessions: ${sessions.length}`);
  // Each transcript here is one batch; the pass adds at most two of its own (issue counts, the checked state).
  assert.ok(journals >= 4, `journals: ${journals}`);
  assert.ok(transactions <= journals + 2, `${transactions} transactions for ${journals} transcripts`);
});
