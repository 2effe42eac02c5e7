// Broken input never throws: each bad line becomes one issue with its line number and parsing goes on.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { TranscriptFile, TranscriptLine } from '../../../../src/adapters/adapter';
import { codexAdapter } from '../../../../src/adapters/codex/codexAdapter';
import type { ToolCallStep } from '../../../../src/core/model';
import { runAdapter } from '../../helpers/parseWithAdapter';

const dir = join(process.cwd(), 'test/fixtures/malformed/codex');
const scratch = mkdtempSync(join(tmpdir(), 'codex-malformed-'));

function file(path: string): TranscriptFile {
  return { agent: 'codex', path, mode: 'append' };
}

describe('malformed rollouts', () => {
  it('reports each bad line once, by kind and line, and keeps the good ones', () => {
    const run = runAdapter(codexAdapter, [file(join(dir, 'malformed-lines.jsonl'))]);
    assert.deepEqual(
      run.issues.map((i) => [i.line, i.kind]),
      [
        [2, 'invalid-json'],
        [3, 'invalid-json'],
        [5, 'unknown-record'],
        [6, 'unknown-record'],
        [7, 'unknown-record'],
        [8, 'unknown-record'],
        [9, 'missing-field'],
        [10, 'missing-field'],
        [11, 'missing-field'],
        [13, 'missing-field'],
        [18, 'missing-field'],
      ],
    );
    assert.ok(run.issues.every((i) => i.file.endsWith('malformed-lines.jsonl') && i.message.length > 0));
    assert.equal(run.sessions.length, 1);
    const s = run.sessions[0];
    assert.equal(s.id, '019c0000-2000-7000-8000-00000000000a');
    assert.equal(s.cwd, '/work/repo', 'a cwd of the wrong type is ignored');
    assert.deepEqual(
      s.prompts.map((p) => p.text),
      ['first prompt', 'second prompt'],
    );
    const steps = s.prompts.flatMap((p) => p.steps);
    assert.deepEqual(
      steps.map((st) => st.type === 'text' ? st.text : st.id),
      ['just a string', 'call_bad_args', 'p1', 'still parsing'],
    );
    const badArgs = steps[1] as ToolCallStep;
    assert.equal(badArgs.input, '{"cmd": "ls", trunc', 'unparsable arguments are kept raw');
    assert.equal(badArgs.result?.text, '{"unexpected":true}');
    const badPatch = steps[2] as ToolCallStep;
    assert.deepEqual(badPatch.fileChanges, [], 'neither the invalid patch nor unknown change types invent changes');
  });

  it('survives binary garbage', () => {
    const run = runAdapter(codexAdapter, [file(join(dir, 'binary-garbage.jsonl'))], { chunks: 5 });
    assert.ok(run.issues.length > 0);
    assert.ok(run.issues.every((i) => i.kind === 'binary' || i.kind === 'invalid-json' || i.kind === 'unknown-record'));
    assert.ok(run.issues.some((i) => i.kind === 'binary'));
    assert.ok(run.sessions.every((s) => s.prompts.length === 0));
  });

  it('parses a 5 MB output line and keeps the whole output', () => {
    const big = 'x'.repeat(5 * 1024 * 1024);
    const records = [
      { timestamp: '2026-03-01T10:00:00.000Z', type: 'session_meta', payload: { id: '019c0000-3000-7000-8000-00000000000b', cwd: '/work/repo' } },
      { timestamp: '2026-03-01T10:00:01.000Z', type: 'event_msg', payload: { type: 'user_message', message: 'dump it' } },
      { timestamp: '2026-03-01T10:00:02.000Z', type: 'response_item', payload: { type: 'function_call', name: 'exec_command', arguments: '{"cmd":"cat big"}', call_id: 'c1' } },
      {
        timestamp: '2026-03-01T10:00:03.000Z',
        type: 'response_item',
        payload: { type: 'function_call_output', call_id: 'c1', output: `Chunk ID: a\nWall time: 1.0000 seconds\nProcess exited with code 0\nOriginal token count: 1\nOutput:\n${big}` },
      },
    ];
    const path = join(scratch, 'big.jsonl');
    writeFileSync(path, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const run = runAdapter(codexAdapter, [file(path)]);
    assert.deepEqual(run.issues, []);
    const step = run.sessions[0].prompts[0].steps[0] as ToolCallStep;
    assert.equal(step.command?.output.length, big.length);
    assert.equal(step.command?.exitCode, 0);
    assert.equal(step.durationMs, 1000);
  });

  it('never throws on odd calls and keeps its state small', () => {
    const f = file(join(scratch, 'odd.jsonl'));
    const lines: TranscriptLine[] = [];
    let offset = 0;
    const push = (text: string): void => {
      lines.push({ text, offset, lineNo: lines.length + 1 });
      offset += Buffer.byteLength(text) + 1;
    };
    push(JSON.stringify({ type: 'session_meta', payload: { id: '019c0000-4000-7000-8000-00000000000c' } }));
    for (let i = 0; i < 2000; i++) {
      push(JSON.stringify({ type: 'response_item', payload: { type: 'function_call', name: 'exec_command', arguments: `{"cmd":"echo ${i}"}`, call_id: `c${i}` } }));
    }
    push('\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD');
    push(JSON.stringify({ type: 'event_msg', payload: null }));
    push(JSON.stringify({ type: 'event_msg', payload: { type: 'item_completed', item: { type: 'CommandExecution' } } }));
    push(JSON.stringify({ type: 'event_msg', payload: { type: 'exec_command_end', call_id: 'c1999', command: 'not-an-array', exit_code: 'zero' } }));
    const out = codexAdapter.parseLines(f, codexAdapter.initialState(f), lines);
    assert.ok(JSON.stringify(out.state).length < 100_000, 'bounded state');
    assert.deepEqual(
      out.issues.map((i) => [i.line, i.kind]),
      [
        [2002, 'binary'],
        [2003, 'missing-field'],
        [2004, 'missing-field'],
      ],
    );
    const last = out.ops.filter((o) => o.op === 'step').pop();
    assert.ok(last && last.op === 'step');
    assert.deepEqual(last.step.command, { command: 'echo 1999', exitCode: null, output: '' });

    const doc = codexAdapter.parseDocument({ ...f, mode: 'whole' }, '{"items": "nope"} trailing');
    assert.equal(doc.ops.length, 0, 'read as one (invalid) JSONL line: no records');
    assert.equal(doc.issues[0]?.kind, 'invalid-json');
  });
});
