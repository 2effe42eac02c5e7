// Cursor's IDE chat store (global + workspace state.vscdb, docs/formats/cursorStateVscdb.md), from the generated
// fixtures: the workspace's composers only (the decoy workspace's stays out), prompts, text, thinking, tool calls,
// exact before/after of edits from V0 + checkpoints, a terminal command with output and exit code, the prompts'
// restore sources, the legacy inline conversation, damaged rows as issues, and the same from a WAL-only database.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { discoverCursorStateDatabases } from '../../../../src/adapters/cursor/stateVscdb/discovery';
import type { ToolCallStep } from '../../../../src/core/model';
import type { IndexOp, ParseIssue } from '../../../../src/core/ops';
import { batchChars } from '../../../../src/adapters/cursor/stateVscdb/databaseReader';
import { app, c1, c2, c3, copyUser, decoy, globalFile, readAll, removeCopies} from './cursorStateFixtures';
import { rewriteDatabase } from '../../helpers/rewriteDatabase';

const copies: string[] = [];
after(() => removeCopies(copies));

const greetV0 = 'export const greeting = "hi";\n';
const greet1 = 'export const greeting = "hi";\nexport function greet(name: string): string {\n  return `${greeting} ${name}`;\n}\n';
const greet2 = greet1.replace('"hi"', '"hello"');
const util1 = 'export const shout = (s: string): string => s.toUpperCase();\n';

function prompts(ops: IndexOp[]): string[] {
  return ops.flatMap((o) => (o.op === 'prompt' ? [o.id] : []));
}

