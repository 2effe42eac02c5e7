// The archive journal: every batch of (blob-referenced) operations the indexer applied, per transcript. Agents
// delete their transcripts (Claude Code after 30 days) and rewrite them shorter (compaction, users truncating them);
// when the DB must be rebuilt (corrupt file, new schema), replaying the journal brings back every session as it was.
//
// The journal only grows in what it describes. One file per transcript:
//   {"v":2,"source":…,"agent":…,"mode":…}        header
//   {"generation":{"at":"<ISO time>"}}            a reading of the transcript from its start begins
//   [op, op, …]                                   a batch, as applied
//   {"mark":{"offset":N,"head":"<sha1>"}}          how far that reading got (whole documents: {"sha256":…})
//   …more batches and marks, then maybe another generation
// A transcript read again from its start (after a rebuild, a rewrite, a damaged archive, or any change of a whole
// document) is journaled into a side file, a new generation. When that reading is complete, the previous
// generation is dropped only if the new one provably contains it: the transcript still holds everything the previous
// reading read (same head, at least as long), or every session, prompt, step, rewind and backup of the previous
// generation is in the new one. Otherwise both stay, so content a transcript no longer has is never lost.
// Journals of version 1 (no generation lines) are one generation that only the second rule can drop.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsync as fsyncCb, fsyncSync, open as openCb, openSync, readdirSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { AgentId } from '../core/model';
import { appendDurably, appendToOpen, ensurePrivateDir, openForAppend, sizeOf, syncDir, syncFile, writeFileAtomic } from './durableFile';
import { writeFailure } from './storageError';
import type { StoredOp } from './storedOps';

export interface JournalHeader {
  v: 1 | 2;
  source: string;
  agent: AgentId;
  mode: 'append' | 'whole' | 'database';
}

/** Where a reading of a transcript ended: an append transcript's offset and head hash, or a whole document's hash. */
export type JournalMark = { offset: number; head: string } | { sha256: string };

export interface JournalGeneration {
  /** Begins with a generation line (written by this version): its last mark describes all of it. */
  marked: boolean;
  batches: StoredOp[][];
  /** The last mark of the generation. */
  mark?: JournalMark;
}

/** What identifies one state of a journal file: appends grow `size`, a rewrite (a dropped generation) changes `ino`. */
export interface JournalStamp {
  size: number;
  ino: number;
}

/** The lines a journal gained after a known length (see Journal.tail). */
export interface JournalTail {
  header: JournalHeader;
  batches: StoredOp[][];
  /** The last offset mark among them (an append transcript), undefined when none or a generation began. */
  lastOffset?: number;
  damagedLines: number;
  bytes: number;
}

export interface JournalEntry {
  header: JournalHeader;
  generations: JournalGeneration[];
  /** Lines that could not be read back (a crash mid-append leaves at most one). */
  damagedLines: number;
  /** The journal's file name (for messages). */
  file: string;
}

/** Side files of readings in progress: `<journal>.<pid>-<hex>.gen`; one left behind was cut short by a crash. */
const sideFileRe = /^([0-9a-f]{32}\.jsonl)\.\d+-[0-9a-f]+\.gen$/;

interface Reread {
  header: JournalHeader;
  side: string;
  /** Nothing written yet: the side file does not exist. */
  empty: boolean;
  identities: Set<string>;
}

/** What makes an operation the same thing in two readings (the record it describes, not its content). */
function identity(op: StoredOp): string {
  switch (op.op) {
    case 'session':
      return `session\u0000${op.session.id}`;
    case 'prompt':
      return `prompt\u0000${op.sessionId}\u0000${op.id}`;
    case 'step':
      return `step\u0000${op.sessionId}\u0000${op.step.id}`;
    case 'rewind':
      return `rewind\u0000${op.sessionId}\u0000${op.recordId ?? ''}`;
    case 'fileBackup':
      return `backup\u0000${op.sessionId}\u0000${op.promptId}\u0000${op.path}\u0000${op.version}`;
  }
}

function generationLine(): string {
  return `${JSON.stringify({ generation: { at: new Date().toISOString() } })}\n`;
}

function batchText(ops: readonly StoredOp[], mark: JournalMark | undefined): string {
  return `${JSON.stringify(ops)}\n${mark ? `${JSON.stringify({ mark })}\n` : ''}`;
}

