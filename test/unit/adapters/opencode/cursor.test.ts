// Reading OpenCode's database from the cursor the last reading left: nothing again when nothing changed; a row
// OpenCode rewrote in place (a part whose tool finished, long after newer rows were written) is read again; a new
// prompt is added; a session whose rows were deleted (undo) is read again whole; a workspace folder added later gets
// its sessions. The database is the recorded notes-cli one (its main file holds every row), changed with sql.js.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ToolCallStep } from '../../../../src/core/model';
import type { IndexOp } from '../../../../src/core/ops';
import { SessionFold } from '../../../../src/core/sessionFold';
import { batchChars, messagesPerBatch } from '../../../../src/adapters/opencode/databaseReader';
import { chain, copyData, dbFile, demoRepo, notesDatabase, readAll, removeCopy } from './opencodeFixtures';
import { rewriteDatabase } from '../../helpers/rewriteDatabase';

const copies: string[] = [];
after(() => copies.forEach(removeCopy));

const notesDb = (): Promise<string> => notesDatabase(copies);

/** P2's `node bin/notes.js` (exit 2) and P3's last command. */
const usagePart = 'prt_23d04ca87001jc4JBYI8R4FEPf';
const lastBashPart = 'prt_23d04f5e2001qauBaLrPIHyDhH';

/** OpenCode numbers every write of a session's rows in event_sequence, in the same transaction (its projectors). */
const nextEvent = { sql: 'UPDATE event_sequence SET seq = seq + 1' };

function steps(ops: IndexOp[]): string[] {
  return ops.flatMap((o) => (o.op === 'step' ? [o.step.id] : []));
}

