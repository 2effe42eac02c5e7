// Where Copilot Chat's data lives inside one VS Code workspace storage folder (`User/workspaceStorage/<id>/`), and
// which of the paths below a data root (an editor's `User` folder, or one workspace storage folder) matter.
import { basename, dirname, join } from 'node:path';

export const chatSessionsDir = 'chatSessions';
export const editingSessionsDir = 'chatEditingSessions';
/** The extension's workspace storage folder (its `storageUri`), named by its extension id. */
export const extensionDir = 'GitHub.copilot-chat';
export const transcriptsDir = 'transcripts';

export type ChatFileKind = 'session' | 'editing' | 'transcript';

/** Path segments below a workspace storage folder: what a file there is to this adapter. */
export function kindBelowStorage(rest: readonly string[]): ChatFileKind | 'layout' | undefined {
  if (rest.length === 2 && rest[0] === chatSessionsDir && /\.jsonl?$/.test(rest[1])) {
    return 'session';
  }
  if (rest.length === 3 && rest[0] === editingSessionsDir && rest[2] === 'state.json') {
    return 'editing';
  }
  if (rest.length === 3 && rest[0] === extensionDir && rest[1] === transcriptsDir && rest[2].endsWith('.jsonl')) {
    return 'transcript';
  }
  if (rest.length === 1 && rest[0] === 'workspace.json') {
    return 'layout';
  }
  return undefined;
}

/** Folders below a workspace storage folder that can hold those files. */
export function descendBelowStorage(rest: readonly string[]): boolean {
  if (rest.length === 0) {
    return true;
  }
  if (rest[0] === chatSessionsDir) {
    return rest.length === 1;
  }
  if (rest[0] === editingSessionsDir) {
    return rest.length <= 2;
  }
  if (rest[0] === extensionDir) {
    return rest.length === 1 || (rest.length === 2 && rest[1] === transcriptsDir);
  }
  return false;
}

/**
 * The segments below the workspace storage folder: a data root is an editor's `User` folder (its
 * `workspaceStorage/<id>/…`) or a workspace storage folder itself (the running editor's); a workspace storage folder
 * never holds a `workspaceStorage` folder, so the two cannot be confused. Undefined: above any storage folder.
 */
export function belowStorage(segments: readonly string[]): string[] | undefined {
  if (segments[0] === 'workspaceStorage') {
    return segments.length >= 2 ? segments.slice(2) : undefined;
  }
  return [...segments];
}

/** The kind of an adapter file by its absolute path. */
export function fileKind(path: string): ChatFileKind | undefined {
  const parts = path.split(/[\\/]/);
  const k = kindBelowStorage(parts.slice(-3));
  if (k === 'editing' || k === 'transcript') {
    return k;
  }
  return kindBelowStorage(parts.slice(-2)) === 'session' ? 'session' : undefined;
}

/** The workspace storage folder a session, editing state or transcript file is in. */
export function storageOf(path: string): string {
  const k = fileKind(path);
  return k === 'session' ? dirname(dirname(path)) : dirname(dirname(dirname(path)));
}

/** The session id a file is named for (`<id>.json[l]`, `chatEditingSessions/<id>/state.json`). */
export function sessionIdOf(path: string): string {
  return fileKind(path) === 'editing' ? basename(dirname(path)) : basename(path).replace(/\.jsonl?$/, '');
}

export function chatSessionFiles(ws: string, sessionId: string): string[] {
  return [join(ws, chatSessionsDir, `${sessionId}.jsonl`), join(ws, chatSessionsDir, `${sessionId}.json`)];
}