interface ParsedJournal {
  header: JournalHeader | undefined;
  headerLine: string;
  /** Raw lines of each generation (its generation line first, when it has one). */
  rawGenerations: string[][];
  generations: JournalGeneration[];
  damagedLines: number;
}

function isMark(value: unknown): value is JournalMark {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const v = value as Record<string, unknown>;
  return (typeof v.offset === 'number' && typeof v.head === 'string') || typeof v.sha256 === 'string';
}

/** The non-empty lines of journal text with their JSON values; a line that does not parse is counted and skipped. */
function* lineValues(text: string, onDamaged: () => void): Generator<{ line: string; value: unknown }> {
  for (const line of text.split('\n')) {
    if (!line) {
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      onDamaged();
      continue;
    }
    yield { line, value };
  }
}

function parseJournal(text: string): ParsedJournal {
  const parsed: ParsedJournal = { header: undefined, headerLine: '', rawGenerations: [], generations: [], damagedLines: 0 };
  const startGeneration = (marked: boolean): void => {
    parsed.rawGenerations.push([]);
    parsed.generations.push({ marked, batches: [] });
  };
  for (const { line, value } of lineValues(text, () => parsed.damagedLines++)) {
    if (!parsed.header) {
      const h = value as Partial<JournalHeader> | null;
      if (h && typeof h.source === 'string') {
        parsed.header = value as JournalHeader;
        parsed.headerLine = line;
      } else {
        parsed.damagedLines++;
      }
      continue;
    }
    if (Array.isArray(value)) {
      if (parsed.generations.length === 0) {
        startGeneration(false);
      }
      parsed.generations[parsed.generations.length - 1].batches.push(value as StoredOp[]);
      parsed.rawGenerations[parsed.rawGenerations.length - 1].push(line);
      continue;
    }
    const obj = value as Record<string, unknown> | null;
    if (obj && typeof obj === 'object' && 'generation' in obj) {
      startGeneration(true);
      parsed.rawGenerations[parsed.rawGenerations.length - 1].push(line);
    } else if (obj && typeof obj === 'object' && isMark(obj.mark) && parsed.generations.length > 0) {
      parsed.generations[parsed.generations.length - 1].mark = obj.mark;
      parsed.rawGenerations[parsed.rawGenerations.length - 1].push(line);
    } else {
      parsed.damagedLines++;
    }
  }
  return parsed;
}

/**
 * fsyncs run in the thread pool at once: the file system commits them together (233 journals: 0.7 s one by one,
 * 0.04–0.16 s four at a time on ext4). While indexing (syncAhead) they go in bursts of `aheadBurst` once that many
 * journals wait and none is in flight: each fsync handed to the pool wakes a thread, and one at a time, after every
 * transcript, those wake-ups cost the indexing thread more than anything else it did outside SQLite.
 */
const settleConcurrency = 4;
const aheadBurst = 16;

/**
 * fsyncs `path` off this thread, through `fd` when the journal still had it open from its appends (the fsync then
 * closes it), else opened here; a file removed meanwhile has nothing left to make durable. The callback API, not a
 * FileHandle, and a synchronous close: thousands of journals are synced in a pass, and every trip through the thread
 * pool costs this thread more than the close itself.
 */
function fsyncAsync(path: string, fd?: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const syncAndClose = (held: number): void => {
      fsyncCb(held, (syncErr) => {
        let err: Error | null = syncErr;
        try {
          closeSync(held);
        } catch (closeErr) {
          err ??= closeErr instanceof Error ? closeErr : new Error(String(closeErr));
        }
        if (err) {
          reject(err);
        } else {
          resolve();
        }
      });
    };
    if (fd !== undefined) {
      syncAndClose(fd);
      return;
    }
    openCb(path, 'r', (openErr, opened) => {
      if (openErr) {
        if (openErr.code === 'ENOENT') {
          resolve();
        } else {
          reject(openErr);
        }
        return;
      }
      syncAndClose(opened);
    });
  });
}

/**
 * The background fsync, replaceable to observe and delay it (tests: an append while it runs, a failure). Nothing in
 * the product replaces it. It owns `fd` (closes it) when given one.
 */
