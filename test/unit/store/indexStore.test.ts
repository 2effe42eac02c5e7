// The sql.js store: same semantics as the in-memory fold, bodies in the archive, atomic persistence, and a
// rebuild that loses nothing archived.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TranscriptFile } from '../../../src/adapters/adapter';
import { silentLogger } from '../../../src/core/logger';
import type { IndexOp } from '../../../src/core/ops';
import { SessionFold } from '../../../src/core/sessionFold';
import { hashContent, PackBlobArchive } from '../../../src/store/blobArchive';
import { IndexStore, sessionKey } from '../../../src/store/indexStore';
import { batchesOf, Journal } from '../../../src/store/journal';
import { SessionQueries } from '../../../src/store/sessionQueries';
import { schemaVersion } from '../../../src/store/schema';
import { loadSqlJs, openDatabase, persistDatabase } from '../../../src/store/sqlDatabase';

const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');
const ws = '/home/u/proj';
const file: TranscriptFile = { agent: 'claude-code', path: '/home/u/.claude/projects/-home-u-proj/s1.jsonl', mode: 'append' };
const bigOutput = 'x'.repeat(200_000);
const ops: IndexOp[] = [
  { op: 'session', session: { agent: 'claude-code', id: 's1', cwd: ws, timestamp: '2026-01-01T10:00:00.000Z', model: 'm1', cliVersion: '2.1.197' } },
  { op: 'prompt', sessionId: 's1', id: 'p1', text: 'create a.js', timestamp: '2026-01-01T10:00:01.000Z' },
  { op: 'step', sessionId: 's1', step: { id: 't1', promptId: 'p1', type: 'text', text: 'Sure.', timestamp: '2026-01-01T10:00:02.000Z', model: 'm1' } },
  { op: 'step', sessionId: 's1', step: { id: 'w1', promptId: 'p1', type: 'tool', name: 'Write', kind: 'write', input: { file_path: `${ws}/a.js`, content: 'one\n' }, timestamp: '2026-01-01T10:00:03.000Z' } },
  { op: 'step', sessionId: 's1', step: { id: 'w1', result: { text: 'ok', isError: false }, fileChanges: [{ path: `${ws}/a.js`, op: 'create', before: null, after: 'one\n' }] } },
  { op: 'step', sessionId: 's1', step: { id: 'b1', promptId: 'p1', type: 'tool', name: 'Bash', kind: 'shell', input: { command: 'node a.js' }, timestamp: '2026-01-01T10:00:04.000Z', command: { command: 'node a.js', exitCode: 0, output: bigOutput } } },
  { op: 'prompt', sessionId: 's1', id: 'p2', text: 'edit a.js', timestamp: '2026-01-01T11:00:00.000Z' },
  { op: 'step', sessionId: 's1', step: { id: 'r1', promptId: 'p2', type: 'tool', name: 'Read', kind: 'read', input: {}, reads: [{ path: `${ws}/a.js` }], timestamp: '2026-01-01T11:00:01.000Z' } },
  { op: 'step', sessionId: 's1', step: { id: 'e1', promptId: 'p2', type: 'tool', name: 'Edit', kind: 'edit', input: {}, timestamp: '2026-01-01T11:00:02.000Z', fileChanges: [{ path: `${ws}/a.js`, op: 'update', before: 'one\n', after: 'one\ntwo\n' }] } },
  { op: 'session', session: { agent: 'claude-code', id: 's1', title: 'AI title', titlePriority: 2 } },
  { op: 'session', session: { agent: 'claude-code', id: 's1', title: 'summary title', titlePriority: 1 } },
  { op: 'session', session: { agent: 'claude-code', id: 'other', cwd: '/home/u/proj-other', timestamp: '2026-01-02T00:00:00.000Z' } },
  { op: 'prompt', sessionId: 'other', id: 'o1', text: 'elsewhere', timestamp: '2026-01-02T00:00:00.000Z' },
];

