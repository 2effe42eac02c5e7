// Bad input never throws: every bad line of a log, and every bad entry of a rewind snapshot index, becomes one
// counted issue, and the good records around them are still read. Hand-written minimal reproductions
// (test/fixtures/malformed/copilot).
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { copilotAdapter } from '../../../../src/adapters/copilot/copilotAdapter';
import type { ToolCallStep } from '../../../../src/core/model';
import type { IndexOp } from '../../../../src/core/ops';
import { runAdapter } from '../../helpers/parseWithAdapter';
import { sessionFiles } from './copilotFixtures';

const home = path.join(process.cwd(), 'test/fixtures/malformed/copilot');

test('malformed log lines: one issue per bad line, the rest parsed, the unterminated last line not consumed', () => {
  const [log] = sessionFiles(home, 'm1');
  const { sessions, issues } = runAdapter(copilotAdapter, [log]);
  assert.deepEqual(
    issues.map((i) => [i.line, i.kind]),
    [
      [3, 'invalid-json'],
      [4, 'invalid-json'],
      [5, 'unknown-record'],
      [6, 'missing-field'],
      [7, 'missing-field'],
      [10, 'missing-field'],
      [11, 'missing-field'],
      [13, 'binary'],
    ],
  );
  assert.ok(issues.every((i) => i.file === log.path && i.message.length > 0));
  assert.equal(sessions.length, 1);
  const s = sessions[0];
  assert.equal(s.id, 'm1');
  assert.equal(s.cwd, '/w/project');
  assert.deepEqual(
    s.prompts.map((p) => p.text),
    ['first prompt', 'second prompt'],
    'typed content, not the transformed one; a user.message without content is no prompt',
  );
  assert.deepEqual(
    s.prompts.map((p) => p.steps.map((st) => st.id)),
    [['t1'], ['m14']],
  );
  const t1 = s.prompts[0].steps[0] as ToolCallStep;
  assert.equal(t1.kind, 'shell');
  assert.deepEqual(t1.result, { text: 'Permission denied by the user', isError: true, timestamp: '2026-01-01T00:00:03.300Z' });
  assert.equal(t1.command?.exitCode, null, 'a failed call without shellExecution: exit code unknown, not guessed');
  assert.equal(t1.command?.output, 'Permission denied by the user');
  assert.equal(t1.durationMs, 200);
});

test('malformed rewind snapshot index: bad entries are issues, good ones become backups; withdrawn prompts\' are left out', () => {
  const [, index] = sessionFiles(home, 'm1');
  assert.equal(index.mode, 'whole');
  const { ops, issues } = runAdapter(copilotAdapter, [index]);
  assert.deepEqual(
    issues.map((i) => i.kind),
    ['unknown-record', 'missing-field', 'missing-field', 'missing-field'],
  );
  const backups = ops.filter((o): o is Extract<IndexOp, { op: 'fileBackup' }> => o.op === 'fileBackup');
  assert.deepEqual(
    backups.map((b) => [b.promptId, b.path, b.backupPath === null ? null : path.basename(b.backupPath), b.timestamp]),
    [
      ['u1', '/w/project/a.txt', '0'.repeat(64), '2026-01-01T00:00:01.000Z'],
      ['u1', '/w/project/b.txt', null, '2026-01-01T00:00:01.000Z'],
    ],
  );
});

test('an index that is not JSON, or has no snapshots list, is one issue and no ops', () => {
  const file = { agent: 'copilot' as const, path: '/x/session-state/s/rewind-file-snapshots/index.json', mode: 'whole' as const };
  for (const text of ['{"schema":1,"snaps', '{"schema":1}']) {
    const out = copilotAdapter.parseDocument(file, text);
    assert.equal(out.ops.length, 0);
    assert.equal(out.issues.length, 1);
  }
});
