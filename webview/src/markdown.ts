// A small Markdown tokenizer for assistant text. It produces a plain token tree and never HTML: the DOM builder
// (markdownDom.ts) turns tokens into nodes with createElement/textContent, so raw HTML in a transcript stays text.
// Pure (no DOM) so the unit tests run in Node. It covers what agents write — paragraphs, headings, lists, code
// fences, quotes, rules, GFM tables (markdownTable.ts), inline code, bold/italic, links — not all of CommonMark, and
// is linear-ish on hostile input (unclosed delimiters are remembered, nesting is capped).
import type { RawTable, TableAlign } from './markdownTable';
import { startsTable, tableAt } from './markdownTable';

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'em'; children: Inline[] }
  /** A link is shown as its text; `href` is kept only to be displayed, never navigated to. */
  | { type: 'link'; children: Inline[]; href: string };

export type Block =
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'heading'; level: number; children: Inline[] }
  | { type: 'code'; lang: string; text: string }
  | { type: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { type: 'quote'; children: Block[] }
  | { type: 'rule' }
  /** Every row, like `head`, has one cell per column (`align.length`). */
  | { type: 'table'; align: TableAlign[]; head: Inline[][]; rows: Inline[][][] };

/** Deeper nesting (quotes in lists in quotes…) is rendered as text: bounded recursion on hostile input. */
const maxDepth = 12;

const fenceRe = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/;
const headingRe = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const ruleRe = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const quoteRe = /^ {0,3}> ?/;
const itemRe = /^( {0,12})([-*+]|\d{1,9}[.)])(?:[ \t]+|$)/;

