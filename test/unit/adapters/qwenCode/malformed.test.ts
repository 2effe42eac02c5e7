// Bad input never throws: every bad line becomes one counted issue with its line number, and parsing goes on.
// test/fixtures/malformed/qwen-code/malformed-lines.jsonl is hand-written (minimal reproductions, one per line).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { qwenCodeAdapter } from '../../../../src/adapters/qwenCode/qwenCodeAdapter';
import type { ToolCallStep } from '../../../../src/core/model';
import { runAdapter } from '../../helpers/parseWithAdapter';
import { transcriptFile } from './qwenFixtures';

const file = transcriptFile(join(process.cwd(), 'test/fixtures/malformed/qwen-code/malformed-lines.jsonl'));

test('malformed lines: one issue per bad line, the good records around them still parsed', () => {
  const { sessions, issues } = runAdapter(qwenCodeAdapter, [file]);
  assert.deepEqual(
    issues.map((i) => [i.line, i.kind]),
    [
      [2, 'invalid-json'], // a record cut short
      [3, 'binary'],
      [4, 'invalid-json'], // not an object
      [5, 'unknown-record'], // unknown type
      [6, 'unknown-record'], // unknown system subtype
      [7, 'missing-field'], // no type
      [8, 'missing-field'], // assistant without message
      [9, 'missing-field'], // functionCall without id
      [10, 'missing-field'], // tool_result without functionResponse
      [12, 'missing-field'], // rewind to a record that starts no prompt
      [14, 'missing-field'], // backups of a prompt this file does not show
    ],
  );
  assert.ok(issues.every((i) => i.file === file.path && i.message.length > 0));
  assert.equal(sessions.length, 1);
  const [s] = sessions;
  assert.deepEqual([s.id, s.cwd, s.cliVersion, s.models], ['5f0c3f52-0000-4000-8000-000000000001', '/w/project', '0.24.4', ['qwen3-coder-plus']]);
  // The last line has no newline yet (a write in progress): not read, so no prompt from it.
  assert.deepEqual(
    s.prompts.map((p) => p.text),
    ['fix the bug'],
  );
  const steps = s.prompts[0].steps;
  assert.deepEqual(
    steps.map((st) => [st.type, st.type === 'tool' ? st.name : st.text]),
    [
      ['text', 'Looking.'],
      ['tool', 'read_file'],
      ['tool', 'run_shell_command'],
      ['text', 'Done.'],
    ],
  );
  // A result whose call was never seen still makes its step, with what the result says.
  const shell = steps[2] as ToolCallStep;
  assert.deepEqual([shell.id, shell.kind, shell.command?.command, shell.command?.exitCode], ['call_never_seen', 'shell', 'ls', 0]);
});

test('a line that parses into nothing known, or a record shape nobody foresaw, never throws', () => {
  const odd = [
    '{"type":"user","message":{"parts":"not an array"}}',
    '{"type":"assistant","message":{"parts":[null,7,{"functionCall":"x"},{"text":{"nested":true}}]}}',
    '{"type":"tool_result","message":{"parts":[{"functionResponse":{"id":5}}]},"toolCallResult":[]}',
    '{"type":"system","subtype":"file_history_snapshot","systemPayload":{"snapshots":[null,{"promptId":"p","trackedFileBackups":{"x":7}}]}}',
    '{"type":"system","subtype":"custom_title","systemPayload":{}}',
    '{"type":"system"}',
    '"just a string"',
    'null',
  ];
  const lines = odd.map((text, i) => ({ text, offset: i * 200, lineNo: i + 1 }));
  const out = qwenCodeAdapter.parseLines(file, qwenCodeAdapter.initialState(file), lines);
  // Every line is reported (the assistant record's odd parts are skipped; it lacks its uuid).
  assert.deepEqual(
    [...new Set(out.issues.map((i) => i.line))],
    [1, 2, 3, 4, 5, 6, 7, 8],
  );
  assert.ok(JSON.parse(JSON.stringify(out.state)));
});
