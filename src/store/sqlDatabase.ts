// Opening and persisting the sql.js database. The DB lives in the wasm heap; it is written to disk with
// export() and writeFileAtomic (complete, fsynced, renamed into place), so a reader or a crash never sees a
// half-written file and a failed write (a full disk) leaves the previous good file.
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, renameSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';
import type { Logger } from '../core/logger';
import { writeFileAtomic } from './durableFile';
import { schemaSql, schemaVersion } from './schema';

const engines = new Map<string, Promise<SqlJsStatic>>();

/**
 * How V8 compiles SQLite: 'optimizing' (its default: the baseline compiler first, then the optimizing one for the
 * functions that run hot, on background threads) or 'baseline' only. A process that runs little SQL (a warm start:
 * a blame, a listing) paid more for optimizing SQLite's hot functions than it ran: the extension's first blame of a
 * 1,000-edit file spent twice its own CPU time optimizing SQLite on other threads (on 2 cores, twice its wall time).
 */
export type SqlTiers = 'optimizing' | 'baseline';

/** The engine of `wasmPath`, compiled once per process: the first load decides its tiers. */
export function loadSqlJs(wasmPath: string, tiers: SqlTiers = 'optimizing'): Promise<SqlJsStatic> {
  let engine = engines.get(wasmPath);
  if (!engine) {
    const wasmBinary = readFileSync(wasmPath);
    engine = compiledEagerly(tiers, () => initSqlJs({ wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) as ArrayBuffer }));
    engines.set(wasmPath, engine);
  }
  return engine;
}

/** Whether the process was started with a V8 flag (then it is left as it is). */
function startedWith(flag: string): boolean {
  return process.execArgv.includes(flag) || (process.env.NODE_OPTIONS ?? '').includes(flag);
}

/**
 * Runs `instantiate` with V8 compiling WebAssembly eagerly (on its background threads) instead of one function at a
 * time on first call: lazily, the first query of a new process (the extension's first blame or Sessions listing
 * after activation, every CLI run) stopped for 80–370 ms compiling SQLite's parser, planner and B-tree code on
 * the main thread; eagerly the whole module costs 40–60 ms more at load. The flags are global to the process (the
 * extension host's other wasm), so they are switched back once sql.js is compiled, unless the process was started
 * with them. A module compiled eagerly keeps the tiers it was compiled with ('baseline': Liftoff only); modules
 * compiled later get the defaults again (test/unit/store/sqlTiers.test.ts checks both).
 */
export async function compiledEagerly<T>(tiers: SqlTiers, instantiate: () => Promise<T>): Promise<T> {
  setFlagsFromString('--no-wasm-lazy-compilation');
  if (tiers === 'baseline') {
    setFlagsFromString('--liftoff-only');
  }
  try {
    return await instantiate();
  } finally {
    if (!startedWith('--no-wasm-lazy-compilation')) {
      setFlagsFromString('--wasm-lazy-compilation');
    }
    if (tiers === 'baseline' && !startedWith('--liftoff-only')) {
      // --liftoff-only also switched these off (V8's flag implications): each is set back on its own.
      setFlagsFromString('--no-liftoff-only');
      for (const flag of ['wasm-tier-up', 'wasm-dynamic-tiering']) {
        if (!startedWith(`--no-${flag}`)) {
          setFlagsFromString(`--${flag}`);
        }
      }
    }
  }
}

export type OpenOutcome = 'new' | 'loaded' | 'rebuilt-corrupt' | 'rebuilt-schema';

function userVersion(db: Database): number {
  const rows = db.exec('PRAGMA user_version');
  const value = rows[0]?.values[0]?.[0];
  return typeof value === 'number' ? value : 0;
}

/**
 * sql.js keeps the DB file in Emscripten's in-memory FS and durability comes from persistDatabase(), so an
 * on-"disk" rollback journal and syncs only copy pages around. The journal stays in memory (ROLLBACK still works).
 * The page cache is small: the "file" is already in memory, so a cache miss is a copy, and a large cache would hold
 * a second copy of the DB in the wasm heap (which never shrinks). 2 MB indexes as fast as 8 MB did, with ~15 MB less
 * peak RSS on 1 GB of history.
 */
function tune(db: Database): Database {
  db.exec('PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -2048');
  return db;
}

/** Tables and indexes as `sqlite_master` describes them (whitespace folded), in a stable order. */
function schemaShape(db: Database): string[] {
  const rows = db.exec("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY type, name");
  return (rows[0]?.values ?? []).map((v) => `${String(v[0])} ${String(v[1])} on ${String(v[2])}: ${String(v[3] ?? '').replace(/\s+/g, ' ').trim()}`);
}

/** A shape as one string: the tables and indexes in order, each with its folded CREATE statement. */
export function shapeDigest(shape: readonly string[]): string {
  return createHash('sha256').update(shape.join('\n')).digest('hex');
}

