// Cline's apply_patch tool (not in the recordings: they got `editor`): the changes of a successful call from the
// canonical patch grammar, with Cline's own rule for added files (no final newline, @cline/core 3.0.65), relative
// paths resolved against the session's cwd; a failed call or an unparseable patch changes nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseClineDocument } from '../../../../src/adapters/cline/clineAdapter';
import { applyPatchChanges } from '../../../../src/adapters/cline/applyPatchChanges';
import type { ToolCallStep } from '../../../../src/core/model';
import { SessionFold } from '../../../../src/core/sessionFold';
import { applyRecordedPatch } from '../../../../src/store/recordedPatch';

const patch = [
  '*** Begin Patch',
  '*** Add File: src/new.js',
  '+one',
  '+two',
  '*** Update File: src/old.js',
  '@@',
  ' keep',
  '-old',
  '+new',
  '*** Delete File: /w/app/gone.js',
  '*** End Patch',
].join('\n');

test('adds (without a final newline), updates (their section as the patch) and deletes, paths against the cwd', () => {
  const changes = applyPatchChanges({ input: patch }, '/w/app');
  assert.deepEqual(
    changes.map((c) => [c.op, c.path, c.before, c.after]),
    [
      ['create', '/w/app/src/new.js', null, 'one\ntwo'],
      ['update', '/w/app/src/old.js', undefined, undefined],
      ['delete', '/w/app/gone.js', undefined, null],
    ],
  );
  assert.equal(applyRecordedPatch('keep\nold\n', changes[1].patch ?? ''), 'keep\nnew\n');
  // Relative to a Windows cwd: Cline wrote CRLF line ends.
  assert.equal(applyPatchChanges({ input: patch }, 'C:\\w\\app')[0].after, 'one\r\ntwo');
  assert.deepEqual(applyPatchChanges({ input: 'not a patch' }, '/w/app'), []);
  assert.deepEqual(applyPatchChanges(42, '/w/app'), []);
});

test('in a session: the call\'s kind by what it does, its changes only once it succeeded', () => {
  const call = (id: string, input: string): unknown => ({ id: `a${id}`, role: 'assistant', content: [{ type: 'tool_use', id, name: 'apply_patch', input: { input } }] });
  const result = (id: string, success: boolean): unknown => ({
    id: `r${id}`,
    role: 'user',
    content: [{ type: 'tool_result', tool_use_id: id, name: 'apply_patch', content: JSON.stringify({ query: 'apply_patch', result: success ? 'src/new.js' : '', success, ...(success ? {} : { error: 'apply_patch failed: x' }) }) }],
  });
  const addOnly = ['*** Begin Patch', '*** Add File: src/new.js', '+x', '*** End Patch'].join('\n');
  const text = JSON.stringify({
    sessionId: 's',
    messages: [{ id: 'p1', role: 'user', content: [{ type: 'text', text: 'patch it' }] }, call('c1', addOnly), result('c1', true), call('c2', patch), result('c2', false)],
  });
  const out = parseClineDocument({ agent: 'cline', path: '/s/s/s.messages.json', mode: 'whole' }, text, { cwd: '/w/app', checkpoints: [] }, []);
  const fold = new SessionFold();
  fold.apply(out.ops, 'x');
  const steps = fold.result()[0].prompts[0].steps as ToolCallStep[];
  assert.deepEqual(
    steps.map((s) => [s.kind, s.fileChanges.map((c) => `${c.op} ${c.path}`), s.result?.isError]),
    [
      ['write', ['create /w/app/src/new.js'], false],
      ['edit', [], true],
    ],
  );
  assert.deepEqual(out.issues, []);
});