async function newStore(dir?: string): Promise<{ store: IndexStore; queries: SessionQueries }> {
  const sql = await loadSqlJs(wasm);
  const { db } = openDatabase(sql, dir ? join(dir, 'index.db') : undefined, silentLogger);
  const archive = new PackBlobArchive(join(dir ?? mkdtempSync(join(tmpdir(), 'at-store-')), 'archive', 'packs'));
  const journal = dir ? new Journal(join(dir, 'archive', 'journal')) : undefined;
  const store = new IndexStore(db, archive, journal, silentLogger);
  return { store, queries: new SessionQueries(store) };
}

test('store and in-memory fold agree on the same operations', async () => {
  const { store, queries } = await newStore();
  store.transaction(() => store.applyParsed(file, ops, 'none'));
  const fold = new SessionFold();
  fold.apply(ops, file.path);
  const expected = fold.get('s1');
  const actual = queries.sessionDetail(sessionKey('claude-code', 's1'));
  assert.ok(expected && actual);
  assert.deepEqual(actual, expected);
  assert.equal(actual.title, 'AI title', 'higher title priority wins');
  assert.equal(actual.startedAt, '2026-01-01T10:00:00.000Z');
  assert.equal(actual.updatedAt, '2026-01-01T11:00:02.000Z');
});

test('sessions are scoped to the workspace folders and summarized', async () => {
  const { store, queries } = await newStore();
  store.transaction(() => store.applyParsed(file, ops, 'none'));
  const sessions = queries.listSessions([ws]);
  assert.deepEqual(sessions.map((s) => s.id), ['s1'], 'the /home/u/proj-other session must not appear');
  assert.equal(sessions[0].promptCount, 2);
  assert.equal(sessions[0].filesChanged, 1);
  assert.equal(sessions[0].commandCount, 1);
  assert.deepEqual(queries.listSessions(['/home/u']).map((s) => s.id).sort(), ['other', 's1']);
  const prompts = queries.listPrompts(sessions[0].key);
  assert.deepEqual(prompts.map((p) => [p.index, p.text]), [[1, 'create a.js'], [2, 'edit a.js']]);
  assert.deepEqual(prompts[0].filesChanged, [{ path: `${ws}/a.js`, op: 'create', changeCount: 1 }]);
  assert.equal(prompts[0].commands[0].exitCode, 0);
  assert.equal(prompts[0].commands[0].outputPreview.length <= 2000, true);
  assert.deepEqual(prompts[1].filesRead, [`${ws}/a.js`]);
  const diff = queries.promptFileDiff(sessions[0].key, 'p2', `${ws}/a.js`);
  assert.deepEqual({ before: diff.before, after: diff.after }, { before: 'one\n', after: 'one\ntwo\n' });
});

test('large bodies live in the blob archive, not in the DB, and come back whole', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'at-store-'));
  const { store, queries } = await newStore(dir);
  store.transaction(() => store.applyParsed(file, ops, 'append'));
  const bytes = persistDatabase(store.db, join(dir, 'index.db'));
  assert.ok(bytes < 150_000, `DB is ${bytes} bytes: the 200 KB output must not be inside`);
  assert.ok(store.archive.has(hashContent(bigOutput)));
  store.archive.sync();
  assert.ok(new PackBlobArchive(join(dir, 'archive', 'packs')).has(hashContent(bigOutput)), 'a reopened archive finds the blob');
  const detail = queries.sessionDetail(sessionKey('claude-code', 's1'));
  const bash = detail?.prompts[0].steps.find((s) => s.id === 'b1');
  assert.ok(bash && bash.type === 'tool');
  assert.equal(bash.command?.output, bigOutput);
});

test('persist is atomic and a reopened DB answers the same', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'at-store-'));
  const first = await newStore(dir);
  first.store.transaction(() => first.store.applyParsed(file, ops, 'append'));
  persistDatabase(first.store.db, join(dir, 'index.db'));
  assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.tmp')), [], 'no temp file left behind');
  const before = first.queries.sessionDetail(sessionKey('claude-code', 's1'));
  const sql = await loadSqlJs(wasm);
  const reopened = openDatabase(sql, join(dir, 'index.db'), silentLogger);
  assert.equal(reopened.outcome, 'loaded');
  const store = new IndexStore(reopened.db, new PackBlobArchive(join(dir, 'archive', 'packs')), undefined, silentLogger);
  assert.deepEqual(new SessionQueries(store).sessionDetail(sessionKey('claude-code', 's1')), before);
});

