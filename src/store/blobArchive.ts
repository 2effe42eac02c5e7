// Content-addressed archive of file contents and large bodies, next to the DB. Blobs are named by the SHA-256 of
// their UTF-8 bytes, so identical contents (a Write's input and its `after`, unchanged backups) are stored once,
// and nothing is ever rewritten: a corrupt DB can be rebuilt without losing what was archived.
//
// Blobs are appended to pack files rather than written one file each: creating a file costs ~1 ms on a typical
// disk, more than parsing the record that produced it. A pack is a sequence of self-describing records
//   `ATB1 <sha256> <byteLength>\n<bytes>\n`
// so the index (hash → pack, offset) is rebuilt by scanning record headers when the archive is opened, and extended
// by rescan() with what other processes sharing the folder appended since. Every read checks the hash, so a damaged
// record is reported (damage()), never served. Writes are complete or taken back (a full disk): records not yet
// written stay pending and sync() fails, so the DB that refers to them is not published.
import { createHash, hash as oneShotHash } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, privateFileMode, syncDir, writeAtOrTruncate } from './durableFile';

export function hashContent(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** hashContent of bytes in one call where Node has it (20.12+): half the cost for the many small records of getMany(). */
const hashBytes: (bytes: Uint8Array) => string = typeof (oneShotHash as unknown) === 'function' ? (bytes) => oneShotHash('sha256', bytes, 'hex') : hashContent;

export interface BlobArchive {
  /** Stores the content (if new) and returns its hash. */
  put(content: string): string;
  /** The stored content, or undefined when the blob is missing or damaged. */
  get(hash: string): string | undefined;
  has(hash: string): boolean;
  /**
   * The bytes stored for `hash` as they are, NOT checked against it (undefined: not held or unreadable), in `into`
   * when it is large enough (a view of it), else in a buffer of their own. Only for comparing with a content derived
   * independently of them (blame's proof of a version it rebuilt, archiveProof.ts): bytes equal to such a content
   * are not a damaged record, and comparing costs a fraction of hashing.
   */
  storedBytes(hash: string, into?: Buffer): Buffer | undefined;
  /**
   * The contents of those of `hashes` that are stored intact, checked as get() checks them, with as few reads as
   * their places allow (blame reads a file's 1,000 patches; a read each was most of its archive time). Those it
   * leaves out (missing, damaged, not written yet) are get()'s to read or report. Optional: the caller uses get().
   */
  getMany?(hashes: Iterable<string>): Map<string, string>;
  /** Bytes written by this process (for the benchmark). */
  readonly bytesWritten: number;
  /** Makes everything put so far durable (called before the DB that references it is persisted). */
  sync(): void;
  close(): void;
  /** Reads what other processes appended since the archive was opened (a no-op in memory). */
  rescan(): void;
  /** Of `hashes`, those the archive does not hold (missing or found damaged). */
  missing(hashes: Iterable<string>): string[];
  /** Damage found so far: packs that end in or contain an unreadable record, and blobs whose bytes did not match. */
  damage(): ArchiveDamage;
  /** Where the archive lives, for messages. */
  readonly location: string;
}

export interface ArchiveDamage {
  /** Packs in which scanning stopped at an unreadable record (what follows it cannot be found). */
  tornPacks: string[];
  /** Blobs whose stored bytes no longer match their hash. */
  corrupt: string[];
}

/** Blobs kept in memory only (no workspace storage). */
export class MemoryBlobArchive implements BlobArchive {
  private readonly blobs = new Map<string, string>();
  bytesWritten = 0;
  put(content: string): string {
    const hash = hashContent(content);
    if (!this.blobs.has(hash)) {
      this.blobs.set(hash, content);
      this.bytesWritten += Buffer.byteLength(content);
    }
    return hash;
  }
  get(hash: string): string | undefined {
    return this.blobs.get(hash);
  }
  has(hash: string): boolean {
    return this.blobs.has(hash);
  }
  storedBytes(hash: string, into?: Buffer): Buffer | undefined {
    const content = this.blobs.get(hash);
    if (content === undefined) {
      return undefined;
    }
    const length = Buffer.byteLength(content);
    const buf = bufferOf(length, into);
    buf.write(content, 0, 'utf8');
    return buf.subarray(0, length);
  }
  sync(): void {
    // nothing to make durable
  }
  close(): void {
    this.blobs.clear();
  }
  rescan(): void {
    // nothing shared
  }
  missing(hashes: Iterable<string>): string[] {
    return [...hashes].filter((h) => !this.blobs.has(h));
  }
  damage(): ArchiveDamage {
    return { tornPacks: [], corrupt: [] };
  }
  readonly location = '(memory)';
}

interface Location {
  pack: number;
  /** Offset of the blob's bytes (after the header line). */
  offset: number;
  length: number;
}

const magic = 'ATB1';
const headerRe = /^ATB1 ([0-9a-f]{64}) (\d+)$/;
const maxPackBytes = 256 * 1024 * 1024;
/** A record header's longest possible length as scanned (the old fixed read; a real header is ~90 bytes). */
const maxHeaderBytes = 128;
/** Bytes read at a time while scanning headers. */
const scanWindowBytes = 64 * 1024;
const pendingLimit = 4 * 1024 * 1024;
/** getMany(): records at most this far apart are read together (the bytes between are read for nothing). */
const readTogetherGapBytes = 64 * 1024;
/** getMany(): the most read at once. */
const readTogetherMaxBytes = 4 * 1024 * 1024;
/** The recently put texts remembered by content (put() dedupe without hashing): 1M characters, a few MB of heap. */
const recentMaxChars = 1024 * 1024;
const newline = Buffer.from('\n');

/** `into` when it has room for `length` bytes (the caller reads into a view of it), else a new buffer of that length. */
function bufferOf(length: number, into: Buffer | undefined): Buffer {
  return into !== undefined && into.length >= length ? into : Buffer.alloc(length);
}

function packName(n: number): string {
  return `pack-${String(n).padStart(6, '0')}.atb`;
}

export class PackBlobArchive implements BlobArchive {
  private readonly index = new Map<string, Location>();
  private readonly readFds = new Map<number, number>();
  private writePack = 0;
  private writeFd: number | undefined;
  private writeOffset = 0;
  /** Records appended but not yet written: one write per few MB instead of one per blob. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /**
   * Recently stored contents → hash. A Claude edit's `before` is the previous edit's `after`, so most contents
   * arrive twice; comparing strings is far cheaper than encoding and hashing them again.
   */
  private readonly recent = new Map<string, string>();
  private recentChars = 0;
  bytesWritten = 0;
  /** Where scanning each pack stopped: its end, or an unreadable record. */
  private readonly scanned = new Map<number, number>();
  /** Packs whose scan stopped at an unreadable record (a torn tail, a damaged header). */
  private readonly torn = new Set<number>();
  /** Blobs whose bytes did not match their hash when read. */
  private readonly corrupt = new Set<string>();
  /**
   * Further copies of a blob (another process stored it too, or it was archived again after damage): used when the
   * indexed one turns out damaged.
   */
  private readonly copies = new Map<string, Location[]>();
  /** A pack was created since the last sync(): the folder entry must be made durable too. */
  private createdPack = false;

  /** The packs were scanned at least once. */
  private opened = false;

  constructor(private readonly dir: string) {
    ensurePrivateDir(dir);
  }

  /**
   * Scans the packs on first use, not when the archive is opened: listing sessions never reads the archive, and a
   * warm CLI run would otherwise read every record header of every pack for nothing.
   */
  private ready(): void {
    if (!this.opened) {
      this.rescan();
    }
  }

  get location(): string {
    return this.dir;
  }

  /** Packs with an unreadable record as of the last scan (a crash mid-append leaves at most one per pack). */
  get damagedRecords(): number {
    this.ready();
    return this.torn.size;
  }

  rescan(): void {
    this.opened = true;
    const packs = readdirSync(this.dir)
      .map((n) => /^pack-(\d+)\.atb$/.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    const present = new Set(packs);
    for (const pack of [...this.scanned.keys()]) {
      if (!present.has(pack)) {
        // Deleted: its blobs are gone.
        this.scanned.delete(pack);
        this.torn.delete(pack);
        const fd = this.readFds.get(pack);
        if (fd !== undefined) {
          closeSync(fd);
          this.readFds.delete(pack);
        }
        for (const [hash, locs] of this.copies) {
          this.copies.set(hash, locs.filter((l) => l.pack !== pack));
        }
        for (const [hash, loc] of this.index) {
          if (loc.pack === pack) {
            // Another copy, if there is one, takes its place.
            const [next, ...rest] = this.copies.get(hash) ?? [];
            if (next) {
              this.index.set(hash, next);
              this.copies.set(hash, rest);
            } else {
              this.index.delete(hash);
            }
          }
        }
      }
    }
    for (const pack of packs) {
      if (this.writeFd !== undefined && pack === this.writePack) {
        continue;
      }
      this.scanPack(pack);
      if (this.writeFd === undefined) {
        this.writePack = Math.max(this.writePack, pack + 1);
      }
    }
  }

  /** Indexes the records of `pack` from where the last scan of it stopped. */
  private scanPack(pack: number): void {
    let fd: number;
    try {
      fd = this.readFd(pack);
    } catch {
      return;
    }
    const size = fstatSync(fd).size;
    // Headers are read a window at a time: small blobs (patches, prompts) pack dozens of records per window, and one
    // read per record was most of a first blame's archive time. A record whose header is past the window (a large
    // body) is reached by a new read there, so large bodies are not read.
    const window = Buffer.alloc(scanWindowBytes);
    let windowStart = 0;
    let windowLength = 0;
    let offset = this.scanned.get(pack) ?? 0;
    this.torn.delete(pack);
    while (offset < size) {
      if (offset < windowStart || (offset + maxHeaderBytes > windowStart + windowLength && windowStart + windowLength < size)) {
        windowStart = offset;
        windowLength = readSync(fd, window, 0, window.length, offset);
      }
      const head = window.subarray(offset - windowStart, Math.min(windowLength, offset - windowStart + maxHeaderBytes));
      const nl = head.indexOf(0x0a);
      const m = nl > 0 ? headerRe.exec(head.subarray(0, nl).toString('latin1')) : null;
      const length = m ? Number(m[2]) : -1;
      if (!m || offset + nl + 1 + length + 1 > size) {
        // A torn tail (or a damaged header): everything before it is intact; this pack is never appended to again.
        // Another process may still be writing it: the next rescan looks at it again.
        this.torn.add(pack);
        break;
      }
      const loc = { pack, offset: offset + nl + 1, length };
      if (!this.index.has(m[1])) {
        this.index.set(m[1], loc);
        this.corrupt.delete(m[1]);
      } else {
        this.copies.set(m[1], [...(this.copies.get(m[1]) ?? []), loc]);
      }
      offset += nl + 1 + length + 1;
    }
    this.scanned.set(pack, offset);
  }

  private readFd(pack: number): number {
    let fd = this.readFds.get(pack);
    if (fd === undefined) {
      fd = openSync(join(this.dir, packName(pack)), 'r');
      this.readFds.set(pack, fd);
    }
    return fd;
  }

  put(content: string): string {
    this.ready();
    const seen = this.recent.get(content);
    if (seen !== undefined && this.index.has(seen)) {
      return seen;
    }
    const bytes = Buffer.from(content, 'utf8');
    const hash = hashContent(bytes);
    this.remember(content, hash);
    if (this.index.has(hash)) {
      return hash;
    }
    if (this.writeFd === undefined || this.writeOffset >= maxPackBytes) {
      if (this.writeFd !== undefined) {
        this.flushPending();
        closeSync(this.writeFd);
        this.writeFd = undefined;
        this.writePack++;
      }
      // A fresh pack per process run: a pack another window is appending to is never appended to here.
      for (;;) {
        try {
          this.writeFd = openSync(join(this.dir, packName(this.writePack)), 'wx', privateFileMode);
          this.createdPack = true;
          break;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
            throw err;
          }
          this.writePack++;
        }
      }
      this.writeOffset = 0;
    }
    const header = Buffer.from(`${magic} ${hash} ${bytes.length}\n`, 'latin1');
    this.pending.push(header, bytes, newline);
    const recordLength = header.length + bytes.length + 1;
    this.pendingBytes += recordLength;
    this.index.set(hash, { pack: this.writePack, offset: this.writeOffset + header.length, length: bytes.length });
    this.corrupt.delete(hash);
    this.writeOffset += recordLength;
    this.bytesWritten += bytes.length;
    if (this.pendingBytes >= pendingLimit) {
      this.flushPending();
    }
    return hash;
  }

  private remember(content: string, hash: string): void {
    if (content.length > recentMaxChars / 4) {
      return;
    }
    this.recent.set(content, hash);
    this.recentChars += content.length;
    for (const old of this.recent.keys()) {
      if (this.recentChars <= recentMaxChars) {
        break;
      }
      this.recent.delete(old);
      this.recentChars -= old.length;
    }
  }

  /**
   * Writes the pending records at the end of the current pack (they are contiguous and end at writeOffset). On a
   * failure the partial write is taken back and the records stay pending: a later flush writes them again.
   */
  private flushPending(): void {
    if (this.writeFd === undefined || this.pendingBytes === 0) {
      return;
    }
    const data = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [data];
    writeAtOrTruncate(this.writeFd, join(this.dir, packName(this.writePack)), data, this.writeOffset - this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** The bytes of a record still pending (not written: the disk was full). */
  private pendingBytesOf(loc: Location): Buffer | undefined {
    const start = this.writeOffset - this.pendingBytes;
    if (loc.pack !== this.writePack || this.writeFd === undefined || loc.offset < start) {
      return undefined;
    }
    const all = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [all];
    return all.subarray(loc.offset - start, loc.offset - start + loc.length);
  }

  get(hash: string): string | undefined {
    this.ready();
    const loc = this.index.get(hash);
    if (!loc) {
      return undefined;
    }
    try {
      this.flushPending();
    } catch {
      // A full disk: the record is still pending, and served from there.
    }
    for (const candidate of [loc, ...(this.copies.get(hash) ?? [])]) {
      const buf = this.pendingBytesOf(candidate) ?? this.readRecord(candidate);
      if (buf && hashContent(buf) === hash) {
        if (candidate !== loc) {
          this.index.set(hash, candidate);
        }
        return buf.toString('utf8');
      }
    }
    // Damaged: reported, never served; a later put() stores the content again.
    this.index.delete(hash);
    this.copies.delete(hash);
    this.corrupt.add(hash);
    return undefined;
  }

  private readRecord(loc: Location, into?: Buffer): Buffer | undefined {
    const buf = bufferOf(loc.length, into);
    try {
      return readSync(this.readFd(loc.pack), buf, 0, loc.length, loc.offset) === loc.length ? buf.subarray(0, loc.length) : undefined;
    } catch {
      return undefined;
    }
  }

  getMany(hashes: Iterable<string>): Map<string, string> {
    this.ready();
    const wanted: { hash: string; loc: Location }[] = [];
    for (const hash of new Set(hashes)) {
      const loc = this.index.get(hash);
      // Records this process is still writing are get()'s (they may be pending).
      if (loc && !(this.writeFd !== undefined && loc.pack === this.writePack)) {
        wanted.push({ hash, loc });
      }
    }
    wanted.sort((a, b) => a.loc.pack - b.loc.pack || a.loc.offset - b.loc.offset);
    const out = new Map<string, string>();
    for (let i = 0; i < wanted.length; ) {
      const first = wanted[i].loc;
      let end = first.offset + first.length;
      let j = i + 1;
      for (; j < wanted.length; j++) {
        const next = wanted[j].loc;
        if (next.pack !== first.pack || next.offset - end > readTogetherGapBytes || next.offset + next.length - first.offset > readTogetherMaxBytes) {
          break;
        }
        end = Math.max(end, next.offset + next.length);
      }
      const span = this.readRecord({ pack: first.pack, offset: first.offset, length: end - first.offset });
      for (let k = i; span && k < j; k++) {
        const { hash, loc } = wanted[k];
        const bytes = span.subarray(loc.offset - first.offset, loc.offset - first.offset + loc.length);
        if (hashBytes(bytes) === hash) {
          out.set(hash, bytes.toString('utf8'));
        }
      }
      i = j;
    }
    return out;
  }

  storedBytes(hash: string, into?: Buffer): Buffer | undefined {
    this.ready();
    const loc = this.index.get(hash);
    if (!loc) {
      return undefined;
    }
    const pending = this.pendingBytesOf(loc);
    if (pending) {
      // Copied: the caller may write into what it gets back, and pending records are yet to be written.
      const buf = bufferOf(loc.length, into);
      pending.copy(buf);
      return buf.subarray(0, loc.length);
    }
    return this.readRecord(loc, into);
  }

  missing(hashes: Iterable<string>): string[] {
    this.ready();
    const out: string[] = [];
    for (const h of hashes) {
      if (!this.index.has(h)) {
        out.push(h);
      }
    }
    return out;
  }

  damage(): ArchiveDamage {
    this.ready();
    return { tornPacks: [...this.torn].sort((a, b) => a - b).map((p) => join(this.dir, packName(p))), corrupt: [...this.corrupt] };
  }

  has(hash: string): boolean {
    this.ready();
    return this.index.has(hash);
  }

  sync(): void {
    if (this.writeFd !== undefined) {
      this.flushPending();
      fsyncSync(this.writeFd);
    }
    if (this.createdPack) {
      syncDir(this.dir);
      this.createdPack = false;
    }
  }

  get size(): number {
    this.ready();
    return this.index.size;
  }

  close(): void {
    this.recent.clear();
    this.recentChars = 0;
    if (this.writeFd !== undefined) {
      try {
        this.flushPending();
      } finally {
        closeSync(this.writeFd);
        this.writeFd = undefined;
      }
    }
    for (const fd of this.readFds.values()) {
      closeSync(fd);
    }
    this.readFds.clear();
  }
}
