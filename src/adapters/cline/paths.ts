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
