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
 * summary's repo-relative paths are relative to. The JSON era (≤ 1.1.65) kept each file's whole `before` text
 * instead of a patch. `known`: contents at the prompt's start (null: absent) that the prompt's own tool steps
 * recorded, which win over the summary's (messageOps.ts toolPreImages says why).
 */
export function promptBackups(sessionId: string, messageId: string, message: Record<string, unknown>, root: string, timestamp: string, source: string, known?: ReadonlyMap<string, string | null>): IndexOp[] {
  const summary = message.summary;
  if (!isObject(summary)) {
    return [];
  }
  const ops: IndexOp[] = [];
  for (const d of arr(summary.diffs)) {
    const file = isObject(d) ? str(d.file) : undefined;
    const patch = isObject(d) ? str(d.patch) : undefined;
    // Only with the tool steps' pre-images at hand (messageOps.ts toolPreImages): a summary's `before` may be late.
    const beforeText = isObject(d) && known ? str(d.before) : undefined;
    if (!isObject(d) || !file || (patch === undefined && beforeText === undefined)) {
      continue;
    }
    const path = /^(?:\/|[A-Za-z]:[\\/])/.test(file) ? normalizePath(file) : `${normalizePath(root)}/${normalizePath(file)}`;
    const recorded = known?.get(path);
    if ((recorded === undefined && d.status === 'added') || recorded === null) {
      ops.push({ op: 'fileBackup', sessionId, promptId: messageId, path, backupPath: null, version: 1, timestamp });
      continue;
    }
    const before = recorded ?? (patch !== undefined ? wholeFileBefore(patch) : beforeText);
    if (before === undefined) {
      continue;
    }
    // backupPath names where the content came from; the content itself travels with the op.
    ops.push({ op: 'fileBackup', sessionId, promptId: messageId, path, backupPath: `${source}#${messageId}/${file}`, version: 1, timestamp, backup: { text: before } });
  }
  return ops;
}
