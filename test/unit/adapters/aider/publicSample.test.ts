// Golden test on the real `.aider.chat.history.md` of aider's author (aider 0.47.2-dev, trimmed to its first 14
// sessions: test/fixtures/public/SOURCES.md). Its repository is not here: the commits it names are not read (the
// history's folder does not exist), everything else is what the file says.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { aiderAdapter } from '../../../../src/adapters/aider/aiderAdapter';
import { localTime } from '../../../../src/adapters/aider/localTime';
import type { ToolCallStep } from '../../../../src/core/model';
import { runAdapter } from '../../helpers/parseWithAdapter';

const path = join(process.cwd(), 'test/fixtures/public/aider/aider-tests-chat-history-TRIMMED.md');
const file = { agent: 'aider' as const, path, mode: 'append' as const, cwdHint: '/nonexistent/Users/gauthier/Projects/aider' };

test('aider public sample: 14 sessions by heading, their prompts, replies and SEARCH/REPLACE blocks', () => {
  const run = runAdapter(aiderAdapter, [file]);
  assert.deepEqual(run.issues, []);
  assert.deepEqual(runAdapter(aiderAdapter, [file], { chunks: 9 }).sessions, run.sessions, 'fed in pieces, the same');
  const headings = [...readFileSync(path, 'utf8').matchAll(/^# aider chat started at (.*)$/gm)].map((m) => localTime(m[1]));
  assert.deepEqual(
    run.sessions.map((s) => [s.startedAt, s.prompts.length]),
    headings.map((h, i) => [h, [0, 3, 2, 0, 1, 0, 0, 0, 0, 0, 0, 20, 22, 0][i]]),
  );
  const [, spinner, hi] = run.sessions;
  assert.deepEqual([spinner.models, spinner.cliVersion], [['claude-3-5-sonnet-20240620'], '0.47.2-dev']);
  assert.deepEqual(hi.models, ['gpt-4o-mini'], '"Model: gpt-4o-mini with whole edit format"');
  assert.deepEqual(
    spinner.prompts.map((p) => p.text),
    ['Use the Spinner instead of the inlined custom spinner', '/diff', '/ex'],
  );
  // No prompt has its own time: each is its session's start.
  assert.ok(run.sessions.every((s) => s.prompts.every((p) => p.timestamp === s.startedAt)));
  const [reply, edit] = spinner.prompts[0].steps;
  assert.equal(reply.type, 'text');
  assert.match(reply.type === 'text' ? reply.text : '', /^Certainly! I'll modify the `run_install` function[\s\S]*consistent spinner behavior across the application\.$/);
  const e = edit as ToolCallStep;
  assert.equal(e.name, 'SEARCH/REPLACE');
  const input = e.input as { file_path: string; search: string; replace: string };
  assert.equal(input.file_path, '/nonexistent/Users/gauthier/Projects/aider/aider/utils.py');
  assert.match(input.search, /^def run_install\(cmd\):\n[\s\S]*spinner = itertools\.cycle[\s\S]*return False, output$/);
  assert.match(input.replace, /spinner = Spinner\("Installing\.\.\."\)[\s\S]*return False, output$/);
  const tools = run.sessions.flatMap((s) => s.prompts.flatMap((p) => p.steps)).filter((s): s is ToolCallStep => s.type === 'tool');
  assert.equal(tools.filter((t) => t.name === 'SEARCH/REPLACE').length, 27, 'the 31 `<<<<<<< SEARCH` of the file less the 4 the reply ends inside (interrupted): aider applies none of those');
  assert.equal(tools.filter((t) => t.name === 'git commit').length, 0, 'no repository: commits not read');
  // /test with failing output: aider 0.47 wrote it as one blockquote (`> ` on its first line only), then line by line.
  const tests = tools.filter((t) => t.name === '/test');
  assert.equal(tests.length, 2);
  assert.equal(tests[0].command?.command, 'pytest tests/basic/test_repomap.py');
  assert.equal(tests[0].command?.exitCode, null);
  const out = tests[0].command?.output ?? '';
  assert.match(out, /^============================= test session starts =+\nplatform darwin/);
  assert.match(out, /E {11}NameError: name 'GitRepo' is not defined/);
  assert.match(out, /========================= 1 failed, 6 passed in 3\.28s ==========================$/m);
});
