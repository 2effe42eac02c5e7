// The text of a version given as lines, built from the text of the version before it when the two share most lines:
// the unchanged head and tail are slices of the old text (V8 shares them, no copy) around the few new lines, instead
// of joining thousands of lines again (joining 5,000 lines cost four times hashing the result). lineSplice gives the
// same as a description (head, middle, tail), which blame's replay of whole-version histories (blameEngine.ts) proves
// against the archive's bytes of the recorded version without building the text at all.
import { commonEnds } from './lineDiff';

/** `lines` as text: one '\n' between lines and after the last when `finalNewline` (none at all for no lines). */
export function joinLines(lines: readonly string[], finalNewline: boolean): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}${finalNewline ? '\n' : ''}`;
}

/**
 * How `after` differs from `before` as text (both joined with a final newline): the chars of the unchanged head and
 * tail and the text between them. Lines are compared as values from both ends (the unchanged ones are usually the
 * very same string objects, so each compare is a pointer compare).
 */
export function lineSplice(before: readonly string[], after: readonly string[]): { headChars: number; middle: string; tailChars: number } {
  const { head, tail } = commonEnds(before, after);
  // Where a line starts in the text: the lengths of the lines before it, each with its '\n'.
  let headChars = 0;
  for (let i = 0; i < head; i++) {
    headChars += before[i].length + 1;
  }
  let tailChars = 0;
  for (let i = before.length - tail; i < before.length; i++) {
    tailChars += before[i].length + 1;
  }
  const middle = after.slice(head, after.length - tail);
  return { headChars, middle: middle.length === 0 ? '' : `${middle.join('\n')}\n`, tailChars };
}

/** joinLines(after, true), given `beforeText` = joinLines(before, true). */
export function splicedText(beforeText: string, before: readonly string[], after: readonly string[]): string {
  const { headChars, middle, tailChars } = lineSplice(before, after);
  return beforeText.slice(0, headChars) + middle + beforeText.slice(beforeText.length - tailChars);
}
