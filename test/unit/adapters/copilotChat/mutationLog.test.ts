// The chat session mutation log replayed as VS Code's ObjectMutationLog reads it, and what it does with bad input:
// a bad line, an unknown kind or a path into nothing is an issue and is skipped (VS Code would lose the session).
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { chatSessionValue } from '../../../../src/adapters/copilotChat/copilotChatAdapter';
import { copilotChatAdapter } from '../../../../src/adapters/copilotChat/copilotChatAdapter';
import { isTruncationMarker, replayMutationLog } from '../../../../src/adapters/copilotChat/mutationLog';
import { documentLines } from '../../../../src/adapters/documentLines';
import type { ParseIssue } from '../../../../src/core/ops';
import { runAdapter } from '../../helpers/parseWithAdapter';
import { chatEngine, layOutChatStorage } from './chatStorageFixture';

const log = (...entries: unknown[]): string => entries.map((e) => `${JSON.stringify(e)}\n`).join('');

function replay(text: string): { value: unknown; issues: ParseIssue[] } {
  const issues: ParseIssue[] = [];
  return { value: replayMutationLog('/x.jsonl', documentLines(text), issues).value, issues };
}

test('set, push, push with i (cut first), delete and a later Initial replace as in VS Code', () => {
  const { value, issues } = replay(
    log(
      { kind: 0, v: { a: { b: 1 }, list: [1, 2, 3], t: 'x' } },
      { kind: 1, k: ['a', 'b'], v: 2 },
      { kind: 2, k: ['list'], v: [4] },
      { kind: 2, k: ['list'], v: [9], i: 1 },
      { kind: 2, k: ['list'], i: 1 },
      { kind: 2, k: ['fresh'], v: ['new'] },
      { kind: 3, k: ['t'] },
      { kind: 1, k: [], v: 'ignored: the root stays' },
    ),
  );
  assert.deepEqual(issues, []);
  assert.deepEqual(value, { a: { b: 2 }, list: [1], fresh: ['new'] });
  assert.deepEqual(replay(log({ kind: 0, v: { n: 1 } }, { kind: 1, k: ['n'], v: 2 }, { kind: 0, v: { n: 7 } })).value, { n: 7 });
});

test('bad lines, unknown kinds, paths into nothing and entries before the Initial one are issues, the rest is read', () => {
  const text =
    '{"kind":1,"k":["x"],"v":1}\n' +
    log({ kind: 0, v: { requests: [] } }) +
    '{"kind":2,"k":["requests"],"v":[{"requestId":"r1"\n' +
    log({ kind: 7, k: ['requests'] }, { kind: 1, k: ['requests', 5, 'response'], v: [] }, { kind: 1, k: ['inputState', 'inputText'], v: 'x' }, { kind: 2, k: ['requests'], v: [{ requestId: 'r2' }] }, { kind: 1, k: 'notapath', v: 1 });
  const { value, issues } = replay(text);
  assert.deepEqual(value, { requests: [{ requestId: 'r2' }] });
  assert.deepEqual(
    issues.map((i) => [i.kind, i.line]),
    [
      ['missing-field', 1],
      ['invalid-json', 3],
      ['unknown-record', 4],
      ['unknown-record', 5],
      ['unknown-record', 6],
      ['missing-field', 8],
    ],
  );
});

test('a last line without its newline is a write in progress: reported, not replayed', () => {
  const issues: ParseIssue[] = [];
  const text = log({ kind: 0, v: { requests: [] } }) + '{"kind":2,"k":["requests"],"v":[{"requestId":"r1"}]}';
  assert.deepEqual(chatSessionValue('/ws/chatSessions/s.jsonl', text, issues), { requests: [] });
  assert.deepEqual(issues.map((i) => i.kind), ['partial-line']);
});

