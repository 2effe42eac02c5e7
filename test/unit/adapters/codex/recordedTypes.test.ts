// The Codex recordings made for 0.171.0 (and the 0.145.0 code-mode ones) hold only records the adapter knows: every
// record, event and item type they contain is either read or on the known-and-ignored lists (knownTypes.ts,
// records.ts), so indexing them reports no 'unknown-record'. Checked where the adapter reports issues and where the
// index counts them. Types in 0.171.0's own enums that no recording shows are checked on single lines below.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { codexAdapter } from '../../../../src/adapters/codex/codexAdapter';
import { runAdapter } from '../../helpers/parseWithAdapter';
import { indexRecorded } from '../../helpers/recordedFixtures';
import { fixtureExists, loadFixture } from './recordedFixture';

/** Each recording with types it must contain (so the check runs over the records a new version could change). */
const recordings: Array<{ name: string; has: string[] }> = [
  { name: 'codex-exec-v0.171.0', has: ['world_state', 'token_usage_record', 'event_msg:token_count', 'item_completed:CommandExecution', 'item_completed:FileChange'] },
  { name: 'codex-tui-v0.171.0', has: ['world_state', 'token_usage_record', 'event_msg:thread_settings_applied', 'item_completed:CommandExecution'] },
  { name: 'codex-big-file-v0.171.0', has: ['world_state', 'token_usage_record', 'item_completed:FileChange'] },
  { name: 'codex-code-mode-v0.171.0', has: ['response_item:additional_tools', 'response_item:custom_tool_call', 'item_completed:CommandExecution'] },
  { name: 'codex-code-mode-v0.145.0', has: ['world_state', 'event_msg:user_message', 'event_msg:agent_message', 'event_msg:patch_apply_end'] },
  { name: 'codex-code-mode-tui-v0.145.0', has: ['world_state', 'event_msg:user_message', 'event_msg:patch_apply_end'] },
];

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

for (const { name, has } of recordings) {
  const home = `${name}/codex-home`;
  describe(`codex record types: ${name}`, { skip: !fixtureExists(name, home) && 'fixture not recorded yet' }, () => {
    it('the adapter reports no unknown record, event or item type', () => {
      const fx = loadFixture(name, home);
      const run = runAdapter(
        codexAdapter,
        fx.rollouts.map((path) => ({ agent: 'codex' as const, path, mode: 'append' as const })),
      );
      const types = new Set(fx.rollouts.flatMap((p) => [...typesIn(p)]));
      for (const t of ['session_meta', 'turn_context', ...has]) {
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

describe('codex 0.171.0 types no recording shows', () => {
  it('its other RolloutItem and EventMsg tags that carry nothing for the trail are known; realtime_item is not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codex-types-'));
    const path = join(dir, 'rollout-2026-12-03T08-00-00-01a23b08-0000-7000-8000-000000000001.jsonl');
    const at = '2026-12-03T08:00:00.000Z';
    const lines = [
      { timestamp: at, type: 'session_meta', payload: { id: '01a23b08-0000-7000-8000-000000000001', cwd: '/work/repo', cli_version: '0.171.0', history_mode: 'paginated' } },
      ...['dynamic_tools_updated', 'security_risk_score', 'id_allocation', 'realtime_item'].map((type) => ({ timestamp: at, type, payload: {} })),
      ...['environment_connected', 'environment_disconnected', 'thread_queue_changed', 'elicitation_abandoned', 'raw_response_completed', 'auth_recovery_started', 'auth_recovery_completed'].map(
        (type) => ({ timestamp: at, type: 'event_msg', payload: { type } }),
      ),
    ];
    writeFileSync(path, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const run = runAdapter(codexAdapter, [{ agent: 'codex', path, mode: 'append' }]);
    assert.deepEqual(
      run.issues.map((i) => [i.kind, i.line, i.message]),
      [['unknown-record', 5, 'unknown record type "realtime_item"']],
    );
  });
});
