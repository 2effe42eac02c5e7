// Content-addressed archive of file contents and large bodies, next to the DB. Blobs are named by the SHA-256 of
// their UTF-8 bytes, so identical contents (a Write's input and its `after`, unchanged backups) are stored once,
// and nothing is ever rewritten: a corrupt DB can be rebuilt without losing what was archived.
//
// Blobs are appended to pack files rather than written one file each: creating a file costs ~1 ms on a typical
// disk, more than parsing the record that produced it. A pack is a sequence of self-describing records
//   `ATB1 <sha256> <byteLength>\n<bytes>\n`
// so the index (hash → pack, offset) is rebuilt by scanning record headers when the archive is opened. Every
// read checks the hash, so a record damaged by a crash is reported missing, never served.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readdirSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export function hashContent(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

export interface BlobArchive {
  /** Stores the content (if new) and returns its hash. */
  put(content: string): string;
  /** The stored content, or undefined when the blob is missing or damaged. */
  get(hash: string): string | undefined;
  has(hash: string): boolean;
  /** Bytes written by this process (for the benchmark). */
  readonly bytesWritten: number;
  /** Makes everything put so far durable (called before the DB that references it is persisted). */
  sync(): void;
  close(): void;
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
  sync(): void {
    // nothing to make durable
  }
  close(): void {
    this.blobs.clear();
  }
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
const pendingLimit = 4 * 1024 * 1024;
const recentMaxChars = 4 * 1024 * 1024;
const newline = Buffer.from('\n');

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
  /** Damaged records found while scanning (a crash mid-append leaves at most one per pack). */
  damagedRecords = 0;

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.scan();
  }

  private scan(): void {
    const packs = readdirSync(this.dir)
      .map((n) => /^pack-(\d+)\.atb$/.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    for (const pack of packs) {
      const fd = this.readFd(pack);
      const size = fstatSync(fd).size;
      const head = Buffer.alloc(128);
      let offset = 0;
      while (offset < size) {
        const n = readSync(fd, head, 0, head.length, offset);
        const nl = head.subarray(0, n).indexOf(0x0a);
        const m = nl > 0 ? headerRe.exec(head.subarray(0, nl).toString('latin1')) : null;
        const length = m ? Number(m[2]) : -1;
        if (!m || offset + nl + 1 + length + 1 > size) {
          // A torn tail: everything before it is intact; never append after it.
          this.damagedRecords++;
          break;
        }
        if (!this.index.has(m[1])) {
          this.index.set(m[1], { pack, offset: offset + nl + 1, length });
        }
        offset += nl + 1 + length + 1;
      }
      this.writePack = pack + 1;
    }
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
        this.writePack++;
      }
      // A fresh pack per process run: a pack another window is appending to is never appended to here.
      for (;;) {
        try {
          this.writeFd = openSync(join(this.dir, packName(this.writePack)), 'wx');
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

  /** Writes the pending records at the end of the current pack (they are contiguous and end at writeOffset). */
  private flushPending(): void {
    if (this.writeFd === undefined || this.pendingBytes === 0) {
      return;
    }
    const data = Buffer.concat(this.pending, this.pendingBytes);
    writeSync(this.writeFd, data, 0, data.length, this.writeOffset - this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
  }

  get(hash: string): string | undefined {
    const loc = this.index.get(hash);
    if (!loc) {
      return undefined;
    }
    this.flushPending();
    const buf = Buffer.alloc(loc.length);
    try {
      readSync(this.readFd(loc.pack), buf, 0, loc.length, loc.offset);
    } catch {
      return undefined;
    }
    if (hashContent(buf) !== hash) {
      this.index.delete(hash);
      return undefined;
    }
    return buf.toString('utf8');
  }

  has(hash: string): boolean {
    return this.index.has(hash);
  }

  sync(): void {
    if (this.writeFd !== undefined) {
      this.flushPending();
      fsyncSync(this.writeFd);
    }
  }

  get size(): number {
    return this.index.size;
  }

  close(): void {
    this.recent.clear();
    this.recentChars = 0;
    if (this.writeFd !== undefined) {
      this.flushPending();
      closeSync(this.writeFd);
      this.writeFd = undefined;
    }
    for (const fd of this.readFds.values()) {
      closeSync(fd);
    }
    this.readFds.clear();
  }
}
