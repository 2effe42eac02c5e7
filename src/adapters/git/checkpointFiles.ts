// The files of one git checkpoint (one or more trees read together: Cline's tracked tree plus its untracked-files
// tree, OpenCode's one snapshot tree) for the paths a session changed: their content, "absent", or why neither can
// be told. Absent is said only when every tree of the checkpoint was read and git does not ignore the path (ignored
// files are never captured, so their absence proves nothing). Never throws: a failed read makes every path unknown.
import { gitBlobMaxBytes, ignoredPaths, objectContents, objectInfos, treeFiles, type GitSource } from './gitObjects';

export type CheckpointFileState = { kind: 'content'; text: string } | { kind: 'absent' } | { kind: 'unknown'; reason: string };

/** `paths` are repo-relative with forward slashes. */
export function checkpointFiles(source: GitSource, trees: readonly string[], paths: readonly string[], maxBytes = gitBlobMaxBytes): Map<string, CheckpointFileState> {
  const out = new Map<string, CheckpointFileState>();
  const all = (reason: string): Map<string, CheckpointFileState> => {
    paths.forEach((p) => out.set(p, { kind: 'unknown', reason }));
    return out;
  };
  if (paths.length === 0) {
    return out;
  }
  try {
    const infos = objectInfos(source, trees);
    const gone = trees.find((t) => infos.get(t)?.type !== 'tree');
    if (gone !== undefined) {
      return all(`checkpoint tree ${gone} is not in the repository (pruned by git gc, or the checkpoint was deleted)`);
    }
    const blobs = new Map<string, string>();
    for (const t of trees) {
      for (const [p, oid] of treeFiles(source, t, paths)) {
        if (!blobs.has(p)) {
          blobs.set(p, oid);
        }
      }
    }
    const wanted = [...new Set(paths.map((p) => blobs.get(p)).filter((o): o is string => o !== undefined))];
    const sizes = objectInfos(source, wanted);
    const small = wanted.filter((o) => (sizes.get(o)?.size ?? Infinity) <= maxBytes);
    const contents = objectContents(source, small);
    const notInTrees = paths.filter((p) => !blobs.has(p));
    const ignored = notInTrees.length > 0 ? ignoredPaths(source, notInTrees) : new Set<string>();
    for (const p of paths) {
      const oid = blobs.get(p);
      if (oid === undefined) {
        out.set(p, ignored.has(p) ? { kind: 'unknown', reason: 'git ignores it, so the checkpoint does not capture it' } : { kind: 'absent' });
        continue;
      }
      const size = sizes.get(oid);
      const body = contents.get(oid);
      if (size === undefined || (body === undefined && size.size <= maxBytes)) {
        out.set(p, { kind: 'unknown', reason: `its content (blob ${oid}) is no longer in the repository (pruned by git gc?)` });
      } else if (body === undefined) {
        out.set(p, { kind: 'unknown', reason: `its content is larger than ${maxBytes} bytes` });
      } else if (body.includes(0)) {
        out.set(p, { kind: 'unknown', reason: 'it is a binary file' });
      } else {
        out.set(p, { kind: 'content', text: body.toString('utf8') });
      }
    }
    return out;
  } catch (err) {
    return all(err instanceof Error ? err.message : String(err));
  }
}
