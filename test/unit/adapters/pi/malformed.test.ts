// Bad input never throws and never stops the file: each bad line is one counted issue with its line number, the good
// entries around it are still read, and an unterminated last line waits (the indexer does not hand it over).
// Hand-written input (test/fixtures/malformed/pi/), as Pi itself never writes these.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { piAdapter } from '../../../../src/adapters/pi/piAdapter';
import type { ToolCallStep } from '../../../../src/core/model';
import { runAdapter } from '../../helpers/parseWithAdapter';
import { appendFile, piRuns } from './recordedFixtures';

const malformed = join(process.cwd(), 'test/fixtures/malformed/pi/malformed-entries.jsonl');
const dir = mkdtempSync(join(tmpdir(), 'pi-malformed-'));

test('malformed entries: one issue per bad line or block, the rest parsed', () => {
  const { sessions, issues } = runAdapter(piAdapter, [appendFile(malformed)], { chunks: 4 });
  assert.deepEqual(
    issues.map((i) => [i.line, i.kind]),
    [
      [3, 'invalid-json'],
      [5, 'unknown-record'], // type "future_entry"
      [6, 'missing-field'], // no type
      [7, 'missing-field'], // message without message
      [8, 'unknown-record'], // role "oracle"
      [9, 'unknown-record'], // block "hologram"
      [9, 'unknown-record'], // block 7
      [9, 'missing-field'], // tool call without id
      [10, 'missing-field'], // result of an unknown call
      [12, 'unknown-record'], // an array
      [13, 'binary'],
    ],
  );
  assert.ok(issues.every((i) => i.file === malformed && i.message.length > 0));
  assert.equal(sessions.length, 1);
  const s = sessions[0];
  assert.equal(s.cwd, '/w/project');
  assert.deepEqual(
    s.prompts.map((p) => p.text),
    ['second prompt'],
    'the invalid first prompt is lost alone; the unterminated last line is not consumed',
  );
  const steps = s.prompts[0].steps;
  assert.deepEqual(
    steps.map((st) => st.id),
    ['e0000008:0', 'call-1'],
  );
  const make = steps[1] as ToolCallStep;
  assert.deepEqual(make.command, { command: 'make', cwd: '/w/project', exitCode: null, output: '' }, 'a timeout has no exit code');
  assert.equal(make.result?.isError, true);
});

test('a file without its header: counted, the session id taken from the file name, its entries still read', () => {
  const path = join(dir, '2026-01-01T00-00-00-000Z_01a23cfa-0000-7000-8000-00000000abcd.jsonl');
  const [run] = piRuns('pi-notes-cli-v0.73.1');
  writeFileSync(path, readFileSync(run.file, 'utf8').split('\n').slice(1).join('\n'));
  const { sessions, issues } = runAdapter(piAdapter, [appendFile(path)]);
  assert.equal(sessions.length, 1);
  assert.equal(sessions[0].id, '01a23cfa-0000-7000-8000-00000000abcd');
  assert.equal(sessions[0].prompts.length, 3);
  assert.deepEqual(
    issues.map((i) => [i.line, i.kind]),
    [[1, 'missing-field']],
    'reported once',
  );
});