test('a corrupt DB is moved aside and rebuilt; the journal brings back sessions whose transcript is gone', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'at-store-'));
  const first = await newStore(dir);
  first.store.transaction(() => first.store.applyParsed(file, ops, 'append'));
  persistDatabase(first.store.db, join(dir, 'index.db'));
  const expected = first.queries.sessionDetail(sessionKey('claude-code', 's1'));
  writeFileSync(join(dir, 'index.db'), Buffer.from('this is not a database, just garbage bytes'.repeat(100)));
  const sql = await loadSqlJs(wasm);
  const reopened = openDatabase(sql, join(dir, 'index.db'), silentLogger);
  assert.equal(reopened.outcome, 'rebuilt-corrupt');
  assert.ok(readdirSync(dir).some((n) => n.startsWith('index.db.corrupt-')), 'the corrupt file is kept aside');
  const store = new IndexStore(reopened.db, new PackBlobArchive(join(dir, 'archive', 'packs')), undefined, silentLogger);
  const journal = new Journal(join(dir, 'archive', 'journal'));
  const entries = journal.readAll();
  assert.equal(entries.length, 1);
  store.transaction(() => {
    for (const batch of batchesOf(entries[0].generations)) {
      store.applyStored(entries[0].header.agent, entries[0].header.source, batch);
    }
  });
  assert.deepEqual(new SessionQueries(store).sessionDetail(sessionKey('claude-code', 's1')), expected);
});

test('an old-schema DB is rebuilt, not used', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'at-store-'));
  const sql = await loadSqlJs(wasm);
  const old = new sql.Database();
  old.exec('CREATE TABLE sessions (key TEXT); PRAGMA user_version = 0;');
  writeFileSync(join(dir, 'index.db'), old.export());
  const reopened = openDatabase(sql, join(dir, 'index.db'), silentLogger);
  assert.equal(reopened.outcome, 'rebuilt-schema');
  assert.equal(reopened.db.exec('PRAGMA user_version')[0].values[0][0], schemaVersion);
});

test('rewind removes the record and everything after it, like the fold', async () => {
  const { store, queries } = await newStore();
  const rewindOps: IndexOp[] = [...ops, { op: 'rewind', sessionId: 's1', recordId: 'e1' }, { op: 'prompt', sessionId: 's1', id: 'p3', text: 'again', timestamp: '2026-01-01T12:00:00.000Z' }];
  store.transaction(() => store.applyParsed(file, rewindOps, 'none'));
  const fold = new SessionFold();
  fold.apply(rewindOps, file.path);
  assert.deepEqual(queries.sessionDetail(sessionKey('claude-code', 's1')), fold.get('s1'));
  const prompts = queries.listPrompts(sessionKey('claude-code', 's1'));
  assert.deepEqual(prompts.map((p) => p.id), ['p1', 'p2', 'p3']);
  assert.deepEqual(prompts[1].filesChanged, [], 'the rewound edit is gone from the query tables too');
  const rewindPrompt: IndexOp[] = [{ op: 'rewind', sessionId: 's1', recordId: 'p2' }];
  store.transaction(() => store.applyParsed(file, rewindPrompt, 'none'));
  assert.deepEqual(queries.listPrompts(sessionKey('claude-code', 's1')).map((p) => p.id), ['p1']);
});

test('a rewind without a record removes every prompt and step of the session, like the fold; new prompts count from 1', async () => {
  const { store, queries } = await newStore();
  const key = sessionKey('claude-code', 's1');
  const allGone: IndexOp[] = [...ops, { op: 'rewind', sessionId: 's1' }, { op: 'prompt', sessionId: 's1', id: 'p9', text: 'anew', timestamp: '2026-01-01T12:00:00.000Z' }];
  store.transaction(() => store.applyParsed(file, allGone, 'none'));
  const fold = new SessionFold();
  fold.apply(allGone, file.path);
  assert.deepEqual(queries.sessionDetail(key), fold.get('s1'));
  assert.deepEqual(queries.listPrompts(key).map((p) => [p.index, p.id, p.stepCount]), [[1, 'p9', 0]]);
  assert.equal(store.all('SELECT COUNT(*) AS n FROM file_changes WHERE session_key = ?', [key])[0].n, 0, 'the withdrawn edits are gone from the query tables');
});

