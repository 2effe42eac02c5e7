// Writes a workspace file without breaking links: a symlink is written through to its target (which must be inside
// the workspace folders), a file with several hard links is rewritten in place so the other links keep seeing it,
// and only a plain file is replaced through a temporary file and a rename (writeFileAtomic). A rename would turn the
// symlink into a regular file and split the hard link from its siblings.
import { closeSync, fchmodSync, fstatSync, fsyncSync, ftruncateSync, lstatSync, openSync, readFileSync, realpathSync, unlinkSync } from 'node:fs';
import { writeAll, writeFileAtomic } from '../store/durableFile';
import { resolveSafeTarget } from './pathSafety';

export type WriteRoute =
  | { kind: 'absent'; path: string }
  /** A plain file: replaced by a rename. */
  | { kind: 'file'; path: string }
  /** nlink > 1: rewritten in place. `path` is the file written (the symlink's target when reached through one). */
  | { kind: 'hardlink'; path: string; nlink: number; viaSymlink: boolean }
  /** A symlink to a plain file inside the workspace: `path` is the target, replaced by a rename. */
  | { kind: 'symlink'; path: string }
  | { kind: 'refused'; reason: string };

/** How writing `path` keeps its links; refused when it is not a file or a symlink leads out of the workspace. */
export function writeRoute(path: string, folders: readonly string[]): WriteRoute {
  let isLink: boolean;
  try {
    const st = lstatSync(path);
    isLink = st.isSymbolicLink();
    if (!isLink && !st.isFile()) {
      return { kind: 'refused', reason: `${path} is not a regular file` };
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return { kind: 'absent', path };
    }
    throw err;
  }
  // The record and the plan are data: the real location is checked again at the moment of writing.
  const safe = resolveSafeTarget(path, folders);
  if (!safe.ok) {
    return { kind: 'refused', reason: safe.reason };
  }
  const real = isLink ? realpathSync(path) : path;
  const st = lstatSync(real);
  if (!st.isFile()) {
    return { kind: 'refused', reason: `${path}${isLink ? ` is a symlink to ${real}, which` : ''} is not a regular file` };
  }
  if (st.nlink > 1) {
    return { kind: 'hardlink', path: real, nlink: st.nlink, viaSymlink: isLink };
  }
  return isLink ? { kind: 'symlink', path: real } : { kind: 'file', path };
}

/**
 * Rewrites the file at `path` in place (same inode): all bytes written, the rest truncated, flushed. On a failure
 * half way (a full disk) the previous bytes are written back as far as possible and the error is thrown.
 */
export function writeInPlace(path: string, bytes: Uint8Array, mode?: number): void {
  const fd = openSync(path, 'r+');
  try {
    const previous = readFileSync(fd);
    try {
      writeAll(fd, bytes, 0);
      ftruncateSync(fd, bytes.length);
      fsyncSync(fd);
      const size = fstatSync(fd).size;
      if (size !== bytes.length) {
        throw new Error(`${path} holds ${size} bytes after writing ${bytes.length}`);
      }
    } catch (err) {
      try {
        writeAll(fd, previous, 0);
        ftruncateSync(fd, previous.length);
        fsyncSync(fd);
      } catch {
        // The original error says what happened; the record still holds the previous bytes for undo.
      }
      throw err;
    }
    if (mode !== undefined && (fstatSync(fd).mode & 0o7777) !== (mode & 0o7777)) {
      // fchmod through the descriptor: the inode written, never a path that may have been swapped meanwhile.
      fchmodSync(fd, mode & 0o7777);
    }
  } finally {
    closeSync(fd);
  }
}

export interface WriteOutcome {
  /** The file whose bytes changed (a symlink's target). */
  wrote: string;
  how: 'created' | 'replaced' | 'in place';
}

/**
 * Writes `bytes` at `path` keeping its links (see writeRoute). `mode`: the permission bits to give the file (undo
 * brings back the recorded ones); without it an existing file keeps its own and a new one gets the default.
 */
export function writeKeepingLinks(path: string, bytes: Uint8Array, folders: readonly string[], mode?: number): WriteOutcome {
  const route = writeRoute(path, folders);
  switch (route.kind) {
    case 'refused':
      throw new Error(route.reason);
    case 'absent':
      writeFileAtomic(path, bytes, { mode: mode ?? 'umask' });
      return { wrote: path, how: 'created' };
    case 'hardlink':
      writeInPlace(route.path, bytes, mode);
      return { wrote: route.path, how: 'in place' };
    case 'file':
    case 'symlink':
      writeFileAtomic(route.path, bytes, { mode: mode ?? lstatSync(route.path).mode & 0o7777 });
      return { wrote: route.path, how: 'replaced' };
  }
}

/** Removes the entry at `path` (a symlink itself, never its target); absent already is fine. */
export function removeEntry(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw err;
    }
  }
}
