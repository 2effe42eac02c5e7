// Puts long plain text (command output) into an element without blocking the page: a 10 MB output goes in as
// blocks of about 256 KB, one per task, so the first block shows at once and input stays responsive. Each block
// is its own element (class `chunk`, `content-visibility: auto` in theme.css), so appending one does not lay out
// the others again, and blocks off screen are not laid out at all. Blocks end at a line break when there is one.

import { chunkEnd, sliceChars } from './textChunks';

const generation = new WeakMap<HTMLElement, number>();

export function renderText(target: HTMLElement, text: string, onDone?: () => void): void {
  const gen = (generation.get(target) ?? 0) + 1;
  generation.set(target, gen);
  if (text.length <= sliceChars) {
    target.textContent = text;
    target.removeAttribute('aria-busy');
    onDone?.();
    return;
  }
  target.replaceChildren();
  target.setAttribute('aria-busy', 'true');
  let at = 0;
  const step = (): void => {
    if (generation.get(target) !== gen) {
      return;
    }
    const end = chunkEnd(text, at, sliceChars);
    const block = document.createElement('div');
    block.className = 'chunk';
    block.textContent = text.slice(at, end);
    target.append(block);
    at = end;
    if (at < text.length) {
      setTimeout(step, 0);
    } else {
      target.removeAttribute('aria-busy');
      onDone?.();
    }
  };
  step();
}