test('file backups are archived at index time and survive the backup file being deleted', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'at-store-'));
  const backup = join(dir, 'backup@v1');
  writeFileSync(backup, 'old content\n');
  const { store } = await newStore(dir);
  store.transaction(() =>
    store.applyParsed(file, [...ops, { op: 'fileBackup', sessionId: 's1', promptId: 'p2', path: `${ws}/a.js`, backupPath: backup, version: 1, timestamp: '2026-01-01T11:00:00.000Z' }, { op: 'fileBackup', sessionId: 's1', promptId: 'p1', path: `${ws}/gone.js`, backupPath: join(dir, 'nope'), version: 1, timestamp: '2026-01-01T10:00:00.000Z' }], 'none'),
  );
  const rows = store.all('SELECT path, blob, status FROM backups ORDER BY path', []);
  assert.equal(rows.length, 2);
  assert.equal(rows[0].status, 'ok');
  assert.equal(store.archive.get(String(rows[0].blob)), 'old content\n');
  assert.equal(rows[1].status, 'missing');
  assert.equal(readFileSync(backup, 'utf8'), 'old content\n');
});

test('long and non-ASCII texts are stored as TEXT and come back exactly', async () => {
  const { store, queries } = await newStore();
  const prompt = `Réécris ✦ 日本語のテスト 🧪 ${'ligne\n'.repeat(60)}fin\u0000après NUL`;
  const said = `Voilà — ${'é✦🧪'.repeat(300)}`;
  const longOps: IndexOp[] = [
    { op: 'session', session: { agent: 'claude-code', id: 's2', cwd: ws, timestamp: '2026-01-01T10:00:00.000Z' } },
    { op: 'prompt', sessionId: 's2', id: 'q1', text: prompt, timestamp: '2026-01-01T10:00:01.000Z' },
    { op: 'step', sessionId: 's2', step: { id: 'x1', promptId: 'q1', type: 'text', text: said, timestamp: '2026-01-01T10:00:02.000Z' } },
    { op: 'step', sessionId: 's2', step: { id: 'c1', promptId: 'q1', type: 'tool', name: 'Bash', kind: 'shell', input: { command: `echo ${'ü'.repeat(200)}` }, timestamp: '2026-01-01T10:00:03.000Z', command: { command: `echo ${'ü'.repeat(200)}`, exitCode: 0, output: 'ü'.repeat(200) } } },
  ];
  store.transaction(() => store.applyParsed(file, longOps, 'none'));
  const detail = queries.sessionDetail(sessionKey('claude-code', 's2'));
  assert.equal(detail?.prompts[0].text, prompt);
  const step = detail?.prompts[0].steps[0];
  assert.ok(step && step.type === 'text');
  assert.equal(step.text, said);
  const types = store.db.exec("SELECT (SELECT typeof(text) FROM prompts WHERE id = 'q1'), (SELECT typeof(data) FROM steps WHERE id = 'x1'), (SELECT typeof(command) FROM commands WHERE step_id = 'c1')");
  assert.deepEqual(types[0].values[0], ['text', 'text', 'text'], 'bound as bytes, stored as TEXT (LIKE and comparisons keep working)');
  assert.equal(queries.listPrompts(sessionKey('claude-code', 's2'))[0].commands[0].command, `echo ${'ü'.repeat(200)}`);
});

test('a command longer than the inline limit is listed whole, not as its archive reference', async () => {
  const { store, queries } = await newStore();
  const heredoc = `cat > gen.txt <<'EOF'\n${'generated line\n'.repeat(600)}EOF`;
  store.transaction(() =>
    store.applyParsed(file, [
      { op: 'session', session: { agent: 'claude-code', id: 's3', cwd: ws, timestamp: '2026-01-01T10:00:00.000Z' } },
      { op: 'prompt', sessionId: 's3', id: 'q1', text: 'generate', timestamp: '2026-01-01T10:00:01.000Z' },
      { op: 'step', sessionId: 's3', step: { id: 'h1', promptId: 'q1', type: 'tool', name: 'Bash', kind: 'shell', input: { command: heredoc }, timestamp: '2026-01-01T10:00:02.000Z', command: { command: heredoc, exitCode: 0, output: '' } } },
    ], 'none'),
  );
  assert.equal(queries.listPrompts(sessionKey('claude-code', 's3'))[0].commands[0].command, heredoc);
});

