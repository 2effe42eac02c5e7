// Pi's `edit` result carries `details.diff`: its own line-numbered, context-limited rendering of the change (not a
// unified diff), made by `generateDiffString` (dist/core/tools/edit-diff.js) from the file before and after, both
// with LF line endings:
//   `+NN text` an added line (NN: its number in the new file), `-NN text` a removed line (number in the old file),
//   ` NN text` a context line (number in the old file), `    ...` elided context (its length is not given).
// Numbers are padded to one width. Every added and removed line is shown; only context is elided, so the line numbers
// alone place each run of lines exactly. This turns it into jsdiff-style hunks, which blame replays and restore
// reverses like any recorded unified diff. Anything that does not read consistently gives undefined: no patch rather
// than a wrong one.
import type { PatchHunk } from '../../core/structuredPatch';

interface DiffLine {
  sign: ' ' | '+' | '-';
  num: number;
  text: string;
}

const numbered = /^([ +-])( *)(\d+) (.*)$/;
const elided = /^ +\.\.\.$/;

/** The lines of each shown run, split at the elision markers; undefined when a line is neither. */
function runsOf(diff: string): DiffLine[][] | undefined {
  const runs: DiffLine[][] = [[]];
  const rows = diff.split('\n');
  // All numbers are padded to the widest one: the sign, then exactly `width` characters, then a space.
  let width: number | undefined;
  for (const row of rows) {
    const m = numbered.exec(row);
    if (m && (width === undefined || m[2].length + m[3].length === width)) {
      width = m[2].length + m[3].length;
      runs[runs.length - 1].push({ sign: m[1] as DiffLine['sign'], num: Number(m[3]), text: m[4] });
    } else if (elided.test(row)) {
      runs.push([]);
    } else {
      return undefined;
    }
  }
  return runs.filter((r) => r.length > 0);
}

/** One run as a hunk, given the line count difference (new - old) of every change before it. */
function hunkOf(run: DiffLine[], delta: number): PatchHunk | undefined {
  const first = run[0];
  const oldStart = first.sign === '+' ? first.num - delta : first.num;
  const newStart = first.sign === '+' ? first.num : first.num + delta;
  let oldAt = oldStart;
  let newAt = newStart;
  const lines: string[] = [];
  for (const l of run) {
    if (l.sign === '+') {
      if (l.num !== newAt) {
        return undefined;
      }
      newAt++;
    } else {
      if (l.num !== oldAt) {
        return undefined;
      }
      oldAt++;
      if (l.sign === ' ') {
        newAt++;
      }
    }
    lines.push(`${l.sign}${l.text}`);
  }
  if (oldStart < 1 || newStart < 1) {
    return undefined;
  }
  return { oldStart, oldLines: oldAt - oldStart, newStart, newLines: newAt - newStart, lines };
}

/** The hunks of a Pi edit diff, or undefined when it is not one (or not consistent). */
export function piDiffHunks(diff: string): PatchHunk[] | undefined {
  const runs = runsOf(diff);
  if (!runs || runs.length === 0) {
    return undefined;
  }
  const hunks: PatchHunk[] = [];
  let delta = 0;
  for (const run of runs) {
    const hunk = hunkOf(run, delta);
    if (!hunk || !hunk.lines.some((l) => l[0] !== ' ')) {
      // A run of context only cannot be placed by Pi's renderer: something else wrote this text.
      return undefined;
    }
    const previous = hunks[hunks.length - 1];
    if (previous && hunk.oldStart < previous.oldStart + previous.oldLines) {
      return undefined;
    }
    hunks.push(hunk);
    delta += hunk.newLines - hunk.oldLines;
  }
  return hunks;
}
