// Lines added and removed between two versions of a file, as jsdiff's diffLines counts them, for the timeline's
// "+3 −1" labels. An agent's edit usually changes a few lines of a file of hundreds, and diffLines tokenizes and
// compares every line of both sides: for a 500-prompt session that was half of buildTimeline (npm run
// bench:timeline). Only the lines between the common first lines and the common last lines are diffed here. The
// counts are the same: a minimal line diff (which diffLines computes) never needs to touch a common prefix or
// suffix, and its numbers of added and removed lines are fixed by its length and the two line counts.
import { diffLines } from 'diff';

const newline = 10;
/**
 * The common ends are found by comparing blocks of growing size (string equality is a memory compare, several times
 * faster than a loop over characters, which was most of the time left here), then characters.
 */
const firstBlock = 256;
const smallestBlock = 16;

function commonPrefix(a: string, b: string, max: number): number {
  let n = 0;
  for (let block = firstBlock; block >= smallestBlock; ) {
    if (n + block <= max && a.slice(n, n + block) === b.slice(n, n + block)) {
      n += block;
      block *= 2;
    } else {
      block >>= 1;
    }
  }
  while (n < max && a.charCodeAt(n) === b.charCodeAt(n)) {
    n++;
  }
  return n;
}

function commonSuffix(a: string, b: string, max: number): number {
  let n = 0;
  for (let block = firstBlock; block >= smallestBlock; ) {
    if (n + block <= max && a.slice(a.length - n - block, a.length - n) === b.slice(b.length - n - block, b.length - n)) {
      n += block;
      block *= 2;
    } else {
      block >>= 1;
    }
  }
  while (n < max && a.charCodeAt(a.length - n - 1) === b.charCodeAt(b.length - n - 1)) {
    n++;
  }
  return n;
}

/** Whether `at` starts a line of `text` (diffLines' lines end with their newline). */
function lineStart(text: string, at: number): boolean {
  return at === 0 || text.charCodeAt(at - 1) === newline;
}

export function lineCounts(before: string, after: string): { added: number; removed: number } {
  const max = Math.min(before.length, after.length);
  const same = commonPrefix(before, after, max);
  // Back to the start of the line where they differ: only whole, equal lines are left out.
  const start = same === 0 ? 0 : before.lastIndexOf('\n', same - 1) + 1;
  const tail = commonSuffix(before, after, max - start);
  let endBefore = before.length - tail;
  let endAfter = after.length - tail;
  if (!lineStart(before, endBefore) || !lineStart(after, endAfter)) {
    // The common tail starts inside a line: leave out only the whole lines after that line's newline.
    const next = before.indexOf('\n', endBefore);
    const skip = next < 0 ? before.length - endBefore : next + 1 - endBefore;
    endBefore += skip;
    endAfter += skip;
  }
  let added = 0;
  let removed = 0;
  for (const part of diffLines(before.slice(start, endBefore), after.slice(start, endAfter))) {
    if (part.added) {
      added += part.count ?? 0;
    } else if (part.removed) {
      removed += part.count ?? 0;
    }
  }
  return { added, removed };
}
