// How steps are kept in the DB (storedStep.ts, blobRefs.ts inlineLimit): smaller than the Step, and read back as
// the very Step the in-memory fold builds, by every reader (a prompt range, one step, a patch merged later).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TranscriptFile } from '../../../src/adapters/adapter';
import { silentLogger } from '../../../src/core/logger';
import type { IndexOp } from '../../../src/core/ops';
import { SessionFold } from '../../../src/core/sessionFold';
import { hashContent, PackBlobArchive } from '../../../src/store/blobArchive';
import { IndexStore, sessionKey } from '../../../src/store/indexStore';
import { SessionQueries } from '../../../src/store/sessionQueries';
import { loadSqlJs, openDatabase } from '../../../src/store/sqlDatabase';

const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');
const ws = '/home/u/proj';
const file: TranscriptFile = { agent: 'claude-code', path: '/home/u/.claude/projects/-home-u-proj/s1.jsonl', mode: 'append' };
const key = sessionKey('claude-code', 's1');

async function newStore(): Promise<{ store: IndexStore; queries: SessionQueries }> {
  const sql = await loadSqlJs(wasm);
  const { db } = openDatabase(sql, undefined, silentLogger);
  const store = new IndexStore(db, new PackBlobArchive(join(mkdtempSync(join(tmpdir(), 'at-stored-')), 'packs')), undefined, silentLogger);
  return { store, queries: new SessionQueries(store) };
}

const shortOutput = 'PASS  test/a.test.js\nTests: 3 passed\n';
const longOutput = Array.from({ length: 80 }, (_, i) => `line ${i}: ${'ok '.repeat(10)}`).join('\n');
const session: IndexOp[] = [
  { op: 'session', session: { agent: 'claude-code', id: 's1', cwd: ws, timestamp: '2026-01-01T10:00:00.000Z' } },
  { op: 'prompt', sessionId: 's1', id: 'p1', text: 'run the tests', timestamp: '2026-01-01T10:00:01.000Z' },
  // The call, then its result in a later patch: the text is the command's output (as Claude's Bash records it).
  { op: 'step', sessionId: 's1', step: { id: 'b1', promptId: 'p1', type: 'tool', name: 'Bash', kind: 'shell', input: { command: 'npm test' }, timestamp: '2026-01-01T10:00:02.000Z' } },
  { op: 'step', sessionId: 's1', step: { id: 'b1', result: { text: shortOutput, isError: false, timestamp: '2026-01-01T10:00:03.000Z' }, command: { command: 'npm test', cwd: ws, exitCode: 0, output: shortOutput } } },
  // An output over the inline limit, whose result repeats it: archived once, referenced once.
  { op: 'step', sessionId: 's1', step: { id: 'b2', promptId: 'p1', type: 'tool', name: 'Bash', kind: 'shell', input: { command: 'npm run build' }, timestamp: '2026-01-01T10:00:04.000Z', result: { text: longOutput, isError: true }, command: { command: 'npm run build', exitCode: 2, output: longOutput } } },
  // A result that differs from the output keeps its own text.
  { op: 'step', sessionId: 's1', step: { id: 'b3', promptId: 'p1', type: 'tool', name: 'Bash', kind: 'shell', input: { command: 'ls' }, timestamp: '2026-01-01T10:00:05.000Z', result: { text: `${shortOutput}(truncated)`, isError: false }, command: { command: 'ls', exitCode: 0, output: shortOutput } } },
  // A step whose time arrives with a later patch.
  { op: 'step', sessionId: 's1', step: { id: 't1', promptId: 'p1', type: 'text', text: 'Tests pass.' } },
  { op: 'step', sessionId: 's1', step: { id: 't1', text: 'Tests pass.', timestamp: '2026-01-01T10:00:06.000Z', model: 'm1' } },
  { op: 'step', sessionId: 's1', step: { id: 'r1', promptId: 'p1', type: 'reasoning', text: 'thinking', timestamp: '2026-01-01T10:00:07.000Z' } },
  // File changes and reads are kept (only empty lists are left out).
  { op: 'step', sessionId: 's1', step: { id: 'e1', promptId: 'p1', type: 'tool', name: 'Edit', kind: 'edit', input: { file_path: `${ws}/a.js` }, timestamp: '2026-01-01T10:00:08.000Z', fileChanges: [{ path: `${ws}/a.js`, op: 'update', before: 'a\n', after: 'b\n' }] } },
  { op: 'step', sessionId: 's1', step: { id: 'e1', result: { text: 'updated', isError: false } } },
  { op: 'step', sessionId: 's1', step: { id: 'v1', promptId: 'p1', type: 'tool', name: 'Read', kind: 'read', input: { file_path: `${ws}/a.js` }, timestamp: '2026-01-01T10:00:09.000Z', reads: [{ path: `${ws}/a.js`, startLine: 1, endLine: 2 }] } },
];

