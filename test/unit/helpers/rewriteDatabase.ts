// Changing an agent's SQLite database in a test as the agent would (rows rewritten in place, added, deleted), with
// sql.js: it reads the main file only, so the -wal and -shm are removed after (a fixture whose main file holds every
// row).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSqlJs } from '../../../src/store/sqlDatabase';

export type SqlStatement = { sql: string; params?: (string | number | null)[] };

export async function rewriteDatabase(path: string, statements: readonly SqlStatement[]): Promise<void> {
  const sql = await loadSqlJs(join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm'));
  const db = new sql.Database(readFileSync(path));
  try {
    for (const s of statements) {
      db.run(s.sql, s.params ?? []);
    }
    writeFileSync(path, db.export());
  } finally {
    db.close();
  }
  rmSync(`${path}-wal`, { force: true });
  rmSync(`${path}-shm`, { force: true });
}