export function parseMarkdown(source: string): Block[] {
  return parseBlocks(source.replace(/\r\n?/g, '\n').split('\n'), 0);
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

function startsBlock(line: string): boolean {
  return fenceRe.test(line) || headingRe.test(line) || ruleRe.test(line) || quoteRe.test(line) || itemRe.test(line);
}

function parseBlocks(lines: string[], depth: number): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line)) {
      i++;
      continue;
    }
    const fence = fenceRe.exec(line);
    if (fence) {
      const marker = fence[1];
      const body: string[] = [];
      i++;
      while (i < lines.length && !new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`).test(lines[i])) {
        body.push(lines[i]);
        i++;
      }
      i++; // the closing fence (or the end of the text: an unclosed fence runs to the end, as in CommonMark)
      blocks.push({ type: 'code', lang: fence[2] ?? '', text: body.join('\n') });
      continue;
    }
    const heading = headingRe.exec(line);
    if (heading) {
      blocks.push({ type: 'heading', level: heading[1].length, children: parseInline(heading[2] ?? '', depth) });
      i++;
      continue;
    }
    if (ruleRe.test(line)) {
      blocks.push({ type: 'rule' });
      i++;
      continue;
    }
    if (quoteRe.test(line)) {
      const body: string[] = [];
      while (i < lines.length && quoteRe.test(lines[i])) {
        body.push(lines[i].replace(quoteRe, ''));
        i++;
      }
      blocks.push(depth < maxDepth ? { type: 'quote', children: parseBlocks(body, depth + 1) } : paragraph(body, depth));
      continue;
    }
    const item = itemRe.exec(line);
    if (item && depth < maxDepth) {
      i = parseList(lines, i, depth, blocks);
      continue;
    }
    const table = tableAt(lines, i, startsBlock);
    if (table) {
      blocks.push(tableBlock(table, depth));
      i = table.end;
      continue;
    }
    const body: string[] = [line];
    i++;
    // A table can interrupt a paragraph, as on GitHub: the paragraph ends before the table's header row.
    while (i < lines.length && !isBlank(lines[i]) && !startsBlock(lines[i]) && !startsTable(lines, i, startsBlock)) {
      body.push(lines[i]);
      i++;
    }
    blocks.push(paragraph(body, depth));
  }
  return blocks;
}

function paragraph(lines: string[], depth: number): Block {
  return { type: 'paragraph', children: parseInline(lines.map((l) => l.trim()).join('\n'), depth) };
}

function tableBlock(table: RawTable, depth: number): Block {
  const cells = (row: string[]): Inline[][] => row.map((cell) => parseInline(cell, depth));
  return { type: 'table', align: table.align, head: cells(table.head), rows: table.rows.map(cells) };
}

/** Items of one list: same marker kind; lines indented past the marker (or after a blank line) belong to the item. */
function parseList(lines: string[], start: number, depth: number, out: Block[]): number {
  const first = itemRe.exec(lines[start]);
  if (!first) {
    return start + 1;
  }
  const indent = first[1].length;
  const ordered = /\d/.test(first[2]);
  const items: Block[][] = [];
  let i = start;
  while (i < lines.length) {
    const m = itemRe.exec(lines[i]);
    if (!m || m[1].length !== indent || /\d/.test(m[2]) !== ordered) {
      break;
    }
    const contentIndent = m[0].length;
    const body: string[] = [lines[i].slice(contentIndent)];
    i++;
    while (i < lines.length) {
      const l = lines[i];
      if (isBlank(l)) {
        // A blank line ends the item unless the next line is indented into it.
        const next = lines[i + 1];
        if (next !== undefined && !isBlank(next) && leadingSpaces(next) > indent) {
          body.push('');
          i++;
          continue;
        }
        break;
      }
      const nested = itemRe.exec(l);
      if (nested && nested[1].length <= indent) {
        break;
      }
      if (leadingSpaces(l) > indent) {
        body.push(l.slice(Math.min(leadingSpaces(l), contentIndent)));
      } else if (startsBlock(l)) {
        break;
      } else {
        body.push(l); // lazy continuation of the item's paragraph
      }
      i++;
    }
    items.push(parseBlocks(body, depth + 1));
    // Blank lines between items keep the list going.
    let j = i;
    while (j < lines.length && isBlank(lines[j])) {
      j++;
    }
    const again = j < lines.length ? itemRe.exec(lines[j]) : null;
    if (j > i && again && again[1].length === indent && /\d/.test(again[2]) === ordered) {
      i = j;
    }
  }
  out.push({ type: 'list', ordered, start: ordered ? parseInt(first[2], 10) : 1, items });
  return i;
}

function leadingSpaces(line: string): number {
  return line.length - line.trimStart().length;
}

const punctuation = /[!-/:-@[-`{-~]/;
const wordChar = /[\p{L}\p{N}]/u;

export function parseInline(text: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  let buffer = '';
  const flush = (): void => {
    if (buffer) {
      out.push({ type: 'text', text: buffer });
      buffer = '';
    }
  };
  // Delimiter runs with no closer after some position have none after any later position either: remember them
  // so a text full of unmatched `*` or `[` stays linear.
  const unclosed = new Set<string>();
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length && punctuation.test(text[i + 1])) {
      buffer += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const run = runLength(text, i, '`');
      const ticks = '`'.repeat(run);
      const key = `code${run}`;
      const close = unclosed.has(key) ? -1 : findRun(text, i + run, '`', run);
      if (close < 0) {
        unclosed.add(key);
        buffer += ticks;
        i += run;
        continue;
      }
      flush();
      let code = text.slice(i + run, close).replace(/\n/g, ' ');
      if (code.length > 1 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') {
        code = code.slice(1, -1);
      }
      out.push({ type: 'code', text: code });
      i = close + run;
      continue;
    }
    if ((c === '*' || c === '_') && depth < maxDepth) {
      const run = Math.min(runLength(text, i, c), 3);
      const prev = i > 0 ? text[i - 1] : ' ';
      const next = text[i + run] ?? ' ';
      const opens = next.trim() !== '' && !(c === '_' && wordChar.test(prev));
      const key = `${c}${run}`;
      if (opens && !unclosed.has(key)) {
        const close = findCloser(text, i + run, c, run);
        if (close < 0) {
          unclosed.add(key);
        } else {
          flush();
          const inner = parseInline(text.slice(i + run, close), depth + 1);
          if (run === 3) {
            out.push({ type: 'strong', children: [{ type: 'em', children: inner }] });
          } else {
            out.push({ type: run === 2 ? 'strong' : 'em', children: inner });
          }
          i = close + run;
          continue;
        }
      }
      buffer += text.slice(i, i + run);
      i += run;
      continue;
    }
    if ((c === '[' || (c === '!' && text[i + 1] === '[')) && depth < maxDepth && !unclosed.has('[')) {
      const open = c === '!' ? i + 1 : i;
      const link = matchLink(text, open);
      if (link === undefined) {
        if (text.indexOf(']', open) < 0) {
          unclosed.add('[');
        }
      } else {
        flush();
        const label = parseInline(text.slice(open + 1, link.labelEnd), depth + 1);
        // Images are never loaded: their alt text is shown like a link's text.
        out.push({ type: 'link', children: label, href: link.href });
        i = link.end;
        continue;
      }
    }
    if (c === '<') {
      const auto = /^<((?:https?|mailto):[^\s<>]*)>/i.exec(text.slice(i, i + 2048));
      if (auto) {
        flush();
        out.push({ type: 'link', children: [{ type: 'text', text: auto[1] }], href: auto[1] });
        i += auto[0].length;
        continue;
      }
    }
    buffer += c;
    i++;
  }
  flush();
  return out;
}

