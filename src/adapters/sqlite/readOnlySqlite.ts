// Reading another program's SQLite database (an agent's session store) while that program runs, without ever
// writing, locking or checkpointing it, and without loading it into memory: SQLite (the official WebAssembly build)
// over a virtual file system that opens every file read-only, answers every lock request without taking one, and
// reads pages on demand (SQLite's page cache is the only copy held). Rows the agent committed recently may exist only
// in its `-wal` file: with no shared memory (a read-only `-shm` must not be touched), SQLite reads the WAL itself in
// exclusive locking mode, which keeps its WAL index in our own memory.
//
// Taking no lock means the agent may change the files while we read. Appending to the WAL is harmless (a reader
// ignores frames past those committed when it started), but a checkpoint rewrites pages of the main file and a WAL
// restart reuses its frames: a reading is therefore repeated when the main file or the WAL's header (its salts)
// changed during it, or when SQLite found the pages inconsistent.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, accessSync } from 'node:fs';
import { resolve } from 'node:path';
import type sqlite3InitModule from '@sqlite.org/sqlite-wasm';

type Sqlite3 = Awaited<ReturnType<typeof sqlite3InitModule>>;
export type SqlRow = Record<string, unknown>;

/** A read-only connection: queries only. */
export interface ReadOnlyDb {
  all(sql: string, params?: readonly (string | number | null)[]): SqlRow[];
}

const vfsName = 'agent-trail-readonly';
/** The descriptor of a WAL that does not exist (xOpen): read as an empty file. */
const missingWal = -1;
const loaded = new Map<string, Promise<Sqlite3>>();

/** SQLite from `wasmPath` (sqlite-wasm's `sqlite3.wasm`), with the read-only VFS registered; once per path. */
export function loadReadOnlySqlite(wasmPath: string): Promise<Sqlite3> {
  let p = loaded.get(wasmPath);
  if (!p) {
    // The module takes Emscripten's options (its types say none): the wasm from our own folder, not next to the script.
    // Imported on first use: the module is half a megabyte of code that only agents keeping a database need.
    p = import('@sqlite.org/sqlite-wasm').then(async ({ default: sqlite3InitModule }) => {
      const init = sqlite3InitModule as unknown as (options: { locateFile: () => string; print: () => void; printErr: () => void }) => Promise<Sqlite3>;
      const sqlite3 = await init({ locateFile: () => wasmPath, print: () => undefined, printErr: () => undefined });
      installReadOnlyVfs(sqlite3);
      return sqlite3;
    });
    // A failed load is not remembered: the next reading tries again.
    p.catch(() => loaded.delete(wasmPath));
    loaded.set(wasmPath, p);
  }
  return p;
}

