// OpenCode's share of the realistic corpus (realisticCorpus.ts): its recorded databases (test/fixtures/recorded/
// opencode-*-v1.18.33/opencode-home/data/opencode.db and its -wal) are templates whose rows are copied, with new ids,
// paths and times, into ONE database at ~/.local/share/opencode/opencode.db as OpenCode keeps every session of every
// project in one file. The copies are written with sql.js (the product's own SQLite) and the file is marked as a WAL
// database as OpenCode's is; the fixtures are read with the product's read-only reader, which applies their -wal.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import initSqlJs, { type Database } from 'sql.js';
import { readDatabase } from '../../src/adapters/sqlite/readOnlySqlite';

/** The tables the copies fill: what OpenCode's reader (src/adapters/opencode/databaseReader.ts) reads. */
const copiedTables = ['session', 'message', 'part', 'event_sequence'] as const;

export interface OpencodeRow {
  table: string;
  columns: string[];
  values: (string | number | null)[];
}

export interface OpencodeFixtureRows {
  /** Fixture name. */
  name: string;
  /** CREATE TABLE / CREATE INDEX statements of the copied tables. */
  schema: string[];
  rows: OpencodeRow[];
}

/** The sqlite-wasm binary the read-only reader needs, from this checkout's node_modules. */
export function sqliteWasmPath(): string {
  return join(process.cwd(), 'node_modules', '@sqlite.org', 'sqlite-wasm', 'dist', 'sqlite3.wasm');
}

/** The recorded OpenCode databases of `fixturesDir` (1.2 and later: the ones with an opencode.db), rows included. */
export async function loadOpencodeFixtures(fixturesDir: string): Promise<OpencodeFixtureRows[]> {
  const out: OpencodeFixtureRows[] = [];
  for (const name of readdirSync(fixturesDir).sort()) {
    const data = join(fixturesDir, name, 'opencode-home', 'data');
    if (!name.startsWith('opencode-') || !existsSync(join(data, 'opencode.db'))) continue;
    // A copy: the fixture keeps its -wal gzipped, and nothing may touch the committed files.
    const copy = mkdtempSync(join(tmpdir(), 'at-corpus-opencode-'));
    try {
      for (const n of readdirSync(data)) {
        if (n === 'opencode.db' || n === 'opencode.db-wal') writeFileSync(join(copy, n), readFileSync(join(data, n)));
        if (n === 'opencode.db-wal.gz') writeFileSync(join(copy, 'opencode.db-wal'), gunzipSync(readFileSync(join(data, n))));
      }
      out.push(
        await readDatabase(join(copy, 'opencode.db'), sqliteWasmPath(), (db) => {
          const tables = new Set<string>(copiedTables);
          const schema: string[] = [];
          for (const r of db.all("SELECT type, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type DESC, name")) {
            if (tables.has(String(r.tbl_name))) schema.push(String(r.sql));
          }
          const rows: OpencodeRow[] = [];
          for (const table of copiedTables) {
            for (const r of db.all(`SELECT * FROM ${table} ORDER BY rowid`)) {
              const columns = Object.keys(r);
              rows.push({ table, columns, values: columns.map((c) => (typeof r[c] === 'bigint' ? Number(r[c]) : (r[c] as string | number | null))) });
            }
          }
          return { name, schema, rows };
        }),
      );
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }
  return out;
}

/** One database collecting the copies; `save` writes it where OpenCode keeps its own. */
export class OpencodeCorpusDb {
  private constructor(private readonly db: Database) {}

  static async create(schema: readonly string[]): Promise<OpencodeCorpusDb> {
    const SQL = await initSqlJs({ locateFile: () => join(process.cwd(), 'node_modules', 'sql.js', 'dist', 'sql-wasm.wasm') });
    const db = new SQL.Database();
    for (const sql of schema) db.run(sql);
    db.run('BEGIN');
    return new OpencodeCorpusDb(db);
  }

  insert(table: string, columns: readonly string[], values: (string | number | null)[]): void {
    this.db.run(`INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, values);
  }

  /** Writes the database file; returns its size. */
  save(path: string): number {
    this.db.run('COMMIT');
    const bytes = this.db.export();
    this.db.close();
    // Bytes 18 and 19 of the header are the read and write format versions: 2 marks a WAL database, which is what
    // OpenCode's is (journal_mode=WAL), so readers take the same path as on a user's machine (an in-memory sql.js
    // database cannot be switched to WAL itself). No -wal file: everything is checkpointed.
    bytes[18] = 2;
    bytes[19] = 2;
    writeFileSync(path, bytes);
    return bytes.length;
  }
}

/** What a plain reader of the database does (the read + parse baseline): every row's JSON `data` parsed. */
export async function readAndParseOpencode(path: string, directory?: string): Promise<{ bytes: number; records: number }> {
  return readDatabase(path, sqliteWasmPath(), (db) => {
    let bytes = 0;
    let records = 0;
    const where = directory === undefined ? '' : ' WHERE session_id IN (SELECT id FROM session WHERE directory = ?)';
    const params = directory === undefined ? [] : [directory];
    for (const table of ['message', 'part']) {
      for (const r of db.all(`SELECT data FROM ${table}${where}`, params)) {
        const text = String(r.data);
        bytes += Buffer.byteLength(text);
        JSON.parse(text);
        records++;
      }
    }
    return { bytes, records };
  });
}
