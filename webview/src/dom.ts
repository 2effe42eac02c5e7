// The only way the page creates elements: text always goes in through textContent, attributes through
// setAttribute, so transcript text can never become markup.

type Attrs = Record<string, string | number | boolean | undefined>;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string | undefined)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

/** Custom elements (vscode-button…) by tag name. */
export function custom(tag: string, attrs: Attrs = {}, ...children: (Node | string | undefined)[]): HTMLElement {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

function setAttrs(node: Element, attrs: Attrs): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) {
      continue;
    }
    if (name === 'style' || name.startsWith('on')) {
      // Inline styles break the CSP and inline handlers are script: neither is ever set.
      throw new Error(`refusing attribute ${name}`);
    }
    node.setAttribute(name, value === true ? '' : String(value));
  }
}

function append(node: Element, children: (Node | string | undefined)[]): void {
  for (const child of children) {
    if (child === undefined) {
      continue;
    }
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** A codicon as a font glyph (class only, no inline style), hidden from screen readers. */
export function icon(name: string): HTMLElement {
  return el('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}
