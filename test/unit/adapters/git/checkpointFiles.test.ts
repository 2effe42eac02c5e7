// One git checkpoint's files, on a small repository made here: content, absent only where git would have captured
// the file, and every other case (ignored, too large, binary, a tree that is gone) unknown with its reason.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkpointFiles, checkpointFilesMany } from '../../../../src/adapters/git/checkpointFiles';

function repo(): { dir: string; tree: string } {
  const dir = mkdtempSync(join(tmpdir(), 'at-gitcp-files-'));
  const git = (...args: string[]): string => execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { encoding: 'utf8' }).trim();
  git('init', '-q');
  writeFileSync(join(dir, '.gitignore'), '*.log\n');
  writeFileSync(join(dir, 'a.js'), 'a\n');
  writeFileSync(join(dir, '*.js'), 'star\n'); // a file literally named `*.js` is read as that one name
  writeFileSync(join(dir, 'big.txt'), 'x'.repeat(200));
  writeFileSync(join(dir, 'bin.dat'), Buffer.from([1, 0, 2]));
  symlinkSync('a.js', join(dir, 'link.js'));
  mkdirSync(join(dir, 'src', 'deep'), { recursive: true });
  writeFileSync(join(dir, 'src', 'deep', 'b.js'), 'b\n');
  git('add', '-A');
  git('commit', '-qm', 'c');
  return { dir, tree: git('rev-parse', 'HEAD^{tree}') };
}

test('content, absent only when git would have captured it, and the reason for everything else', () => {
  const { dir, tree } = repo();
  try {
    const got = checkpointFiles({ cwd: dir }, [tree], ['a.js', '*.js', 'gone.js', 'debug.log', 'big.txt', 'bin.dat', 'link.js', 'src/deep/b.js', 'src/deep', 'src/nope/c.js'], 100);
    assert.deepEqual(Object.fromEntries(got), {
      'a.js': { kind: 'content', text: 'a\n' },
      'src/deep/b.js': { kind: 'content', text: 'b\n' },
      // A folder or a path under a missing folder: no such file then.
      'src/deep': { kind: 'absent' },
      'src/nope/c.js': { kind: 'absent' },
      // Restoring a link's target path as a file's content would be wrong; absent would delete it.
      'link.js': { kind: 'unknown', reason: 'it is a symbolic link' },
      '*.js': { kind: 'content', text: 'star\n' },
      'gone.js': { kind: 'absent' },
      'debug.log': { kind: 'unknown', reason: 'git ignores it, so the checkpoint does not capture it' },
      'big.txt': { kind: 'unknown', reason: 'its content is larger than 100 bytes' },
      'bin.dat': { kind: 'unknown', reason: 'it is a binary file' },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a tree that is not in the repository makes every file unknown, never absent', () => {
  const { dir } = repo();
  try {
    const gone = '0123456789abcdef0123456789abcdef01234567';
    const got = checkpointFiles({ cwd: dir }, [gone], ['a.js', 'new.js']);
    for (const state of got.values()) {
      assert.equal(state.kind, 'unknown');
      assert.match(state.kind === 'unknown' ? state.reason : '', /checkpoint tree 0123456789abcdef\w+ is not in the repository/);
    }
    assert.equal(got.size, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('many checkpoints in one reading: each its own trees, a later tree proving absence, a gone one unknown', () => {
  const { dir, tree } = repo();
  try {
    const git = (...args: string[]): string => execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { encoding: 'utf8' }).trim();
    writeFileSync(join(dir, 'a.js'), 'a2\n');
    writeFileSync(join(dir, 'later.js'), 'later\n');
    git('add', '-A');
    git('commit', '-qm', 'c2');
    const second = git('rev-parse', 'HEAD^{tree}');
    const gone = '0123456789abcdef0123456789abcdef01234567';
    const [first, next, missing] = checkpointFilesMany({ cwd: dir }, [
      { trees: [tree], paths: ['a.js', 'later.js', 'never.js'], absentOnlyIfIn: [second] },
      { trees: [second], paths: ['a.js', 'later.js'] },
      { trees: [gone], paths: ['a.js'] },
    ]);
    assert.deepEqual(Object.fromEntries(first), {
      'a.js': { kind: 'content', text: 'a\n' },
      // Missing at the first tree and held by the later one: absent then.
      'later.js': { kind: 'absent' },
      // In neither: whether the agent would have captured it is not known.
      'never.js': { kind: 'unknown', reason: 'the checkpoint does not hold it, nor any later one (too large for the agent to capture?)' },
    });
    assert.deepEqual(Object.fromEntries(next), { 'a.js': { kind: 'content', text: 'a2\n' }, 'later.js': { kind: 'content', text: 'later\n' } });
    assert.equal(missing.get('a.js')?.kind, 'unknown');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
