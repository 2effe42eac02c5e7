// The third kind of source: a database the adapter reads itself, from a cursor it keeps (an agent that keeps every
// session in one SQLite database, as OpenCode does). A made-up agent reads the SQLite databases a real writer left
// (test/fixtures/sqlite): rows only in the -wal file are indexed; an unchanged database is not read again, not even
// after a restart; a changed one is read from the cursor on; the WAL changing while the index watches is a change
// of the database; a database that cannot be read is counted and logged, its cursor kept.
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AgentAdapter, DatabaseBatch, TranscriptFile } from '../../../src/adapters/adapter';
import type { AgentDescriptor } from '../../../src/adapters/agentDescriptor';
import { AgentRegistry } from '../../../src/adapters/agentRegistry';
import { readDatabase } from '../../../src/adapters/sqlite/readOnlySqlite';
import type { IndexOp } from '../../../src/core/ops';
import { realAgents, spareAgentId } from '../helpers/spareAgentId';
import { makeIndexConfig } from '../../../src/indexer/indexConfig';
import { IndexEngine } from '../../../src/indexer/indexEngine';
import type { IndexConfig } from '../../../src/indexer/indexService';

const fixtures = join(process.cwd(), 'test/fixtures/sqlite');
const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');
const sqliteWasm = join(process.cwd(), 'node_modules/@sqlite.org/sqlite-wasm/dist/sqlite3.wasm');
const timeout = 60_000;
const fakeId = spareAgentId;

interface Cursor {
  id: number;
}

/** A made-up agent keeping `~/.fakedb/agent.db`: table message(id, session, body); each message is a prompt. */
function fakeDbAgent(workspace: string, reads: unknown[]): AgentDescriptor {
  const adapter: AgentAdapter = {
    agent: fakeId,
    defaultRoots: (env) => [join(env.home, '.fakedb')],
    discover: (roots) => Promise.resolve(roots.map((r) => join(r, 'agent.db')).filter(existsSync).map((path): TranscriptFile => ({ agent: fakeId, path, mode: 'database' }))),
    initialState: () => undefined,
    parseLines: (_file, state) => ({ state, ops: [], issues: [] }),
    parseDocument: () => ({ state: undefined, ops: [], issues: [] }),
    async *readDatabase(file, cursor, env): AsyncIterable<DatabaseBatch> {
      reads.push(cursor);
      let after = (cursor as Cursor | undefined)?.id ?? 0;
      for (;;) {
        // Pages of 40 rows: memory is bounded by a page, whatever the database's size.
        const rows = await readDatabase(file.path, env.sqliteWasmPath, (db) => db.all('SELECT id, session, body FROM message WHERE id > ? ORDER BY id LIMIT 40', [after]));
        if (rows.length === 0) {
          return;
        }
        const ops: IndexOp[] = [];
        for (const r of rows) {
          const session = String(r.session);
          ops.push({ op: 'session', session: { agent: fakeId, id: session, cwd: workspace, timestamp: '2026-12-01T10:00:00.000Z' } });
          ops.push({ op: 'prompt', sessionId: session, id: `m${String(r.id)}`, text: String(r.body), timestamp: '2026-12-01T10:00:00.000Z' });
        }
        after = Number(rows[rows.length - 1].id);
        yield { ops, issues: [], cursor: { id: after } satisfies Cursor };
      }
    },
  };
  return {
    id: fakeId,
    label: 'Fake DB Agent',
    settingKey: 'fakeDb',
    cliName: 'fakedb',
    icon: { codicon: 'database', color: 'charts.purple' },
    defaultFolders: '`~/.fakedb`',
    blame: false,
    watch: {
      descend: () => false,
      relevant: (s) => (s.length === 1 && /^agent\.db(-wal)?$/.test(s[0]) ? 'transcript' : undefined),
      sourceOf: (path) => path.replace(/-wal$/, ''),
    },
    adapter,
  };
}

function setup(): { home: string; storage: string; workspace: string; db: string } {
  const base = mkdtempSync(join(tmpdir(), 'at-dbsource-'));
  const home = join(base, 'home');
  const workspace = join(base, 'work');
  mkdirSync(workspace);
  cpSync(join(fixtures, 'wal-tail'), join(home, '.fakedb'), { recursive: true });
  return { home, storage: join(base, 'storage'), workspace, db: join(home, '.fakedb', 'agent.db') };
}

