// Copilot CLI in the registry: its watch scope mirrors discovery (session-state/<id>/events.jsonl and the rewind
// snapshot index; no logs, locks, backups or the SQLite session store), and its label says which Copilot it is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agentRegistry } from '../../../../src/adapters/agentRegistry';
import { agentLabels } from '../../../../src/core/model';

test('Copilot CLI is registered with its own label, setting key, CLI flag and icon', () => {
  const d = agentRegistry.get('copilot');
  assert.ok(d);
  assert.equal(d.label, 'Copilot CLI');
  assert.equal(agentLabels.copilot, d.label);
  assert.equal(d.cliName, 'copilot');
  assert.equal(d.blame, true);
  const others = agentRegistry.all.filter((o) => o.id !== 'copilot');
  assert.ok(others.every((o) => o.icon.codicon !== d.icon.codicon && o.icon.color !== d.icon.color));
});

test('watch scope: the session logs and rewind snapshot indexes, nothing else', () => {
  const w = agentRegistry.get('copilot')?.watch;
  assert.ok(w);
  assert.equal(w.descend(['session-state']), true);
  assert.equal(w.descend(['session-state', 'af31']), true);
  assert.equal(w.descend(['session-state', 'af31', 'rewind-file-snapshots']), true);
  assert.equal(w.descend(['session-state', 'af31', 'rewind-file-snapshots', 'backups']), false);
  assert.equal(w.descend(['session-state', 'af31', 'checkpoints']), false);
  assert.equal(w.descend(['logs']), false);
  assert.equal(w.relevant(['session-state', 'af31', 'events.jsonl']), 'transcript');
  assert.equal(w.relevant(['session-state', 'af31', 'rewind-file-snapshots', 'index.json']), 'transcript');
  assert.equal(w.relevant(['session-state', 'af31', 'rewind-file-snapshots', 'tracking.json']), undefined);
  assert.equal(w.relevant(['session-state', 'af31', 'workspace.yaml']), undefined);
  assert.equal(w.relevant(['session-store.db']), undefined);
  assert.equal(w.relevant(['logs', 'process-1-2.log']), undefined);
});
