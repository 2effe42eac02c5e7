// Which "user" text in a rollout is something the person typed. Codex sends machine context as user/developer
// messages (environment, AGENTS.md, permissions, skills, collaboration mode, subagent notices…), each as its own
// text item wrapped in a tag; the IDE extension wraps the typed request in a "## My request for Codex:" preamble.

// Whole-item wrappers Codex injects. A typed prompt that happens to be exactly one of these blocks is still found
// through the `user_message` / `UserMessage` event form, which carries only what was typed.
const injectedPrefixes = [
  '# AGENTS.md instructions for ',
  '# Instructions from ',
  '<environment_context>',
  '<user_instructions>',
  '<permissions instructions>',
  '<collaboration_mode>',
  '<skills_instructions>',
  '<apps_instructions>',
  '<personality_spec>',
  '<model_switch>',
  '<user_shell_command>',
  '<turn_aborted>',
  '<subagent_notification>',
  '<realtime_conversation>',
  '<hook_prompt',
  '<INSTRUCTIONS>',
  // Automations wake an existing thread with a heartbeat item (a tag in the 0.171.0 binary).
  '<heartbeat>',
];

const singleTagBlock = /^<([A-Za-z_][\w-]*)(\s[^>]*)?>[\s\S]*<\/\1>$/;

export function isInjectedText(text: string): boolean {
  const t = text.trim();
  if (t === '') {
    return true;
  }
  if (injectedPrefixes.some((p) => t.startsWith(p))) {
    return true;
  }
  // Newer builds keep adding `<some_context>…</some_context>` items (`<user_action>`, `<task-notification>` from
  // imported sessions…); an item that is one such block is machine text.
  const m = singleTagBlock.exec(t);
  return m !== null && /[_-]/.test(m[1]);
}

const requestMarker = '## My request for Codex:';

/** The typed request inside an IDE-context wrapper; the text itself otherwise. */
export function extractRequest(text: string): string {
  const at = text.lastIndexOf(requestMarker);
  if (at < 0 || !text.trimStart().startsWith('# Context from my IDE setup:')) {
    return text;
  }
  return text.slice(at + requestMarker.length).replace(/^\r?\n/, '').replace(/\s+$/, '');
}

/** Compare two renderings of the same prompt (event vs response item) loosely: whitespace differences only. */
export function samePromptText(a: string, b: string): boolean {
  const na = a.replace(/\s+/g, ' ').trim();
  const nb = b.replace(/\s+/g, ' ').trim();
  return na === nb;
}
