// The index over OpenCode's data folder when it holds the JSON files of ≤ 1.1.65 (storage/): alone, and together
// with the opencode.db that OpenCode 1.15.13 made from them on upgrade (fixture opencode-migrated-v1.15.13: the
// import keeps the files and the ids), where the session must be one session with its steps once; and live, a part
// file written while the index watches.
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { agentRegistry } from '../../../../src/adapters/agentRegistry';
import type { SessionDetail } from '../../../../src/core/model';
import { makeIndexConfig } from '../../../../src/indexer/indexConfig';
import { IndexEngine } from '../../../../src/indexer/indexEngine';
import { recordedDir, sqliteWasmPath } from './opencodeFixtures';

const repo = '/tmp/agent-trail-fixtures-opencode/opencode-notes-cli-v1.1.65/demo-repo';
const sessionId = 'ses_dc2fedf82ffeUoY3WKNKLG8ZWm';
const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');
const timeout = 60_000;
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A data folder with the 1.1.65 storage/ and, when asked, the database 1.15.13 imported it into. */
function dataFolder(withDatabase: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'at-opencode-data-'));
  dirs.push(dir);
  cpSync(join(recordedDir, 'opencode-notes-cli-v1.1.65', 'opencode-home', 'data', 'storage'), join(dir, 'storage'), { recursive: true });
  if (withDatabase) {
    const db = join(recordedDir, 'opencode-migrated-v1.15.13', 'opencode-home', 'data');
    copyFileSync(join(db, 'opencode.db'), join(dir, 'opencode.db'));
    copyFileSync(join(db, 'opencode.db-shm'), join(dir, 'opencode.db-shm'));
    writeFileSync(join(dir, 'opencode.db-wal'), gunzipSync(readFileSync(join(db, 'opencode.db-wal.gz'))));
  }
  return dir;
}

async function engineOver(data: string): Promise<IndexEngine> {
  const engine = new IndexEngine();
  await engine.configure(
    makeIndexConfig(
      { storageDir: undefined, wasmPath: wasm, workspaceFolders: [repo], home: '/nonexistent-home', env: {} },
      { agents: Object.fromEntries(agentRegistry.ids.map((id) => [id, { enabled: id === 'opencode', roots: id === 'opencode' ? [data] : [] }])), sqliteWasmPath },
    ),
  );
  await engine.refresh();
  return engine;
}

/** Prompts and their steps, by id and kind: what the Sessions view and the timeline show. */
function shape(d: SessionDetail | undefined): string[][] {
  return (d?.prompts ?? []).map((p) => [p.id, ...p.steps.map((s) => `${s.id}:${s.type}`)]);
}

test('a session in both storage/ and the database it was imported into is one session, its steps once', { timeout }, async () => {
  const alone = await engineOver(dataFolder(false));
  const both = await engineOver(dataFolder(true));
  try {
    const listed = await both.listSessions();
    assert.deepEqual(listed.map((s) => [s.id, s.promptCount]), [[sessionId, 3]]);
    assert.deepEqual((await alone.listSessions()).map((s) => [s.id, s.promptCount]), [[sessionId, 3]]);
    const key = listed[0].key;
    const fromBoth = await both.sessionDetail(key);
    const fromFiles = await alone.sessionDetail(key);
    // 3 prompts and their 24 steps (15 tool calls, 9 texts), none twice.
    assert.equal(shape(fromBoth).flat().length, 3 + 24);
    assert.equal(new Set(shape(fromBoth).flat()).size, 27);
    assert.deepEqual(shape(fromBoth), shape(fromFiles));
    assert.equal(fromBoth?.cliVersion, '1.1.65');
  } finally {
    await alone.dispose();
    await both.dispose();
  }
});

test('for a session in both, what the database says wins on a first reading (it may have gone on after the import)', { timeout }, async () => {
  // The session file says something else than the database row (as when the session was renamed after the upgrade).
  const data = dataFolder(true);
  const sessionFile = join(data, 'storage', 'session', readdirSync(join(data, 'storage', 'session'))[0], `${sessionId}.json`);
  const session = JSON.parse(readFileSync(sessionFile, 'utf8')) as { title: string };
  session.title = 'What the files said';
  writeFileSync(sessionFile, JSON.stringify(session, null, 2));
  const engine = await engineOver(data);
  try {
    assert.deepEqual((await engine.listSessions()).map((s) => s.title), ['Notes module and CLI']);
  } finally {
    await engine.dispose();
  }
});

test('a part file written while the index watches shows up as its step', { timeout }, async () => {
  const data = dataFolder(false);
  const engine = await engineOver(data);
  try {
    await engine.watch();
    const key = (await engine.listSessions())[0].key;
    const messages = readdirSync(join(data, 'storage', 'message', sessionId)).sort();
    const last = messages[messages.length - 1].replace(/\.json$/, '');
    const part = { id: 'prt_zzzzzzzzzzzzzzzzzzzzzzzzzz', sessionID: sessionId, messageID: last, type: 'text', text: 'one more thing' };
    const changed = new Promise<void>((resolve) => {
      const sub = engine.onDidChange((c) => {
        if (c.sessions.includes(key)) {
          sub.dispose();
          resolve();
        }
      });
    });
    writeFileSync(join(data, 'storage', 'part', last, `${part.id}.json`), JSON.stringify(part, null, 2));
    await changed;
    const steps = (await engine.sessionDetail(key))?.prompts[2].steps ?? [];
    assert.deepEqual(steps.map((s) => s.id).slice(-1), [part.id]);
  } finally {
    await engine.dispose();
  }
});
