// Cline's checkpoints (docs/formats/cline.md "Checkpoints") as the prompts' file backups: before the first model call
// of user run N, Cline records the work tree as a commit (`refs/cline/checkpoints/<session>/<N>`, kind `stash`:
// tracked files in its tree, untracked ones in its third parent's; kind `commit`: a clean tree, HEAD itself). The
// commit id is in the manifest, so a checkpoint is read by id: a deleted ref does not lose it until git prunes the
// commit. For each prompt, the files it changed — through its edit tools or, by the command's text, the shell — get
// their content at that checkpoint, which is what restore needs for shell-made changes the transcript has no content
// for (and for hand edits made between prompts, which the checkpoint includes).
import { existsSync } from 'node:fs';
import type { IndexOp, ParseIssue } from '../../core/ops';
import { changedByPrompt } from '../git/changedPaths';
import { checkpointBackupsEach, type PromptCheckpoint } from '../git/checkpointBackups';
import { commitsParents, type GitSource } from '../git/gitObjects';
import type { ClineCheckpoint } from './manifest';
import { checkpointsByPrompt } from './sessionDocument';

/** Checkpoint reads kept by the parse worker, oldest dropped first. */
const readCache = new Map<string, IndexOp[]>();
const readCacheLimit = 512;

/** The trees of a checkpoint, or why they cannot be told (its commit pruned, a kind this reader does not know). */
function checkpointTrees(c: ClineCheckpoint, parents: ReadonlyMap<string, string[] | undefined>): string[] | string {
  if (c.kind === 'commit') {
    return [`${c.ref}^{tree}`];
  }
  if (c.kind !== 'stash') {
    return `checkpoint kind ${JSON.stringify(c.kind)} is not known`;
  }
  const p = parents.get(c.ref);
  if (p === undefined) {
    return `checkpoint commit ${c.ref} is not in the repository (its ref deleted and the commit pruned?)`;
  }
  // No third parent: the work tree had no untracked files.
  return p.length >= 3 ? [`${c.ref}^{tree}`, `${p[2]}^{tree}`] : [`${c.ref}^{tree}`];
}

export function clineCheckpointBackups(
  ops: readonly IndexOp[],
  promptRuns: readonly { promptId: string; run: number }[],
  checkpoints: readonly ClineCheckpoint[],
  file: string,
  issues: ParseIssue[],
): IndexOp[] {
  const first = ops[0];
  const sessionId = first?.op === 'session' ? first.session.id : undefined;
  const cwd = first?.op === 'session' ? first.session.cwd : undefined;
  // A session whose folder is gone (a deleted worktree, a transcript from another machine) has nothing to restore
  // into, and git cannot run in it: not a reading failure (as checkpointBackupsEach).
  if (sessionId === undefined || cwd === undefined || checkpoints.length === 0 || !existsSync(cwd)) {
    return [];
  }
  const changed = changedByPrompt(ops, cwd);
  const source: GitSource = { cwd };
  const out: IndexOp[] = [];
  const toRead: { key: string; promptId: string; checkpoint: ClineCheckpoint; paths: string[] }[] = [];
  for (const { promptId, checkpoint } of checkpointsByPrompt(promptRuns, checkpoints)) {
    const paths = [...(changed.get(promptId) ?? [])].sort();
    if (paths.length === 0) {
      continue;
    }
    // Cline rewrites the transcript after every message and it is parsed whole each time; a checkpoint commit never
    // changes, so what was read of it is kept (only complete reads: a failed one is tried again next time).
    const key = JSON.stringify([cwd, checkpoint.ref, promptId, paths]);
    const cached = readCache.get(key);
    if (cached) {
      out.push(...cached);
    } else {
      toRead.push({ key, promptId, checkpoint, paths });
    }
  }
  if (toRead.length === 0) {
    return out;
  }
  // Every checkpoint still to read at once: their commits' parents in one git process, their files in a few.
  const parents = new Map<string, string[] | undefined>();
  try {
    const stashes = [...new Set(toRead.filter((r) => r.checkpoint.kind === 'stash').map((r) => r.checkpoint.ref))];
    stashes.forEach((ref) => parents.set(ref, undefined));
    for (const [ref, p] of commitsParents(source, stashes)) {
      parents.set(ref, p);
    }
  } catch (err) {
    issues.push({ kind: 'io', file, message: `session ${sessionId}: its checkpoints cannot be read: ${err instanceof Error ? err.message : String(err)}` });
    return out;
  }
  const reads: (PromptCheckpoint & { key: string })[] = [];
  for (const { key, promptId, checkpoint, paths } of toRead) {
    const trees = checkpointTrees(checkpoint, parents);
    if (typeof trees === 'string') {
      issues.push({ kind: 'io', file, message: `session ${sessionId} prompt ${promptId}: checkpoint ${checkpoint.runCount} cannot be read: ${trees}` });
      continue;
    }
    const label = checkpoint.kind === 'stash' ? `refs/cline/checkpoints/${sessionId}/${checkpoint.runCount}` : checkpoint.ref;
    const timestamp = checkpoint.createdAt !== undefined ? new Date(checkpoint.createdAt).toISOString() : '';
    reads.push({ key, promptId, trees, label, timestamp, paths });
  }
  checkpointBackupsEach(source, sessionId, reads, file, issues).forEach((read, i) => {
    out.push(...read.ops);
    issues.push(...read.issues);
    if (read.issues.length === 0 && read.ops.length > 0) {
      if (readCache.size >= readCacheLimit) {
        readCache.delete(readCache.keys().next().value as string);
      }
      readCache.set(reads[i].key, read.ops);
    }
  });
  return out;
}
