// Builds the aider fixture (test/fixtures/aider/README.md) in a temp folder: a git repository whose commits are made
// with fixed dates and authors as aider makes them, and the history files aider would write naming those commits.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface AiderRepo {
  root: string;
  repo: string;
  decoy: string;
  commits: Record<'initial' | 'p1' | 'hand' | 'p3' | 'dirty' | 'undone' | 'p6', string>;
  /** Local times as aider writes them, and their ISO (UTC) values. */
  times: Record<string, { local: string; iso: string }>;
}

const base = Date.UTC(2025, 2, 1, 9, 0, 0);

function at(minutes: number): { date: Date; local: string; iso: string } {
  const date = new Date(base + minutes * 60_000);
  const p = (n: number): string => String(n).padStart(2, '0');
  const local = `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())} ${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`;
  return { date, local, iso: date.toISOString() };
}

function git(cwd: string, args: string[], env: Record<string, string> = {}): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: cwd, GIT_CONFIG_NOSYSTEM: '1', ...env } }).trim();
}

function write(repo: string, rel: string, text: string): void {
  mkdirSync(dirname(join(repo, rel)), { recursive: true });
  writeFileSync(join(repo, rel), text);
}

function commit(repo: string, message: string, minutes: number, author: string, committer: string): string {
  const when = `${Math.floor(at(minutes).date.getTime() / 1000)} +0000`;
  git(repo, ['add', '-A']);
  git(repo, ['commit', '-q', '-m', message], {
    GIT_AUTHOR_NAME: author,
    GIT_AUTHOR_EMAIL: 'dev@example.com',
    GIT_COMMITTER_NAME: committer,
    GIT_COMMITTER_EMAIL: 'dev@example.com',
    GIT_AUTHOR_DATE: when,
    GIT_COMMITTER_DATE: when,
  });
  return git(repo, ['rev-parse', 'HEAD']);
}

const trailer = '\n\nCo-authored-by: aider (gpt-4o) <aider@aider.chat>';

export const appInitial = 'def main():\n    print("hello")\n\n\nif __name__ == "__main__":\n    main()\n';
export const appP1 = 'def greet(name):\n    return f"Hello, {name}!"\n\n\ndef main():\n    print(greet("world"))\n\n\nif __name__ == "__main__":\n    main()\n';
export const appHand = `# app entry point\n${appP1}`;
export const appUndone = appHand.replace('return f"Hello, {name}!"', 'return f"HELLO, {name.upper()}!"');
export const appP6 = appHand.replace('def greet(name):\n', 'def greet(name):\n    """Greet someone."""\n');
export const testP3 = 'from src.app import greet\n\n\ndef test_greet():\n    assert greet("Ann") == "Hello, Ann!"\n';

function banner(): string {
  return '> Aider v0.86.2\n> Main model: gpt-4o with diff edit format\n> Weak model: gpt-4o-mini\n> Git repo: .git with 3 files\n> Repo-map: using 4096 tokens, auto refresh\n';
}