test('the sessions list after a change shows it: counts, titles, order, new and removed sessions (only changed ones are read again)', async () => {
  const { store, queries } = await newStore();
  store.transaction(() => store.applyParsed(file, ops, 'none'));
  const before = queries.listSessions(['/home/u']);
  assert.deepEqual(before.map((s) => s.id), ['other', 's1'], 'newest first');
  // A prompt appended to s1 (now the newest), a new session, nothing else.
  store.transaction(() =>
    store.applyParsed(file, [
      { op: 'prompt', sessionId: 's1', id: 'p3', text: 'one more', timestamp: '2026-01-03T00:00:00.000Z' },
      { op: 'session', session: { agent: 'claude-code', id: 'new', cwd: ws, timestamp: '2026-01-02T12:00:00.000Z' } },
      { op: 'prompt', sessionId: 'new', id: 'n1', text: 'hello', timestamp: '2026-01-02T12:00:00.000Z' },
    ], 'none'),
  );
  assert.equal(store.sessionsChangedSince(0).keys.length, 3, 'every session was changed since the start');
  const after = queries.listSessions(['/home/u']);
  assert.deepEqual(after.map((s) => s.id), ['s1', 'new', 'other']);
  assert.equal(after[0].promptCount, 3);
  assert.equal(after[1].title, 'hello');
  // What a fresh reader (every row read again) lists is the same.
  assert.deepEqual(new SessionQueries(store).listSessions(['/home/u']), after);
  // Changing a listed summary does not change the next listing.
  after[0].sources.push('/elsewhere');
  after[0].promptCount = 99;
  assert.deepEqual(queries.listSessions(['/home/u'])[0].promptCount, 3);
  assert.ok(!queries.listSessions(['/home/u'])[0].sources.includes('/elsewhere'));
  const { version } = store.sessionsChangedSince(0);
  assert.deepEqual(store.sessionsChangedSince(version).keys, [], 'nothing changed since');
});

test('applying a session asks the prompts and steps tables once, not per operation', async () => {
  const { store, queries } = await newStore();
  const many: IndexOp[] = [{ op: 'session', session: { agent: 'claude-code', id: 'm', cwd: ws, timestamp: '2026-01-01T10:00:00.000Z' } }];
  for (let i = 0; i < 50; i++) {
    many.push({ op: 'prompt', sessionId: 'm', id: `p${i}`, text: `prompt ${i}`, timestamp: '2026-01-01T10:00:01.000Z' });
    many.push({ op: 'step', sessionId: 'm', step: { id: `b${i}`, type: 'tool', name: 'Bash', kind: 'shell', input: { command: 'ls' }, timestamp: '2026-01-01T10:00:02.000Z' } });
    many.push({ op: 'step', sessionId: 'm', step: { id: `b${i}`, result: { text: 'ok', isError: false } } });
  }
  const asked: string[] = [];
  const all = store.all.bind(store);
  store.all = (sql, params) => {
    if (/FROM (prompts|steps) WHERE session_key/.test(sql)) {
      asked.push(sql);
    }
    return all(sql, params);
  };
  // Two transactions: what the first inserted is known to the second without asking again.
  store.transaction(() => store.applyParsed(file, many.slice(0, 70), 'none'));
  store.transaction(() => store.applyParsed(file, many.slice(70), 'none'));
  store.all = all;
  assert.equal(asked.length, 1, `per-operation queries: ${asked.length}`);
  const fold = new SessionFold();
  fold.apply(many, file.path);
  assert.deepEqual(queries.sessionDetail(sessionKey('claude-code', 'm')), fold.get('m'));
});

