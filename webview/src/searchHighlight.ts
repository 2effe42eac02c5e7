// Search highlights through the CSS Custom Highlight API: ranges over existing text nodes, so highlighting never
// rewrites the DOM (which would lose fold state and cost layout) and never touches transcript text as markup.
import { occurrences } from './sessionSearch';

const supported = typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined';
const all = supported ? new Highlight() : undefined;
const current = supported ? new Highlight() : undefined;
if (supported && all && current) {
  CSS.highlights.set('timeline-search', all);
  CSS.highlights.set('timeline-search-current', current);
}

/** Ranges of every occurrence of `needle` in the text of `element` (at most `limit`). */
export function rangesIn(element: Element, needle: string, limit = 1000): Range[] {
  const text = element.textContent ?? '';
  const starts = occurrences(text, needle, limit);
  if (starts.length === 0) {
    return [];
  }
  const ranges: Range[] = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let node = walker.nextNode() as Text | null;
  let base = 0;
  // Walk text nodes once, in step with the sorted match offsets.
  const locate = (offset: number): [Text, number] | undefined => {
    while (node && base + node.data.length < offset) {
      base += node.data.length;
      node = walker.nextNode() as Text | null;
    }
    return node ? [node, offset - base] : undefined;
  };
  for (const start of starts) {
    const from = locate(start);
    if (!from) {
      break;
    }
    const range = document.createRange();
    range.setStart(from[0], from[1]);
    // The end may be in a later node (a match across <strong> and text): locate advances the walker, which is
    // fine because the next match starts at or after this end.
    const to = locate(start + needle.length);
    if (!to) {
      break;
    }
    range.setEnd(to[0], to[1]);
    ranges.push(range);
  }
  return ranges;
}

export function clearHighlights(): void {
  all?.clear();
  current?.clear();
}

export function addHighlights(ranges: Range[]): void {
  for (const r of ranges) {
    all?.add(r);
  }
}

export function setCurrentHighlight(range: Range | undefined): void {
  current?.clear();
  if (range) {
    current?.add(range);
  }
}
