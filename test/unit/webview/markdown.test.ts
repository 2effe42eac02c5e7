// The assistant-text Markdown tokenizer: the blocks and inlines agents write, and hostile input staying text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Block, Inline } from '../../../webview/src/markdown';
import { inlineText, parseInline, parseMarkdown } from '../../../webview/src/markdown';

const text = (t: string): Inline => ({ type: 'text', text: t });

test('paragraphs, headings, rules and code fences', () => {
  const blocks = parseMarkdown('# Title\n\nFirst line\nsecond line\n\n---\n\n```ts\nconst a = 1;\n\n<b>x</b>\n```\nafter');
  assert.deepEqual(blocks, [
    { type: 'heading', level: 1, children: [text('Title')] },
    { type: 'paragraph', children: [text('First line\nsecond line')] },
    { type: 'rule' },
    { type: 'code', lang: 'ts', text: 'const a = 1;\n\n<b>x</b>' },
    { type: 'paragraph', children: [text('after')] },
  ] satisfies Block[]);
});

test('an unclosed fence runs to the end of the text', () => {
  assert.deepEqual(parseMarkdown('~~~\nx\n# not a heading'), [{ type: 'code', lang: '', text: 'x\n# not a heading' }]);
});

test('ordered, unordered and nested lists', () => {
  const [list] = parseMarkdown('3. three\n4. four\n   - nested *a*\n   - nested b\n5. five');
  assert.equal(list.type, 'list');
  if (list.type !== 'list') return;
  assert.equal(list.ordered, true);
  assert.equal(list.start, 3);
  assert.equal(list.items.length, 3);
  const nested = list.items[1][1];
  assert.equal(nested.type, 'list');
  if (nested.type === 'list') {
    assert.equal(nested.ordered, false);
    assert.deepEqual(nested.items[0], [{ type: 'paragraph', children: [text('nested '), { type: 'em', children: [text('a')] }] }]);
  }
});

test('block quotes nest and are capped', () => {
  const [q] = parseMarkdown('> quoted **bold**');
  assert.deepEqual(q, { type: 'quote', children: [{ type: 'paragraph', children: [text('quoted '), { type: 'strong', children: [text('bold')] }] }] });
  const deep = parseMarkdown('>'.repeat(5000) + ' deep');
  assert.equal(deep.length, 1);
});

test('inline code, strong, em, strong+em and escapes', () => {
  assert.deepEqual(parseInline('a `x*y*` **b** *c* ***d*** \\*e\\*'), [
    text('a '),
    { type: 'code', text: 'x*y*' },
    text(' '),
    { type: 'strong', children: [text('b')] },
    text(' '),
    { type: 'em', children: [text('c')] },
    text(' '),
    { type: 'strong', children: [{ type: 'em', children: [text('d')] }] },
    text(' *e*'),
  ]);
});

test('underscores inside words are not emphasis', () => {
  assert.deepEqual(parseInline('snake_case_name and _em_'), [text('snake_case_name and '), { type: 'em', children: [text('em')] }]);
});

test('links keep their target as data only; images become their alt text; autolinks', () => {
  assert.deepEqual(parseInline('see [the **docs**](https://x.invalid/a_(b) "t") and ![alt](p.png) <https://y.invalid>'), [
    text('see '),
    { type: 'link', href: 'https://x.invalid/a_(b)', children: [text('the '), { type: 'strong', children: [text('docs')] }] },
    text(' and '),
    { type: 'link', href: 'p.png', children: [text('alt')] },
    text(' '),
    { type: 'link', href: 'https://y.invalid', children: [text('https://y.invalid')] },
  ]);
});

test('raw HTML and javascript: links stay text or inert data', () => {
  const src = '<script>window.__pwned=1</script> <img src=x onerror="alert(1)"> [x](javascript:alert(1)) <javascript:alert(1)>';
  const inl = parseInline(src);
  assert.equal(inlineText(inl), src.replace('[x](javascript:alert(1))', 'x'));
  const link = inl.find((n) => n.type === 'link');
  assert.ok(link && link.type === 'link');
  assert.equal(link.href, 'javascript:alert(1)');
  // The only token kinds are data: nothing in the tree is markup.
  const kinds = new Set<string>();
  const walk = (nodes: Inline[]): void => nodes.forEach((n) => { kinds.add(n.type); if ('children' in n) walk(n.children); });
  walk(inl);
  assert.deepEqual([...kinds].sort(), ['link', 'text']);
});

