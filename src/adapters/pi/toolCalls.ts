// Pi's built-in tools (dist/core/tools/*.js, 0.73.1) → tool kinds, reads, file changes and commands. What each
// records is in docs/formats/pi.md: `write` gives the whole new content but not whether the file existed, `edit`
// gives only Pi's line-numbered diff (piDiff.ts), `bash` gives the merged output with the exit code as text.
import type { CommandRun, FileChange, FileRead, ToolKind } from '../../core/model';
import { applyHunks, formatHunks } from '../../core/structuredPatch';
import { absolutePath } from '../claudeCode/paths';
import { isObject, nonEmpty, num, str, type JsonObject } from '../../core/jsonValues';
import { piDiffHunks } from './piDiff';

const kinds: Readonly<Record<string, ToolKind>> = {
  read: 'read',
  write: 'write',
  edit: 'edit',
  bash: 'shell',
  grep: 'search',
  find: 'search',
  ls: 'search',
};

export function piToolKind(name: string): ToolKind {
  return Object.prototype.hasOwnProperty.call(kinds, name) ? kinds[name] : 'other';
}

/** What a result needs from its call, which may have been read in an earlier run (kept in the parser state). */
export interface PendingCall {
  name: string;
  path?: string;
  command?: string;
  /** `write`'s content: the file after the call, once the result says it succeeded. */
  content?: string;
  /** A `read` of the whole file (no offset, no limit): its result is the file's content unless Pi cut it. */
  wholeRead?: true;
}

export function pendingCall(name: string, args: JsonObject | undefined, cwd: string | undefined): PendingCall {
  const call: PendingCall = { name };
  const path = nonEmpty(args?.path);
  if (path !== undefined) {
    call.path = absolutePath(path, cwd);
  }
  const command = str(args?.command);
  if (name === 'bash' && command !== undefined) {
    call.command = command;
  }
  const content = str(args?.content);
  if (name === 'write' && content !== undefined) {
    call.content = content;
  }
  if (name === 'read' && args?.offset === undefined && args?.limit === undefined) {
    call.wholeRead = true;
  }
  return call;
}

/** `read {path, offset?, limit?}`: offset is 1-based; without a limit the end is where Pi stopped (not recorded). */
export function readsOf(call: PendingCall, args: JsonObject | undefined): FileRead[] {
  if (call.name !== 'read' || call.path === undefined) {
    return [];
  }
  const read: FileRead = { path: call.path };
  const offset = num(args?.offset);
  const limit = num(args?.limit);
  if (offset !== undefined || limit !== undefined) {
    read.startLine = Math.max(1, offset ?? 1);
    if (limit !== undefined && limit > 0) {
      read.endLine = read.startLine + limit - 1;
    }
  }
  return [read];
}

/**
 * The file's content as a successful whole-file `read` returned it: Pi returns the text as is (read.js) unless it
 * cut it, which it says in `details.truncation`; an image comes back as a note plus an image block.
 */
export function readContent(call: PendingCall, content: unknown, isError: boolean, details: unknown): string | undefined {
  if (call.name !== 'read' || !call.wholeRead || isError || (isObject(details) && details.truncation !== undefined)) {
    return undefined;
  }
  const blocks = Array.isArray(content) ? content : [];
  return blocks.length === 1 && isObject(blocks[0]) && blocks[0].type === 'text' ? str(blocks[0].text) : undefined;
}

/**
 * The file change of a successful `write` or `edit`; none for failed calls (Pi wrote nothing) or other tools.
 * `known`: the file's exact content just before the call when this prompt read or wrote it in full since its last
 * shell command (entryParser.ts), else undefined: then a write's `before` and an edit's contents stay unknown.
 */
export function fileChangesOf(call: PendingCall, isError: boolean, details: unknown, known: string | undefined): FileChange[] {
  if (isError || call.path === undefined) {
    return [];
  }
  const path = call.path;
  if (call.name === 'write') {
    // Pi's write does not say whether the file existed: without a known content `before` stays unknown, and
    // `update` is the neutral op.
    const change: FileChange = { path, op: 'update' };
    if (known !== undefined) {
      change.before = known;
    }
    if (call.content !== undefined) {
      change.after = call.content;
    }
    return [change];
  }
  if (call.name === 'edit') {
    const diff = isObject(details) ? str(details.diff) : undefined;
    const hunks = diff !== undefined ? piDiffHunks(diff) : undefined;
    if (!hunks) {
      return [{ path, op: 'update' }];
    }
    // Strict: every shown line must be where the diff says in the known content, or it is not the file Pi edited.
    const after = known !== undefined ? applyHunks(known, hunks) : undefined;
    return [after !== undefined && known !== undefined ? { path, op: 'update', before: known, after } : { path, op: 'update', patch: formatHunks(path, hunks) }];
  }
  return [];
}

const exited = /\n\nCommand exited with code (-?\d+)$|^Command exited with code (-?\d+)$/;
const stopped = /(?:^|\n\n)Command (?:timed out after \d+ seconds|aborted)$/;

/**
 * A `bash` result as a command run. Pi appends the exit code to the output as text when it is not 0 (`isError`);
 * a timeout or an abort has no code. A result that is not an error is exit 0 — or a command killed by a signal that
 * was not Pi's own timeout or abort, which Pi records the same way (bash.js: `exitCode !== 0 && exitCode !== null`).
 */
export function commandOf(call: PendingCall, text: string, isError: boolean, cwd: string | undefined): CommandRun | undefined {
  if (call.name !== 'bash' || call.command === undefined) {
    return undefined;
  }
  // Every call runs in a fresh shell in the session's cwd (a `cd` does not carry over): the header's cwd is its cwd.
  const run = (exitCode: number | null, output: string): CommandRun => (cwd !== undefined ? { command: call.command as string, cwd, exitCode, output } : { command: call.command as string, exitCode, output });
  if (!isError) {
    return run(0, text);
  }
  const m = exited.exec(text);
  if (m) {
    return run(Number(m[1] ?? m[2]), text.slice(0, m.index));
  }
  const s = stopped.exec(text);
  return run(null, s ? text.slice(0, s.index) : text);
}
