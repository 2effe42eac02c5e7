// VS Code text edits (`{text, range:{startLineNumber,startColumn,endLineNumber,endColumn}}`, 1-based lines and
// columns in UTF-16 code units) applied to a document's text, as a chat response's `textEditGroup` recorded them. One
// group holds batches (`edits: TextEdit[][]`) applied one after the other; the edits of one batch all refer to the
// document as it was before that batch (VS Code applies a batch at once), so they are applied from the last to the
// first. A range outside the document means the text is not the one the edits were made on: undefined, never a guess.
import { arr, isObject, num, str } from '../../core/jsonValues';

interface TextEdit {
  text: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

function textEdit(v: unknown): TextEdit | undefined {
  if (!isObject(v) || !isObject(v.range)) {
    return undefined;
  }
  const r = v.range;
  const text = str(v.text) ?? '';
  const startLine = num(r.startLineNumber);
  const startColumn = num(r.startColumn);
  const endLine = num(r.endLineNumber);
  const endColumn = num(r.endColumn);
  if (startLine === undefined || startColumn === undefined || endLine === undefined || endColumn === undefined) {
    return undefined;
  }
  return { text, startLine, startColumn, endLine, endColumn };
}

/** Start offsets of the document's lines (`\r\n`, `\n` and `\r` end a line, as in VS Code's text model). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) {
      starts.push(i + 2);
      i++;
    } else if (c === 10 || c === 13) {
      starts.push(i + 1);
    }
  }
  return starts;
}

function offsetAt(text: string, starts: number[], line: number, column: number): number | undefined {
  if (line < 1 || line > starts.length || column < 1) {
    return undefined;
  }
  const start = starts[line - 1];
  const next = line < starts.length ? starts[line] : text.length;
  // The line's content without its line break.
  let end = next;
  if (line < starts.length) {
    end -= text.charCodeAt(next - 2) === 13 && text.charCodeAt(next - 1) === 10 ? 2 : 1;
  }
  const offset = start + column - 1;
  return offset <= end ? offset : undefined;
}

/** The edit batches of a textEditGroup; entries that are not edits are counted in `skipped`. */
export function editBatches(edits: unknown): { batches: TextEdit[][]; skipped: number } {
  let skipped = 0;
  const batches = arr(edits).map((batch) =>
    arr(batch).flatMap((e) => {
      const t = textEdit(e);
      if (!t) {
        skipped++;
        return [];
      }
      return [t];
    }),
  );
  return { batches, skipped };
}

/** `text` with one batch applied, or undefined when a range does not fit it. */
function applyBatch(text: string, batch: readonly TextEdit[]): string | undefined {
  const starts = lineStarts(text);
  const located: { from: number; to: number; text: string }[] = [];
  for (const e of batch) {
    const from = offsetAt(text, starts, e.startLine, e.startColumn);
    const to = offsetAt(text, starts, e.endLine, e.endColumn);
    if (from === undefined || to === undefined || to < from) {
      return undefined;
    }
    located.push({ from, to, text: e.text });
  }
  located.sort((a, b) => b.from - a.from || b.to - a.to);
  let out = text;
  let limit = Number.POSITIVE_INFINITY;
  for (const e of located) {
    if (e.to > limit) {
      return undefined; // overlapping edits: not what VS Code would have accepted
    }
    out = out.slice(0, e.from) + e.text + out.slice(e.to);
    limit = e.from;
  }
  return out;
}

/** `text` after every batch, in order; undefined when one does not fit. */
export function applyEditBatches(text: string, batches: readonly (readonly TextEdit[])[]): string | undefined {
  let out: string | undefined = text;
  for (const batch of batches) {
    if (out === undefined) {
      return undefined;
    }
    if (batch.length > 0) {
      out = applyBatch(out, batch);
    }
  }
  return out;
}