export const journalFsync: { run: (path: string, fd?: number) => Promise<void> } = { run: fsyncAsync };

/**
 * Journals (and side files) kept open between appends at most; the least recently opened is closed beyond that. Most
 * are waiting for their background fsync, which runs behind the appends while indexing.
 */
const maxOpenJournals = 128;

export class Journal {
  /**
   * Journals appended to since they were last made durable, each with the number of its last append: made durable
   * together with the blob archive, before the DB (sync). A background fsync (syncAhead, settle) takes a journal
   * off only when no append came after it started, so what the DB refers to is durable either way.
   */
  private readonly unsynced = new Map<string, number>();
  private appends = 0;
  /** A journal file was created since the folder was last synced: the folder must be synced too. */
  private created = false;
  /** Background fsyncs: the files queued and those in flight. */
  private readonly syncQueue = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  /** The append number each journal in flight is being synced up to (not synced twice for the same appends). */
  private readonly syncing = new Map<string, number>();
  private readonly rereads = new Map<string, Reread>();
  /**
   * Files kept open since their last append (a transcript's batches go to the same journal one after another): the
   * next append, and the fsync that makes them durable, use the descriptor instead of opening the file again.
   * Anything that replaces, reads or removes one closes it first.
   */
  private readonly open = new Map<string, number>();
  /** Bytes this process wrote to journals (appends and rewrites): how much a DB snapshot would save replaying. */
  private writtenBytes = 0;
  /**
   * Per transcript, how far (offset mark) its journal's current generation already reaches though this process's DB
   * lacks the batches: they were applied from the journal tail (a crash between snapshots, another process). Reading
   * the transcript again from the DB's older cursor journals them no second time.
   */
  private readonly journaledTo = new Map<string, number>();

  constructor(private readonly dir: string) {
    ensurePrivateDir(dir);
  }

  get folder(): string {
    return this.dir;
  }

  get written(): number {
    return this.writtenBytes;
  }

  fileFor(source: string): string {
    return join(this.dir, `${createHash('sha1').update(source).digest('hex').slice(0, 32)}.jsonl`);
  }

  /**
   * Appends one batch (and how far the reading got) to the transcript's journal, or to its new generation while it
   * is read again from the start (beginReread). The append is complete or taken back (a StorageError is thrown):
   * the caller's transaction then fails too, so the DB never holds a batch the journal lacks. Returns the journal
   * file's name and stamp after the append when it wrote to the journal itself (not to a new generation's side file).
   */
  append(header: Omit<JournalHeader, 'v'>, ops: readonly StoredOp[], mark?: JournalMark): (JournalStamp & { name: string }) | undefined {
    if (ops.length === 0) {
      return undefined;
    }
    const reread = this.rereads.get(header.source);
    if (reread) {
      const prefix = reread.empty ? `${JSON.stringify({ v: 2, ...header })}\n` : '';
      const text = `${prefix}${batchText(ops, mark)}`;
      this.appendOpen(reread.side, text);
      this.writtenBytes += text.length;
      this.created ||= reread.empty;
      reread.empty = false;
      this.unsynced.set(reread.side, ++this.appends);
      for (const op of ops) {
        reread.identities.add(identity(op));
      }
      return undefined;
    }
    const known = this.journaledTo.get(header.source);
    if (known !== undefined) {
      if (mark && 'offset' in mark && mark.offset <= known) {
        return undefined;
      }
      this.journaledTo.delete(header.source);
    }
    const file = this.fileFor(header.source);
    // Empty, not only missing: a first append taken back (full disk) leaves an empty file that still needs a header.
    // The open file tells (no stat before), and its stamp after the write is the caller's (no stat after).
    const prefix = `${JSON.stringify({ v: 2, ...header })}\n${generationLine()}`;
    const text = batchText(ops, mark);
    const stamp = this.appendOpen(file, text, prefix);
    this.writtenBytes += text.length + (stamp.wasEmpty ? prefix.length : 0);
    this.created ||= stamp.wasEmpty;
    this.unsynced.set(file, ++this.appends);
    return { name: basename(file), size: stamp.size, ino: stamp.ino };
  }

