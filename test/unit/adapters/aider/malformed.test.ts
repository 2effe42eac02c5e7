// Histories that are cut, edited or odd: every problem a counted issue, nothing thrown, what can be read kept.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { aiderAdapter } from '../../../../src/adapters/aider/aiderAdapter';
import { localTime } from '../../../../src/adapters/aider/localTime';
import type { ToolCallStep } from '../../../../src/core/model';
import { runAdapter } from '../../helpers/parseWithAdapter';

const dir = mkdtempSync(join(tmpdir(), 'at-aider-bad-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function parse(name: string, text: string, cwd = join(dir, 'gone')): ReturnType<typeof runAdapter> {
  const path = join(dir, name);
  writeFileSync(path, text);
  return runAdapter(aiderAdapter, [{ agent: 'aider', path, mode: 'append', cwdHint: cwd }]);
}

test('a history cut mid-reply and mid-line: the complete lines are read, a half SEARCH block is no edit', () => {
  const r = parse(
    'cut.md',
    '\n# aider chat started at 2025-01-02 03:04:05\n\n#### fix it  \n\nsrc/a.py\n```python\n<<<<<<< SEARCH\nx = 1\n=======\nx = 2\n>>>>>>> REPLACE\n```\n\nsrc/b.py\n```python\n<<<<<<< SEARCH\ny = 1\n=======\ny = 2\n>>>>>>> REPL',
  );
  assert.deepEqual(r.issues, []);
  const steps = r.sessions[0].prompts[0].steps;
  assert.deepEqual(
    steps.filter((s): s is ToolCallStep => s.type === 'tool').map((s) => (s.input as { file_path: string }).file_path),
    [join(dir, 'gone/src/a.py')],
  );
});

test('lines before the first heading, an unreadable heading, NUL bytes and text before any prompt are issues', () => {
  const r = parse(
    'odd.md',
    [
      'trailing part of a session whose heading was cut away',
      '> Commit abcdef1 lost  ',
      '',
      '# aider chat started at 2025-01-02 03:04:05',
      '',
      'stray reply text',
      '#### hello  ',
      'bin\u0000ary',
      '',
      'hi there',
      '',
      '# aider chat started at yesterday-ish',
      '',
      '#### second  ',
      '',
      '# aider chat started at 2025-13-45 99:00:00',
      '',
    ].join('\n'),
  );
  assert.deepEqual(
    r.issues.map((i) => [i.kind, i.line]),
    [
      ['unknown-record', 1],
      ['unknown-record', 6],
      ['binary', 8],
      ['missing-field', 12],
      ['missing-field', 16],
    ],
  );
  const t = localTime('2025-01-02 03:04:05');
  assert.deepEqual(
    r.sessions.map((s) => [s.startedAt, s.prompts.map((p) => [p.text, p.steps.map((x) => (x.type === 'text' ? x.text : x.id))])]),
    [
      [t, [['hello', [['hi there']].flat()]]],
      [t, [['second', []]]],
      [t, []],
    ],
    'an unreadable heading is dated as the session before it',
  );
});

test('commits: not a repository, a hash git does not know, a hash whose message differs', () => {
  const notRepo = join(dir, 'plain');
  mkdirSync(notRepo);
  const history = (hash: string, subject: string): string => `\n# aider chat started at 2025-01-02 03:04:05\n\n#### go  \n\ndone\n\n> Applied edit to a.txt  \n> Commit ${hash} ${subject}  \n`;
  const plain = parse('plain.md', history('abcdef1', 'feat: x'), notRepo);
  assert.deepEqual(plain.issues.map((i) => i.kind), ['io']);
  assert.match(plain.issues[0].message, /cannot be read/);

  const repo = join(dir, 'repo');
  mkdirSync(repo);
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: repo, GIT_AUTHOR_NAME: 'A', GIT_AUTHOR_EMAIL: 'a@x', GIT_COMMITTER_NAME: 'A', GIT_COMMITTER_EMAIL: 'a@x' } }).trim();
  git('init', '-q');
  writeFileSync(join(repo, 'a.txt'), 'a\n');
  git('add', '.');
  git('commit', '-qm', 'feat: real');
  const head = git('rev-parse', 'HEAD').slice(0, 7);
  const missing = parse('missing.md', history(head === 'abcdef1' ? 'abcdef2' : 'abcdef1', 'feat: x'), repo);
  assert.deepEqual(missing.issues.map((i) => i.kind), ['io']);
  assert.match(missing.issues[0].message, /is not in the repository/);
  const other = parse('other.md', history(head, 'feat: something else'), repo);
  assert.deepEqual(other.issues.map((i) => i.kind), ['io']);
  assert.match(other.issues[0].message, /has the message "feat: real"/);
  for (const r of [plain, missing, other]) {
    assert.deepEqual(r.sessions[0].prompts[0].steps.flatMap((s) => (s.type === 'tool' ? s.fileChanges : [])), [], 'nothing attributed');
  }
  // The same commit named with its real message and no aider marks, after "Applied edit to": aider's (unmarked).
  const ok = parse('ok.md', history(head, 'feat: real'), repo);
  assert.deepEqual(ok.issues, []);
  assert.deepEqual(ok.sessions[0].prompts[0].steps.flatMap((s) => (s.type === 'tool' ? s.fileChanges : [])), [{ path: `${repo}/a.txt`, op: 'create', before: null, after: 'a\n' }]);

  // Rebased (or another clone's hash): an aider commit with the printed message, authored after the prompt, is found
  // by message and time; one authored two days later is not.
  const stamp = (local: string): string => `${Math.floor(Date.parse(localTime(local) ?? '') / 1000)} +0000`;
  writeFileSync(join(repo, 'b.txt'), 'b\n');
  git('add', '.');
  execFileSync('git', ['commit', '-qm', 'feat: rebased\n\nCo-authored-by: aider (gpt-4o) <aider@aider.chat>'], { cwd: repo, env: { PATH: process.env.PATH ?? '', HOME: repo, GIT_AUTHOR_NAME: 'A', GIT_AUTHOR_EMAIL: 'a@x', GIT_COMMITTER_NAME: 'A', GIT_COMMITTER_EMAIL: 'a@x', GIT_AUTHOR_DATE: stamp('2025-01-02 03:05:00'), GIT_COMMITTER_DATE: stamp('2025-01-03 10:00:00') } });
  const rebased = git('rev-parse', 'HEAD');
  const gone = rebased.startsWith('abcdef3') ? 'abcdef4' : 'abcdef3';
  const refound = parse('refound.md', history(gone, 'feat: rebased'), repo);
  assert.deepEqual(refound.issues, []);
  const step = refound.sessions[0].prompts[0].steps.find((s): s is ToolCallStep => s.type === 'tool' && s.name === 'git commit');
  assert.deepEqual(step?.input, { description: `${rebased.slice(0, 7)} feat: rebased`, commit: rebased, printedAs: gone, foundBy: 'message and time', parent: git('rev-parse', 'HEAD~1'), subject: 'feat: rebased', author: 'A', committer: 'A', authorship: 'aider' });
  assert.deepEqual(step?.fileChanges, [{ path: `${repo}/b.txt`, op: 'create', before: null, after: 'b\n' }]);
  const late = parse('late.md', history(gone, 'feat: rebased').replace('2025-01-02 03:04:05', '2024-12-30 03:04:05'), repo);
  assert.deepEqual(late.issues.map((i) => i.kind), ['io'], 'authored more than two days after the prompt: not taken');
});
