// A file's committed content (git HEAD): blame's earliest state when no transcript recorded one, so lines nobody
// recorded read as "committed" instead of "unknown". Plumbing commands only (rev-parse, ls-tree, cat-file): they
// take no lock, read no index and print nothing localized, so the outcome never depends on parsing messages.
import { execFile } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { gitBlobMaxBytes, gitEnv, gitReadOptions } from '../adapters/git/gitObjects';

/** Largest committed file read (bytes). */
export const defaultGitHeadMaxBytes = gitBlobMaxBytes;

interface GitOutcome {
  ok: boolean;
  /** The process ran and exited with a code (as opposed to: git missing, killed by the timeout, output too large). */
  exited: boolean;
  stdout: Buffer;
}

function runGit(cwd: string, args: readonly string[], timeoutMs: number, maxBuffer: number): Promise<GitOutcome> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['-C', cwd, ...gitReadOptions, ...args],
      {
        encoding: 'buffer',
        timeout: Math.max(1, timeoutMs),
        maxBuffer,
        windowsHide: true,
        env: gitEnv(),
      },
      (err, stdout) => {
        if (!err) {
          resolve({ ok: true, exited: true, stdout });
          return;
        }
        const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: number | string };
        resolve({ ok: false, exited: typeof e.code === 'number' && !e.killed, stdout: Buffer.alloc(0) });
      },
    );
  });
}

/**
 * `p` with symlinks resolved as far as it exists: a file deleted from the working copy still has a HEAD version,
 * so the missing tail is kept as written under its nearest existing ancestor.
 */
async function realpathLoose(p: string): Promise<string | undefined> {
  try {
    return await realpath(p);
  } catch {
    const parent = dirname(p);
    if (parent === p) {
      return undefined;
    }
    const real = await realpathLoose(parent);
    return real === undefined ? undefined : join(real, basename(p));
  }
}

/** The nearest existing directory at or above `p`. */
async function existingDir(p: string): Promise<string | undefined> {
  for (let dir = dirname(p); ; dir = dirname(dir)) {
    try {
      return await realpath(dir);
    } catch {
      if (dirname(dir) === dir) {
        return undefined;
      }
    }
  }
}

/**
 * The content of `path` at HEAD: a string, `null` when HEAD has no such file (or there is no commit yet), undefined
 * when it cannot be told (no repository, no git, timeout, a binary or oversized file, a directory or submodule).
 * Never touches the network or the repository's locks.
 */
export async function gitHeadContent(path: string, timeoutMs = 2000, maxBytes = defaultGitHeadMaxBytes): Promise<string | null | undefined> {
  const deadline = Date.now() + timeoutMs;
  const left = (): number => deadline - Date.now();
  const file = await realpathLoose(path);
  const dir = file === undefined ? undefined : await existingDir(file);
  if (file === undefined || dir === undefined) {
    return undefined;
  }
  const top = await runGit(dir, ['rev-parse', '--show-toplevel'], left(), 1024 * 1024);
  if (!top.ok) {
    return undefined;
  }
  const root = await realpathLoose(top.stdout.toString('utf8').replace(/\r?\n$/, ''));
  if (root === undefined) {
    return undefined;
  }
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    return undefined;
  }
  const spec = rel.split(/[\\/]/).join('/');
  // ls-tree tells "not in HEAD" (empty output) apart from "is a directory or submodule" without parsing errors.
  const entry = await runGit(root, ['ls-tree', '-z', '--full-tree', 'HEAD', '--', spec], left(), 1024 * 1024);
  if (!entry.ok) {
    if (!entry.exited) {
      return undefined;
    }
    // ls-tree fails on an unborn HEAD (no commit yet): then nothing is committed, the file included.
    const head = await runGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD'], left(), 1024 * 1024);
    return head.exited && !head.ok ? null : undefined;
  }
  const line = entry.stdout.toString('utf8').split('\0')[0];
  if (line === '') {
    return null;
  }
  // `<mode> SP <type> SP <object> TAB <path>`
  const m = /^(\d+) (\w+) ([0-9a-f]+)\t/.exec(line);
  if (!m || m[2] !== 'blob') {
    return undefined;
  }
  const blob = await runGit(root, ['cat-file', 'blob', m[3]], left(), maxBytes);
  if (!blob.ok || blob.stdout.includes(0)) {
    return undefined;
  }
  return blob.stdout.toString('utf8');
}
