// Builds DOM for the token tree of markdown.ts. Every transcript string enters the page as a text node; links get
// no href, so nothing in assistant text can navigate or run script.
import type { Block, Inline } from './markdown';
import { parseMarkdown } from './markdown';
import type { TableAlign } from './markdownTable';
import { el } from './dom';

/** Longer texts are shown as plain text: parsing them would cost more than it helps. */
const markdownLimit = 200_000;

export function renderMarkdown(source: string): HTMLElement {
  const root = el('div', { class: 'md' });
  if (source.length > markdownLimit) {
    root.append(el('pre', { class: 'md-plain' }, source));
    return root;
  }
  for (const block of parseMarkdown(source)) {
    root.append(renderBlock(block));
  }
  return root;
}

function renderBlock(block: Block): Node {
  switch (block.type) {
    case 'paragraph':
      return withInlines(el('p'), block.children);
    case 'heading': {
      // Assistant headings sit inside a step: shift them below the page's own h1-h3 so the outline stays sane.
      const level = Math.min(6, block.level + 3) as 4 | 5 | 6;
      return withInlines(el(`h${level}`, { class: `md-h md-h${block.level}` }), block.children);
    }
    case 'code':
      return el('pre', { class: 'md-code' }, el('code', block.lang ? { 'data-lang': block.lang } : {}, block.text));
    case 'list': {
      const list = block.ordered ? el('ol', block.start !== 1 ? { start: block.start } : {}) : el('ul');
      for (const item of block.items) {
        const li = el('li');
        for (const child of item) {
          li.append(renderBlock(child));
        }
        list.append(li);
      }
      return list;
    }
    case 'quote': {
      const quote = el('blockquote');
      for (const child of block.children) {
        quote.append(renderBlock(child));
      }
      return quote;
    }
    case 'rule':
      return el('hr');
    case 'table':
      return renderTable(block);
  }
}

function renderTable(block: Extract<Block, { type: 'table' }>): HTMLElement {
  const table = el('table', { class: 'md-table' }, el('thead', {}, tableRow('th', block.head, block.align)));
  // A table with no body rows has no <tbody>, as GitHub renders it.
  if (block.rows.length > 0) {
    const body = el('tbody');
    // A loop, not a spread into el(): tens of thousands of rows would overflow the argument limit.
    for (const row of block.rows) {
      body.append(tableRow('td', row, block.align));
    }
    table.append(body);
  }
  // Wide tables scroll inside the wrapper instead of widening the step.
  return el('div', { class: 'md-table-wrap' }, table);
}

function tableRow(tag: 'th' | 'td', cells: Inline[][], align: TableAlign[]): HTMLTableRowElement {
  const row = el('tr');
  cells.forEach((cell, col) => {
    const attrs = { scope: tag === 'th' ? 'col' : undefined, class: alignClass(align[col]) };
    row.append(withInlines(el(tag, attrs), cell));
  });
  return row;
}

/** Alignment is a class, never a style attribute: the page's CSP forbids inline styles. */
function alignClass(align: TableAlign | undefined): string | undefined {
  return align ? `align-${align}` : undefined;
}

function withInlines<T extends HTMLElement>(parent: T, nodes: Inline[]): T {
  for (const node of nodes) {
    parent.append(renderInline(node));
  }
  return parent;
}

function renderInline(node: Inline): Node {
  switch (node.type) {
    case 'text':
      return document.createTextNode(node.text);
    case 'code':
      return el('code', {}, node.text);
    case 'strong':
      return withInlines(el('strong'), node.children);
    case 'em':
      return withInlines(el('em'), node.children);
    case 'link':
      // Shown, not followed: the target is in the tooltip so a reader can still see where it pointed.
      return withInlines(el('span', { class: 'md-link', title: node.href }), node.children);
  }
}
