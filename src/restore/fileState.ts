// A workspace file as restore and undo see it: its bytes (through a symlink: the target's), its mode, and whether the
// path is a symlink (with the link's own text) or one of several hard links. Snapshots for the undo record and the
// re-checks right before each write both come from here, so "unchanged since the snapshot" means the same thing.
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, readlinkSync, statSync } from 'node:fs';

export interface FileState {
  /** null: nothing at the path (a dangling symlink counts as a symlink with no bytes). */
  bytes: Buffer | null;
  /** Permission bits of the file written (the target's, through a symlink). */
  mode?: number;
  /** The path is a symlink with this target text (bytes are the target's). */
  symlink?: string;
  /** Number of hard links of the file written; over 1, replacing it by a rename would split it from the others. */
  nlink?: number;
}

export function readFileState(path: string): FileState {
  let symlink: string | undefined;
  try {
    if (lstatSync(path).isSymbolicLink()) {
      symlink = readlinkSync(path);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return { bytes: null };
    }
    throw err;
  }
  let stat;
  try {
    stat = statSync(path);
  } catch (err) {
    if (symlink !== undefined && (err as NodeJS.ErrnoException).code === 'ENOENT') {
      return { bytes: null, symlink };
    }
    throw err;
  }
  if (!stat.isFile()) {
    throw new Error(`${path} is not a regular file`);
  }
  return { bytes: readFileSync(path), mode: stat.mode & 0o7777, nlink: stat.nlink, ...(symlink !== undefined ? { symlink } : {}) };
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Same bytes (or both absent) and the same kind of entry: a symlink replaced by a copy of its target is a change. */
export function sameState(a: FileState, b: FileState): boolean {
  if ((a.symlink ?? null) !== (b.symlink ?? null)) {
    return false;
  }
  return a.bytes === null || b.bytes === null ? a.bytes === b.bytes : a.bytes.equals(b.bytes);
}
