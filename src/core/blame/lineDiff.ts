// Line matching between two versions of a file: which lines of the new version are unchanged lines of the old one.
// Blame needs only that mapping. Agent edits are small, so the common prefix and suffix are trimmed first (O(n))
// and the minimal diff (Myers, via jsdiff) runs on the changed middle only, on interned line numbers.
import { diffArrays } from 'diff';

/** Lines of a text; a final line without a newline counts, a trailing newline does not add an empty line. */
export function splitLines(text: string): string[] {
  if (text === '') {
    return [];
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines;
}

/**
 * Beyond this many differing lines in the middle, the minimal diff costs more than it is worth (a rewrite): the
 * middle is then treated as replaced, which claims its lines for the rewriting change — what a rewrite means.
 */
const maxEditLength = 4000;

/** Small middles are compared pairwise; larger ones go to the diff, which finds the same when nothing is shared. */
const pairwiseLimit = 64;

/**
 * Whether no line of a[start, endA) equals a line of b[start, endB) (for small middles only; false otherwise): then
 * no line is unchanged, the only answer a diff can give. An agent's edit usually rewrites a line or two, and a cold
 * diff call per edit was the largest part of replaying 1,000 of them.
 */
function disjoint(a: readonly string[], start: number, endA: number, b: readonly string[], endB: number): boolean {
  if ((endA - start) * (endB - start) > pairwiseLimit) {
    return false;
  }
  for (let i = start; i < endA; i++) {
    for (let j = start; j < endB; j++) {
      if (a[i] === b[j]) {
        return false;
      }
    }
  }
  return true;
}

/**
 * How many lines `a` and `b` share at their start (`head`) and, after those, at their end (`tail`): the part of an
 * edit that left lines as they were. Compared as values (unchanged lines are usually the very same string objects).
 */
export function commonEnds(a: readonly string[], b: readonly string[]): { head: number; tail: number } {
  const shorter = Math.min(a.length, b.length);
  let head = 0;
  while (head < shorter && a[head] === b[head]) {
    head++;
  }
  let tail = 0;
  while (tail < shorter - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) {
    tail++;
  }
  return { head, tail };
}

/** For each line of `b`, the index of the same unchanged line in `a`, or -1 when it was inserted or rewritten. */
export function matchLines(a: readonly string[], b: readonly string[]): Int32Array {
  const map = new Int32Array(b.length).fill(-1);
  const { head, tail } = commonEnds(a, b);
  for (let i = 0; i < head; i++) {
    map[i] = i;
  }
  for (let t = 1; t <= tail; t++) {
    map[b.length - t] = a.length - t;
  }
  const start = head;
  const endA = a.length - tail;
  const endB = b.length - tail;
  if (endA === start || endB === start || disjoint(a, start, endA, b, endB)) {
    return map;
  }
  // Intern the middle lines so the diff compares numbers.
  const ids = new Map<string, number>();
  const intern = (s: string): number => {
    let id = ids.get(s);
    if (id === undefined) {
      id = ids.size;
      ids.set(s, id);
    }
    return id;
  };
  const midA = a.slice(start, endA).map(intern);
  const midB = b.slice(start, endB).map(intern);
  const changes = diffArrays(midA, midB, { maxEditLength });
  if (!changes) {
    return map;
  }
  let i = start;
  let j = start;
  for (const c of changes) {
    const n = c.count ?? c.value.length;
    if (c.added) {
      j += n;
    } else if (c.removed) {
      i += n;
    } else {
      for (let k = 0; k < n; k++) {
        map[j + k] = i + k;
      }
      i += n;
      j += n;
    }
  }
  return map;
}
