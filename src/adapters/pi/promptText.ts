// What the person typed, from a Pi user message. Pi stores the text it sent, which is the typed text except for two
// expansions it makes itself (docs/formats/pi.md): `@file` arguments of the command line are inlined before the
// first message as `<file name="…">…</file>` blocks (dist/cli/file-processor.js), and `/skill:name args` is replaced
// by the skill's body in a `<skill …>` block followed by the arguments (agent-session.js `_expandSkillCommand`).
import { isObject, str } from '../../core/jsonValues';

/** One inlined file: a text file's content between newlines, or an image's note on the tag's line. */
const fileBlock = /^<file name="[^"\n]*">(?:\n[\s\S]*?\n|[^\n]*)<\/file>\n/;
/** Pi's own parser of the block (agent-session.js `parseSkillBlock`). */
const skillBlock = /^<skill name="([^"]+)" location="([^"]+)">\n([\s\S]*?)\n<\/skill>(?:\n\n([\s\S]+))?$/;

/**
 * The text blocks of a message's content (a string, or text and image blocks), joined by newlines; '' for only
 * images (a pasted screenshot is still a prompt), undefined when there is no content at all.
 */
export function userText(content: unknown): string | undefined {
  if (typeof content === 'string') {
    return content;
  }
  if (!Array.isArray(content)) {
    return undefined;
  }
  return content
    .filter(isObject)
    .flatMap((b) => (b.type === 'text' && str(b.text) !== undefined ? [str(b.text) as string] : []))
    .join('\n');
}

export function typedPrompt(text: string): string {
  let rest = text;
  for (let m = fileBlock.exec(rest); m && m[0].length < rest.length; m = fileBlock.exec(rest)) {
    rest = rest.slice(m[0].length);
  }
  const skill = skillBlock.exec(rest);
  if (skill) {
    return skill[4] !== undefined ? `/skill:${skill[1]} ${skill[4]}` : `/skill:${skill[1]}`;
  }
  return rest;
}
