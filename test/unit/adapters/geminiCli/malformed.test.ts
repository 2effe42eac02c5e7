// Bad input never throws: every bad line becomes one issue with its line number, and parsing goes on.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { geminiCliAdapter } from '../../../../src/adapters/geminiCli/geminiCliAdapter';
import type { TranscriptLine } from '../../../../src/adapters/adapter';
import { runAdapter } from '../../helpers/parseWithAdapter';
import { appendFile, fixturesRoot } from './recordedFixtures';

const malformed = path.join(fixturesRoot, 'malformed/gemini-cli');
const dir = mkdtempSync(path.join(tmpdir(), 'gemini-malformed-'));

test('malformed lines: one issue per bad line, the good records around them still parsed', () => {
  const file = appendFile(path.join(malformed, 'malformed-lines.jsonl'), '/w/project');
  const { sessions, issues } = runAdapter(geminiCliAdapter, [file]);
  assert.deepEqual(
    issues.map((i) => [i.line, i.kind]),
    [
      [3, 'invalid-json'],
      [4, 'binary'],
      [5, 'binary'],
      [6, 'unknown-record'],
      [7, 'unknown-record'],
      [8, 'missing-field'],
      [9, 'unknown-record'],
      [10, 'missing-field'],
      [11, 'missing-field'],
      [11, 'missing-field'],
      [11, 'missing-field'],
      [12, 'unknown-record'],
      [13, 'unknown-record'],
      [14, 'unknown-record'],
      [16, 'unknown-record'],
    ],
  );
  assert.ok(issues.every((i) => i.file === file.path && i.message.length > 0));
  assert.equal(sessions.length, 1);
  const s = sessions[0];
  assert.equal(s.id, 'malformed-0001');
  assert.deepEqual(s.prompts.map((p) => p.text), ['first prompt', 'second prompt'], 'the unterminated last line is not consumed');
  assert.deepEqual(
    s.prompts.map((p) => p.steps.map((st) => [st.id, st.type])),
    [
      [
        ['g2:text', 'text'],
        ['t1', 'tool'],
      ],
      [['g3:text', 'text']],
    ],
  );
  const t1 = s.prompts[0].steps[1];
  assert.ok(t1.type === 'tool');
  assert.equal(t1.input, 'not an object');
  assert.equal(t1.command, undefined, 'no command without a command argument');
  const g3 = s.prompts[1].steps[0];
  assert.equal(g3.type === 'text' && g3.text, 'single part object, no timestamp');
  assert.equal(g3.timestamp, '2026-01-01T00:00:06.000Z', 'a record without timestamp takes the last one seen');
});

test('malformed lines: same result in any chunking', () => {
  const file = appendFile(path.join(malformed, 'malformed-lines.jsonl'));
  const one = runAdapter(geminiCliAdapter, [file]);
  for (const chunks of [2, 5, 100]) {
    const n = runAdapter(geminiCliAdapter, [file], { chunks });
    assert.deepEqual(n.sessions, one.sessions);
    assert.deepEqual(n.issues, one.issues);
  }
});

test('a 5 MB line parses; a 5 MB broken line is one issue', () => {
  const big = 'x'.repeat(5 * 1024 * 1024);
  const lines = [
    { sessionId: 'big-1', projectHash: 'h', startTime: '2026-01-01T00:00:00.000Z', lastUpdated: '2026-01-01T00:00:00.000Z', kind: 'main' },
    { id: 'u1', timestamp: '2026-01-01T00:00:01.000Z', type: 'user', content: [{ text: 'read the big file' }] },
    {
      id: 'g1',
      timestamp: '2026-01-01T00:00:02.000Z',
      type: 'gemini',
      content: '',
      toolCalls: [
        {
          id: 'r1',
          name: 'read_file',
          args: { file_path: 'big.txt' },
          status: 'success',
          timestamp: '2026-01-01T00:00:03.000Z',
          result: [{ functionResponse: { id: 'r1', name: 'read_file', response: { output: big } } }],
        },
      ],
    },
  ].map((l) => JSON.stringify(l));
  lines.push(`{"id":"g2","type":"gemini","content":"${big}`);
  lines.push(JSON.stringify({ id: 'u2', timestamp: '2026-01-01T00:00:04.000Z', type: 'user', content: 'after the big lines' }));
  const p = path.join(dir, 'big.jsonl');
  writeFileSync(p, lines.join('\n') + '\n');
  const { sessions, issues } = runAdapter(geminiCliAdapter, [appendFile(p, '/w/p')], { chunks: 3 });
  assert.deepEqual(
    issues.map((i) => [i.line, i.kind]),
    [[4, 'invalid-json']],
  );
  const [read] = sessions[0].prompts[0].steps;
  assert.ok(read.type === 'tool');
  assert.equal(read.result?.text.length, big.length);
  assert.deepEqual(read.reads, [{ path: '/w/p/big.txt' }], 'relative paths resolve against the project root');
  assert.equal(sessions[0].prompts[1].text, 'after the big lines');
});

