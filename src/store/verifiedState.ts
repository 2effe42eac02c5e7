// What the last full check of the storage folder found good, so that a later open with nothing changed can skip it.
// Checking a 100 MB index (`PRAGMA quick_check`) and comparing every blob the DB refers to with the archive costs
// several hundred milliseconds, most of a warm CLI run. Both answers depend only on the bytes of the DB file and of
// the archive packs; a file another process replaced, appended to, truncated or deleted has another inode, size or
// time. So the record names the DB file (its DbStamp) and every pack (size and time) as they were when the DB had
// passed its integrity check (or was written by this version) and the archive held everything it refers to; an open
// that finds the same stamps skips both checks. What the stamps cannot see (bytes changed in place with the size and
// time kept: failing hardware, deliberate tampering) is still never served: every blob read checks its hash, and
// SQLite reports a damaged page when a query reaches it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './durableFile';
import { sameStamp, type DbStamp } from './sqlDatabase';

export interface PackStamp {
  size: number;
  mtimeMs: number;
}

export interface VerifiedState {
  db: DbStamp;
  /** Every pack file of the archive, by name. */
  packs: Record<string, PackStamp>;
  /**
   * The journal folder's time: it changes whenever a name in it is created, removed or renamed, so while it stays the
   * same no journal the DB does not know and no side file of a cut-short reading can have appeared.
   */
  journalFolderMtimeMs?: number;
}

/** A folder's modification time, or undefined when it cannot be read. */
export function folderMtime(dir: string): number | undefined {
  try {
    return statSync(dir).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The archive's pack files as they are now (none when the folder cannot be listed). */
export function packStamps(packDir: string): Record<string, PackStamp> {
  const out: Record<string, PackStamp> = {};
  let names: string[];
  try {
    names = readdirSync(packDir);
  } catch {
    return out;
  }
  for (const name of names.filter((n) => n.endsWith('.atb')).sort()) {
    try {
      const st = statSync(join(packDir, name));
      out[name] = { size: st.size, mtimeMs: st.mtimeMs };
    } catch {
      // Deleted while listing: not part of the archive.
    }
  }
  return out;
}

export function samePacks(a: Record<string, PackStamp>, b: Record<string, PackStamp>): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((n) => b[n] !== undefined && a[n].size === b[n].size && a[n].mtimeMs === b[n].mtimeMs);
}

/** Same DB file and packs (what the integrity and archive checks depend on); the journal folder is compared apart. */
export function sameVerified(a: VerifiedState | undefined, b: VerifiedState | undefined): boolean {
  return a !== undefined && b !== undefined && sameStamp(a.db, b.db) && samePacks(a.packs, b.packs);
}

function isStamp(v: unknown): v is DbStamp {
  const s = v as Partial<DbStamp> | null;
  return typeof s === 'object' && s !== null && typeof s.ino === 'number' && typeof s.size === 'number' && typeof s.mtimeMs === 'number';
}

function isPackStamp(v: unknown): v is PackStamp {
  const s = v as Partial<PackStamp> | null;
  return typeof s === 'object' && s !== null && typeof s.size === 'number' && typeof s.mtimeMs === 'number';
}

/** The saved record, or undefined when there is none or it is unreadable (then everything is checked). */
export function readVerified(file: string): VerifiedState | undefined {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as { db?: unknown; packs?: unknown; journalFolderMtimeMs?: unknown };
    const packs = value.packs;
    if (!isStamp(value.db) || typeof packs !== 'object' || packs === null || !Object.values(packs).every(isPackStamp)) {
      return undefined;
    }
    const journalFolderMtimeMs = typeof value.journalFolderMtimeMs === 'number' ? value.journalFolderMtimeMs : undefined;
    return { db: value.db, packs: packs as Record<string, PackStamp>, journalFolderMtimeMs };
  } catch {
    return undefined;
  }
}

/** Replaces the record atomically (a torn record would only make the next open check everything). */
export function writeVerified(file: string, state: VerifiedState): void {
  writeFileAtomic(file, `${JSON.stringify(state)}\n`);
}
