// A unified diff applied to a file already split into lines, for blame's replay of patch-only edits (Claude Code
// records only the structuredPatch of a file over 10,000 characters). jsdiff's applyPatch splits and joins the whole
// file for every patch, and its result shares no line with the state before, so the line matching that follows
// compares every line character by character: replaying 1,000 patches of a 5,000-line file spent most of a cold
// blame there. This applies the patch in place of jsdiff ONLY where jsdiff's own first attempt succeeds — every hunk
// fits exactly where its header says (jsdiff tries that position first, and takes it) — mirroring that attempt step
// by step, so the result is the same text (as lines: joining them is left to whoever needs the text, blame's replay
// mostly does not); unchanged lines are the state's own line objects. Anything else
// (a hunk that must be searched for, line-ending conversion, "\ No newline" markers, several files) answers
// undefined and the caller uses applyPatch.
import { parsePatch } from 'diff';

export interface PatchedLines {
  /** The result's lines (splitLines of its text), sharing the unchanged lines' string objects with the input. */
  lines: string[];
  /** Whether the text ends with a newline after the last line. */
  finalNewline: boolean;
}

interface Hunk {
  oldStart: number;
  lines: string[];
}

const hunkHeader = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * The hunks of the plainest unified diff — an optional `--- `/`+++ ` header pair, then hunks whose lines all start
 * with ' ', '-' or '+' and match their header's counts exactly, nothing after the last but a final newline — as
 * jsdiff's parsePatch reads them (oldStart moved past an empty range as it does); undefined for anything else, which
 * parsePatch then reads. Claude's patches are all of this shape, and parsePatch's generality (a regex per line, file
 * name unquoting) was a third of replaying 1,000 of them.
 */
export function plainHunks(patch: string): Hunk[] | undefined {
  const text = patch.split('\n');
  let i = 0;
  if (text[0]?.startsWith('--- ')) {
    if (!text[1]?.startsWith('+++ ')) {
      return undefined;
    }
    i = 2;
  }
  const hunks: Hunk[] = [];
  while (i < text.length) {
    if (i === text.length - 1 && text[i] === '' && hunks.length > 0) {
      break;
    }
    const m = hunkHeader.exec(text[i]);
    if (!m) {
      return undefined;
    }
    const oldLines = m[2] === undefined ? 1 : Number(m[2]);
    const newLines = m[4] === undefined ? 1 : Number(m[4]);
    const hunk: Hunk = { oldStart: oldLines === 0 ? Number(m[1]) + 1 : Number(m[1]), lines: [] };
    i++;
    let removed = 0;
    let added = 0;
    while (removed < oldLines || added < newLines) {
      const line = text[i];
      const op = line === undefined || line === '' ? '' : line[0];
      if (op === ' ') {
        removed++;
        added++;
      } else if (op === '-') {
        removed++;
      } else if (op === '+') {
        added++;
      } else {
        return undefined;
      }
      hunk.lines.push(line);
      i++;
    }
    // A header's count of 1 with no such line, or counts overrun: parsePatch's own rules (or errors) apply.
    if (removed !== oldLines || added !== newLines || oldLines + newLines === 0) {
      return undefined;
    }
    hunks.push(hunk);
  }
  return hunks.length > 0 ? hunks : undefined;
}

/**
 * The file `lines` (+ a newline after the last when `finalNewline`; no line may contain a carriage return) patched
 * by the unified diff `patch` when every hunk applies at its stated position, else undefined.
 */
export function applyUnifiedDiffToLines(lines: readonly string[], finalNewline: boolean, patch: string): PatchedLines | undefined {
  // jsdiff converts line endings between a Windows file and a Unix patch (and back): not mirrored here.
  if (patch.includes('\r')) {
    return undefined;
  }
  let hunks = plainHunks(patch);
  if (hunks === undefined) {
    try {
      const parsed = parsePatch(patch);
      if (parsed.length !== 1) {
        return undefined;
      }
      hunks = parsed[0].hunks;
    } catch {
      return undefined;
    }
  }
  if (hunks.length === 0) {
    return undefined;
  }
  // jsdiff works on text.split('\n'): the lines, then '' after a final newline (splitLines drops it); the empty
  // text (no lines) splits into one empty line.
  const sourceLength = finalNewline || lines.length === 0 ? lines.length + 1 : lines.length;
  const source = (i: number): string | undefined => (i >= 0 && i < lines.length ? lines[i] : i >= 0 && i < sourceLength ? '' : undefined);
  /** The source lines [from, to), copied natively (a JS loop per line was most of the time). */
  const range = (from: number, to: number): string[] => {
    const copy = lines.slice(from, Math.min(to, lines.length));
    if (to > lines.length && from <= lines.length) {
      copy.push('');
    }
    return copy;
  };
  const pieces: string[][] = [];
  let minLine = 0;
  for (const hunk of hunks) {
    // With every earlier hunk at its stated place, jsdiff's offset is 0 and its first try is exactly here.
    const start = hunk.oldStart - 1;
    if (start < minLine || start > sourceLength) {
      // Overlapping hunks, or an insertion placed outside the file: left to jsdiff.
      return undefined;
    }
    let pos = start;
    const patched: string[] = [];
    let trailingContext = 0;
    for (const hunkLine of hunk.lines) {
      const operation = hunkLine.length > 0 ? hunkLine[0] : ' ';
      const text = hunkLine.length > 0 ? hunkLine.slice(1) : hunkLine;
      if (operation === '\\') {
        // End-of-file newline markers change how jsdiff prepares the source.
        return undefined;
      }
      if (operation === '-') {
        if (source(pos) !== text) {
          return undefined;
        }
        pos++;
        trailingContext = 0;
      } else if (operation === '+') {
        patched.push(text);
        trailingContext = 0;
      } else if (operation === ' ') {
        const line = source(pos);
        if (line !== text || line === undefined) {
          return undefined;
        }
        patched.push(line);
        pos++;
        trailingContext++;
      }
    }
    // As jsdiff: the hunk's trailing context is left to the copy that follows.
    patched.length -= trailingContext;
    pos -= trailingContext;
    pieces.push(range(minLine, start), patched);
    minLine = pos;
  }
  pieces.push(range(minLine, sourceLength));
  const result = ([] as string[]).concat(...pieces);
  // jsdiff answers result.join('\n'): its lines are these, less a last empty one, which is the final newline.
  if (result.length === 0 || (result.length === 1 && result[0] === '')) {
    return { lines: [], finalNewline: false };
  }
  if (result[result.length - 1] === '') {
    result.pop();
    return { lines: result, finalNewline: true };
  }
  return { lines: result, finalNewline: false };
}
