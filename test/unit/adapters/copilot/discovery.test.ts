// Discovery: Copilot CLI keeps every project's sessions in one `session-state/`, so the recorded cwd alone decides.
// On the decoy fixture's HOME (two demo-repo sessions and one of other-repo, a sibling folder) and on built layouts.
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { copilotAdapter } from '../../../../src/adapters/copilot/copilotAdapter';
import type { DiscoveryMemo } from '../../../../src/adapters/adapter';
import type { ParseIssue } from '../../../../src/core/ops';
import { copilotRun, sessionFiles } from './copilotFixtures';

const decoy = copilotRun('copilot-decoy', 'copilot-decoy.json');
const demoRepo = path.join(path.dirname(decoy.repo), 'demo-repo');
const demoSessions = ['af31cf44-8043-4efa-ae7a-d2e52dc613e2', 'feda6f41-7837-45fd-aefe-1bb30d940476'];

function memo(): DiscoveryMemo & { map: Map<string, unknown> } {
  const map = new Map<string, unknown>();
  return { map, get: (k) => map.get(k), set: (k, v) => void map.set(k, v) };
}

test('defaultRoots: $COPILOT_HOME when set, otherwise ~/.copilot', () => {
  assert.deepEqual(copilotAdapter.defaultRoots({ home: '/home/u', env: {} }), [path.join('/home/u', '.copilot')]);
  assert.deepEqual(copilotAdapter.defaultRoots({ home: '/home/u', env: { COPILOT_HOME: '/srv/c' } }), ['/srv/c']);
  assert.deepEqual(copilotAdapter.defaultRoots({ home: '/home/u', env: { COPILOT_HOME: '' } }), [path.join('/home/u', '.copilot')]);
});

test('each workspace gets exactly its sessions (log + rewind snapshot index); the sibling folder\'s session is excluded', async () => {
  const issues: ParseIssue[] = [];
  const other = await copilotAdapter.discover([decoy.home], [decoy.repo], issues);
  assert.deepEqual(other, sessionFiles(decoy.home, decoy.sessionId));
  const demo = await copilotAdapter.discover([decoy.home], [demoRepo], issues);
  assert.deepEqual(
    demo,
    demoSessions.flatMap((id) => sessionFiles(decoy.home, id)),
  );
  assert.ok(demo.some((f) => f.mode === 'whole' && f.path.endsWith('index.json')));
  // A folder whose name only starts like the repo's, and an unrelated one: nothing.
  assert.deepEqual(await copilotAdapter.discover([decoy.home], [`${demoRepo}-old`, '/somewhere/else'], issues), []);
  // A parent folder may hold the sessions (they belong through the files they touched inside it).
  assert.equal((await copilotAdapter.discover([decoy.home], [path.dirname(demoRepo)], issues)).length, 6);
  assert.deepEqual(issues, []);
});

test('the recorded cwd is remembered per log, and read again when the log shrank (a /rewind rewrote it)', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'ad-copilot-disc-'));
  const dir = path.join(root, 'session-state', 's1');
  mkdirSync(dir, { recursive: true });
  const log = path.join(dir, 'events.jsonl');
  const start = (cwd: string): string => `${JSON.stringify({ type: 'session.start', data: { sessionId: 's1', context: { cwd } }, id: 'e1', timestamp: '2026-01-01T00:00:00.000Z', parentId: null })}\n`;
  writeFileSync(log, start('/w/a'));
  appendFileSync(log, `${'x'.repeat(100)}\n`);
  const m = memo();
  const issues: ParseIssue[] = [];
  assert.equal((await copilotAdapter.discover([root], ['/w/a'], issues, m)).length, 1);
  assert.ok(m.map.has(log));
  // Same size or more: the memo answers (the first line of a growing log never changes).
  m.map.set(log, { ...(m.map.get(log) as object), cwd: '/w/remembered' });
  assert.equal((await copilotAdapter.discover([root], ['/w/remembered'], issues, m)).length, 1);
  writeFileSync(log, start('/w/b'));
  assert.equal((await copilotAdapter.discover([root], ['/w/b'], issues, m)).length, 1, 'read again once it shrank');
  assert.deepEqual(issues, []);
});

test('session folders without a log yet, a log whose first line is no session.start, and stray files are skipped; a missing root is reported', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'ad-copilot-disc-'));
  mkdirSync(path.join(root, 'session-state', 'empty'), { recursive: true });
  mkdirSync(path.join(root, 'session-state', 'partial'), { recursive: true });
  writeFileSync(path.join(root, 'session-state', 'partial', 'events.jsonl'), '{"type":"session.st');
  writeFileSync(path.join(root, 'session-state', 'stray.lock'), '');
  const issues: ParseIssue[] = [];
  assert.deepEqual(await copilotAdapter.discover([root], ['/'], issues), []);
  assert.deepEqual(issues, []);
  const missing: ParseIssue[] = [];
  await copilotAdapter.discover([path.join(root, 'missing')], ['/'], missing);
  assert.deepEqual(
    missing.map((i) => i.kind),
    ['io'],
  );
});
