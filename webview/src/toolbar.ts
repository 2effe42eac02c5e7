// The sticky bar above the prompts: filters, search (with count and next/previous), diff layout.
import type { TimelineFilter, TimelineUiState } from '../../src/core/timeline/timelineProtocol';
import { custom, el, icon } from './dom';

export interface ToolbarEvents {
  filter(filter: TimelineFilter, on: boolean): void;
  search(query: string): void;
  next(backwards: boolean): void;
  clearSearch(): void;
  diffStyle(style: TimelineUiState['diffStyle']): void;
}

export interface Toolbar {
  element: HTMLElement;
  search: HTMLElement & { value: string };
  setCount(text: string): void;
  apply(state: TimelineUiState): void;
}

const filterLabels: [TimelineFilter, string][] = [
  ['edits', 'Edits'],
  ['commands', 'Commands'],
  ['failures', 'Failures'],
];

export function renderToolbar(events: ToolbarEvents): Toolbar {
  const filters = el('div', { class: 'filters', role: 'group', 'aria-label': 'Show only' }, el('span', { class: 'muted filters-label', 'aria-hidden': 'true' }, 'Show only'));
  const boxes = new Map<TimelineFilter, HTMLElement & { checked: boolean }>();
  for (const [filter, label] of filterLabels) {
    const box = custom('vscode-checkbox', { label, 'data-filter': filter }) as HTMLElement & { checked: boolean };
    box.addEventListener('change', () => events.filter(filter, box.checked));
    boxes.set(filter, box);
    filters.append(box);
  }

  const search = custom('vscode-textfield', {
    class: 'search',
    type: 'search',
    placeholder: 'Search this session (/)',
    'aria-label': 'Search this session',
  }) as HTMLElement & { value: string; label: string };
  // The text field's own input (in its shadow root) takes its accessible name from the `label` property (no
  // attribute): the host's aria-label leaves the input a screen reader lands on unnamed.
  search.label = 'Search this session';
  let timer: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    // Typing fast should not search a 10 MB output once per key.
    timer = setTimeout(() => events.search(search.value), 120);
  });
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      clearTimeout(timer);
      events.search(search.value);
      events.next(e.shiftKey);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      clearTimeout(timer);
      events.clearSearch();
    }
  });
  const count = el('span', { class: 'search-count muted', role: 'status', 'aria-live': 'polite' });
  const prev = iconButton('arrow-up', 'Previous match (Shift+Enter)', () => events.next(true));
  const next = iconButton('arrow-down', 'Next match (Enter)', () => events.next(false));

  const layout = iconButton('split-horizontal', 'Side-by-side diffs', () => {
    const on = layout.getAttribute('aria-pressed') !== 'true';
    events.diffStyle(on ? 'side-by-side' : 'line-by-line');
  });
  layout.classList.add('diff-layout');
  layout.setAttribute('aria-pressed', 'false');

  const element = el(
    'div',
    { class: 'toolbar' },
    filters,
    el('div', { class: 'search-group', role: 'search' }, search, count, prev, next),
    layout,
  );
  return {
    element,
    search,
    setCount: (text) => {
      if (count.textContent !== text) {
        count.textContent = text;
      }
    },
    apply: (state) => {
      for (const [filter, box] of boxes) {
        box.checked = state.filters.includes(filter);
      }
      if (search.value !== state.search) {
        search.value = state.search;
      }
      layout.setAttribute('aria-pressed', String(state.diffStyle === 'side-by-side'));
    },
  };
}

function iconButton(name: string, label: string, onClick: () => void): HTMLButtonElement {
  const button = el('button', { type: 'button', class: 'icon-button', 'aria-label': label, title: label }, icon(name));
  button.addEventListener('click', onClick);
  return button;
}