test('legacy .json cut off mid-rewrite: an issue, no ops, no throw', () => {
  const p = path.join(malformed, 'legacy-cut-off-mid-rewrite.json');
  const out = geminiCliAdapter.parseDocument({ agent: 'gemini-cli', path: p, mode: 'whole' }, readFileSync(p, 'utf8'));
  assert.deepEqual(out.ops, []);
  assert.deepEqual(
    out.issues.map((i) => [i.kind, i.file]),
    [['invalid-json', p]],
  );
  assert.match(out.issues[0].message, /not valid JSON/);
});

test('whole documents that are not sessions: binary, a JSON array, an empty file', () => {
  const file = { agent: 'gemini-cli' as const, path: '/x/session-a.json', mode: 'whole' as const };
  assert.deepEqual(geminiCliAdapter.parseDocument(file, '\u0000\u0001PK\u0003\u0004garbage').issues.map((i) => i.kind), ['binary']);
  assert.deepEqual(geminiCliAdapter.parseDocument(file, '[1,2]').issues.map((i) => i.kind), ['unknown-record']);
  assert.deepEqual(geminiCliAdapter.parseDocument(file, '').issues.map((i) => i.kind), ['invalid-json']);
  const noMessages = geminiCliAdapter.parseDocument(file, JSON.stringify({ sessionId: 's', projectHash: 'h', startTime: '2026-01-01T00:00:00.000Z' }));
  assert.deepEqual(noMessages.issues.map((i) => i.kind), ['missing-field']);
  assert.deepEqual(noMessages.ops.map((o) => o.op), ['session']);
});

test('wrong types in every field never throw', () => {
  const junk: unknown[] = [0, -1, 1.5, true, null, '', 'x', [], [null], {}, { text: 5 }, [{ functionResponse: null }], { $rewindTo: 3 }];
  const keys = ['id', 'type', 'content', 'displayContent', 'toolCalls', 'thoughts', 'timestamp', 'model', '$set', '$rewindTo', 'sessionId', 'messages'];
  const lines: TranscriptLine[] = [];
  let n = 0;
  const push = (value: unknown): void => {
    n++;
    lines.push({ text: JSON.stringify(value), offset: n * 100, lineNo: n });
  };
  push({ sessionId: 'junk', projectHash: 'h' });
  for (const key of keys) {
    for (const value of junk) {
      push({ id: `m${n}`, type: 'user', content: 'ok', [key]: value });
      push({ id: `m${n}`, type: 'gemini', content: 'ok', toolCalls: [{ id: `c${n}`, name: 'run_shell_command', [key]: value, args: { [key]: value } }] });
      push({ id: `m${n}`, type: 'gemini', toolCalls: [{ id: `w${n}`, name: 'write_file', status: 'success', resultDisplay: { [key]: value, newContent: value, filePath: value } }] });
      push({ $set: { [key]: value } });
      push({ [key]: value });
    }
  }
  const file = appendFile('/x/junk.jsonl', '/w');
  const state = geminiCliAdapter.initialState(file);
  assert.doesNotThrow(() => geminiCliAdapter.parseLines(file, state, lines));
  assert.doesNotThrow(() => geminiCliAdapter.parseDocument({ ...file, mode: 'whole' }, JSON.stringify({ sessionId: 5, messages: lines.map((l) => JSON.parse(l.text) as unknown) })));
});
