// Writing the files Agent Trail keeps — the index DB, the archive journals and packs, the observation log, restore
// records — so that a full disk, a crash or a failed write never publishes a partial file. Every writer here:
// - writes every byte (write(2) may write fewer bytes than asked: the rest is written, never silently dropped);
// - fsyncs the file, and the folder when a name was created or replaced (a rename is durable only then);
// - replaces whole files through a temporary sibling and a rename (the previous good file stays on failure, the
//   temporary file is removed), and appends with a verified length, taking a failed append back so the file ends
//   where it did before;
// - creates files 0600 and folders 0700: transcripts hold secrets (pasted keys, .env contents).
// Failures are StorageErrors naming the file.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fchmodSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { errorCode, writeFailure } from './storageError';

export const privateFileMode = 0o600;
export const privateDirMode = 0o700;

/**
 * The write system call, replaceable to simulate a disk that fills up where a real small file system cannot be
 * mounted (unprivileged test runs). Nothing in the product replaces it.
 */
export const fileIo: { write: (fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null) => number } = {
  write: (fd, buffer, offset, length, position) => writeSync(fd, buffer, offset, length, position),
};

function bytesOf(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

/**
 * Writes all of `data` at `position` (or at the file position / end of an append-mode file when undefined), looping
 * over short writes. A write that makes no progress is a full disk.
 */
export function writeAll(fd: number, data: Uint8Array, position?: number): void {
  let done = 0;
  while (done < data.length) {
    const n = fileIo.write(fd, data, done, data.length - done, position === undefined ? null : position + done);
    if (n <= 0) {
      const err: NodeJS.ErrnoException = new Error(`ENOSPC: no space left on device (wrote ${done} of ${data.length} bytes)`);
      err.code = 'ENOSPC';
      throw err;
    }
    done += n;
  }
}

/** Makes the folder entries (created, renamed, removed names) in `dir` durable, where the platform allows it. */
export function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open a folder for fsync, and some file systems refuse it (EINVAL): nothing more can be done.
  } finally {
    if (fd !== undefined) {
      closeSync(fd);
    }
  }
}

/** fsyncs the file at `path` (one removed meanwhile has nothing left to make durable); a failure is a StorageError. */
export function syncFile(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if (errorCode(err) === 'ENOENT') {
      return;
    }
    throw writeFailure(path, err);
  }
  try {
    fsyncSync(fd);
  } catch (err) {
    throw writeFailure(path, err);
  } finally {
    closeSync(fd);
  }
}

/** Creates `dir` (and missing parents) private to the user. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: privateDirMode });
}

export interface AtomicWriteOptions {
  /**
   * Permission bits of the new file (default 0600), set exactly (not filtered by the umask); `'umask'` for a file of
   * the user's own (a restored workspace file that had none recorded): 0666 less the umask, as any new file.
   */
  mode?: number | 'umask';
}

/**
 * Replaces `path` with `data`: a temporary sibling is written completely, fsynced and renamed over `path`, then the
 * folder is fsynced. On any failure `path` is left as it was, the temporary file is removed, and a StorageError is
 * thrown. Returns the number of bytes written.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): number {
  const bytes = bytesOf(data);
  const dir = dirname(path);
  // Hidden, so a file watcher or a person listing a workspace folder does not see half-written siblings.
  const temp = join(dir, `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const mode = options.mode ?? privateFileMode;
  let fd: number | undefined;
  try {
    // Created 0600 and given its mode before it holds anything: content never sits in a file wider than its target.
    fd = openSync(temp, 'wx', mode === 'umask' ? 0o666 : privateFileMode);
    if (mode !== 'umask') {
      fchmodSync(fd, mode & 0o7777);
    }
    writeAll(fd, bytes, 0);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (err) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already failing
      }
    }
    rmSync(temp, { force: true });
    throw writeFailure(path, err);
  }
  syncDir(dir);
  return bytes.length;
}

export interface AppendOptions {
  /**
   * fsync before returning (default). A writer that appends often (the journal) passes false and fsyncs the files it
   * appended to, and their folder, in one go before anything that refers to them is published.
   */
  sync?: boolean;
}

