// One session's checkpoint "before prompt N" and what restoring it does, from the index's checkpoint data and the
// files as they are on disk. Used by the CLI (`agent-trail restore`) and the editor's restore flow, so both plan
// the same way: unsafe paths (outside the workspace, escaping symlinks) become unrestorable, never written.
import { CheckpointResolver, type Checkpoint } from '../core/checkpoints/checkpointModel';
import { lstatSync } from 'node:fs';
import { planRestore, type RestorePlan } from '../core/checkpoints/checkpointPlan';
import { displayPath } from '../core/paths';
import type { SessionCheckpointData } from '../store/checkpointQueries';
import { recordedPatchOps } from '../store/recordedPatchOps';
import { readCurrentFiles, type CurrentFiles } from './currentFiles';
import { resolveSafeTarget } from './pathSafety';

export interface PlannedRestore {
  checkpoint: Checkpoint;
  plan: RestorePlan;
  current: CurrentFiles;
}

export type PlanOutcome = ({ ok: true } & PlannedRestore) | { ok: false; reason: string };

/**
 * `files`: restrict to these paths (absolute, or relative to the first folder); each must be part of the checkpoint.
 * The reasons name paths relative to the folders.
 */
export function buildRestorePlan(data: SessionCheckpointData, beforePrompt: number, folders: readonly string[], files?: readonly string[]): PlanOutcome {
  if (!data.prompts.some((p) => p.index === beforePrompt)) {
    return { ok: false, reason: `the session has no prompt ${beforePrompt} (it has ${data.prompts.length})` };
  }
  const current = readCurrentFiles(
    data.histories.map((h) => h.path),
    folders,
  );
  const checkpoint = new CheckpointResolver(data.histories, recordedPatchOps, current.contents).checkpoint(beforePrompt);
  for (const f of checkpoint.files) {
    const reason = current.unsafe.get(f.path);
    if (reason !== undefined) {
      f.state = { kind: 'unknown', reason };
    }
  }
  let only: Set<string> | undefined;
  if (files && files.length > 0) {
    only = new Set();
    for (const file of files) {
      const safe = resolveSafeTarget(file, folders);
      if (!safe.ok) {
        return { ok: false, reason: safe.reason };
      }
      const match = checkpoint.files.find((f) => f.path === safe.path);
      if (!match) {
        return { ok: false, reason: `${displayPath(safe.path, folders)} is not part of the checkpoint before prompt ${beforePrompt} (the session did not change it in prompt ${beforePrompt} or later)` };
      }
      only.add(match.path);
    }
  }
  const plan = planRestore(checkpoint, current.contents, only);
  refuseSecondWrites(plan, current, folders);
  return { ok: true, checkpoint, current, plan };
}

/**
 * Two paths that are one file (a symlink and its target, or hard links) cannot both be written: the second write
 * would undo the first, and its re-check would find the file changed. The one reached through a symlink (else the
 * later one) is reported as not restorable; removing both names is fine.
 */
function refuseSecondWrites(plan: RestorePlan, current: CurrentFiles, folders: readonly string[]): void {
  const writes = plan.files.filter((f) => f.action === 'write' && current.identity.has(f.path));
  const isLink = (p: string): boolean => {
    try {
      return lstatSync(p).isSymbolicLink();
    } catch {
      return false;
    }
  };
  const first = new Map<string, string>();
  for (const f of [...writes].sort((a, b) => Number(isLink(a.path)) - Number(isLink(b.path)))) {
    const id = current.identity.get(f.path) ?? '';
    const other = first.get(id);
    if (other === undefined) {
      first.set(id, f.path);
      continue;
    }
    f.action = 'unrestorable';
    f.reason = `the same file as ${displayPath(other, folders)} (a symlink or hard link to it), which this restore writes`;
    delete f.content;
  }
}
