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
