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
  /**
   * A repository kept outside the work tree (Cline's and Roo Code's shadow checkpoint repositories, whose work tree
   * is the user's folder): read with `--git-dir` and `--work-tree` = `cwd`, so paths stay relative to the folder.
   */
  gitDir?: string;
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
  const repo = source.gitDir !== undefined ? [`--git-dir=${source.gitDir}`, `--work-tree=${source.cwd}`] : [];
  const r = spawnSync('git', ['-C', source.cwd, ...repo, ...gitReadOptions, ...args], { input, env, maxBuffer, timeout: runTimeoutMs, windowsHide: true });
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

/** The contents of objects by id (`cat-file --batch`), as bytes; missing ones left out. Throws the run's failure reason. */
export function objectContents(source: GitSource, oids: readonly string[]): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (oids.length === 0) {
    return out;
  }
  for (const [oid, o] of readObjects(source, oids)) {
    if (o !== undefined) {
      out.set(oid, o.body);
    }
  }
  return out;
}

/** A tree entry: its object id and mode (`100644`, `100755`, `120000` symlink, `160000` submodule, `40000` tree). */
export interface TreeEntry {
  oid: string;
  mode: string;
}

/** The entries of a raw tree object (`<mode> <name>\0<binary id>` repeated); `idBytes` 20 (SHA-1) or 32 (SHA-256). */
function parseTree(body: Buffer, idBytes: number): Map<string, TreeEntry> {
  const out = new Map<string, TreeEntry>();
  let at = 0;
  while (at < body.length) {
    const sp = body.indexOf(0x20, at);
    const nul = body.indexOf(0, sp + 1);
    if (sp < 0 || nul < 0 || nul + 1 + idBytes > body.length) {
      break;
    }
    out.set(body.subarray(sp + 1, nul).toString('utf8'), { mode: body.subarray(at, sp).toString('latin1'), oid: body.subarray(nul + 1, nul + 1 + idBytes).toString('hex') });
    at = nul + 1 + idBytes;
  }
  return out;
}

/**
 * Many repo-relative paths in many trees at once, level by level: every tree a level needs is read in one
 * `cat-file --batch` (so a page of prompts, each with its own checkpoint tree, costs as many git processes as its
 * paths are deep, not a few per prompt). `requests`: tree name (an id, or any name git resolves, e.g.
 * `<commit>^{tree}`; a commit is taken as its tree) → paths. The answer per tree: path → entry, or null when the tree
 * has no such file; the tree itself undefined when it is not in the repository (pruned, never there). Throws the run's
 * failure reason.
 */
export function resolveInTrees(source: GitSource, requests: ReadonlyMap<string, readonly string[]>): Map<string, Map<string, TreeEntry | null> | undefined> {
  const out = new Map<string, Map<string, TreeEntry | null> | undefined>();
  interface Walk {
    tree: string;
    path: string;
    segments: string[];
    depth: number;
  }
  // What each walk reads next: a name (first level) or a tree id.
  let pending = new Map<string, Walk[]>();
  for (const [tree, paths] of requests) {
    out.set(tree, new Map());
    pending.set(tree, paths.filter((p) => p !== '' && !p.includes('\n')).map((path) => ({ tree, path, segments: path.split('/'), depth: 0 })));
  }
  const trees = new Map<string, Map<string, TreeEntry>>();
  let first = true;
  while (pending.size > 0) {
    const names = [...pending.keys()].filter((n) => !trees.has(n));
    if (names.length > 0) {
      let bodies = readObjects(source, names);
      // A commit named where a tree is wanted (a checkpoint's ref): its tree, read in one more round.
      const commits = new Map<string, string>();
      for (const [name, o] of bodies) {
        const tree = o?.type === 'commit' ? /^tree ([0-9a-f]+)$/m.exec(o.body.toString('utf8'))?.[1] : undefined;
        if (tree) commits.set(name, tree);
      }
      if (commits.size > 0) {
        const commitTrees = readObjects(source, [...new Set(commits.values())]);
        bodies = new Map([...bodies].map(([name, o]) => [name, commits.has(name) ? commitTrees.get(commits.get(name) ?? '') : o]));
      }
      for (const [name, o] of bodies) {
        trees.set(name, o?.type === 'tree' ? parseTree(o.body, o.oid.length / 2) : new Map());
        if (first && o?.type !== 'tree') {
          out.set(name, undefined); // the checkpoint's tree itself is gone
        }
      }
    }
    first = false;
    const next = new Map<string, Walk[]>();
    for (const [name, walks] of pending) {
      const entries = trees.get(name) ?? new Map<string, TreeEntry>();
      for (const w of walks) {
        const found = out.get(w.tree);
        if (found === undefined) {
          continue;
        }
        const e = entries.get(w.segments[w.depth]);
        if (w.depth === w.segments.length - 1) {
          found.set(w.path, e && e.mode !== '40000' ? e : null);
        } else if (e?.mode === '40000') {
          next.set(e.oid, [...(next.get(e.oid) ?? []), { ...w, depth: w.depth + 1 }]);
        } else {
          found.set(w.path, null);
        }
      }
    }
    pending = next;
  }
  return out;
}

/** Objects by name (`cat-file --batch`): their id, type and body; undefined when missing. Throws the run's failure reason. */
function readObjects(source: GitSource, names: readonly string[]): Map<string, { oid: string; type: string; body: Buffer } | undefined> {
  const out = new Map<string, { oid: string; type: string; body: Buffer } | undefined>();
  const r = runGitRead(source, ['cat-file', '--batch'], names.join('\n') + '\n', 512 * 1024 * 1024);
  if (!r.ok) {
    throw new Error(r.reason);
  }
  const buf = r.stdout;
  let at = 0;
  for (const name of names) {
    const nl = buf.indexOf(10, at);
    if (nl < 0) {
      break;
    }
    const m = /^([0-9a-f]+) (\w+) (\d+)$/.exec(buf.subarray(at, nl).toString('utf8'));
    if (!m) {
      out.set(name, undefined); // `<name> missing`
      at = nl + 1;
      continue;
    }
    const size = Number(m[3]);
    out.set(name, { oid: m[1], type: m[2], body: buf.subarray(nl + 1, nl + 1 + size) });
    at = nl + 1 + size + 1;
  }
  return out;
}

/** The parents of commits, read from the commit objects in one git process; a missing commit is left out. */
export function commitsParents(source: GitSource, commits: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [commit, body] of commits.length > 0 ? objectContents(source, commits) : []) {
    const header = body.toString('utf8').split('\n\n')[0];
    out.set(
      commit,
      header
        .split('\n')
        .filter((l) => l.startsWith('parent '))
        .map((l) => l.slice('parent '.length).trim()),
    );
  }
  return out;
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
