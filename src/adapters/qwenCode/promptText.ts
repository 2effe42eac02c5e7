// What the person typed, from a Qwen Code `user` record. Context a UserPromptSubmit hook adds is appended to the
// message as one last text part wrapped in `<qwen:user-prompt-submit-context>`, and the typed text is then kept apart
// as `systemPayload.displayText` (Qwen's client.ts / user-prompt-submit-context.ts); a mid-turn message keeps it
// there too. Other injected context (skills, folder tree, date) goes to the API only, never into the transcript.
import { isObject, obj, str, type JsonObject } from '../../core/jsonValues';

const HOOK_OPEN = '<qwen:user-prompt-submit-context>';
const HOOK_CLOSE = '</qwen:user-prompt-submit-context>';

/** One whole hook-context part, as Qwen's own isUserPromptSubmitContextPartText tells it. */
function isHookContext(text: string): boolean {
  const t = text.trim();
  if (!t.startsWith(`${HOOK_OPEN}\n`) || !t.endsWith(`\n${HOOK_CLOSE}`)) {
    return false;
  }
  const body = t.slice(HOOK_OPEN.length + 1, -(HOOK_CLOSE.length + 1));
  return !body.includes(HOOK_OPEN) && !body.includes(HOOK_CLOSE);
}

export function promptText(rec: JsonObject, parts: unknown[]): string {
  const display = str(obj(rec.systemPayload)?.displayText);
  if (display !== undefined) {
    return display;
  }
  const texts = parts.flatMap((p) => (isObject(p) && typeof p.text === 'string' && p.thought !== true ? [p.text] : []));
  if (texts.length > 1 && isHookContext(texts[texts.length - 1])) {
    texts.pop();
  }
  return texts.join('\n');
}
