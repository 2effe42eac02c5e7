// Where Aider keeps its history: inside the project, not in HOME. `aider/args.py` (Aider-AI/aider 0.86.3.dev,
// 5dc9490b): `--chat-history-file` (env AIDER_CHAT_HISTORY_FILE, default `.aider.chat.history.md`) and
// `--input-history-file` (`.aider.input.history`) are resolved against the git root when aider runs in a repository
// (otherwise the folder it ran in). `.aider.conf.yml` (in the git root, the current folder or HOME) may name another
// history file (`chat-history-file:`).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { AdapterEnvironment } from '../adapter';

export const chatHistoryName = '.aider.chat.history.md';
export const inputHistoryName = '.aider.input.history';
export const confName = '.aider.conf.yml';

/** The repository top holding `folder` (the nearest folder with a `.git` folder or file), or undefined. */
export function gitRootOf(folder: string): string | undefined {
  let dir = folder;
  for (;;) {
    if (existsSync(join(dir, '.git'))) {
      return dir;
    }
    const up = dirname(dir);
    if (up === dir) {
      return undefined;
    }
    dir = up;
  }
}

/** The history file the environment names (AIDER_CHAT_HISTORY_FILE), when it is set. */
function envHistoryFile(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const v = env.AIDER_CHAT_HISTORY_FILE?.trim();
  return v ? v : undefined;
}

/**
 * The data roots: every workspace folder and the git root it is in (aider writes its history at the git root), and
 * the folder of an absolute AIDER_CHAT_HISTORY_FILE. Folders only: the index watches them without descending.
 */
export function aiderDefaultRoots(env: AdapterEnvironment): string[] {
  const roots = new Set<string>();
  for (const folder of env.workspaceFolders ?? []) {
    roots.add(folder);
    const top = gitRootOf(folder);
    if (top !== undefined) {
      roots.add(top);
    }
  }
  const named = envHistoryFile(env.env);
  if (named !== undefined && isAbsolute(named)) {
    roots.add(dirname(named));
  }
  return [...roots];
}

/** `chat-history-file:` of a `.aider.conf.yml` (a plain scalar, optionally quoted), or undefined. */
export function confHistoryFile(confPath: string): string | undefined {
  let text: string;
  try {
    if (!statSync(confPath).isFile()) return undefined;
    text = readFileSync(confPath, 'utf8');
  } catch {
    return undefined;
  }
  const m = /^chat-history-file:[ \t]*(.+?)[ \t]*$/m.exec(text);
  if (!m) return undefined;
  const v = m[1].replace(/[ \t]+#.*$/, '').replace(/^(['"])(.*)\1$/, '$2').trim();
  return v === '' ? undefined : v;
}

/** The names a history file in `dir` may have: the default, the environment's and the folder's config's. */
export function historyFilesIn(dir: string, env: Readonly<Record<string, string | undefined>>): string[] {
  const out = new Set<string>([join(dir, chatHistoryName)]);
  const named = envHistoryFile(env);
  if (named !== undefined) {
    out.add(isAbsolute(named) ? named : join(dir, named));
  }
  const conf = confHistoryFile(join(dir, confName));
  if (conf !== undefined) {
    out.add(isAbsolute(conf) ? conf : join(dir, conf));
  }
  return [...out];
}

/** Whether a changed name directly in a root is a history file (the default name, or the environment's). */
export function isHistoryName(name: string, env: Readonly<Record<string, string | undefined>>): boolean {
  const named = envHistoryFile(env);
  return name === chatHistoryName || (named !== undefined && basename(named) === name);
}

/** The input history next to a chat history (aider writes both at the same root). */
export function inputHistoryOf(chatHistory: string): string {
  return join(dirname(chatHistory), inputHistoryName);
}
