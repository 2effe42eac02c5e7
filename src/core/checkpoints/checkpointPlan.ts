// What restoring a checkpoint does to each file, given the files as they are now. Pure: the caller reads the
// current contents and applies the plan (src/restore).
import type { Checkpoint } from './checkpointModel';

export type RestoreAction = 'write' | 'create' | 'delete' | 'unchanged' | 'unrestorable';

export interface PlannedFile {
  path: string;
  action: RestoreAction;
  /** The content to write (`write`, `create`). */
  content?: string;
  /** Changed since the session last wrote it: restoring would drop someone else's change. */
  conflict: boolean;
  /** Why a file is `unrestorable`. */
  reason?: string;
}

export interface RestorePlan {
  beforePrompt: number;
  files: PlannedFile[];
}

/**
 * `current`: each checkpoint path's content now, null when absent. `only`: restrict to these paths (file scope).
 * write = exists now with other content; create = absent now; delete = absent at the checkpoint, exists now.
 */
export function planRestore(checkpoint: Checkpoint, current: ReadonlyMap<string, string | null>, only?: ReadonlySet<string>): RestorePlan {
  const files: PlannedFile[] = [];
  for (const f of checkpoint.files) {
    if (only && !only.has(f.path)) {
      continue;
    }
    const now = current.get(f.path) ?? null;
    const conflict = f.conflict;
    if (f.state.kind === 'unknown') {
      files.push({ path: f.path, action: 'unrestorable', conflict, reason: f.state.reason });
    } else if (f.state.kind === 'absent') {
      files.push({ path: f.path, action: now === null ? 'unchanged' : 'delete', conflict });
    } else if (now === null) {
      files.push({ path: f.path, action: 'create', content: f.state.content, conflict });
    } else {
      files.push(now === f.state.content ? { path: f.path, action: 'unchanged', conflict } : { path: f.path, action: 'write', content: f.state.content, conflict });
    }
  }
  return { beforePrompt: checkpoint.beforePrompt, files };
}

/** The files a plan changes on disk. */
export function plannedChanges(plan: RestorePlan): PlannedFile[] {
  return plan.files.filter((f) => f.action === 'write' || f.action === 'create' || f.action === 'delete');
}