function configFor(s: { home: string; storage: string; workspace: string }): IndexConfig {
  return makeIndexConfig(
    { storageDir: s.storage, wasmPath: wasm, workspaceFolders: [s.workspace], home: s.home, env: {} },
    { agents: Object.fromEntries([...realAgents.map((d) => d.id), fakeId].map((id) => [id, { enabled: id === fakeId, roots: [] }])), sqliteWasmPath: sqliteWasm, persistDelayMs: 10 },
  );
}

async function promptCounts(engine: IndexEngine): Promise<Record<string, number>> {
  return Object.fromEntries((await engine.listSessions()).map((s) => [s.id, s.promptCount]));
}

/** The restarted database (a checkpoint, a WAL restart and 5 more rows of a second session) in place of the old. */
function writerMovesOn(db: string): void {
  copyFileSync(join(fixtures, 'restarted', 'agent.db'), db);
  copyFileSync(join(fixtures, 'restarted', 'agent.db-wal'), `${db}-wal`);
}

test('a database source is read from its cursor, only when it changed, also after a restart', { timeout }, async () => {
  const s = setup();
  const reads: unknown[] = [];
  const registry = new AgentRegistry([...realAgents, fakeDbAgent(s.workspace, reads)]);
  const engine = new IndexEngine({ registry });
  await engine.configure(configFor(s));
  await engine.refresh();
  // 100 rows in the main file and 10 only in the WAL.
  assert.deepEqual(await promptCounts(engine), { s1: 110 });
  assert.deepEqual(reads, [undefined]);
  await engine.refresh();
  assert.equal(reads.length, 1, 'an unchanged database is not read again');
  writerMovesOn(s.db);
  await engine.refresh();
  assert.deepEqual(await promptCounts(engine), { s1: 110, s2: 5 });
  assert.deepEqual(reads[1], { id: 110 }, 'read from where the last reading stopped');
  await engine.dispose();

  const again = new IndexEngine({ registry });
  await again.configure(configFor(s));
  await again.refresh();
  assert.equal(reads.length, 2, 'the cursor and the stamp survive a restart');
  assert.deepEqual(await promptCounts(again), { s1: 110, s2: 5 });
  await again.dispose();
});

test('while watching, the WAL changing is a change of the database', { timeout }, async () => {
  const s = setup();
  const reads: unknown[] = [];
  const registry = new AgentRegistry([...realAgents, fakeDbAgent(s.workspace, reads)]);
  const engine = new IndexEngine({ registry });
  const logs: string[] = [];
  engine.onLog((_level, message) => logs.push(message));
  await engine.configure(configFor(s));
  await engine.refresh();
  await engine.watch();
  const changed = new Promise<void>((resolve) => {
    const sub = engine.onDidChange((c) => {
      if (c.sessions.some((k) => k.endsWith('s2'))) {
        sub.dispose();
        resolve();
      }
    });
  });
  // One more commit: only the WAL changes (the main file of wal-grown is byte for byte wal-tail's).
  copyFileSync(join(fixtures, 'wal-grown', 'agent.db-wal'), `${s.db}-wal`);
  await changed;
  assert.deepEqual(await promptCounts(engine), { s1: 110, s2: 5 });
  assert.deepEqual(reads, [undefined, { id: 110 }]);
  // Read as the database it belongs to (WatchScope.sourceOf), not as an unknown file that sends discovery looking.
  assert.ok(!logs.some((l) => l.includes(`discovering ${fakeId} again`)), logs.join('\n'));
  await engine.dispose();
});

test('a database that cannot be read is counted and logged, and read again once it can be', { timeout }, async () => {
  const s = setup();
  const reads: unknown[] = [];
  const registry = new AgentRegistry([...realAgents, fakeDbAgent(s.workspace, reads)]);
  writeFileSync(s.db, 'not a database\n');
  const engine = new IndexEngine({ registry });
  const logs: string[] = [];
  engine.onLog((level, message) => logs.push(`${level} ${message}`));
  await engine.configure(configFor(s));
  await engine.refresh();
  assert.deepEqual(await promptCounts(engine), {});
  assert.ok(((await engine.stats()).issues.io ?? 0) >= 1, JSON.stringify((await engine.stats()).issues));
  assert.ok(logs.some((l) => /agent\.db/.test(l) && /not a database/.test(l)), logs.join('\n'));
  writerMovesOn(s.db);
  await engine.refresh();
  assert.deepEqual(await promptCounts(engine), { s1: 110, s2: 5 });
  await engine.dispose();
});