function installReadOnlyVfs(sqlite3: Sqlite3): void {
  const { capi, wasm } = sqlite3;
  const fds = new Map<number, number>();
  const io = new capi.sqlite3_io_methods();
  io.iVersion = 1;
  const vfs = new capi.sqlite3_vfs();
  const base = new capi.sqlite3_vfs(capi.sqlite3_vfs_find(null));
  vfs.$iVersion = 2;
  vfs.$szOsFile = (capi.sqlite3_file as unknown as { structInfo: { sizeof: number } }).structInfo.sizeof;
  vfs.$mxPathname = 4096;
  // Time and randomness as the default VFS gives them (SQLite asks for them; nothing here depends on them).
  vfs.xRandomness = base.xRandomness;
  vfs.xSleep = base.xSleep;
  vfs.xCurrentTime = base.xCurrentTime;
  vfs.xCurrentTimeInt64 = base.xCurrentTimeInt64;
  vfs.xGetLastError = base.xGetLastError;
  const ok = capi.SQLITE_OK;
  sqlite3.vfs.installVfs({
    io: {
      struct: io,
      methods: {
        xClose(file) {
          const fd = fds.get(file);
          fds.delete(file);
          try {
            if (fd !== undefined && fd !== missingWal) {
              closeSync(fd);
            }
          } catch {
            return capi.SQLITE_IOERR_CLOSE;
          }
          return ok;
        },
        xRead(file, buf, amount, offset) {
          const fd = fds.get(file);
          if (fd === undefined) {
            return capi.SQLITE_IOERR_READ;
          }
          try {
            const heap = wasm.heap8u();
            const got = fd === missingWal ? 0 : readSync(fd, heap, buf, amount, Number(offset));
            if (got < amount) {
              heap.fill(0, buf + got, buf + amount);
              return capi.SQLITE_IOERR_SHORT_READ;
            }
            return ok;
          } catch {
            return capi.SQLITE_IOERR_READ;
          }
        },
        // Never written: SQLite only asks for these on a writable connection, which this VFS never opens.
        xWrite: () => capi.SQLITE_READONLY,
        xTruncate: () => capi.SQLITE_READONLY,
        xSync: () => ok,
        xFileSize(file, out) {
          const fd = fds.get(file);
          try {
            wasm.poke64(out, BigInt(fd === undefined || fd === missingWal ? 0 : fstatSync(fd).size));
            return ok;
          } catch {
            return capi.SQLITE_IOERR_FSTAT;
          }
        },
        // No lock is ever taken on the agent's files (see the file comment).
        xLock: () => ok,
        xUnlock: () => ok,
        xCheckReservedLock(_file, out) {
          wasm.poke32(out, 0);
          return ok;
        },
        xFileControl: () => capi.SQLITE_NOTFOUND,
        // A size, not a result code (the types say otherwise).
        xSectorSize: (() => 4096) as unknown as typeof io.xSectorSize,
        xDeviceCharacteristics: () => 0,
      },
    },
    vfs: {
      struct: vfs,
      name: vfsName,
      methods: {
        xOpen(_vfs, name, file, _flags, outFlags) {
          if (!name) {
            // A temporary file (a sort too large for memory): refused; these readings are small.
            return capi.SQLITE_CANTOPEN;
          }
          let fd: number;
          const path = wasm.cstrToJs(name) ?? '';
          try {
            fd = openSync(path, 'r');
          } catch (err) {
            // A WAL-mode database whose WAL was removed (the last writer checkpointed and closed): SQLite opens the
            // WAL anyway and, read-only, cannot create it. An empty WAL holds no frames: the main file is the data.
            if (!(path.endsWith('-wal') && (err as { code?: unknown }).code === 'ENOENT')) {
              return capi.SQLITE_CANTOPEN;
            }
            fd = missingWal;
          }
          fds.set(file, fd);
          const f = new capi.sqlite3_file(file);
          f.$pMethods = io.pointer;
          f.dispose();
          if (outFlags) {
            wasm.poke32(outFlags, capi.SQLITE_OPEN_READONLY);
          }
          return ok;
        },
        xDelete: () => capi.SQLITE_READONLY,
        xAccess(_vfs, name, flags, out) {
          let found = 0;
          if (flags !== capi.SQLITE_ACCESS_READWRITE) {
            try {
              accessSync(wasm.cstrToJs(name) ?? '', constants.R_OK);
              found = 1;
            } catch {
              found = 0;
            }
          }
          wasm.poke32(out, found);
          return ok;
        },
        xFullPathname(_vfs, name, size, out) {
          wasm.cstrncpy(out, name, size);
          return ok;
        },
      },
    },
  });
}

/** What tells that the files changed in a way a lock-free reading cannot ignore (see the file comment). */
function changeStamp(path: string): string {
  const main = statSync(path);
  let walHeader = '';
  try {
    const fd = openSync(`${path}-wal`, 'r');
    try {
      const head = Buffer.alloc(32);
      const n = readSync(fd, head, 0, 32, 0);
      // The checkpoint sequence and salts (bytes 12-24): a WAL restarted after a checkpoint has new ones.
      walHeader = head.subarray(12, Math.min(n, 24)).toString('hex');
    } finally {
      closeSync(fd);
    }
  } catch {
    walHeader = 'none';
  }
  return `${main.size}:${main.mtimeMs}:${main.ino}:${walHeader}`;
}

export class SqliteReadError extends Error {}

/**
 * Runs `read` on a consistent snapshot of the database at `path`, read-only (see the file comment): up to `attempts`
 * times while the files change underneath; throws SqliteReadError when no attempt was consistent or the file is not
 * a database.
 */
export async function readDatabase<T>(path: string, wasmPath: string, read: (db: ReadOnlyDb) => T, attempts = 5): Promise<T> {
  const sqlite3 = await loadReadOnlySqlite(wasmPath);
  const file = resolve(path);
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const before = changeStamp(file);
    let db: InstanceType<Sqlite3['oo1']['DB']> | undefined;
    try {
      db = new sqlite3.oo1.DB({ filename: `file:${encodeURI(file).replace(/[?#]/g, encodeURIComponent)}?mode=ro`, flags: 'r', vfs: vfsName });
      // The WAL index in this connection's memory, not in the agent's -shm (see the file comment).
      db.exec('PRAGMA locking_mode=EXCLUSIVE');
      db.exec('BEGIN');
      const conn = db;
      // Plain objects (the rows come without a prototype).
      const result = read({ all: (sql, params) => conn.selectObjects(sql, params ? [...params] : undefined).map((row) => ({ ...row })) });
      db.exec('COMMIT');
      if (changeStamp(file) === before) {
        return result;
      }
      lastError = new SqliteReadError(`${file} changed while it was read`);
    } catch (err) {
      lastError = err;
      // A file that is not a database (or has no such table) fails the same way every time.
      if (changeStamp(file) === before && !/malformed|SQLITE_CORRUPT|SQLITE_IOERR|disk image/i.test(String(err))) {
        break;
      }
    } finally {
      db?.close();
    }
  }
  throw new SqliteReadError(`cannot read ${file}: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
}
