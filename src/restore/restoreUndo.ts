// Undoes a restore from its record: every file it touched gets its saved bytes and mode back, files it created are
// removed (and the folders it created, when empty). Paths are checked again: the record is a file anyone could edit.
import { mkdirSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { atomicWrite } from './atomicWrite';
import { resolveSafeTarget } from './pathSafety';
import { readRecord, writeRecord } from './restoreRecord';

export interface UndoResult {
  restored: string[];
  removed: string[];
}

export function undoRestore(id: string, cacheDir: string, folders: readonly string[]): UndoResult {
  const record = readRecord(cacheDir, id);
  if (record.undoneAt) {
    throw new Error(`restore ${id} was already undone at ${record.undoneAt}`);
  }
  for (const f of record.files) {
    const safe = resolveSafeTarget(f.path, folders);
    if (!safe.ok) {
      throw new Error(safe.reason);
    }
  }
  const out: UndoResult = { restored: [], removed: [] };
  for (const f of record.files) {
    if (f.base64 === undefined) {
      rmSync(f.path, { force: true });
      out.removed.push(f.path);
    } else {
      mkdirSync(dirname(f.path), { recursive: true });
      atomicWrite(f.path, Buffer.from(f.base64, 'base64'), f.mode);
      out.restored.push(f.path);
    }
  }
  for (const dir of [...record.createdDirs].reverse()) {
    try {
      if (readdirSync(dir).length === 0) {
        rmdirSync(dir);
      }
    } catch {
      // Already gone or not empty: someone else uses it now.
    }
  }
  writeRecord(cacheDir, { ...record, undoneAt: new Date().toISOString() });
  return out;
}
