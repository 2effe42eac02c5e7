// What the person typed, from a Cline user message, and how many "user runs" a user message counts for (Cline's
// checkpoint `runCount`). Mirrors @cline/core 3.0.65 (its user-run counter and @cline/shared's input formatting):
// a prompt is wrapped as `<user_input mode="act">…</user_input>` (`mode` act, plan or yolo; other attributes may
// come first), a mode switch prepends `<mode_notice>…</mode_notice>`.
import { arr, isObject, num, str } from '../../core/jsonValues';

const userInput = /<user_input\b[^>]*>([\s\S]*?)<\/user_input>/;
const modeNotice = /<mode_notice>[\s\S]*?<\/mode_notice>/g;

/** Notices, reminders and compaction records Cline adds as user messages (`metadata.kind`): never prompts. */
const noticeKinds = new Set([
  'auto_compaction',
  'compaction_budget_emergency',
  'completion_reminder',
  'loop_detection_notice',
  'manual_compaction',
  'mistake_stop_notice',
  'recovery_notice',
  'compaction',
  'compaction_summary',
]);

/** The text inside the wrapper exactly (Cline's notices around it removed); a text without it is returned whole. */
export function stripUserInput(text: string): string {
  const m = userInput.exec(text);
  return m ? m[1] : text.replace(modeNotice, '');
}

/** User texts @cline/core does not count as prompts: a resumed task's notice, the plan→act approval. */
function isInjected(text: string): boolean {
  const t = text.trim();
  return t.startsWith('[TASK RESUMPTION]') || t === 'The user approved switching to act mode. Continue with the approved plan now.';
}

function texts(message: Record<string, unknown>): { texts: string[]; toolResults: boolean; attachments: boolean } {
  if (typeof message.content === 'string') {
    return { texts: [message.content], toolResults: false, attachments: false };
  }
  const blocks = arr(message.content).filter(isObject);
  return {
    texts: blocks.filter((b) => b.type === 'text').map((b) => str(b.text) ?? ''),
    toolResults: blocks.some((b) => b.type === 'tool_result' || b.type === 'tool-result'),
    attachments: blocks.some((b) => b.type === 'image' || b.type === 'file'),
  };
}

/**
 * The prompt a user message holds, or undefined when it is not one: tool results (role user, content
 * `tool_result` blocks), injected notices, compaction and notice messages (`metadata.kind`).
 */
export function promptOf(message: Record<string, unknown>): string | undefined {
  const metadata = message.metadata;
  if (isObject(metadata) && typeof metadata.kind === 'string' && noticeKinds.has(metadata.kind)) {
    return undefined;
  }
  const { texts: parts, toolResults, attachments } = texts(message);
  if (toolResults) {
    return undefined;
  }
  // The wrapped block is what was typed; other text blocks of the message are context Cline attached to it.
  const typed = parts.find((t) => userInput.test(t));
  if (typed !== undefined) {
    return stripUserInput(typed);
  }
  const joined = parts.join('\n');
  if (attachments) {
    // Only an image or file was sent: a prompt all the same (Cline counts it as a user run), its text what was typed.
    return stripUserInput(joined);
  }
  return joined.trim() === '' || isInjected(joined) ? undefined : stripUserInput(joined);
}

/**
 * How many user runs this user message starts, as @cline/core counts them for checkpoints: an explicit
 * `metadata.userRunSpan` (a compaction summary stands for the runs it replaced), else 1 for a prompt, 0 otherwise.
 */
export function userRuns(message: Record<string, unknown>): number {
  const metadata = isObject(message.metadata) ? message.metadata : undefined;
  const span = num(metadata?.userRunSpan);
  if (span !== undefined && Number.isInteger(span) && span >= 0) {
    return span;
  }
  if (metadata?.kind === 'compaction' || metadata?.kind === 'compaction_summary') {
    return 1;
  }
  return promptOf(message) !== undefined ? 1 : 0;
}
