// The hashes that identify what a reading of a transcript read: the head hash of an append transcript's first bytes
// (a replaced file is told by it) and the hash of a whole document. Kept apart from archiveRecovery.ts so the parse
// worker, which hashes the whole documents it reads, bundles only these.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

export const headBytes = 1024;

/** The head hash of a transcript's first bytes: what the indexer's rewrite check (planFile) and journal marks compare. */
export function headDigest(head: Uint8Array): string {
  return createHash('sha1').update(head).digest('hex');
}

/** headDigest of the first `length` bytes of the file at `path`. */
export function headHashSync(path: string, length: number): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    const n = readSync(fd, buf, 0, length, 0);
    return headDigest(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}

export function documentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
