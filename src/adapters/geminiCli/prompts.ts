// What the person typed, from a Gemini CLI `user` record. Gemini records everything it sends to the model as a
// `user` message, so tool responses, environment preambles, IDE context, compression summaries and the messages it
// sends itself to keep a prompt going all arrive in the same record type as real prompts.
import { type JsonObject } from '../../core/jsonValues';
import { isFunctionResponseOnly, textParts } from './records';

/**
 * Text parts Gemini CLI injects (checked on the trimmed part). `<session_context>`/`<hook_context>` are the ones
 * its resume code skips itself; the rest come from `addHistory` calls (IDE context, `/dir add`), compression, and a
 * subagent's own loop (background command output, the note that every tool call failed).
 */
const injectedPrefixes = [
  '<session_context>',
  '<hook_context>',
  '<state_snapshot>',
  "Here is the user's editor context",
  "Here is a summary of changes in the user's editor context",
  '- **Workspace Directories:**',
  'This is the Gemini CLI. We are setting up the context for our chat.',
  'Background execution update:\n<background_output>',
  'All tool calls failed or were unauthorized. Please analyze the errors and try an alternative approach.',
];

/**
 * Whole messages Gemini CLI sends on its own to keep the running prompt going (`GeminiClient.sendMessageStream`
 * recursing with the same prompt id, or a subagent's grace turn). They reuse the running prompt's displayContent,
 * so they are recognised on `content` (trimmed, all text parts joined).
 */
const continuations: readonly RegExp[] = [
  // The next-speaker check decided the model should go on.
  /^Please continue\.$/,
  // A stream with neither text nor a tool call, or no finish reason, after the CLI's own retries (0.10 to 0.41).
  /^System: Please continue\.$/,
  // Loop recovery feedback (0.34 on).
  /^System: Potential loop detected\. Details: /,
  // A subagent out of time or turns gets one last turn to call complete_task.
  /^You have (?:exceeded the time limit|exceeded the maximum number of turns|stopped calling tools without finishing)\. You have one final chance to complete the task/,
];

/**
 * What Gemini sends when the person steers a running prompt: their text inside `<user_input>` with instructions
 * around it (`buildUserSteeringHintPrompt`; a subagent gets the list form of `formatUserHintsForModel`).
 */
const steering = /^User (?:steering update|hints):\n<user_input>\n([\s\S]*?)\n<\/user_input>\n/;

/** Sent right before the CLI re-sends the running prompt's request itself (the loop-detection dialog's "disable"). */
export const retryNotice = 'Loop detection has been disabled for this session. Retrying request...';

function isInjected(text: string): boolean {
  const t = text.trimStart();
  return injectedPrefixes.some((p) => t.startsWith(p));
}

/** The typed text of a steering message; the list form's "- " bullets are Gemini's, not the person's. */
function unwrapSteering(text: string): string {
  const m = steering.exec(text.trimStart());
  if (!m) {
    return text;
  }
  return text.trimStart().startsWith('User hints:') ? m[1].replace(/^- /gm, '') : m[1];
}

function typedText(content: unknown): string | undefined {
  if (content === undefined || content === null) {
    return undefined;
  }
  const text = textParts(content)
    .filter((t) => !isInjected(t))
    .map(unwrapSteering)
    .join('');
  return text.trim() === '' ? undefined : text;
}

/** A message the CLI sent itself to continue the running prompt (see `continuations`). */
function isContinuation(record: JsonObject): boolean {
  const text = textParts(record.content).join('').trim();
  return continuations.some((c) => c.test(text));
}

/** The prompt text of a `user` record, or undefined when the record is not something a person typed. */
export function promptText(record: JsonObject): string | undefined {
  if (isFunctionResponseOnly(record.content) || isContinuation(record)) {
    return undefined;
  }
  const sent = typedText(record.content);
  if (record.content !== undefined && sent === undefined) {
    // Only injected parts were sent: a displayContent on it is the running prompt's, reused by the CLI.
    return undefined;
  }
  // `displayContent` is what was typed when `content` was expanded (@file inclusion, custom commands).
  return typedText(record.displayContent) ?? sent;
}