export function buildAiderRepo(): AiderRepo {
  const root = mkdtempSync(join(tmpdir(), 'at-aider-'));
  const repo = join(root, 'project');
  const decoy = join(root, 'decoy');
  const times: AiderRepo['times'] = {};
  for (const [name, m] of Object.entries({ s1: 5, p1: 6, c1: 7, hand: 10, p2: 12, p3: 14, c3: 15, s2: 60, p4: 61, dirty: 62, c4: 62, p5: 63, p6: 64, c6: 65 })) {
    const t = at(m);
    times[name] = { local: t.local, iso: t.iso };
  }
  for (const dir of [repo, decoy]) {
    mkdirSync(dir, { recursive: true });
    git(dir, ['init', '-q', '-b', 'main']);
  }
  write(repo, 'src/app.py', appInitial);
  write(repo, 'README.md', '# Demo\n');
  write(repo, '.gitignore', '.aider*\n');
  const initial = commit(repo, 'initial', 0, 'Dev', 'Dev');
  write(repo, 'src/app.py', appP1);
  const p1 = commit(repo, `feat: Add greet function${trailer}`, 7, 'Dev', 'Dev');
  write(repo, 'src/app.py', appHand);
  write(repo, 'README.md', '# Demo\n\nA greeting app.\n');
  const hand = commit(repo, 'comment the entry point', 10, 'Dev', 'Dev');
  write(repo, 'tests/test_app.py', testP3);
  const p3 = commit(repo, 'test: Add test for greet', 15, 'Dev (aider)', 'Dev (aider)');
  write(repo, 'README.md', '# Demo\n\nA greeting app.\n\nRun `python -m src.app`.\n');
  const dirty = commit(repo, 'docs: Explain how to run the app', 62, 'Dev', 'Dev (aider)');
  write(repo, 'src/app.py', appUndone);
  const undone = commit(repo, `feat: Make greet shout${trailer}`, 62, 'Dev', 'Dev');
  // /undo: aider checks out the commit's files from its parent and resets the branch to it.
  git(repo, ['reset', '-q', '--hard', dirty]);
  write(repo, 'src/app.py', appP6);
  const p6 = commit(repo, `feat: Add a docstring to greet${trailer}`, 65, 'Dev', 'Dev');
  const s = (h: string): string => h.slice(0, 7);
  const history = [
    `\n# aider chat started at ${times.s1.local}\n\n`,
    `> /home/dev/.local/bin/aider src/app.py\n${banner()}> Added src/app.py to the chat.\n`.replace(/\n/g, '  \n'),
    '\n#### add a greet function that takes a name  \n',
    '\nI will add `greet` and use it in `main`.\n\nsrc/app.py\n```python\n<<<<<<< SEARCH\ndef main():\n    print("hello")\n=======\ndef greet(name):\n    return f"Hello, {name}!"\n\n\ndef main():\n    print(greet("world"))\n>>>>>>> REPLACE\n```\n\n',
    `> Tokens: 2.1k sent, 120 received. Cost: $0.0065 message, $0.0065 session.  \n> Applied edit to src/app.py  \n> Commit ${s(p1)} feat: Add greet function  \n> You can use /undo to undo and discard each aider commit.  \n`,
    '\n#### /run python -m pytest  \n',
    '> Add 0.1k tokens of command output to the chat? (Y)es/(N)o [Yes]: y  \n> Added 4 lines of output to the chat.  \n',
    '\n#### add a test for greet  \n',
    '\ntests/test_app.py\n```python\n<<<<<<< SEARCH\n=======\nfrom src.app import greet\n\n\ndef test_greet():\n    assert greet("Ann") == "Hello, Ann!"\n>>>>>>> REPLACE\n```\n\n',
    `> Tokens: 2.3k sent, 90 received.  \n> tests/test_app.py  \n> Create new file? (Y)es/(N)o [Yes]: y  \n> Applied edit to tests/test_app.py  \n> Commit ${s(p3)} test: Add test for greet  \n`,
    `\n# aider chat started at ${times.s2.local}\n\n`,
    `> /home/dev/.local/bin/aider src/app.py\n${banner()}`.replace(/\n/g, '  \n'),
    '\n#### make greet shout  \n',
    `> Committing README.md before applying edits.  \n> Commit ${s(dirty)} docs: Explain how to run the app  \n`,
    '\nsrc/app.py\n```python\n<<<<<<< SEARCH\n    return f"Hello, {name}!"\n=======\n    return f"HELLO, {name.upper()}!"\n>>>>>>> REPLACE\n```\n\n',
    `> Applied edit to src/app.py  \n> Commit ${s(undone)} feat: Make greet shout  \n`,
    '\n#### /undo  \n',
    `> Removed: ${s(undone)} feat: Make greet shout  \n> Now at:  ${s(dirty)} docs: Explain how to run the app  \n`,
    '\n#### add a docstring to greet  \n#### keep it short  \n',
    '\nsrc/app.py\n```python\n<<<<<<< SEARCH\ndef greet(name):\n=======\ndef greet(name):\n    """Greet someone."""\n>>>>>>> REPLACE\n```\n\n',
    `> Applied edit to src/app.py  \n> Commit ${s(p6)} feat: Add a docstring to greet  \n`,
  ].join('');
  writeFileSync(join(repo, '.aider.chat.history.md'), history);
  // Input history for session 1 only: session 2's prompts have no entry (their times stay bounded by the session's).
  const entry = (t: string, text: string): string => `\n# ${t}.250000\n${text.split('\n').map((l) => `+${l}\n`).join('')}`;
  writeFileSync(join(repo, '.aider.input.history'), entry(times.p1.local, 'add a greet function that takes a name') + entry(times.p2.local, '/run python -m pytest') + entry(times.p3.local, 'add a test for greet'));
  // The decoy: another project's aider history, outside the workspace.
  write(decoy, 'x.py', 'x = 1\n');
  commit(decoy, 'initial', 1, 'Other', 'Other');
  writeFileSync(join(decoy, '.aider.chat.history.md'), `\n# aider chat started at ${times.s1.local}\n\n#### decoy prompt  \n\nok\n\n`);
  return { root, repo, decoy, commits: { initial, p1, hand, p3, dirty, undone, p6 }, times };
}
