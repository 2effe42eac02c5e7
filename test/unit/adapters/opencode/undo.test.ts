// OpenCode's undo, redo and session deletion, recorded in opencode-undo (scripts/record-fixtures-opencode.sh): the
// notes-cli session (3 prompts), then through `opencode serve` (the routes the TUI's /undo and /redo call) a revert to
// prompt 3 (opencode-home-after-undo: `session.revert` set, rows kept, work tree as before prompt 3), an unrevert
// (opencode-home-after-redo), a revert again and a 4th prompt, which makes OpenCode delete the reverted rows
// (opencode-home-after-next-prompt), and `opencode session delete` (opencode-home-after-delete). Through the real
// index, the database replaced in place as OpenCode rewrites it: an undo withdraws the prompt as OpenCode shows it, a
// redo brings it back, the deletion of a session leaves what was read (history outlives the agent's deletion).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { agentRegistry } from '../../../../src/adapters/agentRegistry';
import { makeIndexConfig } from '../../../../src/indexer/indexConfig';
import { IndexEngine } from '../../../../src/indexer/indexEngine';
import { SessionFold } from '../../../../src/core/sessionFold';
import { BlameEngine } from '../../../../src/core/blame/blameEngine';
import { applyRecordedPatch } from '../../../../src/store/recordedPatch';
import { readDatabase } from '../../../../src/adapters/sqlite/readOnlySqlite';
import { dbFile, demoRepo, notesDatabase, readAll, recordedDir, sqliteWasmPath } from './opencodeFixtures';
import { rewriteDatabase } from '../../helpers/rewriteDatabase';

const fixture = join(recordedDir, 'opencode-undo-v1.18.33');
const repo = /^repo path during run: (.+)$/m.exec(readFileSync(join(fixture, 'meta.txt'), 'utf8'))?.[1].trim() ?? '';
const scenario = JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/scenarios/opencode-undo.json'), 'utf8')) as { turns: { prompt: string }[] };
const [p1, p2, p3] = scenario.turns.map((t) => t.prompt);
const p4 = 'say hello';
const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');
const dirs: string[] = [];
after(() => {
  for (const d of dirs) {
    rmSync(d, { recursive: true, force: true });
  }
});

/** Modification times of installed databases, seconds apart: two states of equal size are still two writes. */
let clock = Math.floor(Date.now() / 1000);

/**
 * Writes the database of `<fixture>/<home>/data` (WAL unpacked) over the one in `root`, in place as OpenCode does (a
 * new main file, another inode, would be a replaced database, read again from scratch).
 */
function install(home: string, root: string): void {
  const data = join(fixture, home, 'data');
  for (const name of ['opencode.db', 'opencode.db-shm']) {
    if (existsSync(join(data, name))) {
      copyFileSync(join(data, name), join(root, name));
    } else {
      rmSync(join(root, name), { force: true });
    }
  }
  writeFileSync(join(root, 'opencode.db-wal'), gunzipSync(readFileSync(join(data, 'opencode.db-wal.gz'))));
  clock += 10;
  for (const name of readdirSync(root).filter((n) => n.startsWith('opencode.db'))) {
    utimesSync(join(root, name), clock, clock);
  }
}

function newRoot(home: string): string {
  const root = mkdtempSync(join(tmpdir(), 'at-opencode-undo-'));
  dirs.push(root);
  install(home, root);
  return root;
}

async function engineOver(root: string): Promise<IndexEngine> {
  const engine = new IndexEngine();
  await engine.configure(
    makeIndexConfig(
      { storageDir: undefined, wasmPath: wasm, workspaceFolders: [repo], home: '/nonexistent-home', env: {} },
      { agents: Object.fromEntries(agentRegistry.ids.map((id) => [id, { enabled: id === 'opencode', roots: id === 'opencode' ? [root] : [] }])), sqliteWasmPath },
    ),
  );
  await engine.refresh();
  return engine;
}

