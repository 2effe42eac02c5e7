// Codex 0.171.0 recordings hold only records the adapter knows: every record, event and item type it writes is either
// read or on the known-and-ignored lists (knownTypes.ts, records.ts), so indexing them reports no 'unknown-record'.
// Checked both where the adapter reports issues and where the index counts them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { codexAdapter } from '../../../../src/adapters/codex/codexAdapter';
import { runAdapter } from '../../helpers/parseWithAdapter';
import { indexRecorded } from '../../helpers/recordedFixtures';
import { fixtureExists, loadFixture } from './recordedFixture';

const recordings = ['codex-exec-v0.171.0', 'codex-tui-v0.171.0', 'codex-big-file-v0.171.0'];

/** `type`, `event_msg:<type>`, `item_completed:<item type>`, `response_item:<type>` of every line of a rollout. */
function typesIn(path: string): Set<string> {
  const types = new Set<string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) {
      continue;
    }
    const rec = JSON.parse(line) as { type: string; payload: { type?: string; item?: { type?: string } } };
    types.add(rec.type);
    if (rec.type === 'event_msg' || rec.type === 'response_item') {
      types.add(`${rec.type}:${String(rec.payload.type)}`);
    }
    if (rec.payload.type === 'item_completed') {
      types.add(`item_completed:${String(rec.payload.item?.type)}`);
    }
  }
  return types;
}

for (const name of recordings) {
  const home = `${name}/codex-home`;
  describe(`codex 0.171.0 record types: ${name}`, { skip: !fixtureExists(name, home) && 'fixture not recorded yet' }, () => {
    it('the adapter reports no unknown record, event or item type', () => {
      const fx = loadFixture(name, home);
      const run = runAdapter(
        codexAdapter,
        fx.rollouts.map((path) => ({ agent: 'codex' as const, path, mode: 'append' as const })),
      );
      // The recording really has the kinds of records a new version could change (not an empty file).
      const types = new Set(fx.rollouts.flatMap((p) => [...typesIn(p)]));
      for (const t of ['session_meta', 'turn_context', 'world_state', 'token_usage_record', 'event_msg:token_count', 'item_completed:CommandExecution']) {
        assert.ok(types.has(t), `${name} has ${t}`);
      }
      assert.deepEqual(
        run.issues.filter((i) => i.kind === 'unknown-record'),
        [],
      );
    });

    it('indexing the recording counts no unknown-record issue', async () => {
      const fx = loadFixture(name, home);
      const engine = await indexRecorded({ name, roots: { codex: 'codex-home' } }, fx.repoPath);
      try {
        const stats = await engine.stats();
        assert.ok(stats.sessions === 1 && stats.steps > 0, JSON.stringify(stats));
        assert.equal(stats.issues['unknown-record'] ?? 0, 0, JSON.stringify(stats.issues));
      } finally {
        await engine.dispose();
      }
    });
  });
}
