// Opening and persisting the sql.js database. The DB lives in the wasm heap; it is written to disk with
// export() into a temporary file, fsync, then rename, so a reader or a crash never sees a half-written file.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';
import type { Logger } from '../core/logger';
import { schemaSql, schemaVersion } from './schema';

const engines = new Map<string, Promise<SqlJsStatic>>();

export function loadSqlJs(wasmPath: string): Promise<SqlJsStatic> {
  let engine = engines.get(wasmPath);
  if (!engine) {
    const wasmBinary = readFileSync(wasmPath);
    engine = initSqlJs({ wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) as ArrayBuffer });
    engines.set(wasmPath, engine);
  }
  return engine;
}

export type OpenOutcome = 'new' | 'loaded' | 'rebuilt-corrupt' | 'rebuilt-schema';

function userVersion(db: Database): number {
  const rows = db.exec('PRAGMA user_version');
  const value = rows[0]?.values[0]?.[0];
  return typeof value === 'number' ? value : 0;
}

/**
 * sql.js keeps the DB file in Emscripten's in-memory FS and durability comes from persistDatabase(), so an
 * on-"disk" rollback journal and syncs only copy pages around. The journal stays in memory (ROLLBACK still works)
 * and the page cache holds the whole working set instead of re-reading pages from the in-memory file.
 */
function tune(db: Database): Database {
  db.exec('PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536');
  return db;
}

function createSchema(sql: SqlJsStatic): Database {
  const db = tune(new sql.Database());
  db.exec(schemaSql);
  db.exec(`PRAGMA user_version = ${schemaVersion}`);
  return db;
}

/**
 * Opens the DB file, or creates a fresh one. A file that is not a valid DB of the current schema is moved
 * aside (kept for inspection, never deleted) and replaced by a fresh DB that the indexer rebuilds.
 */
export function openDatabase(sql: SqlJsStatic, file: string | undefined, log: Logger): { db: Database; outcome: OpenOutcome } {
  if (!file || !existsSync(file)) {
    return { db: createSchema(sql), outcome: 'new' };
  }
  let db: Database | undefined;
  try {
    db = new sql.Database(readFileSync(file));
    const version = userVersion(db);
    if (version !== schemaVersion) {
      log.warn(`[store] index schema ${version} is not ${schemaVersion}: rebuilding from transcripts and archive`);
      db.close();
      moveAside(file, `v${version}`);
      return { db: createSchema(sql), outcome: 'rebuilt-schema' };
    }
    const check = db.exec('PRAGMA quick_check');
    if (check[0]?.values[0]?.[0] !== 'ok') {
      throw new Error(`quick_check: ${JSON.stringify(check[0]?.values ?? [])}`);
    }
    return { db: tune(db), outcome: 'loaded' };
  } catch (err) {
    log.warn(`[store] index DB is unreadable (${err instanceof Error ? err.message : String(err)}): rebuilding`);
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

/** Atomic publish: temp file in the same directory, fsync, rename over the target. */
export function persistDatabase(db: Database, file: string): number {
  mkdirSync(dirname(file), { recursive: true });
  const bytes = db.export();
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  return bytes.length;
}
