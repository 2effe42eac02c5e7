// Between the blame engine's lines and the editor's. The engine counts lines as splitLines does (a trailing newline
// adds no line); VS Code shows one more, empty, line after a final newline, which no prompt wrote. Pure (no `vscode`).
import type { ReplayedFile } from '../../core/blame/blameEngine';

/** Engine lines → one value per document line: the extra last line (and anything missing) is null. */
export function toDocumentLines<T>(lines: readonly (T | null)[], lineCount: number): (T | null)[] {
  const out = lines.slice(0, lineCount);
  while (out.length < lineCount) {
    out.push(null);
  }
  return out;
}

/** Length of every document line of `text`, without its line break (VS Code's line count: a final newline adds one). */
export function lineLengths(text: string): number[] {
  const lengths: number[] = [];
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    if (end < 0) {
      lengths.push(text.length - start);
      return lengths;
    }
    lengths.push(end > start && text.charCodeAt(end - 1) === 13 ? end - start - 1 : end - start);
    start = end + 1;
  }
}

/** The text with CRLF line breaks as LF (same lines, same count). */
export function toLineFeeds(text: string): string {
  return text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text;
}

/**
 * The replayed file with CRLF line breaks as LF. An editor buffer and the contents an agent's tool recorded can
 * disagree on line breaks only (git autocrlf, an editor's EOL setting); that is not a change to any line.
 */
export function replayedWithLineFeeds(replayed: ReplayedFile): ReplayedFile {
  if (typeof replayed.content !== 'string' || !replayed.content.includes('\r\n')) {
    return replayed;
  }
  return {
    ...replayed,
    content: toLineFeeds(replayed.content),
    lines: replayed.lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line)),
  };
}
