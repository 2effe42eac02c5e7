// What Gemini CLI 0.4 to 0.24 wrote to a file when its session document (`session-*.json`) records no resultDisplay.
// Those builds kept a tool's display only when it was a string (and record tool calls at all only from 0.9 in the
// TUI, 0.10 with -p), so a write_file/replace result there is just the arguments and the text sent to the model
// ("Successfully overwrote file: …"). The arguments are not always what
// reached the disk; read from google-gemini/gemini-cli at v0.4.0 … v0.24.5:
// - write_file runs the content through the edit corrector (`getCorrectedFileContent`): content that looks
//   over-escaped (a backslash before n, t, r, a quote, a backtick, a backslash or a newline) is rewritten by a model
//   call, so only content without such a sequence is known. Overwriting an existing file also treats the old
//   content as the text to replace and trims both when the old content has leading or trailing whitespace
//   (`trimPairIfPossible`): a file that ended in a newline is written as `content.trim()` (recorded:
//   test/fixtures/recorded/gemini-legacy-print). So an overwrite's result depends on the content it replaced.
// - replace: 0.4 to 0.23 (`EditTool` + `ensureCorrectEdit`, optionally `SmartEditTool`) and 0.24 (`calculateReplacement`)
//   differ in escape correction, whitespace trimming, `$` handling, CRLF handling and the final newline. A replace is
//   replayed only when every one of them gives the same content from the same content before it.
// When the content before is known (a read earlier in the prompt, or replay), the result is computed here; when not,
// the change carries a self-describing patch (below) that blame, checkpoints and prompt diffs apply to whatever
// exact state they know, exactly like an apply_patch section.
import { isObject, str } from '../../core/jsonValues';

/** A backslash sequence the edit corrector would "unescape" (its `unescapeStringForGeminiBug` changes the text). */
const correctable = /\\[ntr'"`\\\n]/;

/** True when the edit corrector leaves the text alone (no model call could have rewritten it). */
export function correctorKeeps(text: string): boolean {
  return !correctable.test(text);
}

/** Non-overlapping occurrences, left to right; none for an empty needle (the CLI's `countOccurrences`). */
function occurrences(text: string, needle: string): number {
  if (needle === '') {
    return 0;
  }
  let count = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) {
    count++;
  }
  return count;
}

/** The content write_file left when it overwrote `before` with `content`; undefined when a model call may have changed it. */
export function legacyWriteResult(before: string, content: string): string | undefined {
  if (!correctorKeeps(content)) {
    return undefined;
  }
  const trimmed = before.trim();
  return trimmed.length !== before.length && occurrences(before, trimmed) === 1 ? content.trim() : content;
}

/** The content is the same whatever the file held before (no whitespace to trim, nothing to correct). */
export function writeResultIndependentOfBefore(content: string): boolean {
  return correctorKeeps(content) && content.trim() === content;
}

export interface LegacyReplace {
  old_string: string;
  new_string: string;
  /** `expected_replacements` (default 1). */
  expected: number;
  /** The count the result text reports ("(N replacements)"). */
  replacements: number;
}

function keepFinalNewline(original: string, modified: string): string {
  if (original.endsWith('\n') && !modified.endsWith('\n')) {
    return `${modified}\n`;
  }
  if (!original.endsWith('\n') && modified.endsWith('\n')) {
    return modified.slice(0, -1);
  }
  return modified;
}

/** A replace whose outcome cannot be the same in every build, whatever the content before. */
export function replaceNeverExact(e: LegacyReplace): boolean {
  return (
    e.old_string === '' ||
    !Number.isInteger(e.expected) ||
    e.expected < 1 ||
    e.replacements !== e.expected ||
    e.old_string.includes('\r') ||
    e.new_string.includes('\r') ||
    !correctorKeeps(e.new_string)
  );
}

/** The content replace left in `before`, when every 0.4–0.24 implementation agrees on it; else undefined. */
export function legacyReplaceResult(before: string, e: LegacyReplace): string | undefined {
  if (replaceNeverExact(e) || before.includes('\r') || occurrences(before, e.old_string) !== e.expected) {
    return undefined;
  }
  // 0.24 (and SmartEditTool): every literal occurrence, then the original's final newline (or its absence) restored.
  const restored = keepFinalNewline(before, before.split(e.old_string).join(e.new_string));
  // 0.4–0.23 EditTool: both strings trimmed when the trimmed old string occurs as often; 0.4 used String.replaceAll,
  // which reads `$&`, `$1`… in the replacement, later builds a literal replace.
  const trimmed = e.old_string.trim();
  const [from, to] =
    trimmed.length !== e.old_string.length && occurrences(before, trimmed) === e.expected ? [trimmed, e.new_string.trim()] : [e.old_string, e.new_string];
  const literal = before.split(from).join(to);
  const patterned = before.replaceAll(from, to);
  return literal === restored && patterned === restored ? restored : undefined;
}

// ---- the recorded patch ---------------------------------------------------------------------------------------
// First line: what happened, in words (the timeline shows it); second line: the arguments as one JSON line, so the
// text can never look like a unified diff or an apply_patch section to the other patch readers.

const prefix = '*** Gemini CLI before 0.25 ';
const writeHeader = `${prefix}wrote the whole file; the transcript does not record the content it replaced`;
const replaceHeader = `${prefix}replaced text in the file; the transcript does not record the file`;

export function legacyWritePatch(content: string): string {
  return `${writeHeader}\n${JSON.stringify({ content })}`;
}

export function legacyReplacePatch(e: LegacyReplace): string {
  return `${replaceHeader}\n${JSON.stringify(e)}`;
}

export function isLegacyGeminiPatch(patch: string): boolean {
  return patch.startsWith(prefix);
}

function replaceArgs(value: unknown): LegacyReplace | undefined {
  if (!isObject(value)) {
    return undefined;
  }
  const oldString = str(value.old_string);
  const newString = str(value.new_string);
  const { expected, replacements } = value;
  if (oldString === undefined || newString === undefined || typeof expected !== 'number' || typeof replacements !== 'number') {
    return undefined;
  }
  return { old_string: oldString, new_string: newString, expected, replacements };
}

/** The content the recorded write/replace leaves in `before`; undefined when it is not exactly known. */
export function applyLegacyGeminiPatch(before: string, patch: string): string | undefined {
  const newline = patch.indexOf('\n');
  if (newline < 0) {
    return undefined;
  }
  let args: unknown;
  try {
    args = JSON.parse(patch.slice(newline + 1));
  } catch {
    return undefined;
  }
  const header = patch.slice(0, newline);
  if (header === writeHeader) {
    const content = isObject(args) ? str(args.content) : undefined;
    return content === undefined ? undefined : legacyWriteResult(before, content);
  }
  if (header === replaceHeader) {
    const e = replaceArgs(args);
    return e ? legacyReplaceResult(before, e) : undefined;
  }
  return undefined;
}
