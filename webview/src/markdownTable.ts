// GitHub-flavored Markdown tables for the assistant-text tokenizer (markdown.ts). Works on raw lines and returns
// raw cell strings: markdown.ts parses each cell as inline Markdown, so this file needs nothing from it and stays a
// pure string scanner. Follows the GFM spec (and cmark-gfm where the spec is silent): a header row, a delimiter row
// with as many cells, then body rows until a blank line or the start of another block; short rows are padded,
// long ones cut; `\|` is a literal pipe, even inside a code span, and an unescaped pipe always splits cells.
// Every scan is a single pass over the line, so hostile input (a megabyte of pipes, thousands of rows) stays linear.

/** Column alignment from the delimiter row: `:--` left, `:-:` center, `--:` right, `---` none (`null`). */
export type TableAlign = 'left' | 'center' | 'right' | null;

export interface RawTable {
  align: TableAlign[];
  head: string[];
  /** Every row has exactly `align.length` cells. */
  rows: string[][];
  /** The index of the first line after the table. */
  end: number;
}

/**
 * Cells added to pad short rows, per table. A wide header over thousands of one-cell lines would otherwise cost
 * rows × columns of work and DOM from a small text; past the budget the table ends (cmark-gfm caps this too).
 */
const maxPaddedCells = 100_000;

/**
 * Only the delimiter-row characters, at most 3 spaces of indentation (4 would be indented code in CommonMark).
 * One character class after a bounded prefix: no backtracking blow-up on long lines.
 */
const delimiterChars = /^ {0,3}[|:-][ \t|:-]*$/;
const delimiterCell = /^(:?)-+(:?)$/;

/**
 * The table whose header row is `lines[at]`, or undefined when `lines[at + 1]` is not a matching delimiter row.
 * `startsBlock` tells lines that open another block (heading, fence, quote, list item, rule): such a line is
 * never a delimiter row and ends the body, as in GFM.
 */
export function tableAt(lines: string[], at: number, startsBlock: (line: string) => boolean): RawTable | undefined {
  const head = tableHeadAt(lines, at, startsBlock);
  if (!head) {
    return undefined;
  }
  const columns = head.align.length;
  const rows: string[][] = [];
  let padded = 0;
  let i = at + 2;
  while (i < lines.length && lines[i].trim() !== '' && !startsBlock(lines[i])) {
    const cells = splitRow(lines[i], columns);
    // A lone `|` has no cell: it is not a row, so the table ends before it (as in cmark-gfm).
    if (cells.length === 0) {
      break;
    }
    padded += columns - cells.length;
    if (padded > maxPaddedCells) {
      break;
    }
    while (cells.length < columns) {
      cells.push('');
    }
    rows.push(cells);
    i++;
  }
  return { align: head.align, head: head.cells, rows, end: i };
}

/** Whether a table starts at `lines[at]`: cheaper than tableAt (no body), for deciding where a paragraph ends. */
export function startsTable(lines: string[], at: number, startsBlock: (line: string) => boolean): boolean {
  return tableHeadAt(lines, at, startsBlock) !== undefined;
}

function tableHeadAt(
  lines: string[],
  at: number,
  startsBlock: (line: string) => boolean,
): { align: TableAlign[]; cells: string[] } | undefined {
  const delimiter = lines[at + 1];
  if (delimiter === undefined || startsBlock(delimiter)) {
    return undefined;
  }
  const align = parseDelimiterRow(delimiter);
  if (!align) {
    return undefined;
  }
  // One cell past the column count is enough to tell a mismatch without splitting a huge header line to the end.
  const cells = splitRow(lines[at], align.length + 1);
  return cells.length === align.length ? { align, cells } : undefined;
}

/** The alignments of a delimiter row (`| :-- | --: |`), or undefined if the line is not one. */
export function parseDelimiterRow(line: string): TableAlign[] | undefined {
  if (!delimiterChars.test(line) || !line.includes('-')) {
    return undefined;
  }
  // Bare hyphens with no pipe or colon underline a setext heading in GFM, not a table.
  if (!line.includes('|') && !line.includes(':')) {
    return undefined;
  }
  const align: TableAlign[] = [];
  for (const cell of splitRow(line, Infinity)) {
    const m = delimiterCell.exec(cell);
    if (!m) {
      return undefined;
    }
    align.push(m[1] && m[2] ? 'center' : m[1] ? 'left' : m[2] ? 'right' : null);
  }
  return align.length > 0 ? align : undefined;
}

/**
 * The trimmed cells of a row, at most `limit` of them (later ones are never scanned). A leading and a trailing pipe
 * are optional; `\|` becomes `|` in the cell (the inline parser then reads the rest of the escapes), and any other
 * pipe splits, even inside backticks: GFM splits cells before it looks for code spans.
 */
export function splitRow(line: string, limit: number): string[] {
  const text = line.trim();
  const cells: string[] = [];
  let i = text.startsWith('|') ? 1 : 0;
  while (i < text.length && cells.length < limit) {
    let j = i;
    let escaped = false;
    while (j < text.length && text[j] !== '|') {
      if (text[j] === '\\' && text[j + 1] === '|') {
        escaped = true;
        j++;
      }
      j++;
    }
    const cell = text.slice(i, j).trim();
    cells.push(escaped ? cell.replace(/\\\|/g, '|') : cell);
    i = j + 1; // past the pipe; a trailing pipe leaves i at the end, so it adds no empty cell
  }
  return cells;
}
