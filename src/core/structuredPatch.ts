// Strict application of jsdiff-style structured hunks ({oldStart, oldLines, newStart, newLines, lines}).
// Agent-independent: Claude Code records its edits in this shape, and other tools use jsdiff's too.
// "Strict" on purpose: every context and removed line must match at the recorded position, because a
// result is only useful to us when it is exactly the file the agent wrote; on any mismatch we give up.

export interface PatchHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: string[];
}

interface Line {
  text: string;
  /** false only for a last line without a trailing newline */
  eol: boolean;
}

const NO_NEWLINE_MARKER = '\\';

function splitText(text: string): Line[] {
  if (text === '') {
    return [];
  }
  const parts = text.split('\n');
  const endsWithNewline = parts[parts.length - 1] === '';
  if (endsWithNewline) {
    parts.pop();
  }
  return parts.map((t, i) => ({ text: t, eol: i < parts.length - 1 || endsWithNewline }));
}

function joinLines(lines: readonly Line[]): string {
  return lines.map((l) => (l.eol ? `${l.text}\n` : l.text)).join('');
}

interface HunkSides {
  oldSide: Line[];
  newSide: Line[];
}

function hunkSides(hunk: PatchHunk): HunkSides | undefined {
  const oldSide: Line[] = [];
  const newSide: Line[] = [];
  let previous: ' ' | '-' | '+' | undefined;
  for (const raw of hunk.lines) {
    const prefix = raw.charAt(0);
    const text = raw.slice(1);
    if (prefix === NO_NEWLINE_MARKER) {
      // The marker belongs to the line right before it (on the side(s) that line is on).
      if (previous === ' ' || previous === '-') {
        oldSide[oldSide.length - 1].eol = false;
      }
      if (previous === ' ' || previous === '+') {
        newSide[newSide.length - 1].eol = false;
      }
      if (previous === undefined) {
        return undefined;
      }
      continue;
    }
    if (prefix === ' ' || raw === '') {
      oldSide.push({ text, eol: true });
      newSide.push({ text, eol: true });
      previous = ' ';
    } else if (prefix === '-') {
      oldSide.push({ text, eol: true });
      previous = '-';
    } else if (prefix === '+') {
      newSide.push({ text, eol: true });
      previous = '+';
    } else {
      return undefined;
    }
  }
  if (oldSide.length !== hunk.oldLines || newSide.length !== hunk.newLines) {
    return undefined;
  }
  return { oldSide, newSide };
}

/** Applies `hunks` to `source`; undefined when any hunk does not match exactly where it says it applies. */
export function applyHunks(source: string, hunks: readonly PatchHunk[]): string | undefined {
  const lines = splitText(source);
  const out: Line[] = [];
  let cursor = 0;
  for (const hunk of hunks) {
    const sides = hunkSides(hunk);
    if (!sides) {
      return undefined;
    }
    // jsdiff's structured hunks are 1-based even for an empty old range (insertion before `oldStart`);
    // the clamp accepts the unified-diff spelling `-0,0` of an insertion into an empty file.
    const start = Math.max(0, hunk.oldStart - 1);
    if (start < cursor || start + sides.oldSide.length > lines.length) {
      return undefined;
    }
    out.push(...lines.slice(cursor, start));
    for (let i = 0; i < sides.oldSide.length; i++) {
      const expected = sides.oldSide[i];
      const actual = lines[start + i];
      if (expected.text !== actual.text || expected.eol !== actual.eol) {
        return undefined;
      }
    }
    out.push(...sides.newSide);
    cursor = start + sides.oldSide.length;
  }
  out.push(...lines.slice(cursor));
  // A line without newline can only be the last one; anything else means the hunks were inconsistent.
  if (out.slice(0, -1).some((l) => !l.eol)) {
    return undefined;
  }
  return joinLines(out);
}

/** The hunks that undo `hunks` (old and new swapped). */
export function reverseHunks(hunks: readonly PatchHunk[]): PatchHunk[] {
  return hunks.map((h) => ({
    oldStart: h.newStart,
    oldLines: h.newLines,
    newStart: h.oldStart,
    newLines: h.oldLines,
    lines: h.lines.map((l) => (l.startsWith('+') ? `-${l.slice(1)}` : l.startsWith('-') ? `+${l.slice(1)}` : l)),
  }));
}

/** Unified diff text for one file (the `---`/`+++` header, then the hunks as recorded). */
export function formatHunks(path: string, hunks: readonly PatchHunk[]): string {
  const body = hunks.map((h) => {
    // Unified diff convention: an empty range starts at the line before it.
    const oldStart = h.oldLines === 0 ? Math.max(0, h.oldStart - 1) : h.oldStart;
    const newStart = h.newLines === 0 ? Math.max(0, h.newStart - 1) : h.newStart;
    return [`@@ -${oldStart},${h.oldLines} +${newStart},${h.newLines} @@`, ...h.lines].join('\n');
  });
  return [`--- ${path}`, `+++ ${path}`, ...body].join('\n') + '\n';
}
