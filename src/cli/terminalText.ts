// Text from transcripts is untrusted: a prompt injection reaches session titles, prompts, commands, outputs and file
// paths, and a terminal obeys the control sequences in what it prints (OSC 52 writes the clipboard, OSC 0 the window
// title, CSI 2J clears the screen, OSC 8 makes links, bidi overrides reorder what is shown). Every human-readable line
// the CLI prints goes through here, so those characters are shown visibly escaped instead of acted on. `--json`
// output is never escaped here: JSON.stringify already escapes C0 controls, and its text must stay exact.

/**
 * C0 controls, DEL, C1 controls, the bidi embeddings/overrides/isolates and marks (U+061C, U+200E/F, U+202A–202E,
 * U+2066–2069) and the Unicode line/paragraph separators (which some terminals break lines on).
 */
const unsafeInLine = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same, but a tab, a newline and a CR right before a newline are layout in a block of lines. */
const unsafeInBlock = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g;

const named: Readonly<Record<string, string>> = { '\n': '\\n', '\t': '\\t', '\r': '\\r' };

function visible(c: string): string {
  const named1 = named[c];
  if (named1 !== undefined) {
    return named1;
  }
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** One field on one line (a title, a path, a command): every control character escaped, newlines and tabs too. */
export function terminalText(text: string): string {
  return text.replace(unsafeInLine, visible);
}

/** Several lines (a prompt, a whole output): newlines, tabs and CRLF line ends kept, every other control escaped. */
export function terminalBlock(text: string): string {
  return text.replace(unsafeInBlock, visible);
}

/** Human-readable output on stdout, escaped as a block (the fields in it are escaped for their layout already). */
export function printText(text: string): void {
  process.stdout.write(terminalBlock(text));
}

/** One `agent-trail: …` line on stderr: a reason, a warning, a path that could not be used. */
export function printError(message: string): void {
  process.stderr.write(`agent-trail: ${terminalText(message)}\n`);
}
