// Which files each prompt changed, from the step ops an adapter produced: the files its edit tools changed and the
// files its shell commands write by their text (core/checkpoints/shellWrites.ts). These are the files whose content
// at the prompt's start a git checkpoint is read for: the ones restore has events for.
import { shellWrites } from '../../core/checkpoints/shellWrites';
import type { IndexOp } from '../../core/ops';

/** Absolute paths each prompt's steps changed, by prompt id: edited files, and the files its commands write. */
export function changedByPrompt(ops: readonly IndexOp[], cwd: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  // A tool's result (with its file changes) comes as a later patch of the call's step, naming no prompt.
  const promptOfStep = new Map<string, string>();
  for (const op of ops) {
    if (op.op !== 'step') {
      continue;
    }
    if (op.step.promptId !== undefined) {
      promptOfStep.set(op.step.id, op.step.promptId);
    }
    const promptId = promptOfStep.get(op.step.id);
    if (promptId === undefined) {
      continue;
    }
    const set = out.get(promptId) ?? new Set<string>();
    for (const c of op.step.fileChanges ?? []) {
      set.add(c.path);
      if (c.movePath !== undefined) {
        set.add(c.movePath);
      }
    }
    if (op.step.command) {
      shellWrites(op.step.command.command, op.step.command.cwd ?? cwd).forEach((p) => set.add(p));
    }
    out.set(promptId, set);
  }
  return out;
}
