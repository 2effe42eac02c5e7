// Content-addressed archive of file contents and large bodies, next to the DB. Files are named by the SHA-256
// of their UTF-8 bytes, so identical contents (a Write's input and its `after`, unchanged backups) are stored
// once, and nothing here is ever rewritten: a corrupt DB can be rebuilt without losing what was archived.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export function hashContent(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

export interface BlobArchive {
  /** Stores the content (if new) and returns its hash. */
  put(content: string): string;
  /** The stored content, or undefined when the blob is missing. */
  get(hash: string): string | undefined;
  has(hash: string): boolean;
  /** Bytes written by this process (for the benchmark). */
  readonly bytesWritten: number;
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
}

export class DiskBlobArchive implements BlobArchive {
  private readonly known = new Set<string>();
  bytesWritten = 0;

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  private pathOf(hash: string): string {
    return join(this.dir, hash.slice(0, 2), hash);
  }

  put(content: string): string {
    const bytes = Buffer.from(content, 'utf8');
    const hash = hashContent(bytes);
    if (this.known.has(hash)) {
      return hash;
    }
    const target = this.pathOf(hash);
    if (!existsSync(target)) {
      mkdirSync(join(this.dir, hash.slice(0, 2)), { recursive: true });
      // Write under a temporary name and rename: a crash never leaves a truncated blob under its hash.
      const tmp = `${target}.${process.pid}.tmp`;
      const fd = openSync(tmp, 'w');
      try {
        writeSync(fd, bytes);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, target);
      this.bytesWritten += bytes.length;
    }
    this.known.add(hash);
    return hash;
  }

  get(hash: string): string | undefined {
    if (!/^[0-9a-f]{64}$/.test(hash)) {
      return undefined;
    }
    try {
      return readFileSync(this.pathOf(hash), 'utf8');
    } catch {
      return undefined;
    }
  }

  has(hash: string): boolean {
    return this.known.has(hash) || existsSync(this.pathOf(hash));
  }
}
