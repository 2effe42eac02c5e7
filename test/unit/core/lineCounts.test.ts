// The timeline's "+added −removed" counts leave out common first and last lines before diffing: they must equal what
// jsdiff's diffLines counts over the whole texts, including for repeated lines, missing final newlines and CRLF.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { diffLines } from 'diff';
import { lineCounts } from '../../../src/core/timeline/lineCounts';

function fullCounts(before: string, after: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const part of diffLines(before, after)) {
    if (part.added) {
      added += part.count ?? 0;
    } else if (part.removed) {
      removed += part.count ?? 0;
    }
  }
  return { added, removed };
}

test('line counts: edge cases equal a diff of the whole texts', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['', 'a\n'],
    ['a\n', ''],
    ['a\nb\n', 'a\nb\n'],
    ['a\nb', 'a\nb\n'],
    ['a\nb\n', 'a\nb'],
    ['x\na', 'x\na\n'],
    ['foo', 'x\nfoo'],
    ['a\nb\nc\n', 'a\nc\n'],
    ['a\nb\nc\n', 'a\nB\nc\n'],
    ['abc\n', 'abd\n'],
    ['line one\nline two\n', 'line one\nline twenty\n'],
    ['one\ntwo\n', 'one\ntwo\nthree\n'],
    ['two\nthree\n', 'one\ntwo\nthree\n'],
    ['a\na\na\n', 'a\na\n'],
    ['a\nb\na\nb\n', 'a\nb\n'],
    ['x\ny\nx\n', 'x\nx\n'],
    ['a\r\nb\r\n', 'a\r\nc\r\n'],
    ['a\r\nb\r\n', 'a\nb\n'],
    ['a\rb\n', 'a\rc\n'],
    ['\n\n\n', '\n\n'],
    ['\nfoo\n', 'foo\n'],
    ['same prefix and a tail\n', 'same prefix, other tail\n'],
    ['end\n}\n', 'end\n  x\n}\n'],
  ];
  for (const [before, after] of cases) {
    assert.deepEqual(lineCounts(before, after), fullCounts(before, after), JSON.stringify([before, after]));
  }
});

test('line counts: generated edits over few distinct lines equal a diff of the whole texts', () => {
  let seed = 11;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  // Few distinct lines, so that common prefixes and suffixes could be matched in more than one way; long ones too, so
  // that the ends are compared in blocks as well as character by character.
  const long = (c: string, n: number): string => c.repeat(n);
  const pools = [
    ['a', 'b', 'c', '', '  }', 'a ', 'b\r'],
    [long('a', 40), long('a', 41), long('b', 300), '', '  }', `${long('c', 700)}x`, `${long('c', 700)}y`],
  ];
  const text = (lines: string[], finalNewline: boolean): string => (lines.length === 0 ? '' : `${lines.join('\n')}${finalNewline ? '\n' : ''}`);
  for (let i = 0; i < 3000; i++) {
    const pool = pools[i % pools.length];
    const lines = Array.from({ length: rand(i % 2 === 0 ? 12 : 30) }, () => pool[rand(pool.length)]);
    const edited = lines.slice();
    for (let e = rand(4); e >= 0; e--) {
      const at = rand(edited.length + 1);
      const kind = rand(3);
      if (kind === 0) {
        edited.splice(at, 0, pool[rand(pool.length)]);
      } else if (kind === 1) {
        edited.splice(at, 1);
      } else {
        edited.splice(at, 1, pool[rand(pool.length)]);
      }
    }
    const before = text(lines, rand(4) > 0);
    const after = text(edited, rand(4) > 0);
    assert.deepEqual(lineCounts(before, after), fullCounts(before, after), JSON.stringify([before, after]));
  }
});