test('unmatched delimiters stay text and stay fast', () => {
  assert.deepEqual(parseInline('2 * 3 * 4 and a ` tick and [bracket'), [text('2 * 3 * 4 and a ` tick and [bracket')]);
  const hostile = '*a '.repeat(30_000) + '`'.repeat(1000) + '['.repeat(30_000) + '_x '.repeat(30_000);
  const start = performance.now();
  const out = parseMarkdown(hostile);
  // Generous bound: quadratic behaviour would take minutes here.
  assert.ok(performance.now() - start < 5000, `took ${performance.now() - start} ms`);
  assert.equal(out.length, 1);
});

test('CRLF text parses like LF', () => {
  assert.deepEqual(parseMarkdown('# a\r\n\r\nb'), parseMarkdown('# a\n\nb'));
});

// ---- GFM tables ----

type TableBlock = Extract<Block, { type: 'table' }>;

/** The one block of `source`, which must be a table. */
function onlyTable(source: string): TableBlock {
  const blocks = parseMarkdown(source);
  assert.equal(blocks.length, 1, JSON.stringify(blocks));
  const [table] = blocks;
  assert.equal(table.type, 'table');
  return table as TableBlock;
}

/** Cells as the text a reader sees, row by row. */
const cellTexts = (rows: Inline[][][]): string[][] => rows.map((row) => row.map(inlineText));

test('a basic table: header, delimiter, body rows', () => {
  assert.deepEqual(parseMarkdown('| Name | Value |\n| --- | --- |\n| a | 1 |\n| b | 2 |'), [
    {
      type: 'table',
      align: [null, null],
      head: [[text('Name')], [text('Value')]],
      rows: [
        [[text('a')], [text('1')]],
        [[text('b')], [text('2')]],
      ],
    },
  ] satisfies Block[]);
});

test('leading and trailing pipes are optional; a header with no body is a table', () => {
  const t = onlyTable('Name | Value\n--- | ---\na | 1');
  assert.deepEqual(cellTexts([t.head]), [['Name', 'Value']]);
  assert.deepEqual(cellTexts(t.rows), [['a', '1']]);
  assert.deepEqual(onlyTable('| only | head |\n|---|---|').rows, []);
  // One column without pipes needs a colon: bare hyphens would underline a setext heading instead.
  assert.deepEqual(cellTexts([onlyTable('abc\n:-').head]), [['abc']]);
});

test('alignment from the delimiter row', () => {
  const t = onlyTable('| a | b | c | d |\n|:---|:---:|---:| --- |\n| 1 | 2 | 3 | 4 |');
  assert.deepEqual(t.align, ['left', 'center', 'right', null]);
});

test('an escaped pipe is cell text, also inside code; an unescaped pipe always splits', () => {
  const t = onlyTable('| expr | note |\n| --- | --- |\n| `a \\| b` | x \\| y |\n| `c | d` |');
  assert.deepEqual(t.rows[0], [[{ type: 'code', text: 'a | b' }], [text('x | y')]]);
  // GFM splits cells before it finds code spans: the backticks no longer pair up.
  assert.deepEqual(cellTexts(t.rows.slice(1)), [['`c', 'd`']]);
});

test('short rows are padded, extra cells dropped', () => {
  const t = onlyTable('| a | b | c |\n|---|---|---|\n| 1 |\n| 1 | 2 | 3 | 4 | 5 |\nno pipe here');
  // A line without a pipe right after the table is still a row (GFM example 202): only a blank line or another
  // block ends a table.
  assert.deepEqual(cellTexts(t.rows), [['1', '', ''], ['1', '2', '3'], ['no pipe here', '', '']]);
});

test('not a table: cell count mismatch, no delimiter row, bad delimiter cells, setext underline', () => {
  for (const source of [
    '| a | b |\n| --- |\n| 1 | 2 |',
    '| a |\n| --- | --- |',
    '| a | b |\n| 1 | 2 |',
    '| a | b |\n| --- | x |',
    '| a | b |\n| --- | |',
    'a\n---',
  ]) {
    assert.ok(!parseMarkdown(source).some((b) => b.type === 'table'), source);
  }
  // The lines stay a paragraph, as before.
  assert.deepEqual(parseMarkdown('| a | b |\n| 1 | 2 |'), [{ type: 'paragraph', children: [text('| a | b |\n| 1 | 2 |')] }]);
});