describe('OpenCode database cursor', () => {
  it('an unchanged database gives nothing new; the cursor survives JSON', async () => {
    const file = dbFile(await notesDb(), [demoRepo]);
    const first = await readAll(file);
    assert.equal(first.sessions[0].prompts.length, 3);
    const again = await readAll(file, first.cursor);
    assert.deepEqual(again.ops, []);
  });

  it('a part rewritten in place after newer rows were written is read again, and only it', async () => {
    const path = await notesDb();
    const file = dbFile(path, [demoRepo]);
    const fold = new SessionFold();
    const first = await readAll(file, undefined, fold);
    // The part's id and creation time are older than 40 other parts': only its time_updated says it changed.
    await rewriteDatabase(path, [
      {
        sql: "UPDATE part SET data = json_set(data, '$.state.metadata.exit', 3, '$.state.metadata.output', 'changed'), time_updated = ? WHERE id = ?",
        params: [1796320099000, usagePart],
      },
      nextEvent,
    ]);
    const second = await readAll(file, first.cursor, fold);
    assert.deepEqual(steps(second.ops), [usagePart]);
    assert.ok(!second.ops.some((o) => o.op === 'prompt'));
    const step = second.sessions[0].prompts[1].steps.find((s): s is ToolCallStep => s.id === usagePart);
    assert.deepEqual([step?.command?.exitCode, step?.command?.output], [3, 'changed']);
  });

  it('a tool part read while running gets its result and exit code once it completes', async () => {
    const path = await notesDb();
    const file = dbFile(path, [demoRepo]);
    await rewriteDatabase(path, [
      { sql: "UPDATE part SET data = json_remove(json_set(data, '$.state.status', 'running'), '$.state.metadata', '$.state.output') WHERE id = ?", params: [lastBashPart] },
    ]);
    const fold = new SessionFold();
    const running = await readAll(file, undefined, fold);
    const before = running.sessions[0].prompts[2].steps.find((s): s is ToolCallStep => s.id === lastBashPart);
    assert.deepEqual([before?.command, before?.result], [undefined, undefined], 'no exit code while it runs');
    await rewriteDatabase(path, [
      {
        sql: "UPDATE part SET data = json_set(data, '$.state.status', 'completed', '$.state.output', 'done', '$.state.metadata', json('{\"exit\":0,\"output\":\"done\"}')), time_updated = ? WHERE id = ?",
        params: [1796320099000, lastBashPart],
      },
      nextEvent,
    ]);
    const done = await readAll(file, running.cursor, fold);
    assert.deepEqual(steps(done.ops), [lastBashPart]);
    const step = done.sessions[0].prompts[2].steps.find((s): s is ToolCallStep => s.id === lastBashPart);
    assert.deepEqual([step?.command?.exitCode, step?.result?.text], [0, 'done']);
  });

  it('a new prompt is added after the others', async () => {
    const path = await notesDb();
    const file = dbFile(path, [demoRepo]);
    const fold = new SessionFold();
    const first = await readAll(file, undefined, fold);
    const session = first.sessions[0].id;
    await rewriteDatabase(path, [
      {
        sql: 'INSERT INTO message (id, session_id, time_created, time_updated, data) VALUES (?, ?, ?, ?, ?)',
        params: ['msg_ffff00000001aaaaaaaaaaaaaa', session, 1796320100000, 1796320100000, JSON.stringify({ role: 'user', time: { created: 1796320100000 } })],
      },
      {
        sql: 'INSERT INTO part (id, message_id, session_id, time_created, time_updated, data) VALUES (?, ?, ?, ?, ?, ?)',
        params: ['prt_ffff00000001aaaaaaaaaaaaaa', 'msg_ffff00000001aaaaaaaaaaaaaa', session, 1796320100001, 1796320100001, JSON.stringify({ type: 'text', text: 'and a fourth prompt' })],
      },
      nextEvent,
    ]);
    const second = await readAll(file, first.cursor, fold);
    assert.deepEqual(
      second.ops.filter((o) => o.op === 'prompt').map((o) => (o.op === 'prompt' ? o.text : '')),
      ['and a fourth prompt'],
    );
    assert.deepEqual(
      second.sessions[0].prompts.map((p) => p.index),
      [1, 2, 3, 4],
    );
  });

  it('a session that lost rows (undo) is read again from its start', async () => {
    const path = await notesDb();
    const file = dbFile(path, [demoRepo]);
    const first = await readAll(file);
    await rewriteDatabase(path, [
      { sql: "DELETE FROM part WHERE message_id = 'msg_23d04f7510014iVD4fHqT2idDd'" },
      { sql: "DELETE FROM message WHERE id = 'msg_23d04f7510014iVD4fHqT2idDd'" },
      nextEvent,
    ]);
    const second = await readAll(file, first.cursor);
    assert.equal(second.ops.filter((o) => o.op === 'prompt').length, 3);
  });

  it('a workspace folder added later gets its sessions read whole, the others are not read again', async () => {
    const dir = copyData('opencode-clone-v1.18.33');
    copies.push(dir);
    const path = join(dir, 'opencode.db');
    const first = await readAll(dbFile(path, [demoRepo]));
    assert.equal(first.sessions.length, 2);
    const second = await readAll(dbFile(path, [demoRepo, `${chain}/demo-repo-clone`]), first.cursor);
    assert.deepEqual(
      second.sessions.map((s) => [s.cwd, s.prompts.length]),
      [[`${chain}/demo-repo-clone`, 1]],
    );
    // The cursor keeps the marks of the open folders' sessions only.
    const marks = (cursor: unknown): number => Object.keys((cursor as { sessions: object }).sessions).length;
    assert.equal(marks(second.cursor), 3);
    const third = await readAll(dbFile(path, [`${chain}/demo-repo-clone`]), second.cursor);
    assert.deepEqual(third.ops, []);
    assert.equal(marks(third.cursor), 1);
  });

  it('a row changed without a new event number is left for the next reading that sees one (1.18-era databases)', async () => {
    const path = await notesDb();
    const file = dbFile(path, [demoRepo]);
    const first = await readAll(file);
    const change = { sql: "UPDATE part SET data = json_set(data, '$.state.metadata.exit', 3), time_updated = ? WHERE id = ?", params: [1796320099000, usagePart] };
    await rewriteDatabase(path, [change]);
    assert.deepEqual((await readAll(file, first.cursor)).ops, [], 'OpenCode never writes a row without its event');
    await rewriteDatabase(path, [nextEvent]);
    assert.deepEqual(steps((await readAll(file, first.cursor)).ops), [usagePart]);
  });

  it('reads a long session in batches of bounded size, each with a cursor that resumes after it', async () => {
    const path = await notesDb();
    const file = dbFile(path, [demoRepo]);
    const rows: { sql: string; params: (string | number)[] }[] = [];
    const session = (await readAll(file)).sessions[0].id;
    // 90 prompts of 100,000 characters: about 9 MB of rows, more than two batches' worth (batchChars).
    const count = 90;
    const body = 'x'.repeat(100_000);
    for (let i = 0; i < count; i++) {
      const id = `msg_ffff${String(i).padStart(8, '0')}aaaaaaaaaaaaaa`;
      rows.push({ sql: 'INSERT INTO message (id, session_id, time_created, time_updated, data) VALUES (?, ?, ?, ?, ?)', params: [id, session, 1796320100000 + i, 1796320100000 + i, JSON.stringify({ role: 'user', time: { created: 1796320100000 + i } })] });
      rows.push({ sql: 'INSERT INTO part (id, message_id, session_id, time_created, time_updated, data) VALUES (?, ?, ?, ?, ?, ?)', params: [`prt_ffff${String(i).padStart(8, '0')}aaaaaaaaaaaaaa`, id, session, 1796320100000 + i, 1796320100000 + i, JSON.stringify({ type: 'text', text: `prompt ${i} ${body}` })] });
    }
    await rewriteDatabase(path, rows);
    const run = await readAll(file);
    assert.equal(run.sessions[0].prompts.length, 3 + count);
    // A batch ends at the first page of messages that takes it past batchChars: 9 MB is at least two.
    assert.ok(run.batches.length >= Math.ceil((count * body.length) / (batchChars + messagesPerBatch * body.length)), `${run.batches.length} batches`);
    assert.ok(run.batches.length >= 2, `${run.batches.length} batches`);
    // Until its last batch the session's mark is not in the cursor: a reading stopped part way reads it again.
    assert.deepEqual(run.batches[0].cursor, { v: 1, sessions: {} });
    assert.deepEqual(Object.keys((run.batches.at(-1)?.cursor as { sessions: object }).sessions), [session]);
  });

  it('reads many short sessions in a few batches, not one per session (the cursor is copied with each batch)', async () => {
    const path = await notesDb();
    const file = dbFile(path, [demoRepo]);
    const rows: { sql: string; params: (string | number)[] }[] = [];
    const sessions = 300;
    for (let s = 0; s < sessions; s++) {
      const sid = `ses_eeee${String(s).padStart(8, '0')}bbbbbbbbbbbbbb`;
      const id = `msg_eeee${String(s).padStart(8, '0')}bbbbbbbbbbbbbb`;
      rows.push({ sql: "INSERT INTO session (id, project_id, slug, directory, title, version, time_created, time_updated) SELECT ?, project_id, slug, directory, ?, version, ?, ? FROM session LIMIT 1", params: [sid, `short ${s}`, 1796320200000 + s, 1796320200000 + s] });
      rows.push({ sql: 'INSERT INTO message (id, session_id, time_created, time_updated, data) VALUES (?, ?, ?, ?, ?)', params: [id, sid, 1796320200000 + s, 1796320200000 + s, JSON.stringify({ role: 'user', time: { created: 1796320200000 + s } })] });
      rows.push({ sql: 'INSERT INTO part (id, message_id, session_id, time_created, time_updated, data) VALUES (?, ?, ?, ?, ?, ?)', params: [`prt_eeee${String(s).padStart(8, '0')}bbbbbbbbbbbbbb`, id, sid, 1796320200000 + s, 1796320200000 + s, JSON.stringify({ type: 'text', text: `short prompt ${s}` })] });
    }
    await rewriteDatabase(path, rows);
    const run = await readAll(file);
    assert.equal(run.sessions.length, 1 + sessions);
    assert.ok(run.batches.length <= 3, `${run.batches.length} batches for ${1 + sessions} sessions`);
    assert.equal(Object.keys((run.batches.at(-1)?.cursor as { sessions: object }).sessions).length, 1 + sessions, 'every session marked read');
  });
});