test('a transaction taken back leaves no stale knowledge of prompts or steps behind', async () => {
  const { store, queries } = await newStore();
  store.transaction(() => store.applyParsed(file, ops.slice(0, 3), 'none'));
  assert.throws(() =>
    store.transaction(() => {
      store.applyParsed(file, ops.slice(3, 8), 'none');
      throw new Error('journal full');
    }),
  );
  // The same operations again, after the failure, and a rewind between transactions: the result is the fold's.
  store.transaction(() => store.applyParsed(file, ops.slice(3), 'none'));
  const more: IndexOp[] = [{ op: 'rewind', sessionId: 's1', recordId: 'p2' }];
  store.transaction(() => store.applyParsed(file, more, 'none'));
  const after: IndexOp[] = [
    { op: 'prompt', sessionId: 's1', id: 'p9', text: 'after the rewind', timestamp: '2026-01-01T12:00:00.000Z' },
    { op: 'step', sessionId: 's1', step: { id: 'e1', promptId: 'p9', type: 'tool', name: 'Edit', kind: 'edit', input: {}, timestamp: '2026-01-01T12:00:01.000Z' } },
  ];
  store.transaction(() => store.applyParsed(file, after, 'none'));
  const fold = new SessionFold();
  fold.apply([...ops, ...more, ...after], file.path);
  assert.deepEqual(queries.sessionDetail(sessionKey('claude-code', 's1')), fold.get('s1'));
  assert.deepEqual(queries.listPrompts(sessionKey('claude-code', 's1')).map((p) => [p.index, p.id]), [[1, 'p1'], [2, 'p9']]);
});

test('a group of transactions commits once; a failing one inside it takes back only its own changes', async () => {
  const { store, queries } = await newStore();
  const other: TranscriptFile = { ...file, path: '/home/u/.claude/projects/-home-u-proj/s2.jsonl' };
  const s2: IndexOp[] = [
    { op: 'session', session: { agent: 'claude-code', id: 's2', cwd: ws, timestamp: '2026-01-03T10:00:00.000Z' } },
    { op: 'prompt', sessionId: 's2', id: 'q1', text: 'second', timestamp: '2026-01-03T10:00:01.000Z' },
  ];
  store.beginGroup();
  store.transaction(() => store.applyParsed(file, ops, 'none'));
  assert.throws(() =>
    store.transaction(() => {
      store.applyParsed(other, [{ op: 'prompt', sessionId: 's1', id: 'lost', text: 'taken back', timestamp: '2026-01-01T12:00:00.000Z' }], 'none');
      throw new Error('this batch fails');
    }),
  );
  store.transaction(() => store.applyParsed(other, s2, 'none'));
  store.endGroup();
  // The group committed: a transaction of its own works again (BEGIN would fail inside an open one).
  store.transaction(() => store.putSource({ path: other.path, agent: 'claude-code', mode: 'append', size: 1, mtimeMs: 1, ino: 1, head: '', offset: 1, lineNo: 1, state: undefined, status: 'ok' }));
  assert.deepEqual(queries.listSessions([ws]).map((s) => s.id).sort(), ['s1', 's2']);
  assert.deepEqual(queries.listPrompts(sessionKey('claude-code', 's1')).map((p) => p.text), ['create a.js', 'edit a.js'], 'the failed batch left nothing');
  assert.deepEqual(queries.listPrompts(sessionKey('claude-code', 's2')).map((p) => p.text), ['second']);
});

test('a backup read by the parse source is archived from what it read; one it could not read is recorded missing', async () => {
  const { store } = await newStore();
  const backup = (promptId: string, read: { text: string } | { error: string }): IndexOp => ({
    op: 'fileBackup',
    sessionId: 's1',
    promptId,
    path: `${ws}/a.js`,
    // Not there (any more): the store must not read it again.
    backupPath: join(tmpdir(), `at-store-gone-${promptId}@v1`),
    version: 1,
    timestamp: '2026-01-01T10:00:00.000Z',
    backup: read,
  });
  store.transaction(() => store.applyParsed(file, [...ops.slice(0, 2), backup('p1', { text: 'content then\n' }), backup('p0', { error: 'ENOENT: gone' })], 'none'));
  const rows = store.all('SELECT prompt_id, blob, status FROM backups ORDER BY prompt_id', []);
  assert.deepEqual(rows, [
    { prompt_id: 'p0', blob: null, status: 'missing' },
    { prompt_id: 'p1', blob: hashContent('content then\n'), status: 'ok' },
  ]);
  assert.equal(store.archive.get(hashContent('content then\n')), 'content then\n');
});
