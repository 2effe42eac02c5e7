// Long texts repeated in a batch cross the thread boundary once and are put back on the other side.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { relinkRepeats, unlinkRepeats } from '../../../src/indexer/sharedStrings';

const long = (c: string): string => c.repeat(5000);

test('repeats are sent once, put back where they were, and the sender gets its objects back unchanged', () => {
  const a = long('a');
  const b = long('b');
  // Same length and same ends as `a`, different middle: must not be taken for a repeat.
  const lookalike = `${'a'.repeat(2400)}X${'a'.repeat(2599)}`;
  const shared = { text: b, note: 'short' };
  const ops: unknown[] = [
    { op: 'step', step: { result: { text: a }, command: { output: a } } },
    { op: 'step', step: { fileChanges: [{ before: b, after: `${a}` }, { before: lookalike }] } },
    // One object reached twice: cloned once, so it must not be blanked on its second visit.
    { op: 'step', step: { input: shared, also: shared, list: [a, 'x', b] } },
  ];
  const state = { shared, last: a };
  const before = structuredClone({ ops, state });
  const { links, restore } = unlinkRepeats(ops);
  assert.equal(links.length, 5, JSON.stringify(links));
  const sent = structuredClone({ ops, state });
  restore();
  assert.deepEqual({ ops, state }, before, 'restore() undoes the blanking');
  const sentLength = JSON.stringify(sent.ops).length;
  assert.ok(sentLength < JSON.stringify(before.ops).length - 5 * 5000, `${sentLength}`);
  relinkRepeats(sent.ops, links);
  assert.deepEqual(sent, before);
  // Identity survives the clone: the shared object is still one object, also inside the state.
  const third = sent.ops[2] as { step: { input: unknown; also: unknown } };
  assert.equal(third.step.input, third.step.also);
  assert.equal(sent.state.shared, third.step.input);
});

test('short texts and batches without repeats are left alone', () => {
  const ops: unknown[] = [{ op: 'prompt', text: 'hello' }, { op: 'prompt', text: 'hello' }, { op: 'step', step: { result: { text: long('z') } } }];
  const { links } = unlinkRepeats(ops);
  assert.deepEqual(links, []);
  relinkRepeats(ops, links);
  assert.deepEqual(ops[0], { op: 'prompt', text: 'hello' });
});
