// The "before restore" record: every file a restore touches, as it was (bytes inline, base64) or absent, so undo
// can bring it back byte for byte. One JSON file per restore under <cacheDir>/restores/.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from '../store/durableFile';

export interface SavedFile {
  /** Absolute path. */
  path: string;
  /** Base64 of the bytes before the restore; absent when the file did not exist. */
  base64?: string;
  /** File mode bits before the restore. */
  mode?: number;
}

export interface RestoreRecord {
  id: string;
  createdAt: string;
  sessionKey: string;
  beforePrompt: number;
  files: SavedFile[];
  /** Directories the restore created (removed by undo when empty). */
  createdDirs: string[];
  undoneAt?: string;
}

export function restoresDir(cacheDir: string): string {
  return join(cacheDir, 'restores');
}

export function recordFile(cacheDir: string, id: string): string {
  if (!/^[\w.-]+$/.test(id)) {
    throw new Error(`not a restore id: ${id}`);
  }
  return join(restoresDir(cacheDir), `${id}.json`);
}

/** Complete, fsynced and renamed into place, or a StorageError and no record (see durableFile.ts). */
export function writeRecord(cacheDir: string, record: RestoreRecord): void {
  ensurePrivateDir(restoresDir(cacheDir));
  writeFileAtomic(recordFile(cacheDir, record.id), JSON.stringify(record));
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
  const out: RestoreRecord[] = [];
  for (const name of names) {
    if (!name.endsWith('.json')) {
      continue;
    }
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
