// The files of git checkpoints (each one or more trees read together: Cline's tracked tree plus its untracked-files
// tree, OpenCode's one snapshot tree) for the paths a session changed: their content, "absent", or why neither can be
// told. Many checkpoints are read together, in a fixed number of git processes (resolveInTrees reads a level of every
// tree at once): a cold index of a long history must not start a few git processes per prompt. Absent is said only when
// every tree of the checkpoint was read, git does not ignore the path (ignored files are never captured, so their
// absence proves nothing) and, where the agent leaves files out of its trees, a later tree of it holds the path.
// Never throws: a failed read makes every path unknown.
import { gitBlobMaxBytes, ignoredPaths, objectContents, objectInfos, resolveInTrees, type GitSource, type TreeEntry } from './gitObjects';

export type CheckpointFileState = { kind: 'content'; text: string } | { kind: 'absent' } | { kind: 'unknown'; reason: string };

export interface CheckpointRead {
  trees: readonly string[];
  /** Repo-relative, forward slashes. */
  paths: readonly string[];
  /**
   * Trees taken later by the same agent: a path missing from `trees` is absent only when one of these holds it
   * (OpenCode leaves files over its size limit out of its trees). Not given: every path git does not ignore is captured.
   */
  absentOnlyIfIn?: readonly string[];
}

/** A checkpoint whose tree is gone (pruned by git gc, its ref deleted): every path unknown for that reason. */
export function isGoneReason(reason: string): boolean {
  return reason.startsWith(goneReason);
}
const goneReason = 'checkpoint tree ';

export function checkpointFilesMany(source: GitSource, reads: readonly CheckpointRead[], maxBytes = gitBlobMaxBytes): Map<string, CheckpointFileState>[] {
  const results = reads.map(() => new Map<string, CheckpointFileState>());
  const all = (i: number, reason: string): void => {
    reads[i].paths.forEach((p) => results[i].set(p, { kind: 'unknown', reason }));
  };
  if (reads.every((r) => r.paths.length === 0)) {
    return results;
  }
  try {
    const requests = new Map<string, string[]>();
    for (const r of reads) {
      for (const t of [...r.trees, ...(r.absentOnlyIfIn ?? [])]) {
        requests.set(t, [...new Set([...(requests.get(t) ?? []), ...r.paths])]);
      }
    }
    const resolved = resolveInTrees(source, requests);
    // What each path is in its checkpoint: the first tree holding it (tracked before untracked).
    const entries = reads.map((r, i) => {
      const gone = r.trees.find((t) => resolved.get(t) === undefined);
      if (gone !== undefined) {
        all(i, `${goneReason}${gone} is not in the repository (pruned by git gc, or the checkpoint was deleted)`);
        return undefined;
      }
      const found = new Map<string, TreeEntry>();
      for (const p of r.paths) {
        const e = r.trees.map((t) => resolved.get(t)?.get(p)).find((x): x is TreeEntry => x !== null && x !== undefined);
        if (e) found.set(p, e);
      }
      return found;
    });
    const blobs = [...new Set(entries.flatMap((m) => (m ? [...m.values()].filter((e) => e.mode.startsWith('100')).map((e) => e.oid) : [])))];
    const sizes = objectInfos(source, blobs);
    const contents = objectContents(source, blobs.filter((o) => (sizes.get(o)?.size ?? Infinity) <= maxBytes));
    const missing = [...new Set(reads.flatMap((r, i) => r.paths.filter((p) => entries[i] !== undefined && !entries[i]?.has(p))))];
    const ignored = missing.length > 0 ? ignoredPaths(source, missing) : new Set<string>();
    reads.forEach((r, i) => {
      const found = entries[i];
      if (!found) return;
      for (const p of r.paths) {
        const e = found.get(p);
        if (e === undefined) {
          const later = r.absentOnlyIfIn === undefined || r.absentOnlyIfIn.some((t) => resolved.get(t)?.get(p));
          results[i].set(
            p,
            ignored.has(p)
              ? { kind: 'unknown', reason: 'git ignores it, so the checkpoint does not capture it' }
              : later
                ? { kind: 'absent' }
                : { kind: 'unknown', reason: 'the checkpoint does not hold it, nor any later one (too large for the agent to capture?)' },
          );
          continue;
        }
        if (!e.mode.startsWith('100')) {
          results[i].set(p, { kind: 'unknown', reason: e.mode === '120000' ? 'it is a symbolic link' : 'it is a submodule' });
          continue;
        }
        const size = sizes.get(e.oid);
        const body = contents.get(e.oid);
        if (size === undefined || (body === undefined && size.size <= maxBytes)) {
          results[i].set(p, { kind: 'unknown', reason: `its content (blob ${e.oid}) is no longer in the repository (pruned by git gc?)` });
        } else if (body === undefined) {
          results[i].set(p, { kind: 'unknown', reason: `its content is larger than ${maxBytes} bytes` });
        } else if (body.includes(0)) {
          results[i].set(p, { kind: 'unknown', reason: 'it is a binary file' });
        } else {
          results[i].set(p, { kind: 'content', text: body.toString('utf8') });
        }
      }
    });
    return results;
  } catch (err) {
    reads.forEach((_, i) => all(i, err instanceof Error ? err.message : String(err)));
    return results;
  }
}

/** One checkpoint's files (checkpointFilesMany for one). */
export function checkpointFiles(source: GitSource, trees: readonly string[], paths: readonly string[], maxBytes = gitBlobMaxBytes): Map<string, CheckpointFileState> {
  return checkpointFilesMany(source, [{ trees, paths }], maxBytes)[0];
}