/**
 * shapeDigest of this schema's shape (schemaShape of a DB made from schemaSql): a DB that has it is accepted without
 * building that DB. Only a fast accept: any other shape (another schema, or SQLite folding the statements anew) is
 * compared with the shape built from schemaSql, which decides. sqlDatabase.test.ts fails, printing the new value,
 * when schemaSql changes without it.
 */
export const expectedShapeDigest = '06c1106b06d1c616d45e9cd81f9627df47f4fed65b8a8b81679d2f47d912e205';

/** The expected shape as built from schemaSql (the authority, and the test's). */
export function builtExpectedShape(sql: SqlJsStatic): string[] {
  return expectedShape(sql);
}

const expectedShapes = new WeakMap<SqlJsStatic, string[]>();

function expectedShape(sql: SqlJsStatic): string[] {
  let shape = expectedShapes.get(sql);
  if (!shape) {
    const db = new sql.Database();
    db.exec(schemaSql);
    shape = schemaShape(db);
    db.close();
    expectedShapes.set(sql, shape);
  }
  return shape;
}

/**
 * How the DB's tables and indexes differ from the schema of this version (empty: identical). A DB with the right
 * user_version can still lack a table (a tool, a crash of an older version mid-migration): any difference is
 * corruption, never patched up.
 */
function schemaDifference(sql: SqlJsStatic, db: Database): string[] {
  const have = schemaShape(db);
  if (shapeDigest(have) === expectedShapeDigest) {
    // This version's shape: no DB needs to be built from the schema to tell (a new process paid 30-140 ms for it).
    return [];
  }
  const want = expectedShape(sql);
  const name = (s: string): string => s.slice(0, s.indexOf(':'));
  const missing = want.filter((s) => !have.includes(s)).map((s) => `${have.some((h) => name(h) === name(s)) ? 'different' : 'missing'} ${name(s)}`);
  const extra = have.filter((s) => !want.includes(s) && !want.some((w) => name(w) === name(s))).map((s) => `unexpected ${name(s)}`);
  return [...missing, ...extra];
}

/**
 * What is wrong with the bytes of a DB file as a whole, undefined when nothing: the SQLite header (magic, page size)
 * and the length it records. The file is only ever replaced whole (written completely, fsynced, then renamed), so a
 * damaged one is one a tool or a person changed: cut short (a copy that stopped, a full disk while copying it
 * back), padded, or not a DB at all; these checks find that without reading every page. A full `quick_check`
 * read the whole DB at every start and grew with it.
 */
export function fileDamage(bytes: Uint8Array): string | undefined {
  if (bytes.length < 100 || Buffer.from(bytes.subarray(0, 16)).toString('latin1') !== 'SQLite format 3\u0000') {
    return 'not an SQLite database';
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const raw = view.getUint16(16);
  const pageSize = raw === 1 ? 65_536 : raw;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) {
    return `page size ${raw} is invalid`;
  }
  if (bytes.length % pageSize !== 0) {
    return `its length ${bytes.length} is not a whole number of ${pageSize}-byte pages`;
  }
  // The page count in the header is valid when the change counter matches "version-valid-for" (always, for files
  // written by SQLite 3.7.0 and later, which sql.js is).
  const pages = view.getUint32(28);
  if (view.getUint32(24) === view.getUint32(92) && pages !== bytes.length / pageSize) {
    return `it holds ${bytes.length / pageSize} pages where its header records ${pages}`;
  }
  return undefined;
}

/** ES2024's resizable ArrayBuffer (Node 20 has it; the project's lib is ES2022). */
type ResizableArrayBufferConstructor = new (length: number, options: { maxByteLength: number }) => ArrayBuffer;

/**
 * The DB file's bytes in a Buffer over a resizable ArrayBuffer. sql.js takes a Buffer as its in-memory file without
 * a copy (it slices it, and a Buffer's slice is a view), and the build's patch (esbuild.mjs, agentTrailGrowFile)
 * then grows that same buffer in place: the first write after a start does not copy the whole DB into a larger
 * array (that copy held the DB twice). The maximum is address space only, never resident.
 */
function readGrowable(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    let buffer: ArrayBuffer;
    try {
      buffer = new (ArrayBuffer as unknown as ResizableArrayBufferConstructor)(size, { maxByteLength: Math.max(2 * size, 1 << 30) });
    } catch {
      // No room to reserve: a plain buffer works the same, growing by copies.
      buffer = new ArrayBuffer(size);
    }
    const bytes = Buffer.from(buffer, 0, size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, bytes, read, size - read, read);
      if (n === 0) {
        // Truncated while being read: fileDamage judges what was read like any short file.
        return bytes.subarray(0, read);
      }
      read += n;
    }
    return bytes;
  } finally {
    closeSync(fd);
  }
}

function createSchema(sql: SqlJsStatic): Database {
  const db = tune(new sql.Database());
  db.exec(schemaSql);
  db.exec(`PRAGMA user_version = ${schemaVersion}`);
  return db;
}