test('steps read back as the fold builds them, whichever transaction their patches arrive in', async () => {
  const fold = new SessionFold();
  fold.apply(session, file.path);
  const expected = fold.get('s1');
  assert.ok(expected);
  const together = await newStore();
  together.store.transaction(() => together.store.applyParsed(file, session, 'none'));
  // One op per transaction: every later patch merges into a step read back from its row.
  const apart = await newStore();
  for (const op of session) {
    apart.store.transaction(() => apart.store.applyParsed(file, [op], 'none'));
  }
  for (const { queries } of [together, apart]) {
    assert.deepEqual(queries.sessionDetail(key), expected);
    assert.deepEqual(queries.sessionPrompts(key, 1, 1)[0].steps, expected.prompts[0].steps, 'a prompt range');
    for (const step of expected.prompts[0].steps) {
      assert.deepEqual(queries.sessionStep(key, step.id), step, `step ${step.id} alone`);
    }
  }
});

test('a result that repeats its command output is stored once, and the row leaves out what its columns hold', async () => {
  const { store } = await newStore();
  store.transaction(() => store.applyParsed(file, session, 'none'));
  const data = (id: string): string => String(store.one('SELECT data FROM steps WHERE id = ?', [id])?.data);
  assert.equal(data('b1').split(shortOutput.slice(0, 20)).length - 1, 1, `the output once in ${data('b1')}`);
  assert.equal(data('b2').split(hashContent(longOutput)).length - 1, 1, `the archived output referenced once in ${data('b2')}`);
  assert.equal(data('b3').split(shortOutput.slice(0, 20)).length - 1, 2, 'a different result keeps its own text');
  for (const id of ['b1', 't1', 'r1']) {
    const stored = JSON.parse(data(id)) as Record<string, unknown>;
    assert.deepEqual(['id', 'promptId', 'type', 'timestamp', 'fileChanges', 'reads'].filter((k) => k in stored), [], `${id}: ${data(id)}`);
  }
  assert.equal(store.one("SELECT ts FROM steps WHERE id = 't1'", [])?.ts, '2026-01-01T10:00:06.000Z', 'a time that came later is in the column');
});

test('texts over 1 KB live in the archive with a preview, and the command list shows the start of each output from its step', async () => {
  const { store, queries } = await newStore();
  store.transaction(() => store.applyParsed(file, session, 'none'));
  assert.ok(longOutput.length > 1024 && longOutput.length < 4096, 'between the inline limits of schema 6 and 7');
  assert.ok(!String(store.one("SELECT data FROM steps WHERE id = 'b2'", [])?.data).includes(longOutput.slice(600, 700)), 'the body is not in the DB');
  assert.equal(store.archive.get(hashContent(longOutput)), longOutput);
  const commands = queries.listPrompts(key)[0].commands;
  assert.equal(commands.find((c) => c.stepId === 'b2')?.outputPreview, longOutput.slice(0, 512));
  // Read from the step (the commands table keeps no copy), whole when short, also when the result repeats it.
  assert.deepEqual(
    commands.map((c) => [c.stepId, c.outputPreview]),
    [
      ['b1', shortOutput],
      ['b2', longOutput.slice(0, 512)],
      ['b3', shortOutput],
    ],
  );
  assert.deepEqual(
    store.all("SELECT name FROM pragma_table_info('commands') WHERE name LIKE '%output%'", []),
    [],
    'no copy of the output in the commands table',
  );
});
