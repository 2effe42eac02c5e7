// VS Code's chat editing session of one chat (`chatEditingSessions/<sessionId>/state.json`, version 1 or 2, with the
// file contents it names in `contents/<hash>`; ChatEditingSessionStorage in microsoft/vscode
// src/vs/workbench/contrib/chat/browser/chatEditing/chatEditingSessionStorage.ts): what the files the chat edited
// contained before its edits. Three records give a file's content before a request:
// - `timeline.fileBaselines` (version 2): `[key, {uri, requestId, content, epoch}]`, "the initial state of a file when
//   first edited in a request" — exactly the file before that request;
// - `initialFileContents`: `[uri, hash]`, each file before the session's first edit of it;
// - `timeline.operations` of type `create` name the request that created a file (it did not exist before).
// The folder exists only while VS Code keeps the editing session (it is cleared with the session), so what it gives is
// read whenever it is there and nothing is assumed when it is not.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { arr, isObject, num, obj, str } from '../../core/jsonValues';
import type { ParseIssue } from '../../core/ops';
import { errorMessage } from '../listDir';
import { fileUriPath } from './workspaceMapping';

export interface EditingState {
  /** Absolute path → its content before the session's first edit of it. */
  initial: Map<string, string>;
  /** `${requestId}\n${path}` → the content before that request's first edit of the file. */
  baselines: Map<string, string>;
  /** `${requestId}\n${path}` of files the request created. */
  created: Set<string>;
  /** The state.json path, for the restore sources' names. */
  path: string;
}

export function baselineKey(requestId: string, path: string): string {
  return `${requestId}\n${path}`;
}

/** `chatEditingSessions/<sessionId>/state.json` of a chat session stored in the workspace storage folder `ws`. */
export function editingStatePath(ws: string, sessionId: string): string {
  return join(ws, 'chatEditingSessions', sessionId, 'state.json');
}

/** A URI as state.json writes it: a string (`URI.toString()`) or UriComponents (`{scheme, path}`). */
function uriPath(v: unknown): string | undefined {
  if (typeof v === 'string') {
    return fileUriPath(v);
  }
  const o = obj(v);
  if (o && (o.scheme === 'file' || o.scheme === 'vscode-remote') && typeof o.path === 'string') {
    return fileUriPath(`file://${o.path}`);
  }
  return undefined;
}

/** The editing state of a chat session, or undefined when there is none (or it cannot be read: reported). */
export function readEditingState(path: string, issues: ParseIssue[]): EditingState | undefined {
  if (!existsSync(path)) {
    return undefined;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    // VS Code rewrites it whole; a read during the write sees a cut-off document. The next change reads it again.
    issues.push({ kind: 'invalid-json', file: path, message: `chat editing state cannot be read: ${errorMessage(err)}` });
    return undefined;
  }
  if (!isObject(doc) || (doc.version !== 1 && doc.version !== 2)) {
    issues.push({ kind: 'unknown-record', file: path, message: `chat editing state of version ${JSON.stringify(isObject(doc) ? doc.version : undefined)} is not known` });
    return undefined;
  }
  const contentsDir = join(path, '..', 'contents');
  const contentCache = new Map<string, string | undefined>();
  const content = (hash: unknown): string | undefined => {
    if (typeof hash !== 'string' || !/^[0-9a-zA-Z]+$/.test(hash)) {
      return undefined;
    }
    if (!contentCache.has(hash)) {
      try {
        contentCache.set(hash, readFileSync(join(contentsDir, hash), 'utf8'));
      } catch (err) {
        issues.push({ kind: 'io', file: join(contentsDir, hash), message: `chat editing content cannot be read: ${errorMessage(err)}` });
        contentCache.set(hash, undefined);
      }
    }
    return contentCache.get(hash);
  };
  const state: EditingState = { initial: new Map(), baselines: new Map(), created: new Set(), path };
  for (const pair of arr(doc.initialFileContents)) {
    const p = uriPath(arr(pair)[0]);
    const text = content(arr(pair)[1]);
    if (p !== undefined && text !== undefined) {
      state.initial.set(p, text);
    }
  }
  const timeline = obj(doc.timeline);
  for (const pair of arr(timeline?.fileBaselines)) {
    const b = obj(arr(pair)[1]);
    const p = uriPath(b?.uri);
    const requestId = str(b?.requestId);
    const text = str(b?.content);
    if (p !== undefined && requestId !== undefined && text !== undefined) {
      state.baselines.set(baselineKey(requestId, p), text);
    }
  }
  for (const op of arr(timeline?.operations)) {
    const o = obj(op);
    const p = uriPath(o?.uri);
    const requestId = str(o?.requestId);
    if (o?.type === 'create' && p !== undefined && requestId !== undefined && num(o.epoch) !== undefined) {
      state.created.add(baselineKey(requestId, p));
    }
  }
  return state;
}