test('truncated-for-persistence markers are not content', () => {
  assert.equal(isTruncationMarker('[VS Code: value truncated for persistence; original 2000000 chars]'), true);
  assert.equal(isTruncationMarker('[JustRide: value truncated for persistence; entry exceeded size budget]'), true);
  assert.equal(isTruncationMarker('a prompt that talks about [VS Code: value truncated for persistence'), false);
  const dir = mkdtempSync(join(tmpdir(), 'ad-chat-marker-'));
  mkdirSync(join(dir, 'chatSessions'));
  const file = join(dir, 'chatSessions', 's1.json');
  writeFileSync(
    file,
    JSON.stringify({
      version: 3,
      sessionId: 's1',
      requests: [{ requestId: 'r1', timestamp: 1, message: { text: '[VS Code: value truncated for persistence; original 9 chars]' }, response: [{ value: '[VS Code: value truncated for persistence; entry exceeded size budget]' }] }],
    }),
  );
  const run = runAdapter(copilotChatAdapter, [{ agent: 'copilot-chat', path: file, mode: 'whole' }]);
  assert.equal(run.sessions[0].prompts[0].text, '(prompt text not recorded)');
  assert.deepEqual(run.sessions[0].prompts[0].steps, []);
});

test('bad JSON of a flat session and an unknown response part kind are issues, never a crash', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ad-chat-bad-'));
  mkdirSync(join(dir, 'chatSessions'));
  const bad = join(dir, 'chatSessions', 'bad.json');
  writeFileSync(bad, '{"version":3,"sessionId":"bad","requests":[');
  const odd = join(dir, 'chatSessions', 'odd.json');
  writeFileSync(odd, JSON.stringify({ version: 3, sessionId: 'odd', requests: [{ requestId: 'r1', timestamp: 1, message: { text: 'hi' }, response: [{ kind: 'somethingNew' }, { kind: 'somethingNew' }, { value: 'hello' }] }] }));
  const run = runAdapter(copilotChatAdapter, [
    { agent: 'copilot-chat', path: bad, mode: 'whole' },
    { agent: 'copilot-chat', path: odd, mode: 'whole' },
  ]);
  assert.deepEqual(run.issues.map((i) => [i.kind, i.file]), [
    ['invalid-json', bad],
    ['unknown-record', odd],
  ]);
  assert.deepEqual(run.sessions.map((s) => [s.id, s.prompts.map((p) => p.text)]), [['odd', ['hi']]]);
});

test('a log VS Code compacted into one Initial line is read again from its start (also when it grew)', async () => {
  const s = layOutChatStorage();
  const engine = await chatEngine(s);
  const file = join(s.ws, 'chatSessions', 'sess-log.jsonl');
  try {
    const prompts = async (): Promise<string[]> => {
      const key = (await engine.listSessions()).find((x) => x.id === 'sess-log')?.key ?? '';
      return (await engine.sessionDetail(key))?.prompts.map((p) => p.text) ?? [];
    };
    assert.deepEqual(await prompts(), ['Create docs/notes.md describing the helpers', 'Rename greet to hello']);
    // The compaction: one Initial entry with the state VS Code holds now (the first request removed, one added), padded
    // so the file does not shrink; its first kilobyte may even equal the old one's.
    const state = {
      version: 3,
      sessionId: 'sess-log',
      creationDate: 1770580390000,
      requests: [
        { requestId: 'request_d2', timestamp: 1770580600000, message: { text: 'Rename greet to hello' }, response: [{ value: 'Renamed.' }] },
        { requestId: 'request_e3', timestamp: 1770580700000, message: { text: 'x'.repeat(20000) }, response: [] },
      ],
    };
    writeFileSync(file, log({ kind: 0, v: state }));
    await engine.refresh();
    assert.deepEqual(await prompts(), ['Rename greet to hello', 'x'.repeat(20000)]);
    appendFileSync(file, log({ kind: 1, k: ['requests', 1, 'message', 'text'], v: 'Add a test' }));
    await engine.refresh();
    assert.deepEqual(await prompts(), ['Rename greet to hello', 'Add a test']);
  } finally {
    await engine.dispose();
  }
});
