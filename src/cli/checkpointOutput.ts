// What `agent-trail checkpoints` and `agent-trail restore` print (JSON shapes in the README, and text).
import type { Checkpoint } from '../core/checkpoints/checkpointModel';
import type { RestorePlan } from '../core/checkpoints/checkpointPlan';
import { displayPath } from '../core/paths';
import type { CheckpointPrompt } from '../store/checkpointQueries';
import { terminalText } from './terminalText';

export interface CheckpointJson {
  index: number;
  text: string;
  timestamp: string;
  files: { path: string; restorable: boolean; reason?: string }[];
  restorable: boolean;
}

export function checkpointJson(prompt: CheckpointPrompt, checkpoint: Checkpoint, folders: readonly string[]): CheckpointJson {
  const files = checkpoint.files.map((f) => (f.state.kind === 'unknown' ? { path: displayPath(f.path, folders), restorable: false, reason: f.state.reason } : { path: displayPath(f.path, folders), restorable: true }));
  return { index: prompt.index, text: prompt.text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '', timestamp: prompt.timestamp, files, restorable: files.every((f) => f.restorable) };
}

export function checkpointsText(list: readonly CheckpointJson[]): string {
  const lines: string[] = [];
  for (const c of list) {
    const state = c.files.length === 0 ? 'nothing to restore' : c.restorable ? `${c.files.length} file${c.files.length === 1 ? '' : 's'}, restorable` : `${c.files.filter((f) => !f.restorable).length} of ${c.files.length} files not restorable`;
    const text = terminalText(c.text);
    lines.push(`before #${c.index}  ${terminalText(c.timestamp)}  ${state}`);
    lines.push(`  > ${text.length > 100 ? `${text.slice(0, 99)}…` : text}`);
    for (const f of c.files) {
      lines.push(`  ${f.restorable ? ' ' : '!'} ${terminalText(f.path)}${f.reason ? `  (${terminalText(f.reason)})` : ''}`);
    }
  }
  return lines.length === 0 ? 'The session has no prompts.\n' : `${lines.join('\n')}\n`;
}

export interface PlanJson {
  beforePrompt: number;
  files: { path: string; action: string; content?: string; conflict: boolean; reason?: string }[];
}

export function planJson(plan: RestorePlan, folders: readonly string[]): PlanJson {
  return {
    beforePrompt: plan.beforePrompt,
    files: plan.files.map((f) => {
      const content = f.content !== undefined && (f.action === 'write' || f.action === 'create') ? { content: f.content } : {};
      const out: PlanJson['files'][number] = { path: displayPath(f.path, folders), action: f.action, ...content, conflict: f.conflict };
      if (f.reason !== undefined) {
        out.reason = f.reason;
      }
      return out;
    }),
  };
}

export function planText(plan: PlanJson): string {
  if (plan.files.length === 0) {
    return `Nothing to restore before prompt ${plan.beforePrompt}.\n`;
  }
  return `${plan.files.map((f) => `${f.action.padEnd(12)} ${terminalText(f.path)}${f.conflict ? '  [conflict: changed since the session wrote it]' : ''}${f.reason ? `  (${terminalText(f.reason)})` : ''}`).join('\n')}\n`;
}
