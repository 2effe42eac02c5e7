// The extensions' shadow-git checkpoints as the prompts' file backups, read only (git/*: cat-file/ls-tree with
// --git-dir at the shadow repository, whose work tree is the task's folder; no lock taken, nothing written):
// - Cline (cline/cline v3.89.0 `apps/vscode/src/integrations/checkpoints/CheckpointUtils.ts` hashWorkingDir,
//   getShadowGitPath; `CheckpointTracker.ts` commit): one repository per folder,
//   `<storage>/checkpoints/<hash>/.git`, the hash `h = (h*31 + charCode) >>> 0` over the folder's path, as a decimal
//   string cut to 13 digits; older Cline kept one per task, `tasks/<id>/checkpoints/.git`. A `checkpoint_created`
//   message is said at the task's first request and after every user feedback, before any tool runs, and after each
//   response's tools; its commit (`git add .` of the whole folder, then an allow-empty commit) is set on it as
//   `lastCheckpointHash` once made (`core/task/index.ts`, `integrations/checkpoints/index.ts`).
// - Roo Code (RooCodeInc/Roo-Code cb83656 `src/services/checkpoints/RepoPerTaskCheckpointService.ts`,
//   `src/core/checkpoints/index.ts`, `src/core/assistant-message/presentAssistantMessage.ts`): one repository per
//   task, `tasks/<id>/checkpoints/.git`; a commit before a prompt's first edit tool runs, said as `checkpoint_saved`
//   (text: the commit) once made, which can be after the edit's own (partial) tool message began.
// A prompt's backup is the first checkpoint within it that comes before its first change. A repository that is gone
// (the task deleted, checkpoints turned off) or a commit git pruned leaves restore to the transcript alone: not an
// error.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentId } from '../../core/model';
import type { IndexOp, ParseIssue } from '../../core/ops';
import { changedByPrompt } from '../git/changedPaths';
import { checkpointBackupsEach, type PromptCheckpoint } from '../git/checkpointBackups';
import type { TaskCheckpoint, TaskPrompt } from './taskDocument';
import { storageDirOf, taskDirOf } from './taskPaths';

/** Cline's `hashWorkingDir`. */
export function clineCwdHash(cwd: string): string {
  let hash = 0;
  for (let i = 0; i < cwd.length; i++) {
    hash = (hash * 31 + cwd.charCodeAt(i)) >>> 0;
  }
  return String(hash).slice(0, 13);
}

/** The shadow repository of a task, if there is one. */
export function shadowGitDir(agent: AgentId, uiMessages: string, cwd: string): string | undefined {
  const perTask = join(taskDirOf(uiMessages), 'checkpoints', '.git');
  const candidates = agent === 'roo' ? [perTask] : [join(storageDirOf(uiMessages), 'checkpoints', clineCwdHash(cwd), '.git'), perTask];
  return candidates.find((d) => existsSync(d));
}

/** The checkpoint holding the files as they were before the prompt's first change, if one was taken. */
export function promptCheckpoint(agent: AgentId, prompt: TaskPrompt, checkpoints: readonly TaskCheckpoint[]): TaskCheckpoint | undefined {
  // Roo saves its checkpoint while the first edit's tool message is already shown: up to the second change.
  const limit = (agent === 'roo' ? prompt.secondChange : prompt.firstChange) ?? prompt.end;
  return checkpoints.find((c) => c.position > prompt.position && c.position < Math.min(limit, prompt.end));
}

/** Conversation ops' prompts' backups from the task's shadow repository. */
export function shadowCheckpointBackups(
  agent: AgentId,
  ops: readonly IndexOp[],
  prompts: readonly TaskPrompt[],
  checkpoints: readonly TaskCheckpoint[],
  file: string,
  rawCwd: string | undefined,
  issues: ParseIssue[],
): IndexOp[] {
  const first = ops[0];
  const sessionId = first?.op === 'session' ? first.session.id : undefined;
  const cwd = first?.op === 'session' ? first.session.cwd : undefined;
  // A folder that is gone has nothing to restore into, and git cannot run there.
  if (sessionId === undefined || cwd === undefined || rawCwd === undefined || checkpoints.length === 0 || !existsSync(cwd)) {
    return [];
  }
  const gitDir = shadowGitDir(agent, file, rawCwd);
  if (gitDir === undefined) {
    return [];
  }
  const changed = changedByPrompt(ops, cwd);
  const reads: PromptCheckpoint[] = [];
  for (const p of prompts) {
    const paths = [...(changed.get(p.id) ?? [])].sort();
    const c = paths.length > 0 ? promptCheckpoint(agent, p, checkpoints) : undefined;
    if (c) {
      reads.push({ promptId: p.id, trees: [`${c.hash}^{tree}`], label: `checkpoint ${c.hash.slice(0, 12)}`, timestamp: new Date(c.ts).toISOString(), paths, prunedByAgent: true });
    }
  }
  return checkpointBackupsEach({ cwd, gitDir }, sessionId, reads, file, issues).flatMap((r) => {
    issues.push(...r.issues);
    return r.ops;
  });
}
