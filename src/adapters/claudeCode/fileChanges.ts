// File changes of Claude's file tools (Edit, MultiEdit, Write, NotebookEdit), reconstructed EXACTLY from the
// structured result (`toolUseResult`) when the transcript has it: before = originalFile, after = originalFile
// with structuredPatch applied, cross-checked against the edit's old/new strings. Without a structured result
// (old versions) only what the input proves is kept; nothing is guessed.
//
// `originalFile: null` does NOT mean "the file did not exist": Claude Code leaves it null for every file over
// 10,000 characters (every version seen, 1.0.x to 2.1.332), for Edit and for Write `type:"update"`, while still
// writing the structuredPatch. Only a real create (Write `type:"create"`, an Edit whose old_string is empty) is
// absent before; otherwise null is "not recorded" and the content before comes from elsewhere (the reversed Write
// patch, the agent's file-history backup, the replayed history, git HEAD).
import type { FileChange } from '../../core/model';
import { applyHunks, formatHunks, reverseHunks, type PatchHunk } from '../../core/structuredPatch';
import { absolutePath } from './paths';
import { arr, flag, isObject, num, str, type JsonObject } from './records';
import type { PendingCall } from './state';

interface TextEdit {
  oldString: string;
  newString: string;
  replaceAll: boolean;
}

export const FILE_TOOLS: ReadonlySet<string> = new Set(['Edit', 'MultiEdit', 'Write', 'NotebookEdit']);

function parseHunks(value: unknown): PatchHunk[] | undefined {
  if (!Array.isArray(value)) {
    return undefined;
  }
  const hunks: PatchHunk[] = [];
  for (const h of value) {
    if (!isObject(h)) {
      return undefined;
    }
    const oldStart = num(h, 'oldStart');
    const oldLines = num(h, 'oldLines');
    const newStart = num(h, 'newStart');
    const newLines = num(h, 'newLines');
    const lines = arr(h, 'lines');
    if (oldStart === undefined || oldLines === undefined || newStart === undefined || newLines === undefined || !lines) {
      return undefined;
    }
    if (!lines.every((l): l is string => typeof l === 'string')) {
      return undefined;
    }
    hunks.push({ oldStart, oldLines, newStart, newLines, lines });
  }
  return hunks;
}

/** Claude's Edit tolerates straight quotes in old_string for curly ones in the file, and keeps the file's style. */
function normalizeQuotes(s: string): string {
  return s.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"');
}

/** The edits applied the way the Edit tool does it (first occurrence, or all); undefined when one cannot apply. */
function applyEdits(before: string, edits: readonly TextEdit[]): string | undefined {
  let text = before;
  for (const e of edits) {
    if (e.oldString === '') {
      // Empty old_string means "create/fill an empty file".
      if (text !== '') {
        return undefined;
      }
      text = e.newString;
      continue;
    }
    const at = text.indexOf(e.oldString);
    if (at < 0) {
      return undefined;
    }
    text = e.replaceAll
      ? text.split(e.oldString).join(e.newString)
      : text.slice(0, at) + e.newString + text.slice(at + e.oldString.length);
  }
  return text;
}

function showsEdits(text: string, edits: readonly TextEdit[]): boolean {
  const normalized = normalizeQuotes(text);
  return edits.every((e) => e.newString === '' || normalized.includes(normalizeQuotes(e.newString)));
}

/**
 * The file after the edit. The structured patch is what Claude diffed between the original and the written
 * file, so applying it is exact; it must still agree with the edit strings. When the patch is missing or
 * empty (Claude's diff has a timeout) or does not apply, the string replacement is used if it is consistent.
 */
export function reconstructAfter(before: string, hunks: PatchHunk[] | undefined, edits: readonly TextEdit[]): string | undefined {
  const viaPatch = hunks && hunks.length > 0 ? applyHunks(before, hunks) : undefined;
  const viaEdits = edits.length > 0 ? applyEdits(before, edits) : undefined;
  if (viaPatch !== undefined && (viaPatch === viaEdits || showsEdits(viaPatch, edits))) {
    return viaPatch;
  }
  if (viaEdits !== undefined && showsEdits(viaEdits, edits)) {
    return viaEdits;
  }
  return undefined;
}

function readEdits(value: unknown): TextEdit[] {
  if (!Array.isArray(value)) {
    return [];
  }
  const edits: TextEdit[] = [];
  for (const e of value) {
    if (!isObject(e)) {
      continue;
    }
    const oldString = str(e, 'old_string');
    const newString = str(e, 'new_string');
    if (oldString !== undefined && newString !== undefined) {
      edits.push({ oldString, newString, replaceAll: flag(e, 'replace_all') });
    }
  }
  return edits;
}

