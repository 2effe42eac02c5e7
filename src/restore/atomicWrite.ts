// Writes a file through a temporary sibling and a rename, so a crash or a full disk leaves the old or the new content,
// never half: every byte is written (short writes continued, a write that makes no progress is an error), flushed to
// disk, and only then renamed into place; on any failure the temporary file is removed and the old file stays.
import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Writes all of `bytes` at `position` onwards of `fd`; a write that writes nothing is an error, not a loop. */
export function writeFully(fd: number, bytes: Uint8Array, position = 0): void {
  let done = 0;
  while (done < bytes.length) {
    const n = writeSync(fd, bytes, done, bytes.length - done, position + done);
    if (n <= 0) {
      throw new Error(`wrote ${done} of ${bytes.length} bytes (the disk may be full)`);
    }
    done += n;
  }
}

/** Best effort: the rename is durable once the folder's entry is flushed (not possible on every platform). */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open a folder for fsync; the data itself is flushed already.
  } finally {
    if (fd !== undefined) {
      closeSync(fd);
    }
  }
}

/**
 * `mode`: the file's permission bits (what undo must bring back, or 0600 for a record holding secrets); without it
 * the file gets the default mode (0666 less the umask). The temporary file is created 0600 and given `mode` before
 * it holds anything, so content never sits in a file wider than its target.
 */
export function atomicWrite(path: string, bytes: Uint8Array, mode?: number): void {
  const temp = join(dirname(path), `.${basename(path)}.agent-trail-${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', mode === undefined ? 0o666 : 0o600);
    if (mode !== undefined) {
      // The open mode is filtered by the umask; the file's own bits are what undo must bring back.
      fchmodSync(fd, mode & 0o7777);
    }
    writeFully(fd, bytes);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (err) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // Closing a descriptor that failed to write: the error that matters is the first one.
      }
    }
    rmSync(temp, { force: true });
    throw err;
  }
  syncDir(dirname(path));
}
