// An agent's git checkpoints as prompt file backups (the `fileBackup` ops Claude Code's file-history gives): for
// each prompt, what the files it changed held when it started, read from the checkpoint the agent took then. The
// content travels with the op, so the index's blob archive keeps it after the agent prunes its objects or the user
// deletes its refs. What cannot be read is counted as an issue and left out (restore then says it is not known):
// never an empty or "absent" state that was not read.
import { existsSync } from 'node:fs';
import { posix } from 'node:path';
import type { IndexOp, ParseIssue } from '../../core/ops';
import { normalizePath } from '../../core/paths';
import { checkpointFilesMany, isGoneReason } from './checkpointFiles';
import { runGitRead, type GitSource } from './gitObjects';

export interface PromptCheckpoint {
  promptId: string;
  /** Object names of the trees that together hold the work tree when the prompt started. */
  trees: string[];
  /** Where the trees come from, for the backup's provenance and the issues' text. */
  label: string;
  /** When the checkpoint was taken: before any change of the prompt. */
  timestamp: string;
  /** Absolute paths the prompt changed (by tools or, as its commands' text or the agent's own diff says, the shell). */
  paths: string[];
  /**
   * Trees the agent took later (OpenCode: after the prompt's steps): a path missing from `trees` is absent only when
   * one of these holds it, since OpenCode leaves files over its size limit out of its trees. Not given (Cline): every
   * file git does not ignore is captured.
   */
  absentOnlyIfIn?: string[];
  /**
   * The agent prunes its checkpoints itself (OpenCode's `git gc --prune=7.days`): a tree that is gone is the normal
   * state of an old prompt, not an issue (its summary still serves restore).
   */
  prunedByAgent?: boolean;
}

/** The directory `cwd` is in, relative to its repository's top (`rev-parse --show-prefix`), or why it is not known. */
function repoPrefix(source: GitSource): { prefix: string } | { error: string } {
  const r = runGitRead(source, ['rev-parse', '--show-prefix']);
  return r.ok ? { prefix: r.stdout.toString('utf8').replace(/\r?\n$/, '') } : { error: r.reason };
}

/** The repo-relative form of an absolute path under the session's cwd; undefined when outside the repository. */
function repoRelative(prefix: string, cwd: string, path: string): string | undefined {
  const base = normalizePath(cwd).replace(/\/+$/, '');
  const p = normalizePath(path);
  if (p !== base && !p.startsWith(`${base}/`)) {
    const up = posix.relative(base, p);
    const rel = posix.normalize(posix.join(prefix, up));
    return rel.startsWith('..') || posix.isAbsolute(rel) ? undefined : rel;
  }
  const rel = posix.normalize(posix.join(prefix, p.slice(base.length + 1)));
  return rel === '.' || rel === '' ? undefined : rel;
}

/** What one checkpoint gave: its backups and what could not be read of it. */
export interface CheckpointBackups {
  ops: IndexOp[];
  issues: ParseIssue[];
}

/** The backups of every checkpoint (checkpointBackupsEach), flattened; the issues into `issues`. */
export function checkpointBackupOps(source: GitSource, sessionId: string, checkpoints: readonly PromptCheckpoint[], file: string, issues: ParseIssue[]): IndexOp[] {
  return checkpointBackupsEach(source, sessionId, checkpoints, file, issues).flatMap((r) => {
    issues.push(...r.issues);
    return r.ops;
  });
}

/**
 * The backups each checkpoint gives, in the order given, read together; a failure of the whole reading (not a
 * repository, git missing) goes to `sessionIssues` once.
 */
export function checkpointBackupsEach(source: GitSource, sessionId: string, checkpoints: readonly PromptCheckpoint[], file: string, sessionIssues: ParseIssue[]): CheckpointBackups[] {
  const results = checkpoints.map((): CheckpointBackups => ({ ops: [], issues: [] }));
  const withPaths = checkpoints.filter((c) => c.paths.length > 0);
  // A session whose folder is gone (a deleted worktree, a transcript copied from another machine) has nothing to
  // restore into: not a reading failure.
  if (withPaths.length === 0 || !existsSync(source.cwd)) {
    return results;
  }
  const repo = repoPrefix(source);
  if ('error' in repo) {
    sessionIssues.push({ kind: 'io', file, message: `session ${sessionId}: its git checkpoints cannot be read in ${source.cwd} (${repo.error}); restore uses the transcript alone` });
    return results;
  }
  const rels = withPaths.map((c) => {
    const m = new Map<string, string>();
    for (const p of c.paths) {
      const rel = repoRelative(repo.prefix, source.cwd, p);
      if (rel !== undefined) {
        m.set(rel, normalizePath(p));
      }
    }
    return m;
  });
  // Every checkpoint of the call in one reading (a fixed number of git processes, however many prompts).
  const states = checkpointFilesMany(
    source,
    withPaths.map((c, i) => ({ trees: c.trees, paths: [...rels[i].keys()], absentOnlyIfIn: c.absentOnlyIfIn })),
  );
  withPaths.forEach((c, i) => {
    const { ops, issues } = results[checkpoints.indexOf(c)];
    for (const [rel, path] of rels[i]) {
      const state = states[i].get(rel) ?? { kind: 'unknown', reason: 'not read' };
      const base = { op: 'fileBackup' as const, sessionId, promptId: c.promptId, path, version: 1, timestamp: c.timestamp };
      if (state.kind === 'content') {
        // backupPath names where the content came from; the content itself travels with the op.
        ops.push({ ...base, backupPath: `${c.label}:${rel}`, backup: { text: state.text } });
      } else if (state.kind === 'absent') {
        ops.push({ ...base, backupPath: null });
      } else if (!(c.prunedByAgent === true && isGoneReason(state.reason))) {
        issues.push({ kind: 'io', file, message: `session ${sessionId} prompt ${c.promptId}: ${rel} cannot be read from checkpoint ${c.label}: ${state.reason}` });
      }
    }
  });
  return results;
}