  /** Appends `text` (not synced) through the file's open descriptor, opening it if needed; closed again on failure. */
  private appendOpen(file: string, text: string, prefixIfEmpty?: string): { size: number; ino: number; wasEmpty: boolean } {
    let fd = this.open.get(file);
    if (fd === undefined) {
      fd = openForAppend(file);
      this.open.set(file, fd);
      if (this.open.size > maxOpenJournals) {
        const [oldest] = this.open.keys();
        this.closeOpen(oldest);
      }
    }
    try {
      return appendToOpen(fd, file, text, { sync: false, prefixIfEmpty });
    } catch (err) {
      this.closeOpen(file);
      throw err;
    }
  }

  /** Closes the descriptor kept for `file`, if any (what was appended through it stays to be synced by path). */
  private closeOpen(file: string): void {
    const fd = this.open.get(file);
    if (fd !== undefined) {
      this.open.delete(file);
      try {
        closeSync(fd);
      } catch {
        // Nothing was lost: the data was written; an fsync by path still makes it durable.
      }
    }
  }

  /** Closes every descriptor kept between appends (the engine closes the store, tests). */
  closeFiles(): void {
    for (const file of [...this.open.keys()]) {
      this.closeOpen(file);
    }
  }

  /** The journal file's size and inode now, undefined when it does not exist. */
  stamp(name: string): JournalStamp | undefined {
    try {
      const st = statSync(join(this.dir, name));
      return { size: st.size, ino: st.ino };
    } catch {
      return undefined;
    }
  }

  /**
   * The whole lines journal `name` holds after its first `from` bytes, read without the rest of the file; undefined
   * when `from` is not the end of a line there (the file was rewritten: read it whole instead).
   */
  tail(name: string, from: number): JournalTail | undefined {
    let fd: number;
    try {
      fd = openSync(join(this.dir, name), 'r');
    } catch {
      return undefined;
    }
    let bytes: Buffer;
    let header: JournalHeader | undefined;
    try {
      const size = statSync(join(this.dir, name)).size;
      if (from <= 0 || size < from) {
        return undefined;
      }
      // The header line (a transcript path and three short fields) is well within its first 64 KB.
      const head = Buffer.alloc(Math.min(from, 65_536));
      const headText = head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString('utf8');
      header = parseJournal(headText.slice(0, headText.indexOf('\n') + 1)).header;
      bytes = Buffer.alloc(size - from + 1);
      const n = readSync(fd, bytes, 0, bytes.length, from - 1);
      bytes = bytes.subarray(0, n);
    } finally {
      closeSync(fd);
    }
    if (!header || bytes[0] !== 0x0a) {
      return undefined;
    }
    const out: JournalTail = { header, batches: [], damagedLines: 0, bytes: bytes.length - 1 };
    for (const { value } of lineValues(bytes.subarray(1).toString('utf8'), () => out.damagedLines++)) {
      if (Array.isArray(value)) {
        out.batches.push(value as StoredOp[]);
      } else if (typeof value === 'object' && value !== null && 'generation' in value) {
        out.lastOffset = undefined;
      } else if (typeof value === 'object' && value !== null && isMark((value as { mark?: unknown }).mark)) {
        const mark = (value as { mark: JournalMark }).mark;
        out.lastOffset = 'offset' in mark ? mark.offset : undefined;
      } else {
        out.damagedLines++;
      }
    }
    return out;
  }

  /**
   * The journal of `source` already holds its reading up to `offset` (applied from its tail): appends of batches
   * that end there or before are skipped until one reaches past it, or the transcript is read from its start.
   */
  journaledUpTo(source: string, offset: number): void {
    this.journaledTo.set(source, offset);
  }

  /**
   * The transcript is read again from its start: what follows is a new generation (see the file comment). Returns
   * whether it goes to a side file that endReread settles; false when there is no earlier generation (a transcript
   * seen for the first time): the batches are appended to the journal as they come and endReread changes nothing.
   */
  beginReread(header: Omit<JournalHeader, 'v'>): boolean {
    this.journaledTo.delete(header.source);
    if (sizeOf(this.fileFor(header.source)) === 0) {
      return false;
    }
    const side = `${this.fileFor(header.source)}.${process.pid}-${randomBytes(4).toString('hex')}.gen`;
    this.rereads.set(header.source, { header: { v: 2, ...header }, side, empty: true, identities: new Set() });
    return true;
  }

