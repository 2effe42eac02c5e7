// A whole JSONL text as the lines the indexer would feed (for adapters whose parseDocument is one big feed).
import type { TranscriptLine } from './adapter';

/** The lines of `text` with their byte offsets; a trailing empty line (after the last newline) is not one. */
export function documentLines(text: string): TranscriptLine[] {
  const lines: TranscriptLine[] = [];
  let offset = 0;
  text.split('\n').forEach((lineText, i, all) => {
    if (i < all.length - 1 || lineText !== '') {
      lines.push({ text: lineText, offset, lineNo: i + 1 });
    }
    offset += Buffer.byteLength(lineText, 'utf8') + 1;
  });
  return lines;
}
