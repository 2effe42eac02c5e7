// A damaged blob archive is never silent: with a pack deleted, truncated or a byte flipped, the index warns naming the
// archive, counts `archive-damaged`, reads the transcripts that still exist again (so every checkpoint comes back as
// it was), and when the transcript is gone the checkpoint's reason says the archive is damaged — never "the
// transcript records neither…". Recorded Claude Code session (claude-print).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CheckpointResolver, type Checkpoint } from '../../../src/core/checkpoints/checkpointModel';
import type { IndexEngine } from '../../../src/indexer/indexEngine';
import { recordedPatchOps } from '../../../src/store/recordedPatchOps';
import { claudeTranscript, copyFixture, newStorageDir, openEngine, type LoggedEngine, type StorageCase } from '../helpers/storageCase';

async function checkpoints(engine: IndexEngine): Promise<Checkpoint[]> {
  const [session] = await engine.listSessions();
  const data = await engine.checkpointData(session.key);
  assert.ok(data);
  const resolver = new CheckpointResolver(data.histories, recordedPatchOps);
  return data.prompts.map((p) => resolver.checkpoint(p.index));
}

function packsDir(storage: string): string {
  return join(storage, 'archive', 'packs');
}

function onlyPack(storage: string): string {
  const packs = readdirSync(packsDir(storage));
  assert.equal(packs.length, 1);
  return join(packsDir(storage), packs[0]);
}

async function indexedCase(): Promise<{ c: StorageCase; storage: string; expected: Checkpoint[] }> {
  const c = copyFixture('claude-print', 'claude-home', 'claude-code', '/tmp/agent-trail-fixtures/claude-print/demo-repo');
  const storage = newStorageDir();
  const { engine } = await openEngine(c, storage);
  await engine.refresh();
  const expected = await checkpoints(engine);
  assert.ok(expected.some((cp) => cp.files.some((f) => f.state.kind === 'content')), 'the session has restorable content');
  assert.ok(expected.every((cp) => cp.files.every((f) => f.state.kind !== 'unknown')));
  await engine.dispose();
  return { c, storage, expected };
}

function damageWarnings(e: LoggedEngine, storage: string): string[] {
  return e.logs.filter((l) => l.level === 'warn' && l.message.includes(packsDir(storage)) && /damaged/.test(l.message)).map((l) => l.message);
}

const damages: [string, (storage: string) => void][] = [
  ['pack deleted', (storage) => rmSync(onlyPack(storage))],
  ['pack truncated', (storage) => truncateSync(onlyPack(storage), Math.floor(readFileSync(onlyPack(storage)).length / 2))],
  [
    'a byte flipped in a content',
    (storage) => {
      const pack = onlyPack(storage);
      const bytes = readFileSync(pack);
      const at = bytes.indexOf('greet');
      assert.ok(at > 0);
      bytes[at] ^= 0x20;
      writeFileSync(pack, bytes);
    },
  ],
];

for (const [what, damage] of damages) {
  test(`${what}, transcript still there: warned naming the archive, counted, re-archived; checkpoints as before`, async () => {
    const { c, storage, expected } = await indexedCase();
    damage(storage);
    const e = await openEngine(c, storage);
    const stats = await e.engine.refresh();
    assert.deepEqual(await checkpoints(e.engine), expected, 'every checkpoint as it was before the damage');
    const all = await e.engine.stats();
    assert.ok((all.issues['archive-damaged'] ?? 0) > 0, `counted: ${JSON.stringify(stats.issues)} / ${JSON.stringify(all.issues)}`);
    assert.ok(damageWarnings(e, storage).length > 0, `a warning names ${packsDir(storage)}: ${JSON.stringify(e.logs.filter((l) => l.level === 'warn'))}`);
    await e.engine.dispose();

    // Re-archived for good: a fresh start finds nothing missing.
    const again = await openEngine(c, storage);
    await again.engine.refresh();
    assert.deepEqual(await checkpoints(again.engine), expected);
    assert.deepEqual(damageWarnings(again, storage), []);
    await again.engine.dispose();
  });
}

test('pack deleted and transcript gone: the checkpoint says the archive is damaged, not what the transcript records', async () => {
  const { c, storage } = await indexedCase();
  rmSync(claudeTranscript(c));
  rmSync(onlyPack(storage));
  const e = await openEngine(c, storage);
  await e.engine.refresh();
  const reasons = (await checkpoints(e.engine)).flatMap((cp) => cp.files.map((f) => (f.state.kind === 'unknown' ? f.state.reason : f.state.kind)));
  assert.ok(reasons.length > 0);
  for (const r of reasons) {
    if (r !== 'absent') {
      assert.match(r, new RegExp(`the archive ${packsDir(storage).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is damaged`));
    }
  }
  assert.ok(damageWarnings(e, storage).some((w) => /transcript\(s\) are gone/.test(w)), 'the warning says what cannot be brought back');
  await e.engine.dispose();
});
