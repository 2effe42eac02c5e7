// What each file held when a prompt started, from the user message's `summary.diffs` (docs/formats/opencode.md §3):
// OpenCode writes them when the prompt ends, diffing the snapshot tree taken when it started (hand edits made before
// the prompt included) with the tree at its end, with the whole file as context (`context: MAX_SAFE_INTEGER` in
// its source), so the old side of each patch is the file's whole content at the prompt's start, whoever changed it
// during the prompt (edit tools or shell commands). Those become the prompt's file backups, as Claude Code's
// file-history ones, which restore uses. A patch that is not one whole-file hunk (binary files have an empty patch,
// files too large for the snapshot are left out) gives no backup: nothing is guessed.
import type { IndexOp } from '../../core/ops';
import { arr, isObject, str } from '../../core/jsonValues';
import { normalizePath } from '../../core/paths';

const hunkHeader = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** The old side of a whole-file unified diff: the content before; undefined when the patch does not hold all of it. */
export function wholeFileBefore(patch: string): string | undefined {
  const lines = patch.split('\n');
  const at = lines.findIndex((l) => l.startsWith('@@'));
  if (at < 0) {
    return undefined;
  }
  const m = hunkHeader.exec(lines[at]);
  if (!m) {
    return undefined;
  }
  const start = Number(m[1]);
  const count = m[2] === undefined ? 1 : Number(m[2]);
  if (!(start === 1 || (start === 0 && count === 0))) {
    return undefined;
  }
  const old: string[] = [];
  let finalNewline = true;
  let lastSide: 'old' | 'new' | 'both' | undefined;
  for (const l of lines.slice(at + 1)) {
    if (l.startsWith('@@')) {
      return undefined; // a second hunk: the context did not cover the whole file
    }
    if (l.startsWith('\\')) {
      if (lastSide === 'old' || lastSide === 'both') {
        finalNewline = false;
      }
      continue;
    }
    const marker = l[0];
    if (marker === ' ' || marker === '-') {
      old.push(l.slice(1));
      lastSide = marker === ' ' ? 'both' : 'old';
    } else if (marker === '+') {
      lastSide = 'new';
    } else if (l !== '') {
      return undefined;
    }
  }
  if (old.length !== count) {
    return undefined;
  }
  return count === 0 ? '' : old.join('\n') + (finalNewline ? '\n' : '');
}

/**
 * The backups of one prompt (user message `messageId`) from its message data; `root` is the project root the
 * summary's repo-relative paths are relative to.
 */
export function promptBackups(sessionId: string, messageId: string, message: Record<string, unknown>, root: string, timestamp: string, source: string): IndexOp[] {
  const summary = message.summary;
  if (!isObject(summary)) {
    return [];
  }
  const ops: IndexOp[] = [];
  for (const d of arr(summary.diffs)) {
    const file = isObject(d) ? str(d.file) : undefined;
    const patch = isObject(d) ? str(d.patch) : undefined;
    if (!isObject(d) || !file || patch === undefined) {
      continue;
    }
    const path = /^(?:\/|[A-Za-z]:[\\/])/.test(file) ? normalizePath(file) : `${normalizePath(root)}/${normalizePath(file)}`;
    if (d.status === 'added') {
      ops.push({ op: 'fileBackup', sessionId, promptId: messageId, path, backupPath: null, version: 1, timestamp });
      continue;
    }
    const before = wholeFileBefore(patch);
    if (before === undefined) {
      continue;
    }
    // backupPath names where the content came from; the content itself travels with the op.
    ops.push({ op: 'fileBackup', sessionId, promptId: messageId, path, backupPath: `${source}#${messageId}/${file}`, version: 1, timestamp, backup: { text: before } });
  }
  return ops;
}
