// Where Cline CLI (the SDK Cline, CLI 3.x) keeps its sessions, and how a session's two files are named.
// `@cline/shared` storage: CLINE_DIR (default ~/.cline) → CLINE_DATA_DIR (default $CLINE_DIR/data) →
// CLINE_SESSION_DATA_DIR (default $CLINE_DATA_DIR/sessions); each session is `<id>/<id>.json` (the manifest: cwd,
// model, checkpoints) and `<id>/<id>.messages.json` (the transcript), both rewritten whole.
import { basename, dirname, join } from 'node:path';
import type { AdapterEnvironment } from '../adapter';

/** The sessions folder: the agent's data root here (every session is one folder below it). */
export function clineDefaultRoots(env: AdapterEnvironment): string[] {
  const e = env.env;
  if (e.CLINE_SESSION_DATA_DIR) {
    return [e.CLINE_SESSION_DATA_DIR];
  }
  const data = e.CLINE_DATA_DIR || join(e.CLINE_DIR || join(env.home, '.cline'), 'data');
  return [join(data, 'sessions')];
}

export const messagesSuffix = '.messages.json';

/** Session ids are `<epoch ms>_<random>`; nothing in the folder depends on that shape, so any name is accepted. */
export function messagesPath(sessionDir: string, id: string): string {
  return join(sessionDir, `${id}${messagesSuffix}`);
}

export function manifestPath(sessionDir: string, id: string): string {
  return join(sessionDir, `${id}.json`);
}

/** The manifest next to a transcript `<dir>/<id>.messages.json`. */
export function manifestOf(messagesFile: string): string {
  const name = basename(messagesFile);
  return join(dirname(messagesFile), `${name.slice(0, name.length - messagesSuffix.length)}.json`);
}

/** Which of a session folder's names matters: the transcript, its manifest, or neither. */
export function sessionFileRole(folder: string, name: string): 'messages' | 'manifest' | undefined {
  return name === `${folder}${messagesSuffix}` ? 'messages' : name === `${folder}.json` ? 'manifest' : undefined;
}

/**
 * Where session folders can be below a data root, as segments: a folder named in the settings may be the sessions
 * folder itself (the default roots are), Cline's data folder (`~/.cline/data`) or Cline's own folder (`~/.cline`).
 * Discovery takes the root itself only when neither folder below it exists; the watch scope, which sees names only,
 * watches all three (a name that is no session's transcript there is found out once by discovery).
 */
export const sessionsBelowRoot: readonly (readonly string[])[] = [[], ['sessions'], ['data', 'sessions']];

/** Folders to watch below a root: the possible sessions folders, the folders leading to them, and session folders. */
export function descendsToSessions(segments: readonly string[]): boolean {
  if (sessionsBelowRoot.some((prefix) => segments.length <= prefix.length && segments.every((s, i) => s === prefix[i]))) {
    return true;
  }
  // A session folder `<sessions>/<id>`: any name one level below a sessions folder.
  return sessionsBelowRoot.some((prefix) => segments.length === prefix.length + 1 && prefix.every((p, i) => segments[i] === p));
}

/** Whether `segments` (below a root) name a session's transcript `<sessions>/<id>/<id>.messages.json`. */
export function isTranscriptPath(segments: readonly string[]): boolean {
  const n = segments.length;
  return n >= 2 && sessionsBelowRoot.some((prefix) => prefix.length === n - 2 && prefix.every((p, i) => segments[i] === p)) && sessionFileRole(segments[n - 2], segments[n - 1]) === 'messages';
}