function runLength(text: string, at: number, ch: string): number {
  let n = 0;
  while (text[at + n] === ch) {
    n++;
  }
  return n;
}

/** Next run of exactly `run` characters `ch` at or after `from`. */
function findRun(text: string, from: number, ch: string, run: number): number {
  let i = text.indexOf(ch, from);
  while (i >= 0) {
    const n = runLength(text, i, ch);
    if (n === run) {
      return i;
    }
    i = text.indexOf(ch, i + n);
  }
  return -1;
}

/** A closing emphasis run: at least `run` long, preceded by non-space, not followed by a word character for `_`. */
function findCloser(text: string, from: number, ch: string, run: number): number {
  let i = text.indexOf(ch, from);
  while (i >= 0) {
    const n = runLength(text, i, ch);
    const before = text[i - 1] ?? ' ';
    const after = text[i + n] ?? ' ';
    if (i > from && n >= run && before.trim() !== '' && !(ch === '_' && wordChar.test(after))) {
      return i + n - run;
    }
    i = text.indexOf(ch, i + n);
  }
  return -1;
}

/** `[label](href "title")` starting at the `[` at `open`; labels may nest one level of brackets. */
function matchLink(text: string, open: number): { labelEnd: number; href: string; end: number } | undefined {
  let level = 0;
  let i = open;
  // Labels are short; the cap keeps a text of nested `[` from being scanned once per bracket.
  for (; i < text.length && i - open < 4096; i++) {
    const ch = text[i];
    if (ch === '\\') {
      i++;
    } else if (ch === '[') {
      level++;
    } else if (ch === ']') {
      level--;
      if (level === 0) {
        break;
      }
    } else if (ch === '\n' && text[i + 1] === '\n') {
      return undefined;
    }
  }
  if (i >= text.length || text[i + 1] !== '(') {
    return undefined;
  }
  const rest = /^\(\s*(<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)/.exec(text.slice(i + 1, i + 1 + 4096));
  if (!rest) {
    return undefined;
  }
  const href = rest[1].replace(/^<|>$/g, '');
  return { labelEnd: i, href, end: i + 1 + rest[0].length };
}

/** The text a person reads, for search and aria-labels. */
export function inlineText(nodes: Inline[]): string {
  return nodes.map((n) => (n.type === 'text' || n.type === 'code' ? n.text : inlineText(n.children))).join('');
}
