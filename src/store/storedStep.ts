// How a step is kept in `steps.data`, and read back. The row's own columns already hold the step's id, prompt,
// type and time, and a shell call's result text is most often its command's output again (Claude's Bash, Codex's
// exec): the JSON held each of those twice, which was a sixth of the steps table (the DB is held whole in memory
// while indexing, so its size is most of the peak). Every reader of `steps.data` goes through stepFromRow, which
// gives back the Step exactly as it was written.
import type { Step, ToolCallStep } from '../core/model';
import { isBlobRef } from './blobRefs';

/** The stored form of a result whose text is the command's output: the text is left out and this flag set. */
const textIsOutput = 'textIsOutput';

/**
 * Same value: equal strings, or references to the same archived content (a result's reference keeps a shorter
 * preview than the output's: the preview is only read when the blob is missing, and the output's serves as well).
 */
function sameBody(a: unknown, b: unknown): boolean {
  if (isBlobRef(a) && isBlobRef(b)) {
    return a.$blob === b.$blob;
  }
  return typeof a === 'string' && a === b;
}

/**
 * The JSON kept in `steps.data` for a step whose id, prompt id, type and timestamp are in their columns. A tool
 * call's empty file change and read lists are left out too (most calls have neither).
 */
export function storedStepData(step: Step): string {
  const { id: _id, promptId: _promptId, type: _type, timestamp: _timestamp, ...rest } = step;
  if (step.type !== 'tool') {
    return JSON.stringify(rest);
  }
  const stored: Record<string, unknown> = rest;
  if (step.fileChanges.length === 0) {
    delete stored.fileChanges;
  }
  if (step.reads.length === 0) {
    delete stored.reads;
  }
  if (step.result && step.command && step.command.output !== undefined && sameBody(step.result.text, step.command.output)) {
    const { text: _text, ...result } = step.result;
    stored.result = { ...result, [textIsOutput]: true };
  }
  return JSON.stringify(stored);
}

/**
 * The step a `steps` row holds (the columns session_key's row gives: id, prompt_id, type, ts, and data). Keys come
 * in mergeStep's order, so a step read back is the step that was written, field for field.
 */
export function stepFromRow(id: string, promptId: string, type: string, ts: string, data: string): Step {
  const rest = JSON.parse(data) as Record<string, unknown>;
  const step = { type, id, promptId, timestamp: ts, ...rest } as Step;
  if (step.type === 'tool') {
    step.fileChanges ??= [];
    step.reads ??= [];
    restoreResultText(step);
  }
  return step;
}

function restoreResultText(step: ToolCallStep): void {
  const result = step.result as (Partial<ToolCallStep['result']> & { [textIsOutput]?: boolean }) | undefined;
  if (!result || result[textIsOutput] !== true) {
    return;
  }
  const { [textIsOutput]: _flag, ...fields } = result;
  // The output in the text's place, before isError and timestamp: the order the result had when it was written.
  step.result = { text: step.command?.output ?? '', ...fields } as ToolCallStep['result'];
}

/** The columns stepFromRow takes, in a SELECT over `steps` (alias `s` when given). */
export function stepColumns(alias?: string): string {
  const p = alias ? `${alias}.` : '';
  return `${p}id AS step_id, ${p}prompt_id, ${p}type AS step_type, ${p}ts AS step_ts, ${p}data`;
}

/** stepFromRow over a row selected with stepColumns. */
export function stepOf(row: Record<string, unknown>): Step {
  return stepFromRow(String(row.step_id), String(row.prompt_id), String(row.step_type), String(row.step_ts), String(row.data));
}
