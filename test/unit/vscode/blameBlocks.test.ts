import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LineAttribution } from '../../../src/core/blame/blameModel';
import { blameBlocks, promptSlots } from '../../../src/vscode/blame/blameBlocks';
import { promptKey } from '../../../src/vscode/blame/promptRef';
import { attribution } from './blameFixtures';

const p1 = attribution({ promptIndex: 1 });
const p1later = attribution({ promptIndex: 1, toolCallId: 't-later', timestamp: '2025-11-20T09:30:00.000Z' });
const p2 = attribution({ promptIndex: 2, timestamp: '2025-11-20T10:00:00.000Z' });
const other = attribution({ promptIndex: 1, sessionKey: 'codex:other', agent: 'codex' });

/** `text` lines: '' is blank. */
function blocks(lines: (LineAttribution | null)[], text: string[], minLines = 1): [number, number, number][] {
  return blameBlocks(lines, (i) => text[i].trim() === '', minLines).map((b) => [b.startLine, b.endLine, b.attribution.promptIndex]);
}

describe('blameBlocks', () => {
  it('groups consecutive lines of one prompt; another prompt or an unattributed line ends a block', () => {
    assert.deepEqual(blocks([p1, p1, p2, null, p2], ['a', 'b', 'c', 'd', 'e']), [
      [0, 1, 1],
      [2, 2, 2],
      [4, 4, 2],
    ]);
  });

  it('the same prompt index in another session is another prompt', () => {
    assert.equal(blameBlocks([p1, other], () => false).length, 2);
  });

  it('blank lines between two lines of the same prompt do not split the block, whoever wrote them', () => {
    assert.deepEqual(blocks([p1, null, null, p1], ['a', '', '  ', 'b']), [[0, 3, 1]]);
    assert.deepEqual(blocks([p1, p2, p1], ['a', '', 'b']), [[0, 2, 1]]);
  });

  it('blank lines between different prompts stay what they are', () => {
    assert.deepEqual(blocks([p1, null, p2], ['a', '', 'b']), [
      [0, 0, 1],
      [2, 2, 2],
    ]);
    assert.deepEqual(blocks([p1, p2, p2], ['a', '', 'b']), [
      [0, 0, 1],
      [1, 2, 2],
    ]);
    // A blank line of the block's own prompt at its end belongs to it.
    assert.deepEqual(blocks([p1, p1, p2], ['a', '', 'b']), [
      [0, 1, 1],
      [2, 2, 2],
    ]);
    // Trailing blank lines after the last line of a prompt are not pulled in.
    assert.deepEqual(blocks([p1, null, null], ['a', '', '']), [[0, 0, 1]]);
  });

  it('leaves out blocks of blank lines only', () => {
    assert.deepEqual(blocks([p1, null, p1, p1, p2], ['a', 'typed', '', ' ', 'b']), [
      [0, 0, 1],
      [4, 4, 2],
    ]);
  });

  it('an unattributed non-blank line between two lines of one prompt splits it', () => {
    assert.deepEqual(blocks([p1, null, p1], ['a', 'typed', 'b']), [
      [0, 0, 1],
      [2, 2, 1],
    ]);
  });

  it('leaves out blocks shorter than minLines (bridged blank lines count)', () => {
    const lines = [p1, null, p1, null, p2];
    const text = ['a', '', 'b', 'x', 'c'];
    assert.deepEqual(blocks(lines, text, 3), [[0, 2, 1]]);
    assert.deepEqual(blocks(lines, text, 4), []);
    assert.deepEqual(blocks(lines, text, 1).length, 2);
  });

  it('represents a block by its most recent attribution', () => {
    const [block] = blameBlocks([p1, p1later, p1], () => false);
    assert.equal(block.attribution.toolCallId, 't-later');
  });

  it('handles empty documents', () => {
    assert.deepEqual(blameBlocks([], () => true), []);
    assert.deepEqual(blameBlocks([null, null], () => true), []);
  });
});

describe('promptSlots', () => {
  it('numbers prompts in the order they first changed the file, cycling through the palette', () => {
    const p3 = attribution({ promptIndex: 3, timestamp: '2025-11-20T08:00:00.000Z' });
    const slots = promptSlots([p2, p1, null, p3, p1later], 2);
    assert.equal(slots.get(promptKey(p3)), 0);
    assert.equal(slots.get(promptKey(p1)), 1);
    assert.equal(slots.get(promptKey(p2)), 0);
    assert.equal(slots.size, 3);
  });
});