test('a table ends at a blank line or at another block, and interrupts a paragraph', () => {
  const blocks = parseMarkdown('Results:\n| a | b |\n|---|---|\n| 1 | 2 |\n\nafter\n\n| x |\n|---|\n| y |\n> quote\n| z |\n|:-:|\n| w |\n# heading');
  assert.deepEqual(
    blocks.map((b) => b.type),
    ['paragraph', 'table', 'paragraph', 'table', 'quote', 'table', 'heading'],
  );
  assert.deepEqual(blocks[0], { type: 'paragraph', children: [text('Results:')] });
  const [, first, , second, , third] = blocks as TableBlock[];
  assert.deepEqual(cellTexts(first.rows), [['1', '2']]);
  assert.deepEqual(cellTexts(second.rows), [['y']]);
  assert.deepEqual(cellTexts(third.rows), [['w']]);
  // A lone pipe has no cell, so it is not a row.
  assert.deepEqual(parseMarkdown('| a |\n|---|\n|').map((b) => b.type), ['table', 'paragraph']);
});

test('tables inside quotes and list items', () => {
  const [quote] = parseMarkdown('> | a | b |\n> |---|---|\n> | 1 | 2 |');
  assert.ok(quote.type === 'quote' && quote.children[0].type === 'table');
  const [list] = parseMarkdown('- item\n\n  | a |\n  |---|\n  | 1 |');
  assert.ok(list.type === 'list' && list.items[0][1].type === 'table');
});

test('cells hold inline markdown', () => {
  const t = onlyTable('| **bold** | `code` | [link](https://x.invalid) | *em* and \\*not\\* |\n|---|---|---|---|');
  assert.deepEqual(t.head, [
    [{ type: 'strong', children: [text('bold')] }],
    [{ type: 'code', text: 'code' }],
    [{ type: 'link', href: 'https://x.invalid', children: [text('link')] }],
    [{ type: 'em', children: [text('em')] }, text(' and *not*')],
  ]);
});

test('HTML and script in cells stay text', () => {
  const evil = '<script>window.__pwned=1</script>';
  const img = '<img src=x onerror="alert(1)">';
  const t = onlyTable(`| ${evil} | h |\n|---|---|\n| ${img} | [x](javascript:alert(1)) |`);
  assert.deepEqual(t.head[0], [text(evil)]);
  assert.deepEqual(t.rows[0][0], [text(img)]);
  assert.deepEqual(t.rows[0][1], [{ type: 'link', href: 'javascript:alert(1)', children: [text('x')] }]);
});

test('hostile tables finish: a megabyte of pipes, ten thousand rows, a wide header over many short rows', () => {
  const pipes = '|'.repeat(1_000_000);
  assert.equal(parseMarkdown(pipes).length, 1);
  // As a header it has ~a million cells: no delimiter row matches, so it stays a paragraph.
  assert.equal(parseMarkdown(`${pipes}\n|---|---|\n${pipes}`)[0].type, 'paragraph');
  // As a body row of a two-column table: the extra cells are dropped without being collected.
  assert.deepEqual(onlyTable(`| a | b |\n|---|---|\n${pipes}`).rows, [[[], []]]);

  const rows = Array.from({ length: 10_000 }, (_, i) => `| ${i} | **${i}** | \`x\` |`).join('\n');
  const big = onlyTable(`| n | bold | code |\n|--:|:-:|---|\n${rows}`);
  assert.equal(big.rows.length, 10_000);
  assert.deepEqual(cellTexts([big.rows[9_999]]), [['9999', '9999', 'x']]);

  // 50,000 columns over one-cell lines would pad to billions of cells: the padding budget ends the table early.
  const wide = `${'| h '.repeat(50_000)}|\n${'|-'.repeat(50_000)}|\n${'x\n'.repeat(50_000)}`;
  const [table, ...rest] = parseMarkdown(wide);
  assert.equal(table.type, 'table');
  if (table.type === 'table') {
    assert.equal(table.align.length, 50_000);
    assert.ok(table.rows.length >= 1 && table.rows.length < 10, `${table.rows.length} rows`);
  }
  assert.equal(rest.length, 1);
});
