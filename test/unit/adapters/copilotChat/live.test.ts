// Watching: a request VS Code appends to a session's log, an editing state written later, and a new session file in
// the storage folder reach the index without a refresh (the descriptor's watch scope, both root shapes).
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FileChange, ToolCallStep } from '../../../../src/core/model';
import type { IndexEngine } from '../../../../src/indexer/indexEngine';
import { chatEngine, layOutChatStorage } from './chatStorageFixture';

const timeout = 120_000;

/** Resolves when the index has announced a change after which `check` holds. */
function changed(engine: IndexEngine, check: () => Promise<boolean>): Promise<void> {
  return new Promise<void>((resolve) => {
    const sub = engine.onDidChange(() => {
      void check().then((ok) => {
        if (ok) {
          sub.dispose();
          resolve();
        }
      });
    });
  });
}

for (const shape of ['User folder', 'storage folder'] as const) {
  test(`live (${shape} as root): an appended request, a new session file`, { timeout }, async () => {
    const s = layOutChatStorage();
    const engine = await chatEngine(s, [shape === 'User folder' ? s.user : s.ws]);
    try {
      await engine.watch();
      const prompts = async (id: string): Promise<string[]> => {
        const key = (await engine.listSessions()).find((x) => x.id === id)?.key;
        return key === undefined ? [] : ((await engine.sessionDetail(key))?.prompts.map((p) => p.text) ?? []);
      };
      const pushed = changed(engine, async () => (await prompts('sess-log')).includes('Add a test for hello'));
      appendFileSync(
        join(s.ws, 'chatSessions', 'sess-log.jsonl'),
        `${JSON.stringify({ kind: 2, k: ['requests'], v: [{ requestId: 'request_live', timestamp: 1770580900000, message: { text: 'Add a test for hello' }, response: [{ value: 'Added.' }] }] })}\n`,
      );
      await pushed;
      assert.deepEqual(await prompts('sess-log'), ['Create docs/notes.md describing the helpers', 'Rename greet to hello', 'Add a test for hello']);
      const created = changed(engine, async () => (await prompts('sess-new')).length === 1);
      mkdirSync(join(s.ws, 'chatSessions'), { recursive: true });
      writeFileSync(join(s.ws, 'chatSessions', 'sess-new.json'), JSON.stringify({ version: 3, sessionId: 'sess-new', creationDate: 1770581000000, requests: [{ requestId: 'request_n1', timestamp: 1770581000000, message: { text: 'A new chat' }, response: [] }] }));
      await created;
      assert.deepEqual(await prompts('sess-new'), ['A new chat']);
    } finally {
      await engine.dispose();
    }
  });
}

test('an editing state written after the session: the session is read again with it, the edit gets its contents', { timeout }, async () => {
  const s = layOutChatStorage();
  const state = join(s.ws, 'chatEditingSessions', 'sess-json', 'state.json');
  const saved = readFileSync(state, 'utf8');
  rmSync(state);
  const engine = await chatEngine(s);
  try {
    const editOf = async (): Promise<FileChange | undefined> => {
      const key = (await engine.listSessions()).find((x) => x.id === 'sess-json')?.key ?? '';
      const step = (await engine.sessionDetail(key))?.prompts[0].steps.find((x): x is ToolCallStep => x.type === 'tool');
      return step?.fileChanges[0];
    };
    assert.deepEqual(await editOf(), { path: `${s.project}/src/app.ts`, op: 'update' }, 'without the editing session: the path only');
    await engine.watch();
    const read = changed(engine, async () => (await editOf())?.before !== undefined);
    writeFileSync(state, saved);
    await read;
    assert.equal((await editOf())?.before, "export function main(): void {\n  console.log('start');\n}\n");
  } finally {
    await engine.dispose();
  }
});