/**
 * Opens the DB file, or creates a fresh one. A file that is not a valid DB of the current schema (another
 * user_version, a damaged file (fileDamage), tables or indexes that differ) is moved aside as
 * `index.db.<v<version>|corrupt>-<ms>` for inspection (the newest such copy is kept, see cleanStorageFolder) and
 * replaced by a fresh DB that the indexer rebuilds from the archive journal and the transcripts.
 * `trusted`: the stamp of a file already found intact (verifiedState.ts); when the file read has that stamp before
 * and after reading, the integrity check (a read of every page, most of the cost of opening) and the comparison of
 * its tables with the schema (which builds a second DB) are skipped.
 */
export function openDatabase(sql: SqlJsStatic, file: string | undefined, log: Logger, trusted?: DbStamp): { db: Database; outcome: OpenOutcome } {
  if (!file || !existsSync(file)) {
    return { db: createSchema(sql), outcome: 'new' };
  }
  let db: Database | undefined;
  try {
    const before = trusted && dbStamp(file);
    const bytes = readGrowable(file);
    const known = before !== undefined && sameStamp(before, trusted) && sameStamp(dbStamp(file), before);
    // Cheap, and catches what damages a file that is only ever replaced whole: cut, padded or overwritten from its start.
    const damage = fileDamage(bytes);
    if (damage) {
      throw new Error(damage);
    }
    db = new sql.Database(bytes);
    const version = userVersion(db);
    if (version !== schemaVersion) {
      log.warn(`[store] index schema ${version} is not ${schemaVersion}: rebuilding from transcripts and archive`);
      db.close();
      moveAside(file, `v${version}`);
      return { db: createSchema(sql), outcome: 'rebuilt-schema' };
    }
    const check = known ? undefined : db.exec('PRAGMA quick_check');
    if (check && check[0]?.values[0]?.[0] !== 'ok') {
      throw new Error(`quick_check: ${JSON.stringify(check[0]?.values ?? [])}`);
    }
    // A trusted file passed this comparison when it was found intact (its user_version is still checked above).
    const difference = known ? [] : schemaDifference(sql, db);
    if (difference.length > 0) {
      throw new Error(`its tables differ from schema ${schemaVersion}: ${difference.join(', ')}`);
    }
    return { db: tune(db), outcome: 'loaded' };
  } catch (err) {
    log.warn(`[store] index DB ${file} is unreadable (${err instanceof Error ? err.message : String(err)}): rebuilding`);
    try {
      db?.close();
    } catch {
      // already unusable
    }
    moveAside(file, 'corrupt');
    return { db: createSchema(sql), outcome: 'rebuilt-corrupt' };
  }
}

function moveAside(file: string, tag: string): void {
  try {
    renameSync(file, `${file}.${tag}-${Date.now()}`);
  } catch {
    // If it cannot be moved, the next persist replaces it atomically anyway.
  }
}

/** What the build adds to sql.js's Database (esbuild.mjs, sqlJsGrowth): a view of its in-memory DB file. */
interface WithFileBytes {
  fileBytes(): Uint8Array;
}

function hasFileBytes(db: Database): db is Database & WithFileBytes {
  return typeof (db as Partial<WithFileBytes>).fileBytes === 'function';
}

/**
 * The DB file's bytes as they are, without a copy. sql.js keeps the file in memory; between transactions (commits
 * write every changed page to it: the rollback journal is in memory, never in the file) it is the complete DB.
 * `export()` copies the whole DB first, which made every save cost the DB's size again in RSS. Throws inside a
 * transaction: the file would then hold part of it. The view is only valid until the next statement changes the DB.
 * Sources run without the build's patch (never the bundles) fall back to export().
 */
export function dbFileBytes(db: Database): Uint8Array {
  // BEGIN fails inside a transaction ("cannot start a transaction within a transaction"); a deferred one that
  // reads and writes nothing costs nothing to end.
  db.exec('BEGIN');
  db.exec('COMMIT');
  return hasFileBytes(db) ? db.fileBytes() : db.export();
}

/**
 * Publishes the DB: complete, fsynced, renamed into place. Throws a StorageError when it cannot (the previous file
 * stays). Returns the bytes written.
 */
export function persistDatabase(db: Database, file: string): number {
  return writeFileAtomic(file, dbFileBytes(db));
}

/** What identifies one saved DB file: another process's save replaces it (a new inode, size or time). */
export interface DbStamp {
  ino: number;
  size: number;
  mtimeMs: number;
}

export function dbStamp(file: string | undefined): DbStamp | undefined {
  if (!file) {
    return undefined;
  }
  try {
    const st = statSync(file);
    return { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
  } catch {
    return undefined;
  }
}

/** Same inode, size and time: the same version of a file (a saved DB, or a transcript against its cursor). */
export function sameStamp(a: DbStamp | undefined, b: DbStamp | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs);
}