/** The ops with the database path taken out of backup paths (the copies' folders differ). */
function portable(ops: IndexOp[]): IndexOp[] {
  return ops.map((o) => (o.op === 'fileBackup' && o.backupPath ? { ...o, backupPath: o.backupPath.replace(/^.*#/, '#') } : o));
}

describe('Cursor state.vscdb discovery', () => {
  it('finds the global database of a User folder with a workspace storage for the folder, and no other', () => {
    const user = copyUser('basic', copies);
    const issues: ParseIssue[] = [];
    const files = discoverCursorStateDatabases([user], [app], issues);
    assert.deepEqual(files, [{ agent: 'cursor', path: join(user, 'globalStorage', 'state.vscdb'), mode: 'database', workspaceFolders: [app] }]);
    // A subfolder of Cursor's folder is open: still its composers.
    assert.equal(discoverCursorStateDatabases([user], [`${app}/src`], issues).length, 1);
    assert.deepEqual(discoverCursorStateDatabases([user], ['/fixture/elsewhere'], issues), []);
    assert.deepEqual(discoverCursorStateDatabases([join(user, '..', 'missing')], [app], issues), []);
    assert.deepEqual(issues, []);
  });
});

describe('Cursor state.vscdb reading', () => {
  it('reads the workspace’s composers, not the decoy workspace’s', async () => {
    const run = await readAll(globalFile(copyUser('basic', copies)));
    assert.deepEqual(run.sessions.map((s) => s.id).sort(), [c1, c2, c3]);
    assert.ok(!run.ops.some((o) => JSON.stringify(o).includes(decoy)));
    const s1 = run.sessions.find((s) => s.id === c1);
    assert.equal(s1?.agent, 'cursor');
    assert.equal(s1?.cwd, app);
    assert.equal(s1?.title, 'Greet function');
    assert.deepEqual(s1?.models, ['claude-4-sonnet']);
    assert.deepEqual(
      s1?.prompts.map((p) => [p.id, p.text, p.timestamp]),
      [
        ['u1', 'Add a greet function to src/greet.ts and run the tests', '2026-12-03T12:13:20.000Z'],
        ['u2', 'Say hello instead of hi, and add a shout helper in src/util.ts', '2026-12-03T12:14:20.000Z'],
      ],
    );
  });

  it('gives text, thinking, tool calls, exact edits, the terminal command and file reads', async () => {
    const run = await readAll(globalFile(copyUser('basic', copies)));
    const s1 = run.sessions.find((s) => s.id === c1);
    const [p1, p2] = s1?.prompts ?? [];
    assert.deepEqual(
      p1.steps.map((s) => [s.id, s.type]),
      [
        ['a1:thinking', 'reasoning'],
        ['a1:text', 'text'],
        ['call_edit_1', 'tool'],
        ['call_term_1', 'tool'],
        ['a4:text', 'text'],
      ],
    );
    const edit1 = p1.steps.find((s): s is ToolCallStep => s.id === 'call_edit_1');
    assert.equal(edit1?.kind, 'edit');
    assert.equal(edit1?.name, 'edit_file');
    assert.deepEqual(edit1?.fileChanges, [{ path: `${app}/src/greet.ts`, op: 'update', before: greetV0, after: greet1 }]);
    const term = p1.steps.find((s): s is ToolCallStep => s.id === 'call_term_1');
    assert.equal(term?.kind, 'shell');
    assert.deepEqual(term?.command, { command: 'npm test', cwd: app, exitCode: 0, output: '> test\n1 passing\n' });
    const byId = new Map(p2.steps.map((s) => [s.id, s]));
    const create = byId.get('call_edit_2') as ToolCallStep;
    assert.deepEqual(create.fileChanges, [{ path: `${app}/src/util.ts`, op: 'create', before: null, after: util1 }]);
    const replace = byId.get('call_edit_3') as ToolCallStep;
    assert.deepEqual(replace.fileChanges, [{ path: `${app}/src/greet.ts`, op: 'update', before: greet1, after: greet2 }]);
    const read = byId.get('call_read_1') as ToolCallStep;
    assert.equal(read.kind, 'read');
    assert.deepEqual(read.reads, [{ path: `${app}/src/greet.ts`, startLine: 1, endLine: 4 }]);
    assert.deepEqual(read.fileChanges, []);
  });

  it('gives each prompt the content its edited files had when it started (restore sources)', async () => {
    const user = copyUser('basic', copies);
    const run = await readAll(globalFile(user));
    const backups = run.ops.flatMap((o) => (o.op === 'fileBackup' ? [[o.promptId, o.path, o.backup && 'text' in o.backup ? o.backup.text : o.backupPath]] : []));
    assert.deepEqual(backups, [
      ['u1', `${app}/src/greet.ts`, greetV0],
      ['u2', `${app}/src/util.ts`, null],
      ['u2', `${app}/src/greet.ts`, greet1],
    ]);
  });

  it('reads a legacy composer whose conversation is inline', async () => {
    const run = await readAll(globalFile(copyUser('basic', copies)));
    const s2 = run.sessions.find((s) => s.id === c2);
    assert.deepEqual(
      s2?.prompts.map((p) => [p.text, p.steps.map((s) => (s.type === 'text' ? s.text : s.type))]),
      [['What does greet return?', ['It returns the greeting followed by the name.']]],
    );
  });

  it('counts damaged rows as issues and keeps what is readable', async () => {
    const run = await readAll(globalFile(copyUser('basic', copies)));
    const s3 = run.sessions.find((s) => s.id === c3);
    assert.deepEqual(
      s3?.prompts.map((p) => [p.text, p.steps.map((s) => s.id)]),
      [['A prompt whose answers are damaged', ['x4:text']]],
    );
    assert.deepEqual(
      run.issues.map((i) => i.kind).sort(),
      ['invalid-json', 'missing-field'],
    );
    assert.match(run.issues.find((i) => i.kind === 'invalid-json')?.message ?? '', new RegExp(`bubbleId:${c3}:x2`));
  });

  it('reads rows that are only in the -wal the same as checkpointed ones', async () => {
    const main = await readAll(globalFile(copyUser('basic', copies)));
    const wal = await readAll(globalFile(copyUser('wal', copies)));
    assert.ok(main.ops.length > 20);
    assert.deepEqual(portable(wal.ops), portable(main.ops));
    assert.deepEqual(wal.sessions.map((s) => [s.id, s.prompts.length]), main.sessions.map((s) => [s.id, s.prompts.length]));
  });

  it('reads a prompt whose bubbles are larger than a batch over several batches, bubble by bubble', async () => {
    const file = globalFile(copyUser('basic', copies));
    const big = (id: string, fill: string): string => JSON.stringify({ _v: 3, type: 2, bubbleId: id, text: fill.repeat(Math.ceil(batchChars * 1.1)) });
    await rewriteDatabase(file.path, [
      { sql: 'INSERT INTO cursorDiskKV VALUES (?, ?), (?, ?), (?, ?)', params: [`bubbleId:${c1}:big1`, big('big1', 'x'), `bubbleId:${c1}:big2`, big('big2', 'y'), `bubbleId:${c1}:big3`, big('big3', 'z')] },
      {
        // After a3 (the terminal command), before a4: the prompt's last text and its backups come after them.
        sql: "UPDATE cursorDiskKV SET value = json_set(value, '$.fullConversationHeadersOnly', json(?)) WHERE key = ?",
        params: [
          JSON.stringify(['u1', 'a1', 'a2', 'a3', 'big1', 'big2', 'big3', 'a4', 'u2', 'a5', 'a6', 'a7', 'a8'].map((id) => ({ bubbleId: id, type: id.startsWith('u') ? 1 : 2 }))),
          `composerData:${c1}`,
        ],
      },
    ]);
    const run = await readAll(file);
    assert.ok(run.batches.length >= 3, `${run.batches.length} batches`);
    // No batch holds much more than a batch's worth of values (one bubble over, at most).
    for (const b of run.batches) {
      assert.ok(JSON.stringify(b.ops).length < batchChars * 2.5);
    }
    const p1 = run.sessions.find((s) => s.id === c1)?.prompts[0];
    assert.deepEqual(p1?.steps.map((s) => s.id), ['a1:thinking', 'a1:text', 'call_edit_1', 'call_term_1', 'big1:text', 'big2:text', 'big3:text', 'a4:text']);
    const backups = run.ops.flatMap((o) => (o.op === 'fileBackup' && o.promptId === 'u1' ? [o.path] : []));
    assert.deepEqual(backups, [`${app}/src/greet.ts`]);
    assert.deepEqual(prompts(run.ops), ['u1', 'u2', 'l1', 'x1']);
  });
});
