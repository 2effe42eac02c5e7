// Whether a pass over a saved index would change anything (see IndexEngine.upToDate): decided from the saved DB's
// stamp and its transcripts' cursors, the record of the last full check (store/verifiedState.ts), the storage and
// journal folders, and a stat of every transcript found. Only reads. The cursors come from the opened DB, or from a
// copy of them a previous run kept with the same DB stamp (the CLI's listing cache): either way they describe exactly
// the DB file with that stamp.
import { statSync, existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { TranscriptFile } from '../adapters/adapter';
import type { ParseIssue } from '../core/ops';
import type { SourceCursor } from '../store/indexStore';
import type { Journal } from '../store/journal';
import { dbStamp, sameStamp, type DbStamp } from '../store/sqlDatabase';
import { isUnfinishedWrite, storageLeftovers } from '../store/storageFolder';
import { folderMtime, packStamps, sameVerified, type VerifiedState } from '../store/verifiedState';

export type CursorStamp = Pick<SourceCursor, 'size' | 'mtimeMs' | 'ino' | 'status'>;

export interface SavedIndex {
  storageDir: string;
  dbFile: string;
  packDir: string;
  journal: Journal;
  /** The record of the last full check, as read. */
  verified: VerifiedState | undefined;
  /** The DB file the cursors describe. */
  stamp: DbStamp;
  cursors: ReadonlyMap<string, CursorStamp>;
  /** The transcripts the settings read (issues: what finding them reported). */
  discover: (issues: ParseIssue[]) => Promise<TranscriptFile[]>;
}

/** Whether the DB file at `stamp` and the archive as they are now are what the last full check found good. */
export function matchesVerified(verified: VerifiedState | undefined, stamp: DbStamp, packDir: string): boolean {
  return verified !== undefined && sameVerified(verified, { db: stamp, packs: packStamps(packDir) });
}

/** What a pass would act on (a reason, for the log), or undefined when nothing changed since the index was saved. */
export async function changeSinceSaved(saved: SavedIndex): Promise<string | undefined> {
  const { journal, verified, stamp, cursors } = saved;
  if (!sameStamp(dbStamp(saved.dbFile), stamp)) {
    return 'another process saved the index since it was read';
  }
  if (!matchesVerified(verified, stamp, saved.packDir)) {
    return 'the index and archive were not checked in this state';
  }
  const leftovers = storageLeftovers(saved.storageDir, []);
  if (leftovers.removedTemps.length + leftovers.removedCopies.length > 0) {
    return 'a write was left unfinished';
  }
  const journalFolderMtime = folderMtime(journal.folder);
  if (journalFolderMtime === undefined || journalFolderMtime !== verified?.journalFolderMtimeMs) {
    // Names were added or removed since the check (or it did not record the folder): listed once (thousands of
    // names), for leftovers and for journals the DB does not know (each named by a hash of its transcript's path).
    const listing = journal.listing();
    if (listing.unrecovered.length > 0 || listing.others.some(isUnfinishedWrite)) {
      return 'a write was left unfinished';
    }
    const journaled = new Set([...cursors.keys()].map((p) => basename(journal.fileFor(p))));
    if (listing.journals.some((n) => !journaled.has(n))) {
      return 'the archive journal has transcripts the index does not';
    }
  }
  const issues: ParseIssue[] = [];
  const files = await saved.discover(issues);
  if (issues.length > 0) {
    return 'finding transcripts reported problems';
  }
  const seen = new Set<string>();
  for (const file of files) {
    seen.add(file.path);
    const cursor = cursors.get(file.path);
    if (!cursor || cursor.status !== 'ok') {
      return `${file.path} is new`;
    }
    // Synchronous: thousands of stats of cached inodes cost less than as many promises.
    const st = statSync(file.path, { throwIfNoEntry: false });
    if (!st || !sameStamp(st, cursor)) {
      return `${file.path} changed`;
    }
  }
  for (const [path, cursor] of cursors) {
    if (!seen.has(path) && cursor.status !== 'missing' && !existsSync(path)) {
      return `${path} is gone`;
    }
  }
  return undefined;
}
