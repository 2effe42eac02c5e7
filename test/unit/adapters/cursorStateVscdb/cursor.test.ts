// Reading Cursor's global state.vscdb again from the cursor the last reading left: nothing when nothing changed; a
// bubble rewritten in place (a terminal command's result arriving) reads again only its prompt, even when the
// composer's header row did not change; a new prompt is read alone; a conversation Cursor cut back (restore
// checkpoint) withdraws the session's prompts and reads it again whole; a composer no longer listed is forgotten.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ToolCallStep } from '../../../../src/core/model';
import type { IndexOp } from '../../../../src/core/ops';
import { SessionFold } from '../../../../src/core/sessionFold';
import { c1, c2, copyUser, globalFile, readAll, removeCopies} from './cursorStateFixtures';
import { rewriteDatabase } from '../../helpers/rewriteDatabase';

const copies: string[] = [];
after(() => removeCopies(copies));

function prompts(ops: IndexOp[]): string[] {
  return ops.flatMap((o) => (o.op === 'prompt' ? [o.id] : []));
}

describe('Cursor state.vscdb cursor', () => {
  it('an unchanged database gives nothing new; the cursor survives JSON', async () => {
    const file = globalFile(copyUser('basic', copies));
    const first = await readAll(file);
    const again = await readAll(file, first.cursor);
    assert.deepEqual(again.ops, []);
    assert.deepEqual(again.cursor ?? first.cursor, first.cursor);
  });

  it('a bubble rewritten in place reads again only its prompt', async () => {
    const user = copyUser('basic', copies);
    const file = globalFile(user);
    const fold = new SessionFold();
    const first = await readAll(file, undefined, fold);
    await rewriteDatabase(file.path, [
      {
        sql: "UPDATE cursorDiskKV SET value = json_set(value, '$.toolFormerData.result', json_object('output', 'failing now', 'exitCode', 1)) WHERE key = ?",
        params: [`bubbleId:${c1}:a3`],
      },
    ]);
    const second = await readAll(file, first.cursor, fold);
    assert.deepEqual(prompts(second.ops), ['u1']);
    const step = fold.result().find((s) => s.id === c1)?.prompts[0].steps.find((s): s is ToolCallStep => s.id === 'call_term_1');
    assert.deepEqual([step?.command?.exitCode, step?.command?.output], [1, 'failing now']);
    assert.deepEqual((await readAll(file, second.cursor)).ops, []);
  });

  it('a new prompt is read alone', async () => {
    const file = globalFile(copyUser('basic', copies));
    const fold = new SessionFold();
    const first = await readAll(file, undefined, fold);
    await rewriteDatabase(file.path, [
      { sql: 'INSERT INTO cursorDiskKV VALUES (?, ?)', params: [`bubbleId:${c1}:u3`, JSON.stringify({ _v: 3, type: 1, bubbleId: 'u3', text: 'One more thing', createdAt: '2026-12-03T13:00:00.000Z' })] },
      { sql: 'INSERT INTO cursorDiskKV VALUES (?, ?)', params: [`bubbleId:${c1}:a9`, JSON.stringify({ _v: 3, type: 2, bubbleId: 'a9', text: 'Sure.' })] },
      {
        sql: "UPDATE cursorDiskKV SET value = json_set(value, '$.fullConversationHeadersOnly[#]', json('{\"bubbleId\":\"u3\",\"type\":1}'), '$.lastUpdatedAt', 1796400000000) WHERE key = ?",
        params: [`composerData:${c1}`],
      },
      { sql: "UPDATE cursorDiskKV SET value = json_set(value, '$.fullConversationHeadersOnly[#]', json('{\"bubbleId\":\"a9\",\"type\":2}')) WHERE key = ?", params: [`composerData:${c1}`] },
    ]);
    const second = await readAll(file, first.cursor, fold);
    assert.deepEqual(prompts(second.ops), ['u3']);
    const s1 = fold.result().find((s) => s.id === c1);
    assert.deepEqual(
      s1?.prompts.map((p) => p.id),
      ['u1', 'u2', 'u3'],
    );
    assert.deepEqual(s1?.prompts[2].steps.map((s) => s.id), ['a9:text']);
  });

  it('a conversation cut back withdraws the session’s prompts and reads it again whole', async () => {
    const file = globalFile(copyUser('basic', copies));
    const fold = new SessionFold();
    const first = await readAll(file, undefined, fold);
    await rewriteDatabase(file.path, [
      {
        sql: "UPDATE cursorDiskKV SET value = json_remove(value, '$.fullConversationHeadersOnly[9]', '$.fullConversationHeadersOnly[8]', '$.fullConversationHeadersOnly[7]', '$.fullConversationHeadersOnly[6]', '$.fullConversationHeadersOnly[5]') WHERE key = ?",
        params: [`composerData:${c1}`],
      },
    ]);
    const second = await readAll(file, first.cursor, fold);
    assert.ok(second.ops.some((o) => o.op === 'rewind' && o.sessionId === c1 && o.recordId === undefined));
    assert.deepEqual(prompts(second.ops), ['u1']);
    assert.deepEqual(
      fold.result().find((s) => s.id === c1)?.prompts.map((p) => p.id),
      ['u1'],
    );
  });

  it('a composer the workspace no longer lists is forgotten by the cursor, and read whole should it come back', async () => {
    const user = copyUser('basic', copies);
    const file = globalFile(user);
    const first = await readAll(file);
    const ws = join(user, 'workspaceStorage', 'ws-app', 'state.vscdb');
    const listed = { allComposers: [{ composerId: c1 }], selectedComposerIds: [] };
    await rewriteDatabase(ws, [{ sql: "UPDATE ItemTable SET value = ? WHERE key = 'composer.composerData'", params: [JSON.stringify(listed)] }]);
    const second = await readAll(file, first.cursor);
    assert.deepEqual(second.ops, []);
    assert.deepEqual(Object.keys((second.cursor as { composers: object }).composers), [c1]);
    await rewriteDatabase(ws, [{ sql: "UPDATE ItemTable SET value = ? WHERE key = 'composer.composerData'", params: [JSON.stringify({ allComposers: [{ composerId: c1 }, { composerId: c2 }] })] }]);
    const third = await readAll(file, second.cursor);
    assert.deepEqual(prompts(third.ops), ['l1']);
  });
});
