// Moves per-line values (blame attributions) through an editor change without recomputing them: lines above a change
// keep their value, lines below shift with it, lines the change rewrote or inserted become null until the next full
// blame. Pure (no `vscode`): changes are plain numbers, as in TextDocumentContentChangeEvent.range.

/** One replacement, in the coordinates of the document as it was just before this change. */
export interface LineEdit {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
  /** The text that replaced the range, in any line-break style. */
  text: string;
}

export interface LineState<T> {
  /** One value per document line. */
  values: (T | null)[];
  /**
   * Length of each line without its line break. Knowing them tells a line that an edit only moved (Enter at the end
   * of a line, a line pasted above at column 0, a deleted blank line) from a line whose text changed.
   */
  lengths: number[];
}

const lineBreak = /\r\n|\r|\n/;

/** Applies the changes of one change event in order (each in the coordinates left by the previous one). */
export function remapLines<T>(state: LineState<T>, edits: readonly LineEdit[]): LineState<T> {
  const values = state.values.slice();
  const lengths = state.lengths.slice();
  for (const edit of edits) {
    applyEdit(values, lengths, edit);
  }
  return { values, lengths };
}

function applyEdit<T>(values: (T | null)[], lengths: number[], edit: LineEdit): void {
  const startLine = Math.max(0, edit.startLine);
  const endLine = Math.max(startLine, edit.endLine);
  const startLength = lengths[startLine] ?? 0;
  const endLength = lengths[endLine] ?? 0;
  const startCharacter = clamp(edit.startCharacter, startLength);
  const endCharacter = startLine === endLine ? Math.max(startCharacter, clamp(edit.endCharacter, endLength)) : clamp(edit.endCharacter, endLength);
  const suffixLength = endLength - endCharacter;

  const segments = edit.text.split(lineBreak);
  const inserted = segments.length - 1;
  const first = segments[0];
  const last = segments[inserted];

  // New line i is segment i, the first preceded by the start line's text before the change, the last followed by the
  // end line's text after it.
  const nextLengths = segments.map((s) => s.length);
  nextLengths[0] += startCharacter;
  nextLengths[inserted] += suffixLength;
  const nextValues = new Array<T | null>(inserted + 1).fill(null);

  const startValue = values[startLine] ?? null;
  const endValue = values[endLine] ?? null;
  if (inserted === 0) {
    if (startLine === endLine) {
      // Typing inside a line changes it, unless nothing was replaced at all.
      if (edit.text === '' && startCharacter === endCharacter) {
        nextValues[0] = startValue;
      }
    } else if (first === '' && startCharacter === startLength && suffixLength === 0) {
      // Joined with nothing: the lines after the start line were deleted whole (Backspace on an empty line).
      nextValues[0] = startValue;
    } else if (first === '' && startCharacter === 0 && endCharacter === 0) {
      // Whole lines deleted from the start of one line to the start of another: the end line moved up.
      nextValues[0] = endValue;
    }
  } else {
    const firstKept = first === '' && startCharacter === startLength;
    const lastKept = last === '' && endCharacter === 0;
    if (firstKept) {
      // Enter at the end of a line: that line is untouched.
      nextValues[0] = startValue;
    }
    if (lastKept && !(firstKept && startLine === endLine)) {
      // Lines inserted above a line at column 0: that line moved down. (An empty line split in two keeps one value.)
      nextValues[inserted] = endValue;
    }
  }

  values.splice(startLine, endLine - startLine + 1, ...nextValues);
  lengths.splice(startLine, endLine - startLine + 1, ...nextLengths);
}

function clamp(character: number, length: number): number {
  return Math.min(Math.max(0, character), length);
}
