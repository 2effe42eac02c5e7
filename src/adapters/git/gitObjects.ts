// Reading an agent's git-based checkpoints (OpenCode's snapshot trees, Cline's refs/cline/checkpoints commits) at
// index time, strictly read-only: plumbing commands only (cat-file, ls-tree, check-ignore), which take no lock,
// write nothing and print nothing localized. Synchronous: adapters run in the parse worker, off the editor's thread,
// and a session's reads are a handful of git processes (every blob of a checkpoint in one `cat-file --batch`).
import { spawnSync } from 'node:child_process';

/** Largest blob read (bytes): blame or a restore of anything bigger would be useless in an editor anyway. */
export const gitBlobMaxBytes = 64 * 1024 * 1024;

/** git options for every read: nothing may reach a remote (a partial clone would fetch missing blobs), no fsmonitor. */
export const gitReadOptions: readonly string[] = ['-c', 'protocol.allow=never', '-c', 'core.fsmonitor=false'];

/**
 * The inherited environment minus what points git at another repository (a git hook running this sets GIT_DIR and
 * GIT_INDEX_FILE), plus no optional locks: reading must never make VS Code's own git calls wait or fail.
 */
export function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', GIT_NO_LAZY_FETCH: '1' };
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_NAMESPACE', 'GIT_PREFIX']) {
    delete env[name];
  }
  return env;
}

/** Where objects are read from: a repository (its work tree or git dir), optionally with another object directory. */
export interface GitSource {
  /** Directory git runs in: the user's repository. */
  cwd: string;
  /**
   * An object directory to read instead of the repository's own (OpenCode's snapshot `objects/`, whose
   * `info/alternates` points back into the repository); the repository's objects stay reachable as an alternate.
   */
  objectDir?: string;
  /** The repository's own object directory, added as an alternate when `objectDir` is given. */
  repoObjects?: string;
}

export type GitRun = { ok: true; stdout: Buffer } | { ok: false; exitCode: number | null; reason: string };

const runTimeoutMs = 20_000;

export function runGitRead(source: GitSource, args: readonly string[], input?: string, maxBuffer = 64 * 1024 * 1024): GitRun {
  const env = gitEnv();
  if (source.objectDir !== undefined) {
    env.GIT_OBJECT_DIRECTORY = source.objectDir;
    if (source.repoObjects !== undefined) {
      env.GIT_ALTERNATE_OBJECT_DIRECTORIES = source.repoObjects;
    }
  }
  const r = spawnSync('git', ['-C', source.cwd, ...gitReadOptions, ...args], { input, env, maxBuffer, timeout: runTimeoutMs, windowsHide: true });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    return { ok: false, exitCode: null, reason: code === 'ENOENT' ? 'git is not installed (not on PATH)' : `git failed to run: ${r.error.message}` };
  }
  if (r.status !== 0) {
    const err = r.stderr.toString('utf8').trim().split('\n')[0] ?? '';
    return { ok: false, exitCode: r.status, reason: `git ${args.find((a) => !a.startsWith('-')) ?? ''} exited with ${r.status ?? r.signal ?? '?'}${err ? `: ${err}` : ''}` };
  }
  return { ok: true, stdout: r.stdout };
}

/** What an object name resolved to: its id, type and size; undefined when it is missing (pruned, never there). */
export interface ObjectInfo {
  oid: string;
  type: string;
  size: number;
}

/** `cat-file --batch-check` over object names (one per line: no newline in a name). Throws the run's failure reason. */
export function objectInfos(source: GitSource, names: readonly string[]): Map<string, ObjectInfo | undefined> {
  const out = new Map<string, ObjectInfo | undefined>();
  const asked = names.filter((n) => !n.includes('\n'));
  if (asked.length === 0) {
    return out;
  }
  const r = runGitRead(source, ['cat-file', '--batch-check'], asked.join('\n') + '\n');
  if (!r.ok) {
    throw new Error(r.reason);
  }
  const lines = r.stdout.toString('utf8').split('\n');
  asked.forEach((name, i) => {
    const m = /^([0-9a-f]{40,64}) (\w+) (\d+)$/.exec(lines[i] ?? '');
    out.set(name, m ? { oid: m[1], type: m[2], size: Number(m[3]) } : undefined);
  });
  return out;
}

