// VS Code's chat session mutation log (`chatSessions/<id>.jsonl`, ObjectMutationLog in microsoft/vscode
// src/vs/workbench/contrib/chat/common/model/objectMutationLog.ts) replayed into the session object it describes.
// Every line is one entry: kind 0 Initial `{v}` (the whole object; VS Code's reader lets a later one replace the state,
// and a compaction rewrites the file as a single one), kind 1 Set `{k, v}`, kind 2 Push `{k, v?, i?}` (with `i`, the
// array is cut to `i` items first: how VS Code writes a replaced or shortened tail), kind 3 Delete `{k}` (VS Code sets
// the property to undefined, which is the same as absent once serialized). `k` is the path of keys and indices.
//
// VS Code stops at the first bad line (its whole session is then lost); here a bad line, an unknown kind or a path
// into nothing is an issue and the entry is skipped, so the rest of the session stays readable.
import type { ParseIssue } from '../../core/ops';
import type { TranscriptLine } from '../adapter';
import { readJsonLine } from '../transcriptLines';

type Container = Record<string | number, unknown>;

function isContainer(v: unknown): v is Container {
  return typeof v === 'object' && v !== null;
}

function isPath(k: unknown): k is (string | number)[] {
  return Array.isArray(k) && k.every((s) => typeof s === 'string' || typeof s === 'number');
}

/** The object holding the path's last key, or why the path leads into nothing. */
function parentOf(state: unknown, path: (string | number)[]): Container | string {
  let current: unknown = state;
  for (let i = 0; i < path.length - 1; i++) {
    if (!isContainer(current)) {
      return `path ${JSON.stringify(path)} leads into nothing at ${JSON.stringify(path.slice(0, i))}`;
    }
    current = current[path[i]];
  }
  return isContainer(current) ? current : `path ${JSON.stringify(path)} leads into nothing at ${JSON.stringify(path.slice(0, -1))}`;
}

export interface ReplayedLog {
  /** The session object, or undefined when the log has no Initial entry to start from. */
  value: unknown;
  /** Entries applied (the Initial ones included). */
  entries: number;
}

/**
 * Replays the log's lines. A last line without its newline is not given here (the indexer keeps it as a partial
 * line): VS Code appends whole entries, so it is a write in progress.
 */
export function replayMutationLog(file: string, lines: readonly TranscriptLine[], issues: ParseIssue[]): ReplayedLog {
  let state: unknown;
  let entries = 0;
  const issue = (line: TranscriptLine, kind: ParseIssue['kind'], message: string): void => {
    issues.push({ kind, file, line: line.lineNo, message });
  };
  for (const line of lines) {
    const parsed = readJsonLine(line.text);
    if (parsed.kind === 'blank') {
      continue;
    }
    if (parsed.kind === 'bad') {
      issue(line, parsed.issue, parsed.message);
      continue;
    }
    if (parsed.tooDeep !== undefined) {
      issue(line, 'too-deep', parsed.tooDeep);
    }
    const entry = parsed.value;
    const kind = entry.kind;
    if (kind === 0) {
      state = entry.v;
      entries++;
      continue;
    }
    if (kind !== 1 && kind !== 2 && kind !== 3) {
      issue(line, 'unknown-record', `unknown mutation kind ${JSON.stringify(kind)}`);
      continue;
    }
    if (state === undefined) {
      issue(line, 'missing-field', 'mutation before the log\'s initial entry (kind 0)');
      continue;
    }
    if (!isPath(entry.k)) {
      issue(line, 'missing-field', 'mutation without a key path');
      continue;
    }
    const path = entry.k;
    if (path.length === 0) {
      // VS Code leaves the root alone for an empty path (a root replacement is an Initial entry).
      entries++;
      continue;
    }
    const parent = parentOf(state, path);
    if (typeof parent === 'string') {
      issue(line, 'unknown-record', parent);
      continue;
    }
    const key = path[path.length - 1];
    if (kind === 1) {
      parent[key] = entry.v;
    } else if (kind === 3) {
      delete parent[key];
    } else {
      const existing = parent[key];
      const items = Array.isArray(existing) ? existing : [];
      if (typeof entry.i === 'number' && entry.i >= 0) {
        items.length = Math.min(items.length, entry.i);
      }
      if (Array.isArray(entry.v)) {
        items.push(...(entry.v as unknown[]));
      }
      parent[key] = items;
    }
    entries++;
  }
  return { value: state, entries };
}

/**
 * VS Code's marker for a string too large to persist (objectMutationLog.ts makeTruncatingReplacer:
 * `[<product>: value truncated for persistence; original N chars]`): not content. The product name differs between
 * builds, so only the shape is matched.
 */
const truncationMarker = /^\[[^\]\n:]{1,40}: value truncated for persistence[;\]]/;

export function isTruncationMarker(v: unknown): boolean {
  return typeof v === 'string' && truncationMarker.test(v);
}
