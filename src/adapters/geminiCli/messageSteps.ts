// The steps of one `gemini` message record: its thoughts, its visible text and its tool calls, in that order
// (Gemini queues thoughts before the answer text, and tool calls are attached to the message afterwards).
import type { StepPatch } from '../../core/ops';
import { arr, isObject, str, type JsonObject } from '../../core/jsonValues';
import { textParts } from './records';
import { toolStep, type LegacySession } from './toolCalls';

export interface MessageStepContext {
  sessionCwd: string | undefined;
  promptId: string | undefined;
  /** Tool call entries that are not records (reported by the caller). */
  onBadToolCall: (index: number) => void;
  legacy?: LegacySession;
}

function thoughtText(thought: JsonObject): string {
  const subject = str(thought.subject)?.trim() ?? '';
  const description = str(thought.description)?.trim() ?? '';
  return subject && description ? `${subject}\n${description}` : subject || description;
}

export function geminiSteps(messageId: string, record: JsonObject, ctx: MessageStepContext): StepPatch[] {
  const timestamp = str(record.timestamp);
  const withPrompt = (step: StepPatch): StepPatch => (ctx.promptId ? { ...step, promptId: ctx.promptId } : step);
  const steps: StepPatch[] = [];
  arr(record.thoughts).forEach((raw, i) => {
    if (!isObject(raw)) {
      return;
    }
    const text = thoughtText(raw);
    if (text) {
      const ts = str(raw.timestamp) ?? timestamp;
      steps.push(withPrompt({ id: `${messageId}:thought:${i}`, type: 'reasoning', text, ...(ts ? { timestamp: ts } : {}) }));
    }
  });
  const text = textParts(record.content).join('');
  if (text.trim() !== '') {
    const model = str(record.model);
    steps.push(
      withPrompt({
        id: `${messageId}:text`,
        type: 'text',
        text,
        ...(model ? { model } : {}),
        ...(timestamp ? { timestamp } : {}),
      }),
    );
  }
  arr(record.toolCalls).forEach((raw, i) => {
    const step = toolStep(raw, i, { sessionCwd: ctx.sessionCwd, messageId, messageTimestamp: timestamp, promptId: ctx.promptId, legacy: ctx.legacy });
    if (step) {
      steps.push(step);
    } else {
      ctx.onBadToolCall(i);
    }
  });
  return steps;
}
