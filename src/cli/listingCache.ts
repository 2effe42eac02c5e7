// `agent-trail sessions` run after run with nothing new (the usual use) prints what the previous run printed. The
// listing is a function of the saved DB file and the workspace alone, so it is kept next to the index with the DB
// file's stamp and that DB's transcript cursors: a run whose up-to-date check (indexer/savedState.ts) passes against
// those cursors and that stamp prints it without loading SQLite or the DB (a third of a warm run was loading and
// querying them). Any save of the index changes the stamp and the cache is not used; a cache that is missing,
// unreadable or for another workspace is ignored and written again from the DB.
import { readFileSync } from 'node:fs';
import type { CursorStamp } from '../indexer/savedState';
import { writeFileAtomic } from '../store/durableFile';
import type { DbStamp } from '../store/sqlDatabase';
import type { SessionJson } from './cliOutput';

export const listingCacheName = 'sessions.cache.json';

interface StoredListing {
  v: 1;
  db: DbStamp;
  workspace: string;
  /** [path, size, mtimeMs, ino, status] of every transcript the DB has a cursor for. */
  cursors: [string, number, number, number, 'ok' | 'missing'][];
  sessions: SessionJson[];
}

export interface Listing {
  stamp: DbStamp;
  cursors: Map<string, CursorStamp>;
  sessions: SessionJson[];
}

function isStored(v: unknown): v is StoredListing {
  const s = v as Partial<StoredListing> | null;
  return typeof s === 'object' && s !== null && s.v === 1 && typeof s.workspace === 'string' && Array.isArray(s.cursors) && Array.isArray(s.sessions) && typeof s.db === 'object' && s.db !== null;
}

export function readListingCache(file: string, workspace: string): Listing | undefined {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (!isStored(value) || value.workspace !== workspace) {
    return undefined;
  }
  const cursors = new Map<string, CursorStamp>(value.cursors.map(([path, size, mtimeMs, ino, status]) => [path, { size, mtimeMs, ino, status }]));
  return { stamp: value.db, cursors, sessions: value.sessions };
}

/** Keeps the listing of the DB file at `stamp`; a failure only costs the next run the DB. */
export function writeListingCache(file: string, workspace: string, stamp: DbStamp, cursors: ReadonlyMap<string, CursorStamp>, sessions: SessionJson[]): void {
  const stored: StoredListing = { v: 1, db: stamp, workspace, cursors: [...cursors].map(([path, c]) => [path, c.size, c.mtimeMs, c.ino, c.status]), sessions };
  try {
    writeFileAtomic(file, JSON.stringify(stored));
  } catch {
    // Not the index: the next run lists from the DB and tries again.
  }
}
