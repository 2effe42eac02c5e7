// A session id is data from a transcript: one of 50,000 characters once broke checkpoints ("LIKE or GLOB pattern too
// complex", the subagent filter was a LIKE pattern built from the session key). The recorded claude-print session
// with its id replaced by a 50,000-character one must answer the sessions list, checkpoints and blame exactly like
// the original, through the real index.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeIndexConfig } from '../../../src/indexer/indexConfig';
import { IndexEngine } from '../../../src/indexer/indexEngine';
import { sessionKey, withSubagents } from '../../../src/store/indexStore';
import { loadSqlJs } from '../../../src/store/sqlDatabase';

const fixtures = join(process.cwd(), 'test/fixtures/recorded');
const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');
const repo = '/tmp/agent-trail-fixtures/claude-print/demo-repo';
const originalId = readFileSync(join(fixtures, 'claude-print/session-id.txt'), 'utf8').trim();

function jsonlUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? jsonlUnder(p) : p.endsWith('.jsonl') ? [p] : [];
  });
}

/**
 * A copy of claude-print's Claude folder whose session id is `id` inside every record (file names keep theirs),
 * next to the decoy session recorded in the same project folder: rows of another session are what the old LIKE
 * filter was evaluated on. Without file-history records, in both runs alike: Claude files backups under the
 * transcript's file name (the original id; no file system takes a name 50,000 characters long).
 */
function homeWithSessionId(id: string): string {
  const home = join(mkdtempSync(join(tmpdir(), 'at-robust-longid-')), 'claude-home');
  cpSync(join(fixtures, 'claude-print/claude-home'), home, { recursive: true });
  cpSync(join(fixtures, 'claude-decoy/claude-home/projects'), join(home, 'projects'), { recursive: true });
  for (const f of jsonlUnder(join(home, 'projects'))) {
    const lines = readFileSync(f, 'utf8')
      .split('\n')
      .filter((l) => !/^\{"type":"file-history-(snapshot|delta)"/.test(l));
    writeFileSync(f, lines.join('\n').split(`"sessionId":"${originalId}"`).join(`"sessionId":${JSON.stringify(id)}`));
  }
  return home;
}

async function engineOn(home: string, workspace: string): Promise<IndexEngine> {
  const engine = new IndexEngine();
  await engine.configure(
    makeIndexConfig(
      { storageDir: mkdtempSync(join(tmpdir(), 'at-robust-longid-store-')), wasmPath: wasm, workspaceFolders: [workspace], home: '/nonexistent' },
      { agents: { 'claude-code': { enabled: true, roots: [home] }, codex: { enabled: false, roots: [] }, 'gemini-cli': { enabled: false, roots: [] } } },
    ),
  );
  await engine.refresh();
  return engine;
}

interface Answers {
  sessions: string[];
  checkpoints: string;
  blame: string;
}

async function answers(id: string, workspace: string): Promise<Answers> {
  const engine = await engineOn(homeWithSessionId(id), workspace);
  try {
    const sessions = await engine.listSessions();
    const key = sessionKey('claude-code', id);
    const data = await engine.checkpointData(key);
    assert.ok(data, 'checkpoints of the session');
    assert.ok(data.histories.length > 0);
    const basis = await engine.blameBasis(`${repo}/src/greet.js`);
    assert.ok(basis, 'blame of a file the session changed');
    // The id itself is the one thing that differs: compared with the original's in its place.
    const same = (v: unknown): string => JSON.stringify(v).split(JSON.stringify(id).slice(1, -1)).join('<id>');
    return { sessions: sessions.map((s) => same([s.key, s.promptCount, s.filesChanged])), checkpoints: same(data), blame: same(basis) };
  } finally {
    await engine.dispose();
  }
}

const longId = `${originalId}-${'x%_\\'.repeat(12_500)}`;

for (const workspace of [repo, `${repo}/src`]) {
  test(`a 50,000-character session id: sessions, checkpoints and blame as for the original (workspace ${workspace.slice(repo.length) || 'the repo'})`, async () => {
    assert.ok(longId.length > 50_000);
    const original = await answers(originalId, workspace);
    assert.equal(original.sessions.length, 1, 'the session belongs to the workspace (below its cwd: through the files it touched)');
    assert.deepEqual(await answers(longId, workspace), original);
  });
}

test('the subagent filter is an exact prefix match: no pattern characters, no case folding, no neighbours', async () => {
  const SQL = await loadSqlJs(wasm);
  const db = new SQL.Database();
  db.run('CREATE TABLE t (session_key TEXT NOT NULL)');
  const key = 'claude-code:a%_\\b';
  const inside = [key, `${key}:agent-1`, `${key}:`, `${key}::x`, `${key}:\u{1F600}`, `${key}:${'z'.repeat(60_000)}`];
  const outside = ['claude-code:a%_\\', `${key}x:agent`, `${key};`, `${key}9`, 'claude-code:A%_\\B:agent', 'claude-code:aXY\\b:agent', 'claude-code:a%_\\b\u0000:x', `${key.slice(0, -1)}:b`];
  for (const k of [...inside, ...outside]) {
    db.run('INSERT INTO t VALUES (?)', [k]);
  }
  const { sql, params } = withSubagents(key);
  const got = db.exec(`SELECT session_key FROM t WHERE ${sql}`, params)[0].values.map((r) => String(r[0]));
  assert.deepEqual(got.sort(), [...inside].sort());
  db.close();
});