  /**
   * Ends a reading begun by beginReread. `complete`: it read the whole transcript (a failure part way keeps every
   * generation). `stillHeld(mark)`: whether the transcript still holds what the previous generation read up to
   * `mark`. Returns whether the previous generation was dropped.
   */
  endReread(source: string, complete: boolean, stillHeld: (mark: JournalMark) => boolean): boolean {
    const reread = this.rereads.get(source);
    if (!reread) {
      return false;
    }
    this.rereads.delete(source);
    if (reread.empty) {
      return false;
    }
    const file = this.fileFor(source);
    // The side file is read and removed, the journal maybe replaced: neither may stay open for appends.
    this.closeOpen(reread.side);
    this.closeOpen(file);
    const sideText = readFileSync(reread.side, 'utf8');
    const sideBody = sideText.slice(sideText.indexOf('\n') + 1);
    let dropped = false;
    if (sizeOf(file) === 0) {
      this.writtenBytes += writeFileAtomic(file, `${JSON.stringify(reread.header)}\n${generationLine()}${sideBody}`);
    } else {
      const old = parseJournal(readFileSync(file, 'utf8'));
      const last = old.generations[old.generations.length - 1];
      dropped =
        complete &&
        last !== undefined &&
        ((last.marked && last.mark !== undefined && stillHeld(last.mark)) || last.batches.every((b) => b.every((op) => reread.identities.has(identity(op)))));
      const lastBody = old.rawGenerations[old.rawGenerations.length - 1]
        ?.filter((l) => !l.startsWith('{"generation"'))
        .map((l) => `${l}\n`)
        .join('');
      if (dropped && lastBody === sideBody) {
        // The same reading again (an unchanged transcript after a rebuild): nothing to write.
      } else if (dropped) {
        const kept = old.rawGenerations.slice(0, -1).flat();
        const headerLine = old.headerLine || JSON.stringify(reread.header);
        // A rewritten journal is applied whole if a crash comes before the next snapshot: it counts whole.
        this.writtenBytes += writeFileAtomic(file, `${headerLine}\n${kept.map((l) => `${l}\n`).join('')}${generationLine()}${sideBody}`);
      } else {
        const text = `${generationLine()}${sideBody}`;
        appendDurably(file, text, { sync: false });
        this.writtenBytes += text.length;
        this.unsynced.set(file, ++this.appends);
      }
    }
    this.unsynced.delete(reread.side);
    rmSync(reread.side, { force: true });
    return dropped;
  }

  /**
   * Side files of readings a crash cut short become generations of their journals (nothing is dropped for them).
   * Call while holding the storage lock: a live reading's side file exists only while its writer holds it.
   */
  recover(): number {
    let recovered = 0;
    for (const name of this.names()) {
      const m = sideFileRe.exec(name);
      if (!m) {
        continue;
      }
      const side = join(this.dir, name);
      this.closeOpen(side);
      this.closeOpen(join(this.dir, m[1]));
      const text = readFileSync(side, 'utf8');
      const nl = text.indexOf('\n');
      const body = nl >= 0 ? text.slice(nl + 1) : '';
      // A torn last line (the crash) is dropped: it was never applied.
      const whole = body.slice(0, body.lastIndexOf('\n') + 1);
      if (whole !== '') {
        const file = join(this.dir, m[1]);
        if (sizeOf(file) > 0) {
          appendDurably(file, `${generationLine()}${whole}`);
        } else {
          writeFileAtomic(file, `${text.slice(0, nl + 1)}${generationLine()}${whole}`);
        }
        recovered++;
      }
      rmSync(side, { force: true });
    }
    return recovered;
  }

  /**
   * Starts making the journals written so far durable in the background (call when a transcript is done: its
   * journal is not appended to again soon), so that sync() before the next save finds little left. Never throws: a
   * journal whose fsync fails stays to be synced, and sync() reports it.
   */
  syncAhead(): void {
    this.queueUnsynced();
    if (this.inFlight.size === 0 && this.syncQueue.size >= aheadBurst) {
      this.pump(aheadBurst, false);
    }
  }