/**
 * Appends `data` to `path` (created 0600 if missing). The file must grow by exactly the bytes written; on a failed
 * or short append the file is cut back to its previous length, so a later append never continues a torn line, and a
 * StorageError is thrown. Returns the file's new length.
 */
export function appendDurably(path: string, data: Uint8Array | string, options: AppendOptions = {}): number {
  return appendDurablyStamped(path, data, options).size;
}

/** What appendDurablyStamped did: the file's new size and inode, and whether it was empty (the prefix went first). */
export interface AppendStamp {
  size: number;
  ino: number;
  wasEmpty: boolean;
}

/**
 * appendDurably, also returning the file's inode, and writing `prefixIfEmpty` before `data` when the file is empty
 * or missing (a journal's header): the caller needs no stat before or after, the open file answers both.
 */
export function appendDurablyStamped(path: string, data: Uint8Array | string, options: AppendOptions & { prefixIfEmpty?: string } = {}): AppendStamp {
  const sync = options.sync ?? true;
  // Only a synced append needs to know whether it created the name (the folder is synced then).
  const created = sync && !existsSync(path);
  const fd = openForAppend(path);
  let stamp: AppendStamp;
  try {
    stamp = appendToOpen(fd, path, data, options);
  } catch (err) {
    closeQuietly(fd);
    throw err;
  }
  closeSync(fd);
  if (created) {
    syncDir(dirname(path));
  }
  return stamp;
}

/** Opens `path` for appendToOpen (created 0600 if missing); a failure is a StorageError. */
export function openForAppend(path: string): number {
  try {
    return openSync(path, 'a', privateFileMode);
  } catch (err) {
    throw writeFailure(path, err);
  }
}

/**
 * appendDurablyStamped on a file already open for appending (openForAppend), which stays open: a writer that appends
 * to the same file batch after batch opens it once. On failure the append is taken back as there, and the file
 * stays open (the caller closes it).
 */
export function appendToOpen(fd: number, path: string, data: Uint8Array | string, options: AppendOptions & { prefixIfEmpty?: string } = {}): AppendStamp {
  let bytes: Uint8Array | undefined;
  let start = -1;
  try {
    start = fstatSync(fd).size;
    const wasEmpty = start === 0;
    bytes = bytesOf(wasEmpty && options.prefixIfEmpty !== undefined && typeof data === 'string' ? `${options.prefixIfEmpty}${data}` : data);
    writeAll(fd, bytes);
    if (options.sync ?? true) {
      fsyncSync(fd);
    }
    const st = fstatSync(fd);
    const end = st.size;
    if (end < start + bytes.length) {
      throw new Error(`the file grew by ${end - start} bytes, not ${bytes.length}`);
    }
    return { size: end, ino: st.ino, wasEmpty };
  } catch (err) {
    try {
      // Only what this append added is taken back (an append by another process since would be larger).
      if (start >= 0 && bytes !== undefined && fstatSync(fd).size <= start + bytes.length) {
        ftruncateSync(fd, start);
        fsyncSync(fd);
      }
    } catch {
      // The file stays torn; its readers skip a torn last line.
    }
    throw writeFailure(path, err);
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already failing
  }
}

/** The size of `path`, 0 when it does not exist. */
export function sizeOf(path: string): number {
  try {
    // No exception for a missing file: building one cost more than the stat (a first index asks for every journal).
    return statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  } catch {
    return 0;
  }
}

/** Writes `data` at `position` of an open file and takes it back (truncates to `position`) when that fails. */
export function writeAtOrTruncate(fd: number, path: string, data: Uint8Array, position: number): void {
  try {
    writeAll(fd, data, position);
  } catch (err) {
    try {
      ftruncateSync(fd, position);
    } catch {
      // A torn tail is detected by the next scan and never appended after.
    }
    throw writeFailure(path, err);
  }
}
