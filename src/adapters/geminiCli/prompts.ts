// What the person typed, from a Gemini CLI `user` record. Gemini records everything it sends to the model as a
// `user` message, so tool responses, environment preambles, IDE context, compression summaries and its own
// next-speaker nudge all arrive in the same record type as real prompts.
import { type JsonObject } from '../../core/jsonValues';
import { isFunctionResponseOnly, textParts } from './records';

/**
 * Text parts Gemini CLI injects (checked on the trimmed part). `<session_context>`/`<hook_context>` are the ones
 * its resume code skips itself; the rest come from `addHistory` calls (IDE context, `/dir add`) and compression.
 */
const injectedPrefixes = [
  '<session_context>',
  '<hook_context>',
  '<state_snapshot>',
  "Here is the user's editor context",
  "Here is a summary of changes in the user's editor context",
  '- **Workspace Directories:**',
  'This is the Gemini CLI. We are setting up the context for our chat.',
];

/** Sent by Gemini itself when its next-speaker check says the model should go on (`checkNextSpeaker`). */
const continuationNudge = 'Please continue.';

function isInjected(text: string): boolean {
  const t = text.trimStart();
  return injectedPrefixes.some((p) => t.startsWith(p));
}

function typedText(content: unknown): string | undefined {
  if (content === undefined || content === null) {
    return undefined;
  }
  const text = textParts(content)
    .filter((t) => !isInjected(t))
    .join('');
  return text.trim() === '' ? undefined : text;
}

/** The prompt text of a `user` record, or undefined when the record is not something a person typed. */
export function promptText(record: JsonObject): string | undefined {
  if (isFunctionResponseOnly(record.content)) {
    return undefined;
  }
  // The nudge reuses the original prompt's displayContent, so it is recognised on `content`.
  if (textParts(record.content).join('').trim() === continuationNudge) {
    return undefined;
  }
  // `displayContent` is what was typed when `content` was expanded (@file inclusion, custom commands).
  return typedText(record.displayContent) ?? typedText(record.content);
}
