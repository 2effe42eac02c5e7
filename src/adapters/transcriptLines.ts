// A whole JSONL text as the lines the index would feed an adapter: for adapters whose whole-document parse is one
// big feed of their line parser.
import type { TranscriptLine } from './adapter';

export function splitDocument(text: string): TranscriptLine[] {
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
