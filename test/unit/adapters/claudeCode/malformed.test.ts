// Bad input never throws: bad lines become issues with file and line, and parsing goes on.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { claudeCodeAdapter } from '../../../../src/adapters/claudeCode/claudeCodeAdapter';
import { malformedDir, run, session, tool, transcript } from './claudeFixtures';

const mixed = join(malformedDir, 'mixed.jsonl');
const SESSION = '11111111-2222-4333-8444-555555555555';

describe('malformed lines', () => {
  const { sessions, issues } = run([transcript(mixed)]);

  it('reports each bad line once, with its kind and line number', () => {
    assert.deepEqual(
      issues.map((i) => [i.line, i.kind]),
      [
        [2, 'invalid-json'],
        [3, 'binary'],
        [4, 'invalid-json'],
        [5, 'unknown-record'],
        [6, 'missing-field'],
        [7, 'missing-field'],
        [8, 'missing-field'],
        [9, 'missing-field'],
        [10, 'missing-field'],
        [11, 'missing-field'],
        [12, 'invalid-json'],
        [13, 'invalid-json'],
        [14, 'missing-field'],
        [15, 'missing-field'],
      ],
    );
    assert.ok(issues.every((i) => i.file === mixed));
  });

  it('keeps parsing: the prompt and the steps around the garbage survive', () => {
    const s = session(sessions, SESSION);
    assert.equal(s.cwd, '/work/demo');
    assert.deepEqual(
      s.prompts.map((p) => p.text),
      ['fix the parser'],
    );
    const texts = s.prompts[0].steps.flatMap((st) => (st.type === 'text' ? [st.text] : []));
    assert.deepEqual(texts, ['no uuid here', 'Parsed fine after the garbage.']);
    // A uuid-less record still gets a stable (line-based) id.
    assert.ok(s.prompts[0].steps.some((st) => st.id === `${SESSION}:line:15:0`));
    assert.equal(tool(s.prompts[0], 'unknown').kind, 'other');
  });

  it('does not consume the truncated last line (no newline yet)', () => {
    const s = session(sessions, SESSION);
    assert.ok(!s.prompts.some((p) => p.id === 'u-last'));
    assert.ok(!issues.some((i) => i.line === 18));
  });

  it('reports a truncated JSON line fed to it as an issue instead of throwing', () => {
    const file = transcript(mixed);
    const out = claudeCodeAdapter.parseLines(file, claudeCodeAdapter.initialState(file), [
      { text: '{"type":"user","uuid":"u-last","message":{"role":"user","content":"never fin', offset: 0, lineNo: 18 },
    ]);
    assert.deepEqual(out.ops, []);
    assert.deepEqual(
      out.issues.map((i) => [i.line, i.kind]),
      [[18, 'invalid-json']],
    );
  });

  it('parses a whole document, final line included', () => {
    const file = transcript(mixed);
    const text = '{"type":"user","uuid":"u-1","sessionId":"s","message":{"role":"user","content":"hi"},"timestamp":"t"}';
    const out = claudeCodeAdapter.parseDocument(file, text);
    assert.deepEqual(out.issues, []);
    assert.ok(out.ops.some((o) => o.op === 'prompt' && o.text === 'hi'));
  });
});

describe('a 5 MB tool result line', () => {
  it('is parsed like any other line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'claude-big-'));
    const big = 'x'.repeat(5 * 1024 * 1024 - 1) + '\n';
    const records = [
      { type: 'user', uuid: 'p', sessionId: 'big', cwd: '/r', timestamp: '2026-01-01T00:00:00.000Z', message: { role: 'user', content: 'read it' } },
      {
        type: 'assistant',
        uuid: 'a',
        sessionId: 'big',
        cwd: '/r',
        timestamp: '2026-01-01T00:00:01.000Z',
        message: { role: 'assistant', model: 'm', content: [{ type: 'tool_use', id: 'toolu_big', name: 'Read', input: { file_path: '/r/big.txt' } }] },
      },
      {
        type: 'user',
        uuid: 'r',
        sessionId: 'big',
        cwd: '/r',
        timestamp: '2026-01-01T00:00:02.000Z',
        message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_big', content: big }] },
        toolUseResult: { type: 'text', file: { filePath: '/r/big.txt', content: big, numLines: 1, startLine: 1, totalLines: 1 } },
      },
    ];
    const path = join(dir, 'big.jsonl');
    writeFileSync(path, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    try {
      const { sessions, issues } = run([transcript(path)]);
      assert.deepEqual(issues, []);
      const read = tool(session(sessions, 'big').prompts[0], 'Read');
      assert.equal(read.result?.text.length, big.length);
      assert.deepEqual(read.reads, [{ path: '/r/big.txt', startLine: 1, endLine: 1 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