test('opencode-undo: undo withdraws the prompt, redo brings it back, the next prompt replaces it, a deleted session stays', async () => {
  const root = newRoot('opencode-home');
  const engine = await engineOver(root);
  try {
    const state = async (): Promise<{ prompts: string[]; steps: number[]; files: string[] }> => {
      const sessions = await engine.listSessions();
      assert.equal(sessions.length, 1);
      const detail = await engine.sessionDetail(sessions[0].key);
      const data = await engine.checkpointData(sessions[0].key);
      return {
        prompts: (await engine.listPrompts(sessions[0].key)).map((p) => p.text),
        steps: detail?.prompts.map((p) => p.steps.length) ?? [],
        files: [...new Set(data?.histories.map((h) => h.path.slice(repo.length + 1)))].sort(),
      };
    };
    const full = await state();
    assert.deepEqual(full.prompts, [p1, p2, p3]);
    assert.ok(full.files.includes('src/store.js'), 'prompt 3 renamed src/notes.js to src/store.js');

    install('opencode-home-after-undo', root);
    await engine.refresh();
    const undone = await state();
    assert.deepEqual(undone.prompts, [p1, p2]);
    assert.deepEqual(undone.steps, full.steps.slice(0, 2), 'prompts 1 and 2 keep their steps');
    assert.ok(!undone.files.includes('src/store.js'), 'what prompt 3 changed (OpenCode reverted it in the work tree) is no longer its');
    // Blame of the file OpenCode reverted: prompt 3 had rewritten its line 2 (the require path), the undo put prompt
    // 2's line back, and prompt 2 is blamed for it again (with prompt 3's edit still indexed, nobody was).
    mkdirSync(join(repo, '..'), { recursive: true });
    execFileSync('tar', ['xzf', join(fixture, 'repo-after-undo.tar.gz'), '-C', join(repo, '..')]);
    const cli = readFileSync(join(repo, 'bin/notes.js'), 'utf8');
    assert.equal(cli, readFileSync(join(fixture, 'snapshots/turn-2/bin/notes.js'), 'utf8'));
    const basis = await engine.blameBasis(join(repo, 'bin/notes.js'));
    const blamed = basis ? new BlameEngine(applyRecordedPatch).blame(basis.replayed, cli, basis.shellRuns).lines : [];
    assert.deepEqual(
      cli.split('\n').slice(0, -1).map((text, i) => (text.trim() === '' ? 'blank' : (blamed[i]?.promptIndex ?? null))),
      [2, 2, 'blank', 2, 2, 2, 2, 2, 2, 2, 2, 2, 2],
    );

    install('opencode-home-after-redo', root);
    await engine.refresh();
    assert.deepEqual(await state(), full, 'redo: prompt 3 is back, whole');

    install('opencode-home-after-undo', root);
    await engine.refresh();
    install('opencode-home-after-next-prompt', root);
    await engine.refresh();
    const next = await state();
    assert.deepEqual(next.prompts, [p1, p2, p4]);
    assert.deepEqual(next.steps.slice(0, 2), full.steps.slice(0, 2));

    install('opencode-home-after-delete', root);
    await engine.refresh();
    assert.deepEqual(await state(), next, 'the session OpenCode deleted keeps what was read');
  } finally {
    await engine.dispose();
  }
});

test('opencode-undo: a database read for the first time while an undo is pending leaves the withdrawn messages out', async () => {
  const root = newRoot('opencode-home-after-undo');
  const run = await readAll(dbFile(join(root, 'opencode.db'), [repo]), undefined, new SessionFold());
  assert.deepEqual(run.issues, []);
  assert.deepEqual(
    run.sessions.map((s) => s.prompts.map((p) => p.text)),
    [[p1, p2]],
  );
  assert.equal(run.ops.filter((o) => o.op === 'rewind').length, 0, 'nothing read before: nothing to withdraw');
});

test('opencode-undo: a reading that follows an undo starts with a rewind of the whole session, then what is left', async () => {
  const root = newRoot('opencode-home');
  const file = dbFile(join(root, 'opencode.db'), [repo]);
  const first = await readAll(file);
  install('opencode-home-after-undo', root);
  const second = await readAll(file, first.cursor);
  const sessionId = first.sessions[0].id;
  assert.deepEqual(second.ops[1], { op: 'rewind', sessionId });
  assert.deepEqual(
    second.ops.filter((o) => o.op === 'prompt').map((o) => (o.op === 'prompt' ? o.text : '')),
    [p1, p2],
  );
  // Unchanged since: nothing is read again.
  const third = await readAll(file, second.cursor);
  assert.deepEqual(third.ops, []);
});

// Minimal reproductions on the recorded notes-cli database (its main file holds every row): an undo to a part inside
// a response (what OpenCode's revert route takes as `partID`), and `session.revert` values OpenCode would not write.
const notesDb = (): Promise<string> => notesDatabase(dirs);

const setRevert = (value: string): { sql: string; params: string[] } => ({ sql: 'UPDATE session SET revert = ?, time_updated = time_updated + 1', params: [value] });

test('an undo to a part inside a response withdraws that part and everything after it; the prompt stays', async () => {
  const path = await notesDb();
  const file = dbFile(path, [demoRepo]);
  const first = await readAll(file);
  const p3 = first.sessions[0].prompts[2];
  assert.ok(p3.steps.length > 2);
  const cut = p3.steps[1].id;
  const [owner] = await readDatabase(path, sqliteWasmPath, (db) => db.all('SELECT message_id FROM part WHERE id = ?', [cut]));
  await rewriteDatabase(path, [setRevert(JSON.stringify({ messageID: String(owner.message_id), partID: cut, snapshot: 'x' }))]);
  const second = await readAll(file, first.cursor, new SessionFold());
  assert.deepEqual(second.issues, []);
  const sessions = second.sessions;
  assert.deepEqual(
    sessions[0].prompts.map((p) => p.text),
    first.sessions[0].prompts.map((p) => p.text),
  );
  assert.deepEqual(
    sessions[0].prompts[2].steps.map((s) => s.id),
    [p3.steps[0].id],
  );
});

test('a session.revert that is not JSON, or names no message, is a counted issue and withdraws nothing', async () => {
  for (const [value, kind] of [
    ['{"messageID":', 'invalid-json'],
    ['{"partID":"prt_x"}', 'missing-field'],
  ] as const) {
    const path = await notesDb();
    await rewriteDatabase(path, [setRevert(value)]);
    const run = await readAll(dbFile(path, [demoRepo]));
    assert.deepEqual(
      run.issues.map((i) => i.kind),
      [kind],
    );
    assert.equal(run.sessions[0].prompts.length, 3);
  }
});
