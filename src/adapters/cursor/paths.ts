// Where Cursor keeps the two sources this adapter reads, and how a workspace folder names its folders there.
// Cursor is closed source: the rules below come from public readers of its files (docs/formats/cursor.md §1).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { AdapterEnvironment } from '../adapter';

/** An editor `User` folder that is Cursor's (editorDirs.ts lists `…/Cursor/User` on every platform). */
export function isCursorUserDir(dir: string): boolean {
  return /[\\/]Cursor[\\/]User[\\/]?$/.test(dir);
}

/**
 * Cursor's config folder: `$CURSOR_CONFIG_DIR` when set (the cursor-agent CLI honours it), else `~/.cursor`.
 * Both the editor's agent transcripts (`projects/`) and the CLI's chats (`chats/`) live below it. Then the IDE's
 * `User` folders, whose `globalStorage/state.vscdb` holds its chats (stateVscdb/).
 */
export function cursorDefaultRoots(env: AdapterEnvironment): string[] {
  const configured = env.env.CURSOR_CONFIG_DIR;
  const config = configured !== undefined && configured.trim() !== '' ? configured : join(env.home, '.cursor');
  return [config, ...(env.editorUserDirs ?? []).filter(isCursorUserDir)];
}

/**
 * The `projects/<slug>` folder name of a workspace folder: the absolute path without its leading separators, every
 * character other than a letter or digit replaced with '-' (`/Users/x/github/joinera` → `Users-x-github-joinera`),
 * a Windows drive letter lower-cased (`C:\Dev\proj` → `c-Dev-proj`). Lossy: `/a/b-c` and `/a/b/c` share a slug.
 */
export function projectSlug(folder: string): string {
  const path = folder.replace(/^([A-Za-z]):/, (_m, d: string) => `${d.toLowerCase()}:`);
  return path.replace(/^[\\/]+/, '').replace(/[^A-Za-z0-9]/g, '-');
}

/**
 * A slug compared without the detail public samples disagree on: whether a run of separators (`C:\` → `c-` in one
 * sample, `C--` by the per-character rule) becomes one '-' or several, and the case of a drive letter.
 */
export function comparableSlug(slug: string): string {
  return slug.replace(/-+/g, '-').replace(/^-|-$/g, '').replace(/^([A-Za-z])(?=-)/, (d) => d.toLowerCase());
}

/** The cursor-agent CLI's `chats/<hash>` folder of a workspace: the MD5 of its absolute path, in hex. */
export function chatsHash(folder: string): string {
  return createHash('md5').update(folder).digest('hex');
}

/** Which of the adapter's sources a path is: decides discovery's and readDatabase's dispatch (cursorAdapter.ts). */
export type CursorSourceKind = 'transcript' | 'textTranscript' | 'chatStore' | 'stateVscdb';

export function sourceKind(path: string): CursorSourceKind | undefined {
  const parts = path.split(/[\\/]/);
  const name = parts[parts.length - 1];
  if (name === 'store.db' && parts[parts.length - 4] === 'chats') {
    return 'chatStore';
  }
  if (name === 'state.vscdb' && parts[parts.length - 2] === 'globalStorage') {
    return 'stateVscdb';
  }
  if (!parts.includes('agent-transcripts')) {
    return undefined;
  }
  return name.endsWith('.jsonl') ? 'transcript' : name.endsWith('.txt') ? 'textTranscript' : undefined;
}

/** A chat store's (or the IDE's state.vscdb's) companion files: a change to its `-wal` (or `-journal`) is its change. */
export function storeOf(path: string): string {
  return /[\\/](?:store\.db|state\.vscdb)-(?:wal|journal)$/.test(path) ? path.replace(/-(?:wal|journal)$/, '') : path;
}
