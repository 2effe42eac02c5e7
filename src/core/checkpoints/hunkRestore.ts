// Per-hunk restore: the hunks between a file as it is now and its checkpoint content, and the content that results
// from restoring only some of them. Pure. Hunks come from jsdiff's structuredPatch with no context, so each one is a
// single run of changed lines and any subset applies independently; the lines themselves are taken from the two
// texts (line terminators included), never from the hunk text, so CRLF, a lone CR and a missing final newline come
// out byte for byte.
import { structuredPatch } from 'diff';

export interface RestoreHunk {
  /** Position in the file's hunk list (what a choice names). */
  index: number;
  /** 1-based first line of the change in the current file (for an insertion: the line it goes before). */
  currentStart: number;
  currentLines: number;
  /** 1-based first line in the checkpoint content. */
  checkpointStart: number;
  checkpointLines: number;
  /** The lines restoring this hunk removes and adds, without their terminators (for display). */
  removed: string[];
  added: string[];
  /** The whole file appears or disappears (create / delete): the only hunk, all or nothing. */
  whole?: 'create' | 'delete';
}

/** Lines with their terminators; the last one may have none. */
function splitKeep(text: string): string[] {
  if (text === '') {
    return [];
  }
  return text.split(/(?<=\n)/);
}

function shown(line: string): string {
  return line.replace(/\r?\n$/, '').replace(/\r$/, '');
}

interface Range {
  curStart: number;
  curLines: number;
  cpStart: number;
  cpLines: number;
}

function ranges(current: string, checkpoint: string): Range[] {
  const patch = structuredPatch('current', 'checkpoint', current, checkpoint, '', '', { context: 0 });
  // Empty ranges are numbered by the line they go before, like non-empty ones (checked: insertion at the top is 1).
  return patch.hunks.map((h) => ({ curStart: h.oldStart - 1, curLines: h.oldLines, cpStart: h.newStart - 1, cpLines: h.newLines }));
}

function applyRanges(cur: readonly string[], cp: readonly string[], chosen: readonly Range[]): string {
  const out: string[] = [];
  let at = 0;
  for (const r of chosen) {
    out.push(...cur.slice(at, r.curStart), ...cp.slice(r.cpStart, r.cpStart + r.cpLines));
    at = r.curStart + r.curLines;
  }
  out.push(...cur.slice(at));
  return out.join('');
}

/**
 * The hunks that take `current` to `checkpoint` (null: the file is absent). Both absent or equal: none. A file that
 * exists on one side only is one `whole` hunk.
 */
export function restoreHunks(current: string | null, checkpoint: string | null): RestoreHunk[] {
  if (current === checkpoint) {
    return [];
  }
  if (current === null || checkpoint === null) {
    const lines = splitKeep(current ?? checkpoint ?? '').map(shown);
    const whole = current === null ? 'create' : 'delete';
    return [{ index: 0, currentStart: 1, currentLines: whole === 'delete' ? lines.length : 0, checkpointStart: 1, checkpointLines: whole === 'create' ? lines.length : 0, removed: whole === 'delete' ? lines : [], added: whole === 'create' ? lines : [], whole }];
  }
  const cur = splitKeep(current);
  const cp = splitKeep(checkpoint);
  const rs = ranges(current, checkpoint);
  // jsdiff splits lines as we do (on \n, terminator kept); should a future version not, one whole-file hunk is
  // still exact, where a misplaced range would not be.
  if (rs.length === 0 || applyRanges(cur, cp, rs) !== checkpoint) {
    return [{ index: 0, currentStart: 1, currentLines: cur.length, checkpointStart: 1, checkpointLines: cp.length, removed: cur.map(shown), added: cp.map(shown) }];
  }
  return rs.map((r, index) => ({
    index,
    currentStart: r.curStart + 1,
    currentLines: r.curLines,
    checkpointStart: r.cpStart + 1,
    checkpointLines: r.cpLines,
    removed: cur.slice(r.curStart, r.curStart + r.curLines).map(shown),
    added: cp.slice(r.cpStart, r.cpStart + r.cpLines).map(shown),
  }));
}

/**
 * The file after restoring only the hunks in `chosen` (indexes of `restoreHunks(current, checkpoint)`): all of them
 * give `checkpoint` exactly, none give `current`. null: the file is absent.
 */
export function contentWithHunks(current: string | null, checkpoint: string | null, chosen: ReadonlySet<number>): string | null {
  const hunks = restoreHunks(current, checkpoint);
  if (hunks.length === 0) {
    return current;
  }
  if (hunks.every((h) => chosen.has(h.index))) {
    return checkpoint;
  }
  if (!hunks.some((h) => chosen.has(h.index))) {
    return current;
  }
  // Partial choices exist only when both sides are files.
  const cur = splitKeep(current ?? '');
  const cp = splitKeep(checkpoint ?? '');
  const picked = hunks.filter((h) => chosen.has(h.index)).map((h) => ({ curStart: h.currentStart - 1, curLines: h.currentLines, cpStart: h.checkpointStart - 1, cpLines: h.checkpointLines }));
  return applyRanges(cur, cp, picked);
}
