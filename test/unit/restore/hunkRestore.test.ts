// Per-hunk restore (src/core/checkpoints/hunkRestore): for every subset of hunks the result is the current file
// with exactly those runs replaced; all hunks give the checkpoint byte for byte, none the current file — also with
// CRLF, a lone CR, no final newline, and files that exist on one side only.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentWithHunks, restoreHunks } from '../../../src/core/checkpoints/hunkRestore';

function subsets(n: number): Set<number>[] {
  const out: Set<number>[] = [];
  for (let mask = 0; mask < 1 << n; mask++) {
    out.push(new Set([...Array(n).keys()].filter((i) => (mask >> i) & 1)));
  }
  return out;
}

/** Every subset: all = checkpoint, none = current, and each hunk's change shows up exactly when chosen. */
function checkAllSubsets(current: string | null, checkpoint: string | null): number {
  const hunks = restoreHunks(current, checkpoint);
  for (const chosen of subsets(hunks.length)) {
    const out = contentWithHunks(current, checkpoint, chosen);
    if (chosen.size === hunks.length) {
      assert.equal(out, checkpoint);
    } else if (chosen.size === 0) {
      assert.equal(out, current);
    } else {
      assert.equal(typeof out, 'string');
      // Restoring the remaining hunks on top of the result reaches the checkpoint: the subsets compose.
      const rest = restoreHunks(out, checkpoint);
      assert.equal(rest.length, hunks.length - chosen.size, `subset ${[...chosen].join(',')}`);
      assert.equal(contentWithHunks(out, checkpoint, new Set(rest.map((h) => h.index))), checkpoint);
    }
  }
  return hunks.length;
}

describe('restoreHunks / contentWithHunks', () => {
  it('splits separate changes into separate hunks, with their lines', () => {
    const current = 'a\nB\nc\nd\nE\nf\ng\n';
    const checkpoint = 'a\nb\nc\nd\ne\nf\ng\nh\n';
    const hunks = restoreHunks(current, checkpoint);
    assert.deepEqual(
      hunks.map((h) => [h.currentStart, h.currentLines, h.removed, h.added]),
      [
        [2, 1, ['B'], ['b']],
        [5, 1, ['E'], ['e']],
        [8, 0, [], ['h']],
      ],
    );
    assert.equal(contentWithHunks(current, checkpoint, new Set([1])), 'a\nB\nc\nd\ne\nf\ng\n');
    assert.equal(contentWithHunks(current, checkpoint, new Set([0, 2])), 'a\nb\nc\nd\nE\nf\ng\nh\n');
    assert.equal(checkAllSubsets(current, checkpoint), 3);
  });

  it('handles insertions at the top, deletions and replacements of different sizes', () => {
    assert.equal(checkAllSubsets('x\n1\n2\n3\n4\n5\n', '0\n1\n3\n4\nnew\nnewer\n5\n'), 3);
    assert.equal(checkAllSubsets('1\n2\n3\n', 'top\n1\n2\n3\n'), 1);
    assert.equal(checkAllSubsets('1\n2\n3\n4\n', '2\n4\n'), 2);
  });

  it('keeps CRLF, mixed line ends and a lone CR byte for byte', () => {
    const current = 'one\r\ntwo\r\nsame\r\nthree\r\nfour\r\n';
    const checkpoint = 'one\r\nTWO\r\nsame\r\nthree\nfour\r\nfive';
    const n = checkAllSubsets(current, checkpoint);
    assert.ok(n >= 2);
    const hunks = restoreHunks(current, checkpoint);
    assert.deepEqual(hunks[0].removed, ['two']);
    assert.deepEqual(hunks[0].added, ['TWO']);
    assert.equal(contentWithHunks(current, checkpoint, new Set([0])), 'one\r\nTWO\r\nsame\r\nthree\r\nfour\r\n');
    // A line that differs only in its terminator is a change of its own.
    assert.deepEqual(hunks[1].removed, ['three']);
    assert.deepEqual(hunks[1].added, ['three']);
    assert.ok(checkAllSubsets('a\rb\nc\n', 'a\rB\nc\n') >= 1);
  });

  it('handles a missing final newline on either side', () => {
    assert.equal(checkAllSubsets('a\nb', 'a\nb\n'), 1);
    assert.equal(checkAllSubsets('a\nb\n', 'a\nb'), 1);
    assert.ok(checkAllSubsets('x\na\nb', 'y\na\nc') >= 1);
    assert.equal(contentWithHunks('x\na\nb', 'y\na\nc', new Set([0])), 'y\na\nb');
  });

  it('treats a created or deleted file as one whole hunk (never a partial, never an empty file instead of absent)', () => {
    const created = restoreHunks(null, 'l1\nl2\n');
    assert.deepEqual(created.map((h) => [h.whole, h.added]), [['create', ['l1', 'l2']]]);
    assert.equal(contentWithHunks(null, 'l1\nl2\n', new Set([0])), 'l1\nl2\n');
    assert.equal(contentWithHunks(null, 'l1\nl2\n', new Set()), null);
    const deleted = restoreHunks('x\n', null);
    assert.deepEqual(deleted.map((h) => [h.whole, h.removed]), [['delete', ['x']]]);
    assert.equal(contentWithHunks('x\n', null, new Set([0])), null);
    assert.equal(contentWithHunks('x\n', null, new Set()), 'x\n');
    // An empty file differs from an absent one.
    assert.equal(restoreHunks(null, '').length, 1);
    assert.equal(contentWithHunks('', null, new Set([0])), null);
    assert.equal(checkAllSubsets(null, 'a'), 1);
    assert.equal(checkAllSubsets('', 'a\nb\n'), 1);
    assert.equal(checkAllSubsets('a\nb\n', ''), 1);
  });

  it('has no hunks for equal contents', () => {
    assert.deepEqual(restoreHunks('same\n', 'same\n'), []);
    assert.deepEqual(restoreHunks(null, null), []);
    assert.equal(contentWithHunks('same\n', 'same\n', new Set([0])), 'same\n');
  });

  it('stays exact on a larger random edit', () => {
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const base = Array.from({ length: 60 }, (_, i) => `line ${i}${rnd() < 0.2 ? '\r' : ''}\n`);
    const changed = base.flatMap((l) => (rnd() < 0.1 ? [] : rnd() < 0.1 ? [`edited ${l}`] : rnd() < 0.05 ? [l, 'added\n'] : [l]));
    const current = base.join('');
    const checkpoint = changed.join('');
    const hunks = restoreHunks(current, checkpoint);
    assert.equal(contentWithHunks(current, checkpoint, new Set(hunks.map((h) => h.index))), checkpoint);
    assert.equal(contentWithHunks(current, checkpoint, new Set()), current);
    for (let i = 0; i < hunks.length; i++) {
      const rest = new Set(hunks.map((h) => h.index).filter((x) => x !== i));
      const out = contentWithHunks(current, checkpoint, rest);
      assert.equal(restoreHunks(out, checkpoint).length, 1);
    }
  });
});
