// The tasks of an extension's storage folders that may belong to the workspace. Every folder's tasks share one
// `tasks/` folder: the recorded folder (taskCwd.ts) decides, remembered per task (DiscoveryMemo) because a task's
// folder never changes, so a task of another project costs its small history read once. A task whose folder is not
// recorded anywhere yet (a task just started) is kept: its parsed session's folder decides membership.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentId } from '../../core/model';
import type { DiscoveryMemo, TranscriptFile } from '../adapter';
import { isObject } from '../../core/jsonValues';
import type { ParseIssue } from '../../core/ops';
import { mayBelongTo } from '../../core/paths';
import { listDir } from '../listDir';
import { apiHistoryCwd, clineHistoryCwds, rooHistoryCwd } from './taskCwd';
import { uiMessagesName } from './taskPaths';

function belongs(cwd: string, workspaceFolders: readonly string[]): boolean {
  return workspaceFolders.some((f) => mayBelongTo(cwd, f));
}

/** Whether a root is an extension storage folder (it has `tasks/`), as opposed to Cline CLI's sessions folder. */
export function isTaskStorage(root: string): boolean {
  return existsSync(join(root, 'tasks'));
}

/** The tasks under one storage folder `root` (`<root>/tasks/<id>/ui_messages.json`). */
export function discoverTasks(agent: AgentId, root: string, workspaceFolders: readonly string[], issues: ParseIssue[], memo?: DiscoveryMemo): TranscriptFile[] {
  const tasks = join(root, 'tasks');
  const entries = listDir(tasks, issues, false);
  if (!entries) {
    return [];
  }
  let history: Map<string, string> | undefined;
  const found: TranscriptFile[] = [];
  for (const d of entries) {
    if (!d.isDirectory()) {
      continue;
    }
    const dir = join(tasks, d.name);
    const key = join(dir, uiMessagesName);
    const known = memo?.get(key);
    let cwd = isObject(known) && typeof known.cwd === 'string' ? known.cwd : undefined;
    // A task remembered to be another folder's costs no I/O at all.
    if ((cwd !== undefined && !belongs(cwd, workspaceFolders)) || !existsSync(key)) {
      continue;
    }
    if (cwd === undefined) {
      if (agent === 'roo') {
        cwd = rooHistoryCwd(dir, issues);
      } else {
        history ??= clineHistoryCwds(root, issues);
        cwd = history.get(d.name);
      }
      cwd ??= apiHistoryCwd(dir, issues);
      if (cwd !== undefined) {
        memo?.set(key, { cwd });
      }
    }
    if (cwd !== undefined && !belongs(cwd, workspaceFolders)) {
      continue;
    }
    found.push({ agent, path: key, mode: 'whole', ...(cwd !== undefined ? { cwdHint: cwd } : {}) });
  }
  return found;
}
