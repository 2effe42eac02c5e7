// Bringing the DB (a cache) back in line with the archive (the truth) under the storage lock: replaying journals the
// DB does not know (a rebuild, a DB another process saved without them), and finding what a damaged archive lost so
// the transcripts that still exist are read again and store it anew.
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Logger } from '../core/logger';
import type { ParseIssue } from '../core/ops';
import { forgetCursor, referencedBlobs, sessionsReferring, sourcesOf } from '../store/archiveReferences';
import type { IndexStore } from '../store/indexStore';
import { documentHash, headBytes, headHashSync } from './transcriptHashes';
import { batchesOf, type Journal, type JournalEntry, type JournalMark, type JournalStamp, type JournalTail } from '../store/journal';

/** Whether the transcript still holds everything a reading that ended at `mark` read. */
export function transcriptHolds(path: string, mark: JournalMark): boolean {
  try {
    if ('sha256' in mark) {
      return documentHash(readFileSync(path, 'utf8')) === mark.sha256;
    }
    const length = Math.min(headBytes, mark.offset);
    return statSync(path).size >= mark.offset && (length === 0 || headHashSync(path, length) === mark.head);
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

export interface ReplayOutcome {
  /** Journals whose transcript is gone: the DB now shows them from the archive alone. */
  restored: number;
  /** Journals of existing transcripts whose earlier generations (content the transcript no longer has) were applied. */
  preserved: number;
  /** Journals that only gained lines since the DB last held them: those lines were applied. */
  tails: number;
  /** Journal bytes applied (what saving the DB now would spare the next start). */
  bytes: number;
  /**
   * Transcripts whose latest generation was left to the pass (they still hold it). One the pass does not read (its
   * settings exclude it) gets that generation from applyLatestGeneration, so nothing archived stays hidden.
   */
  deferred: string[];
}

/**
 * Applies journals to the DB. `all`: every journal (a new or rebuilt DB). `changed`: what the DB does not hold yet
 * (journal_applied): the lines a journal gained since (written before a crash that came before the DB was saved
 * again, or by another process) and, whole, journals it never held or that were rewritten since. For a transcript
 * that still exists, the generation a whole journal's transcript still holds is left to the pass, which reads it
 * again; everything else is applied here.
 */
export function replayJournals(store: IndexStore, journal: Journal, mode: 'all' | 'changed', log: Logger): ReplayOutcome {
  const applied = mode === 'changed' ? store.journalsApplied() : new Map<string, JournalStamp>();
  const outcome: ReplayOutcome = { restored: 0, preserved: 0, tails: 0, bytes: 0, deferred: [] };
  const entries: JournalEntry[] = [];
  for (const name of journal.journalNames()) {
    const held = applied.get(name);
    const now = held ? journal.stamp(name) : undefined;
    if (held && now && now.ino === held.ino && now.size === held.size) {
      continue;
    }
    const tail = held && now && now.ino === held.ino && now.size > held.size ? journal.tail(name, held.size) : undefined;
    if (tail) {
      applyTail(store, journal, name, tail, log);
      outcome.tails++;
      outcome.bytes += tail.bytes;
      continue;
    }
    const entry = journal.read(name);
    if (entry) {
      entries.push(entry);
    } else {
      log.warn(`[store] archive journal ${name} has no readable header: skipped`);
    }
  }
  entries.sort((a, b) => (a.header.source < b.header.source ? -1 : a.header.source > b.header.source ? 1 : 0));
  for (const entry of entries) {
    const { source, agent, mode: sourceMode } = entry.header;
    if (entry.damagedLines > 0) {
      log.warn(`[store] archive journal ${entry.file}: ${entry.damagedLines} unreadable line(s) skipped`);
    }
    const present = exists(source);
    const last = entry.generations[entry.generations.length - 1];
    const rereadable = present && last !== undefined && last.marked && last.mark !== undefined && transcriptHolds(source, last.mark);
    const generations = rereadable ? entry.generations.slice(0, -1) : entry.generations;
    if (rereadable) {
      outcome.deferred.push(source);
    }
    store.transaction(() => {
      for (const batch of batchesOf(generations)) {
        store.applyStored(agent, source, batch);
      }
      if (!present || !store.getSource(source)) {
        // `missing`: not read by this index (gone, or not among the transcripts its settings read); a pass that finds
        // the transcript reads it from the start.
        store.putSource({ path: source, agent, mode: sourceMode, size: 0, mtimeMs: 0, ino: 0, head: '', offset: 0, lineNo: 0, state: undefined, status: 'missing' });
      }
      store.noteJournal(source);
    });
    outcome.bytes += journal.stamp(basename(entry.file))?.size ?? 0;
    if (!present) {
      outcome.restored++;
    } else if (generations.length > 0) {
      outcome.preserved++;
    }
  }
  return outcome;
}

/**
 * Applies the lines journal `name` gained since the DB last held it. The transcript's cursor in the DB stays where it
 * was (the parser state is not journaled): a pass that reads on from there gets the same records again, which apply
 * as no change, and are not journaled twice (Journal.journaledUpTo).
 */
function applyTail(store: IndexStore, journal: Journal, name: string, tail: JournalTail, log: Logger): void {
  const header = tail.header;
  if (tail.damagedLines > 0) {
    log.warn(`[store] archive journal ${name}: ${tail.damagedLines} unreadable line(s) skipped`);
  }
  store.transaction(() => {
    for (const batch of tail.batches) {
      store.applyStored(header.agent, header.source, batch);
    }
    store.noteJournal(header.source);
  });
  if (tail.lastOffset !== undefined) {
    journal.journaledUpTo(header.source, tail.lastOffset);
  }
}

/** Applies the latest journal generation of `source` (a transcript replayJournals deferred and the pass did not read). */
export function applyLatestGeneration(store: IndexStore, journal: Journal, source: string): boolean {
  const entry = journal.read(basename(journal.fileFor(source)));
  const last = entry?.generations[entry.generations.length - 1];
  if (!entry || !last) {
    return false;
  }
  store.transaction(() => {
    for (const batch of last.batches) {
      store.applyStored(entry.header.agent, source, batch);
    }
  });
  return true;
}

export interface ArchiveCheck {
  /** Contents the DB refers to that the archive does not hold. */
  lost: string[];
  /** Transcripts that still exist and recorded some of them: read again, they store them anew. */
  reread: string[];
  /** Transcripts that are gone: what they recorded and the archive lost cannot be brought back. */
  gone: string[];
}

/**
 * Compares what the DB refers to with what the archive holds (missing packs, records after a damaged or torn one,
 * blobs whose bytes no longer match), makes the transcripts that recorded the lost contents be read again, and
 * reports it: a warning naming the archive, and an `archive-damaged` issue per lost content.
 */
export function checkArchive(store: IndexStore, issues: ParseIssue[], log: Logger): ArchiveCheck {
  const archive = store.archive;
  const lost = archive.missing(referencedBlobs(store));
  const damage = archive.damage();
  if (lost.length === 0) {
    return { lost, reread: [], gone: [] };
  }
  const sessions = sessionsReferring(store, new Set(lost));
  const sources = sourcesOf(store, sessions);
  const reread = sources.filter(exists);
  const gone = sources.filter((s) => !reread.includes(s));
  store.transaction(() => {
    for (const path of reread) {
      forgetCursor(store, path);
    }
  });
  for (const hash of lost) {
    issues.push({ kind: 'archive-damaged', file: archive.location, message: `content ${hash} is missing or corrupt` });
  }
  const where = damage.tornPacks.length > 0 ? ` (unreadable records in ${damage.tornPacks.join(', ')})` : '';
  log.warn(
    `[store] the archive ${archive.location} is damaged${where}: ${lost.length} recorded content(s) of ${sessions.size} session(s) are missing or corrupt; ` +
      `reading ${reread.length} transcript(s) again to archive them anew` +
      (gone.length > 0 ? `; ${gone.length} transcript(s) are gone, what only they recorded cannot be brought back` : ''),
  );
  return { lost, reread, gone };
}
