// The storage folder (the extension's workspace storage, the CLI's cache folder): created private to the user,
// existing ones tightened, checked writable up front (one clear error instead of a failure at every save), and
// cleared of what crashed writers and rebuilds leave behind.
import { accessSync, chmodSync, constants, lstatSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, privateDirMode, privateFileMode } from './durableFile';
import { errorCode, StorageError, systemReason } from './storageError';

/**
 * Creates `dir` 0700 or checks the existing one; an existing folder open to others is tightened with everything in
 * it (files 0600, folders 0700). Throws a StorageError (failure `folder`) when it cannot be created, is not a
 * folder, or is not writable. Returns the number of entries whose permissions were tightened.
 */
export function prepareStorageFolder(dir: string): number {
  try {
    ensurePrivateDir(dir);
  } catch (err) {
    throw new StorageError('folder', dir, `cannot create the index folder ${dir}: ${systemReason(err)}`, errorCode(err), { cause: err });
  }
  let tightened = 0;
  try {
    const st = statSync(dir);
    if (!st.isDirectory()) {
      throw new StorageError('folder', dir, `the index folder ${dir} is not a folder`, 'ENOTDIR');
    }
    accessSync(dir, constants.W_OK);
    if ((st.mode & 0o077) !== 0) {
      // Once the folder is 0700 nothing in it is reachable by others; the walk runs once, on the first open.
      tightened = tighten(dir);
    }
  } catch (err) {
    if (err instanceof StorageError) {
      throw err;
    }
    throw new StorageError('folder', dir, `the index folder ${dir} is not writable: ${systemReason(err)}`, errorCode(err), { cause: err });
  }
  return tightened;
}

/** Files 0600 and folders 0700 under (and including) `dir`; symbolic links are left alone. */
function tighten(dir: string): number {
  let count = 0;
  const walk = (path: string): void => {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) {
      return;
    }
    const wanted = st.isDirectory() ? privateDirMode : privateFileMode;
    if ((st.mode & 0o777) !== wanted && (st.mode & 0o077) !== 0) {
      chmodSync(path, wanted);
      count++;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(path)) {
        walk(join(path, name));
      }
    }
  };
  walk(dir);
  return count;
}

/** A rebuilt DB's old file, moved aside as `index.db.<tag>-<ms>` (tags: `corrupt`, `v<schema>`). */
const movedAsideRe = /^index\.db\.(corrupt|v\d+)-(\d+)$/;
/** Temporary files of writes that never finished (this version: `.<name>.<pid>-<hex>.tmp`; earlier: `<name>.<pid>-<hex>.tmp`, `<name>.<pid>.tmp`). */
const tempRe = /\.\d+(-[0-9a-f]+)?\.tmp$/;

/** Whether `name` is the temporary file of a write that has not finished (or never will: its writer died). */
export function isUnfinishedWrite(name: string): boolean {
  return tempRe.test(name);
}

export interface Cleanup {
  removedTemps: string[];
  removedCopies: string[];
}

/**
 * What cleanStorageFolder would remove, without removing it: temporary files of writes that never finished, and
 * every moved-aside DB copy but the newest. A run that changes nothing (the CLI's read-only path) only looks.
 */
export function storageLeftovers(storageDir: string, otherDirs: readonly string[]): Cleanup {
  const removedTemps: string[] = [];
  const copies: { name: string; at: number }[] = [];
  for (const dir of [storageDir, ...otherDirs]) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (isUnfinishedWrite(name)) {
        removedTemps.push(join(dir, name));
        continue;
      }
      const m = dir === storageDir ? movedAsideRe.exec(name) : null;
      if (m) {
        copies.push({ name, at: Number(m[2]) });
      }
    }
  }
  copies.sort((a, b) => b.at - a.at);
  return { removedTemps, removedCopies: copies.slice(1).map((c) => join(storageDir, c.name)) };
}

/**
 * Removes temporary files left by writers that died mid-write (call only while holding the storage lock: a live
 * writer's temporary file exists only while it holds it) and all but the newest moved-aside DB copy: each is as
 * large as the index and only useful to inspect the latest failure.
 */
export function cleanStorageFolder(storageDir: string, otherDirs: readonly string[]): Cleanup {
  const leftovers = storageLeftovers(storageDir, otherDirs);
  for (const path of [...leftovers.removedTemps, ...leftovers.removedCopies]) {
    rmSync(path, { force: true });
  }
  return leftovers;
}