  /**
   * Makes the journals written so far durable in the background, several fsyncs at once, and resolves when they
   * are done (never rejects: what failed stays for sync(), which reports it). Call before sync() where waiting is
   * possible: sync() then only does what was written meanwhile.
   */
  async settle(): Promise<void> {
    this.queueUnsynced();
    this.pump(settleConcurrency, true);
    while (this.inFlight.size > 0) {
      await Promise.all([...this.inFlight]);
      this.pump(settleConcurrency, true);
    }
  }

  /** fsyncs the journals written and not yet durable (and the folder, for new ones); throws when one cannot be. */
  sync(): void {
    for (const file of [...this.unsynced.keys()]) {
      const fd = this.open.get(file);
      if (fd === undefined) {
        syncFile(file);
      } else {
        try {
          fsyncSync(fd);
        } catch (err) {
          throw writeFailure(file, err);
        } finally {
          this.closeOpen(file);
        }
      }
      this.unsynced.delete(file);
    }
    if (this.created) {
      syncDir(this.dir);
      this.created = false;
    }
  }

  /** Journals not durable yet (tests). */
  get unsyncedCount(): number {
    return this.unsynced.size;
  }

  private queueUnsynced(): void {
    for (const file of this.unsynced.keys()) {
      this.syncQueue.add(file);
    }
  }

  /** Runs queued fsyncs, at most `concurrency` at once; `refill`: each one done starts the next (else one burst). */
  private pump(concurrency: number, refill: boolean): void {
    for (const file of this.syncQueue) {
      if (this.inFlight.size >= concurrency) {
        return;
      }
      this.syncQueue.delete(file);
      const seq = this.unsynced.get(file);
      if (seq === undefined || this.syncing.get(file) === seq) {
        continue;
      }
      this.syncing.set(file, seq);
      // The descriptor goes with the fsync, which closes it: a later append opens the file again.
      const fd = this.open.get(file);
      this.open.delete(file);
      // The folder entries of new journals stay for sync() (one fsync of the folder, `created`).
      const done = journalFsync.run(file, fd).then(
        () => {
          if (this.unsynced.get(file) === seq) {
            this.unsynced.delete(file);
          }
        },
        () => {
          // Stays unsynced: sync() tries again and reports the failure.
        },
      );
      this.inFlight.add(done);
      void done.then(() => {
        this.inFlight.delete(done);
        if (this.syncing.get(file) === seq) {
          this.syncing.delete(file);
        }
        if (refill) {
          this.pump(concurrency, true);
        }
      });
    }
  }

  private names(): string[] {
    try {
      return readdirSync(this.dir);
    } catch {
      return [];
    }
  }

  /**
   * One listing of the folder: the journal file names, and the names of the side files of readings a crash cut short
   * (recover() makes them generations) and of anything else.
   */
  listing(): { journals: string[]; unrecovered: string[]; others: string[] } {
    const out = { journals: [] as string[], unrecovered: [] as string[], others: [] as string[] };
    for (const name of this.names()) {
      (name.endsWith('.jsonl') ? out.journals : sideFileRe.test(name) ? out.unrecovered : out.others).push(name);
    }
    return out;
  }

  /** The journal file names (hash of the source path), to tell which ones a DB does not know. */
  journalNames(): string[] {
    return this.names().filter((n) => n.endsWith('.jsonl'));
  }

  /** One journal, or undefined when it is missing or has no readable header. */
  read(name: string): JournalEntry | undefined {
    let text: string;
    try {
      text = readFileSync(join(this.dir, name), 'utf8');
    } catch {
      return undefined;
    }
    const parsed = parseJournal(text);
    return parsed.header ? { header: parsed.header, generations: parsed.generations, damagedLines: parsed.damagedLines, file: join(this.dir, name) } : undefined;
  }

  /** Every journal, for a rebuild, ordered by transcript path (the order the transcripts are read in). */
  readAll(): JournalEntry[] {
    const entries: JournalEntry[] = [];
    for (const name of this.journalNames()) {
      const entry = this.read(name);
      if (entry) {
        entries.push(entry);
      }
    }
    return entries.sort((a, b) => (a.header.source < b.header.source ? -1 : a.header.source > b.header.source ? 1 : 0));
  }
}

/** Every batch of the given generations, in order. */
export function batchesOf(generations: readonly JournalGeneration[]): StoredOp[][] {
  return generations.flatMap((g) => g.batches);
}
