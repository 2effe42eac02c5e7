// splicedText builds a version's text from the text before it: it must be exactly joinLines of the new lines, for
// every kind of change (at either end, everything, nothing, repeated lines that make the ends ambiguous).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { joinLines, splicedText } from '../../../src/core/blame/splicedText';

test('joinLines: a newline between lines and after the last when asked; nothing for no lines', () => {
  assert.equal(joinLines([], true), '');
  assert.equal(joinLines([''], true), '\n');
  assert.equal(joinLines(['a', 'b'], false), 'a\nb');
  assert.equal(joinLines(['a', 'b'], true), 'a\nb\n');
});

test('splicedText is joinLines of the new lines for any change', () => {
  let s = 7;
  const rand = (n: number): number => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s % n;
  };
  // A small alphabet, so equal lines recur and the unchanged ends are ambiguous.
  const words = ['', 'a', 'b', 'x y', 'const z = 1;', 'é ü 日本'];
  for (let round = 0; round < 3000; round++) {
    const before = Array.from({ length: rand(12) }, () => words[rand(words.length)]);
    const after = before.slice();
    for (let k = rand(4); k > 0; k--) {
      const at = rand(after.length + 1);
      after.splice(at, rand(3), ...Array.from({ length: rand(3) }, () => words[rand(words.length)]));
    }
    assert.equal(splicedText(joinLines(before, true), before, after), joinLines(after, true), JSON.stringify({ before, after }));
  }
  assert.equal(splicedText('a\nb\n', ['a', 'b'], []), '');
  assert.equal(splicedText('', [], ['a']), 'a\n');
});
