// An agent's git checkpoints as prompt file backups (the `fileBackup` ops Claude Code's file-history gives): for
// each prompt, what the files it changed held when it started, read from the checkpoint the agent took then. The
// content travels with the op, so the index's blob archive keeps it after the agent prunes its objects or the user
// deletes its refs. What cannot be read is counted as an issue and left out (restore then says it is not known):
// never an empty or "absent" state that was not read.
import { existsSync } from 'node:fs';
import { posix } from 'node:path';
import type { IndexOp, ParseIssue } from '../../core/ops';
import { normalizePath } from '../../core/paths';
import { checkpointFiles } from './checkpointFiles';
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
   * Whether a path missing from the trees may be reported absent. OpenCode leaves files over its size limit out of
   * its trees, so it passes only paths it knows fit; Cline captures every file git does not ignore.
   */
  mayBeAbsent?: (repoRelative: string) => boolean;
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

export function checkpointBackupOps(source: GitSource, sessionId: string, checkpoints: readonly PromptCheckpoint[], file: string, issues: ParseIssue[]): IndexOp[] {
  const withPaths = checkpoints.filter((c) => c.paths.length > 0);
  // A session whose folder is gone (a deleted worktree, a transcript copied from another machine) has nothing to
  // restore into: not a reading failure.
  if (withPaths.length === 0 || !existsSync(source.cwd)) {
    return [];
  }
  const repo = repoPrefix(source);
  if ('error' in repo) {
    issues.push({ kind: 'io', file, message: `session ${sessionId}: its git checkpoints cannot be read in ${source.cwd} (${repo.error}); restore uses the transcript alone` });
    return [];
  }
  const ops: IndexOp[] = [];
  for (const c of withPaths) {
    const rels = new Map<string, string>();
    for (const p of c.paths) {
      const rel = repoRelative(repo.prefix, source.cwd, p);
      if (rel !== undefined) {
        rels.set(rel, normalizePath(p));
      }
    }
    const states = checkpointFiles(source, c.trees, [...rels.keys()]);
    for (const [rel, path] of rels) {
      const state = states.get(rel) ?? { kind: 'unknown', reason: 'not read' };
      const base = { op: 'fileBackup' as const, sessionId, promptId: c.promptId, path, version: 1, timestamp: c.timestamp };
      if (state.kind === 'content') {
        // backupPath names where the content came from; the content itself travels with the op.
        ops.push({ ...base, backupPath: `${c.label}:${rel}`, backup: { text: state.text } });
      } else if (state.kind === 'absent' && (c.mayBeAbsent?.(rel) ?? true)) {
        ops.push({ ...base, backupPath: null });
      } else if (state.kind === 'unknown') {
        issues.push({ kind: 'io', file, message: `session ${sessionId} prompt ${c.promptId}: ${rel} cannot be read from checkpoint ${c.label}: ${state.reason}` });
      }
    }
  }
  return ops;
}
