// A recorded unified diff that does not apply to the replayed state, because the file was changed outside the edit
// tools before the edit (a hand edit next to the agent's, a shell command), still says exactly what the file held
// where it changed it: its context and removed lines are the file's lines at that moment, its added lines are the
// edit's. This places each hunk where the replayed state agrees with it on every removed line and on most of its
// context, and only where that place is unambiguous; the caller credits the differing context lines to whatever
// changed them (shell evidence or nobody) and the edit with its own lines only. Anything less certain is undefined.
import { parsePatch } from 'diff';
import { splitLines } from './lineDiff';

export interface RebasedPatch {
  /** The replayed state with each hunk's region as the patch saw it (its context and removed lines). */
  before: string;
  /** `before` with the patch applied. */
  after: string;
}

interface Hunk {
  old: string[];
  /** Per old line: true for context, false for a removed line. */
  context: boolean[];
  /** New-side lines (context and added) in order. */
  next: string[];
}

/** Lines this short or without a letter or digit are too common to anchor a hunk. */
function significant(line: string): boolean {
  return line.trim().length >= 3 && /[\p{L}\p{N}]/u.test(line);
}

function hunksOf(patch: string): Hunk[] | undefined {
  let parsed: ReturnType<typeof parsePatch>;
  try {
    parsed = parsePatch(patch);
  } catch {
    return undefined;
  }
  if (parsed.length !== 1 || parsed[0].hunks.length === 0) {
    return undefined;
  }
  const out: Hunk[] = [];
  for (const h of parsed[0].hunks) {
    const hunk: Hunk = { old: [], context: [], next: [] };
    for (const line of h.lines) {
      const body = line.slice(1);
      switch (line[0]) {
        case ' ':
          hunk.old.push(body);
          hunk.context.push(true);
          hunk.next.push(body);
          break;
        case '-':
          hunk.old.push(body);
          hunk.context.push(false);
          break;
        case '+':
          hunk.next.push(body);
          break;
        default:
          // "\ No newline at end of file": where the file ends is not something to place by similarity.
          return undefined;
      }
    }
    out.push(hunk);
  }
  return out;
}

/**
 * Context mismatches of `hunk` placed at line `at` of `lines`, or undefined when it cannot sit there: a removed line
 * differs, more than half of the context differs, or nothing significant matches.
 */
function mismatchesAt(lines: readonly string[], hunk: Hunk, at: number): number | undefined {
  let mismatched = 0;
  let anchored = false;
  const allowed = Math.floor(hunk.context.filter(Boolean).length / 2);
  for (let i = 0; i < hunk.old.length; i++) {
    if (lines[at + i] === hunk.old[i]) {
      anchored ||= significant(hunk.old[i]);
      continue;
    }
    if (!hunk.context[i] || ++mismatched > allowed) {
      return undefined;
    }
  }
  return anchored ? mismatched : undefined;
}

/** Where `hunk` goes in `lines` at or after `from`: the one place with the fewest mismatches, if there is one. */
function place(lines: readonly string[], hunk: Hunk, from: number): number | undefined {
  let best: number | undefined;
  let bestMismatches = Infinity;
  let tie = false;
  for (let at = from; at + hunk.old.length <= lines.length; at++) {
    const m = mismatchesAt(lines, hunk, at);
    if (m === undefined || m > bestMismatches) {
      continue;
    }
    tie = m === bestMismatches;
    if (m < bestMismatches) {
      best = at;
      bestMismatches = m;
    }
  }
  return tie ? undefined : best;
}

/** The patch placed on `state` (see the file comment); undefined when a hunk has no unambiguous place. */
export function rebaseUnifiedDiff(state: string, patch: string): RebasedPatch | undefined {
  const hunks = hunksOf(patch);
  if (!hunks || hunks.some((h) => h.old.length === 0)) {
    return undefined;
  }
  const lines = splitLines(state);
  const before: string[] = [];
  const after: string[] = [];
  let pos = 0;
  for (const hunk of hunks) {
    const at = place(lines, hunk, pos);
    if (at === undefined) {
      return undefined;
    }
    before.push(...lines.slice(pos, at), ...hunk.old);
    after.push(...lines.slice(pos, at), ...hunk.next);
    pos = at + hunk.old.length;
  }
  before.push(...lines.slice(pos));
  after.push(...lines.slice(pos));
  const end = state.endsWith('\n') ? '\n' : '';
  const join = (ls: string[]): string => (ls.length === 0 ? '' : ls.join('\n') + end);
  return { before: join(before), after: join(after) };
}
