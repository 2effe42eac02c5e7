// Cursor's checkpoints keep no file contents: each names, per file, the line ranges that differ from the file's
// "V0" (its content before the composer first edited it, `originalFileStates[uri].content`) as Monaco line-range
// mappings `{original: {startLineNumber, endLineNumberExclusive}, modified: [lines]}` (`originalModelDiffWrtV0`).
// The content at a checkpoint is V0 with those ranges replaced (docs/formats/cursorStateVscdb.md §5).
import { arr, isObject, num, type JsonObject } from '../../../core/jsonValues';

interface LineRangeMapping {
  start: number;
  end: number;
  lines: string[];
}

function mappings(diff: unknown): LineRangeMapping[] | undefined {
  if (!Array.isArray(diff)) {
    return undefined;
  }
  const out: LineRangeMapping[] = [];
  for (const d of arr(diff)) {
    const original = isObject(d) && isObject(d.original) ? (d.original as JsonObject) : undefined;
    const start = num(original?.startLineNumber);
    const end = num(original?.endLineNumberExclusive);
    const modified = isObject(d) ? d.modified : undefined;
    if (start === undefined || end === undefined || !Array.isArray(modified) || !modified.every((l) => typeof l === 'string') || start < 1 || end < start) {
      return undefined;
    }
    out.push({ start, end, lines: modified as string[] });
  }
  return out;
}

/**
 * `v0` with the line-range mappings of `diff` applied; undefined when the diff is malformed or names lines V0 does
 * not have (then it was not taken against this V0: nothing is guessed).
 */
export function applyDiffWrtV0(v0: string, diff: unknown): string | undefined {
  const ranges = mappings(diff);
  if (!ranges) {
    return undefined;
  }
  // Monaco's line model: "a\nb\n" is three lines, the last one empty; joined back the same way.
  const eol = v0.includes('\r\n') ? '\r\n' : '\n';
  const lines = v0.split(/\r?\n/);
  // From the last range to the first, so earlier line numbers stay valid.
  const sorted = [...ranges].sort((a, b) => b.start - a.start);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].end > sorted[i - 1].start) {
      return undefined; // overlapping ranges: not a diff of one file version
    }
  }
  for (const r of sorted) {
    if (r.end - 1 > lines.length) {
      return undefined;
    }
    lines.splice(r.start - 1, r.end - r.start, ...r.lines);
  }
  return lines.join(eol);
}