/** The contents of objects by id (`cat-file --batch`), as bytes. Throws the run's failure reason. */
export function objectContents(source: GitSource, oids: readonly string[]): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (oids.length === 0) {
    return out;
  }
  const r = runGitRead(source, ['cat-file', '--batch'], oids.join('\n') + '\n', 512 * 1024 * 1024);
  if (!r.ok) {
    throw new Error(r.reason);
  }
  const buf = r.stdout;
  let at = 0;
  for (const oid of oids) {
    const nl = buf.indexOf(10, at);
    if (nl < 0) {
      break;
    }
    const m = /^([0-9a-f]+) (\w+) (\d+)$/.exec(buf.subarray(at, nl).toString('utf8'));
    if (!m) {
      at = nl + 1; // `<oid> missing`: pruned between the check and this read
      continue;
    }
    const size = Number(m[3]);
    out.set(oid, buf.subarray(nl + 1, nl + 1 + size));
    at = nl + 1 + size + 1;
  }
  return out;
}

/** Above this many paths a tree is listed whole: one long command line is worse than a long listing. */
const pathsPerListing = 500;

/**
 * The files of a tree: repo-relative path → blob id (`ls-tree -r -z`; submodules and symlinks left out), only those
 * at (or under) `paths` when given, so a large repository is not listed whole for a few files.
 */
export function treeFiles(source: GitSource, tree: string, paths?: readonly string[]): Map<string, string> {
  const only = paths !== undefined && paths.length <= pathsPerListing ? ['--', ...paths] : [];
  // --literal-pathspecs: a path is a name, never a pattern (a file may be called `*.js`).
  const r = runGitRead(source, ['--literal-pathspecs', 'ls-tree', '-r', '-z', '--full-tree', tree, ...only]);
  if (!r.ok) {
    throw new Error(r.reason);
  }
  const out = new Map<string, string>();
  for (const entry of r.stdout.toString('utf8').split('\0')) {
    // `<mode> SP <type> SP <object> TAB <path>`
    const m = /^(\d+) (\w+) ([0-9a-f]+)\t([\s\S]*)$/.exec(entry);
    if (m && m[2] === 'blob' && m[1] !== '120000') {
      out.set(m[4], m[3]);
    }
  }
  return out;
}

/** The parents of a commit, read from the commit object; undefined when the commit is missing. */
export function commitParents(source: GitSource, commit: string): string[] | undefined {
  const body = objectContents(source, [commit]).get(commit);
  if (body === undefined) {
    return undefined;
  }
  const header = body.toString('utf8').split('\n\n')[0];
  return header
    .split('\n')
    .filter((l) => l.startsWith('parent '))
    .map((l) => l.slice('parent '.length).trim());
}

/**
 * Of `paths` (repo-relative), those git ignores by the repository's ignore rules now (`check-ignore --no-index`,
 * which reads no index): files a checkpoint never captures, so their absence from it says nothing. Throws when git
 * cannot tell.
 */
export function ignoredPaths(source: GitSource, paths: readonly string[]): Set<string> {
  const asked = paths.filter((p) => !p.includes('\n') && !p.includes('\0'));
  if (asked.length === 0) {
    return new Set();
  }
  const r = runGitRead(source, ['check-ignore', '-z', '--stdin', '--no-index'], asked.join('\0') + '\0');
  if (!r.ok) {
    // Exit 1: none of them is ignored.
    if (r.exitCode === 1) {
      return new Set();
    }
    throw new Error(r.reason);
  }
  return new Set(r.stdout.toString('utf8').split('\0').filter((p) => p !== ''));
}
