// The "before restore" record: every file a restore touches, as it was (bytes inline, base64) or absent, and what the
// restore wrote there, so undo can bring it back byte for byte and knows when a file changed after the restore. One
// JSON file per restore under <cacheDir>/restores/. Records hold file contents (a .env among them): the folder is
// 0700 and every record 0600, whatever the umask.
import { chmodSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from '../store/durableFile';

export interface SavedFile {
  /** Absolute path. */
  path: string;
  /** Base64 of the bytes before the restore (through a symlink: its target's); absent when the file did not exist. */
  base64?: string;
  /** File mode bits before the restore. */
  mode?: number;
  /** The path was a symlink with this target text; the restore wrote through it (or removed the link itself). */
  symlink?: string;
  /** Hard links of the file before the restore (over 1: written in place). */
  nlink?: number;
  /**
   * What the restore left at the path: the sha256 (hex) of the bytes it wrote, or null when it removed the file.
   * Undefined in records written before this was kept: then undo cannot tell a later edit from the restore's bytes.
   */
  writtenSha256?: string | null;
  /** The restore left a symlink with this text at the path (it wrote through the link, or recreated it). */
  writtenSymlink?: string;
}

export interface RestoreRecord {
  id: string;
  createdAt: string;
  sessionKey: string;
  beforePrompt: number;
  files: SavedFile[];
  /** Directories the restore created (removed by undo when empty). */
  createdDirs: string[];
  /** This record was written by undoing restore `undoOf`: undoing it puts that restore's bytes back. */
  undoOf?: string;
  undoneAt?: string;
  /** The record saved by the undo (what the undo overwrote). */
  undoneBy?: string;
  /** Files the undo left as they were (changed since the restore, and the person chose to keep them). */
  kept?: string[];
}

const dirMode = 0o700;
const fileMode = 0o600;

export function restoresDir(cacheDir: string): string {
  return join(cacheDir, 'restores');
}

export function recordFile(cacheDir: string, id: string): string {
  if (!/^[\w.-]+$/.test(id)) {
    throw new Error(`not a restore id: ${id}`);
  }
  return join(restoresDir(cacheDir), `${id}.json`);
}

/** 0700 for a folder made by an older version (or another umask); records already in it are tightened by listRecords. */
function tighten(path: string, mode: number): void {
  try {
    if ((statSync(path).mode & 0o777) !== mode) {
      chmodSync(path, mode);
    }
  } catch {
    // Not ours to change (another owner) or gone: the record is still written 0600.
  }
}

/** Complete, fsynced and renamed into place, or a StorageError and no record (see durableFile.ts). */
export function writeRecord(cacheDir: string, record: RestoreRecord): void {
  const dir = restoresDir(cacheDir);
  ensurePrivateDir(dir);
  tighten(dir, dirMode);
  writeFileAtomic(recordFile(cacheDir, record.id), JSON.stringify(record), { mode: fileMode });
}

export function readRecord(cacheDir: string, id: string): RestoreRecord {
  return JSON.parse(readFileSync(recordFile(cacheDir, id), 'utf8')) as RestoreRecord;
}

/** Every readable record under `cacheDir`, newest first. Unreadable files are skipped: they cannot be undone anyway. */
export function listRecords(cacheDir: string): RestoreRecord[] {
  let names: string[];
  try {
    names = readdirSync(restoresDir(cacheDir));
  } catch {
    return [];
  }
  tighten(restoresDir(cacheDir), dirMode);
  const out: RestoreRecord[] = [];
  for (const name of names) {
    if (!name.endsWith('.json')) {
      continue;
    }
    tighten(join(restoresDir(cacheDir), name), fileMode);
    try {
      const record = readRecord(cacheDir, name.slice(0, -'.json'.length));
      if (typeof record.id === 'string' && typeof record.createdAt === 'string' && Array.isArray(record.files)) {
        out.push(record);
      }
    } catch {
      // A half-written or foreign file.
    }
  }
  return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
}