/** `string` = content, `null` = explicitly absent (did not exist), `undefined` = not recorded. */
function contentField(r: JsonObject, key: string): string | null | undefined {
  const v = r[key];
  return typeof v === 'string' ? v : v === null ? null : undefined;
}

function editChange(path: string, r: JsonObject | undefined, beforeKey: string, edits: TextEdit[]): FileChange {
  if (!r) {
    // Old transcripts without a structured result: the path is known, the contents are not.
    return { path, op: 'update' };
  }
  const hunks = parseHunks(r.structuredPatch);
  const recorded = contentField(r, beforeKey);
  // An edit creates a file only from an empty old_string; any other null original is a file over Claude's limit.
  const creates = edits.length > 0 && edits.every((e) => e.oldString === '');
  const before = recorded === null && !creates ? undefined : recorded;
  const patch = hunks && hunks.length > 0 ? formatHunks(path, hunks) : undefined;
  if (before === undefined) {
    return patch !== undefined ? { path, op: 'update', patch } : { path, op: 'update' };
  }
  const after = reconstructAfter(before ?? '', hunks, edits);
  const op = before === null ? 'create' : 'update';
  if (after === undefined) {
    // The recorded pieces disagree: keep the true `before` and the recorded patch, not a guess.
    return patch !== undefined ? { path, op, before, patch } : { path, op, before };
  }
  return { path, op, before, after };
}

function writeChange(path: string, r: JsonObject | undefined, call: PendingCall | undefined, resultText: string): FileChange {
  const after = str(r, 'content') ?? call?.content;
  let before: string | null | undefined;
  if (r) {
    const hunks = parseHunks(r.structuredPatch);
    const type = str(r, 'type');
    before = contentField(r, 'originalFile');
    if (before === null && type !== 'create') {
      // Over 10,000 characters: not recorded (see the top of this file), not absent.
      before = undefined;
    }
    if (before === undefined && type === 'create') {
      before = null;
    } else if (before === undefined && type === 'update' && after !== undefined && hunks && hunks.length > 0) {
      // 1.0.x results and files over the limit have no originalFile, but the patch from the old to the new content
      // (jsdiff, every difference in a hunk) can be undone exactly. An empty patch proves nothing: Claude's diff has
      // a timeout.
      const undone = applyHunks(after, reverseHunks(hunks));
      before = undone !== undefined && applyHunks(undone, hunks) === after ? undone : undefined;
    }
  } else if (resultText.startsWith('File created successfully')) {
    before = null;
  }
  const change: FileChange = { path, op: before === null ? 'create' : 'update' };
  if (before !== undefined) {
    change.before = before;
  }
  if (after !== undefined) {
    change.after = after;
  }
  return change;
}

function notebookChange(path: string, r: JsonObject | undefined): FileChange {
  const before = r ? contentField(r, 'original_file') : undefined;
  const after = str(r, 'updated_file');
  const change: FileChange = { path, op: before === null ? 'create' : 'update' };
  if (before !== undefined) {
    change.before = before;
  }
  if (after !== undefined) {
    change.after = after;
  }
  return change;
}

/**
 * File changes of a successful file-tool call, or undefined for other tools. `toolUseResult` must be the
 * structured result of exactly this call (or undefined).
 */
export function fileChangesFor(
  name: string,
  call: PendingCall | undefined,
  toolUseResult: unknown,
  resultText: string,
  cwd: string | undefined,
): FileChange[] | undefined {
  if (!FILE_TOOLS.has(name)) {
    return undefined;
  }
  const r = isObject(toolUseResult) ? toolUseResult : undefined;
  const rawPath = str(r, 'filePath') ?? str(r, 'notebook_path') ?? call?.path;
  if (rawPath === undefined) {
    return [];
  }
  const path = absolutePath(rawPath, cwd);
  switch (name) {
    case 'Edit': {
      const oldString = str(r, 'oldString');
      const newString = str(r, 'newString');
      const edits = oldString !== undefined && newString !== undefined ? [{ oldString, newString, replaceAll: flag(r, 'replaceAll') }] : [];
      return [editChange(path, r, 'originalFile', edits)];
    }
    case 'MultiEdit':
      return [editChange(path, r, 'originalFileContents', readEdits(r?.edits))];
    case 'Write':
      return [writeChange(path, r, call, resultText)];
    default:
      return [notebookChange(path, r)];
  }
}
