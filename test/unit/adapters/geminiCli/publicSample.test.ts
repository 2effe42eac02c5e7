// The public git-ai sample: JSONL era but without the metadata first line, tool calls without status or results.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import path from 'node:path';
import { geminiCliAdapter } from '../../../../src/adapters/geminiCli/geminiCliAdapter';
import { runAdapter } from '../../helpers/parseWithAdapter';
import { appendFile, fixturesRoot } from './recordedFixtures';

const sample = path.join(fixturesRoot, 'public/gemini-cli/gitai-gemini-session-simple.jsonl');

test('public sample: a session id derived from the file name when there is no metadata line', () => {
  const { sessions, issues, ops } = runAdapter(geminiCliAdapter, [appendFile(sample)]);
  assert.deepEqual(issues, []);
  assert.equal(sessions.length, 1);
  assert.equal(sessions[0].id, 'gitai-gemini-session-simple');
  assert.equal(ops[0].op, 'session', 'the session is announced before its first prompt');
  assert.equal(sessions[0].cwd, '', 'no cwd recorded and none hinted');
  assert.deepEqual(sessions[0].models, ['gemini-2.5-flash']);
  assert.equal(sessions[0].startedAt, '2025-12-06T18:25:18.042Z');
  assert.equal(sessions[0].updatedAt, '2025-12-06T18:27:49.199Z');
});

test('public sample: one prompt with the typed text and every assistant turn as steps', () => {
  const s = runAdapter(geminiCliAdapter, [appendFile(sample)]).sessions[0];
  assert.equal(s.prompts.length, 1);
  const p = s.prompts[0];
  assert.equal(p.id, '38b36361-d235-4a69-b8f5-8b7d9de94935');
  assert.equal(p.text, 'add another hello bob console log to @index.ts');
  assert.equal(p.timestamp, '2025-12-06T18:25:18.042Z');
  assert.deepEqual(
    p.steps.map((st) => [st.id, st.type, st.type === 'tool' ? `${st.name}/${st.kind}` : st.text]),
    [
      ['c3da0aac-828a-4b14-b950-4635a726d85b:text', 'text', "I will add console.log('hello bob') to the index.ts file."],
      ['replace-1', 'tool', 'replace/edit'],
      ['3e32e208-6053-4d39-97ba-38036f97011e:text', 'text', 'Reading the file for context.'],
      ['read_file-1', 'tool', 'read_file/read'],
      ['ed875c37-07b5-4029-a48c-2199378ec906:text', 'text', 'Retrying with more context.'],
      ['replace-2', 'tool', 'replace/edit'],
      ['a0b3ccc6-f2c9-40f8-9b18-ee69468472f4:text', 'text', 'Verifying changes.'],
      ['read_file-2', 'tool', 'read_file/read'],
      ['3fc72b76-f438-469b-9220-2dddf7cc733d:text', 'text', 'Task complete.'],
    ],
  );
});

test('public sample: calls without a status or result record no result and no invented file change', () => {
  const s = runAdapter(geminiCliAdapter, [appendFile(sample)]).sessions[0];
  const toolSteps = s.prompts[0].steps.filter((st) => st.type === 'tool');
  for (const st of toolSteps) {
    assert.equal(st.type === 'tool' && st.result, undefined);
    assert.deepEqual(st.type === 'tool' && st.fileChanges, []);
  }
  const replace2 = toolSteps.find((st) => st.id === 'replace-2');
  assert.deepEqual(replace2?.type === 'tool' && replace2.input, {
    old_string: "console.log('hello world');\nconsole.log('hello world');",
    new_string: "console.log('hello world');\nconsole.log('hello bob');",
    file_path: '/Users/svarlamov/projects/testing-git/index.ts',
  });
  const read = toolSteps.find((st) => st.id === 'read_file-2');
  assert.deepEqual(read?.type === 'tool' && read.reads, [{ path: '/Users/svarlamov/projects/testing-git/index.ts' }]);
  const text = s.prompts[0].steps.find((st) => st.type === 'text');
  assert.equal(text?.type === 'text' && text.model, 'gemini-2.5-flash');
});

test('public sample: a cwd hint from discovery becomes the session cwd; chunking changes nothing', () => {
  const hinted = appendFile(sample, '/Users/svarlamov/projects/testing-git');
  const one = runAdapter(geminiCliAdapter, [hinted]);
  assert.equal(one.sessions[0].cwd, '/Users/svarlamov/projects/testing-git');
  for (const chunks of [2, 3, 7]) {
    assert.deepEqual(runAdapter(geminiCliAdapter, [hinted], { chunks }).sessions, one.sessions);
  }
});
