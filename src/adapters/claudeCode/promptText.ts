// Decides whether a `type:"user"` record is a prompt the person typed, and extracts exactly that text.
// Claude Code puts a lot of machine text into user records (tool results, hook/IDE context, slash-command
// wrappers, local command output, interrupt markers, compaction summaries); none of it is a prompt.
import { contentBlocks, flag, obj, str, type JsonObject } from './records';

/**
 * Claude's own SKIP_FIRST_PROMPT_PATTERN: text that opens with an XML-ish tag (`<system-reminder>`,
 * `<command-name>`, `<local-command-stdout>`, `<bash-input>`, `<ide_opened_file>`, …) or an interrupt marker
 * is injected, not typed.
 */
const INJECTED = /^(?:\s*<[a-z][\w-]*[\s>]|\[Request interrupted by user[^\]]*\])/;
const COMPACT_SUMMARY_START = 'This session is being continued from a previous conversation';
const COMMAND_NAME = /<command-name>([\s\S]*?)<\/command-name>/;
const COMMAND_ARGS = /<command-args>([\s\S]*?)<\/command-args>/;
const LOCAL_OUTPUT = /^\s*<local-command-(?:stdout|stderr)>/;

export type UserContent =
  /** A real prompt: `text` is what the person typed. */
  | { kind: 'prompt'; text: string }
  /**
   * A slash command the person typed (`/review x`). It only becomes a prompt once the model starts working
   * on it: local commands (/clear, /model, /cost…) never reach the model and would only add noise.
   */
  | { kind: 'command'; text: string }
  /** Output of a local slash command: the pending command was handled locally. */
  | { kind: 'local-output' }
  | { kind: 'none' };

function isInjected(text: string): boolean {
  return INJECTED.test(text) || text.startsWith(COMPACT_SUMMARY_START);
}

/** `<command-name>/foo</command-name>…<command-args>x</command-args>` → `/foo x` (tag order varies by version). */
function slashCommand(text: string): string | undefined {
  const name = COMMAND_NAME.exec(text)?.[1]?.trim();
  if (!name) {
    return undefined;
  }
  const command = name.startsWith('/') ? name : `/${name}`;
  const args = COMMAND_ARGS.exec(text)?.[1] ?? '';
  return args.trim() === '' ? command : `${command} ${args}`;
}

function classifyInjected(text: string): UserContent {
  const command = slashCommand(text);
  if (command !== undefined) {
    return { kind: 'command', text: command };
  }
  return LOCAL_OUTPUT.test(text) ? { kind: 'local-output' } : { kind: 'none' };
}

/** Classifies a user record that carries no tool_result blocks. */
export function classifyUserRecord(record: JsonObject, message: JsonObject): UserContent {
  if (flag(record, 'isMeta') || flag(record, 'isCompactSummary') || flag(record, 'isVisibleInTranscriptOnly')) {
    return { kind: 'none' };
  }
  // ≥2.1.x: `origin.kind` tells task notifications, channels and hooks apart from a human.
  const origin = str(obj(record, 'origin'), 'kind');
  if (origin !== undefined && origin !== 'human') {
    return { kind: 'none' };
  }
  if (typeof message.content === 'string') {
    return isInjected(message.content) ? classifyInjected(message.content) : { kind: 'prompt', text: message.content };
  }
  const blocks = contentBlocks(message);
  if (blocks.some((b) => b.type === 'tool_result')) {
    return { kind: 'none' };
  }
  const texts = blocks.map((b) => (b.type === 'text' ? str(b, 'text') : undefined)).filter((t) => t !== undefined);
  // IDE integrations add context blocks (`<ide_opened_file>…`) next to the typed text: keep only the typed part.
  const typed = texts.filter((t) => !isInjected(t));
  if (typed.length > 0) {
    return { kind: 'prompt', text: typed.join('\n') };
  }
  if (texts.length > 0) {
    return classifyInjected(texts[0]);
  }
  // A prompt that is only a pasted image or document is still a prompt, with no typed text.
  const media = blocks.some((b) => b.type === 'image' || b.type === 'document');
  return media ? { kind: 'prompt', text: '' } : { kind: 'none' };
}
