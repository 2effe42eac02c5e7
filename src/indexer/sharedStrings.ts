// Structured clone copies every string it meets, so one long text that an op carries twice (a command's output that
// is also its result, an edit's `after` that is the next edit's `before`) would cross the thread boundary twice,
// be decoded twice and hashed twice by the archive. The parse worker sends each long text once and says where the
// repeats go; the storing side puts them back, so repeats are even the same string there.

/** Property names and array indexes from a batch's ops array down to one string. */
export type StringPath = (string | number)[];

export interface StringLink {
  /** Where a repeat was (sent as ''). */
  at: StringPath;
  /** Where the same text was first met. */
  from: StringPath;
}

/** Texts shorter than this are cheaper to copy than to look up. */
const minSharedLength = 1024;

type Holder = Record<string | number, unknown>;

interface Seen {
  text: string;
  path: StringPath;
}

/**
 * Blanks the repeats of long texts in `ops` and returns where they were, plus a function that puts them back
 * (call it once `ops` is posted: the objects may also belong to the adapter's state).
 */
export function unlinkRepeats(ops: unknown[]): { links: StringLink[]; restore: () => void } {
  const links: StringLink[] = [];
  const blanked: { holder: Holder; key: string | number; text: string }[] = [];
  // Keyed by a cheap sample of the text; `===` confirms (and costs a full compare only for real repeats).
  const byKey = new Map<string, Seen[]>();
  // An object reached twice is cloned once anyway; walking it twice would blank its first occurrence.
  const visited = new Set<object>();
  const path: StringPath = [];
  const visitString = (holder: Holder, key: string | number, text: string): void => {
    const sample = `${text.length}\u0000${text.slice(0, 24)}\u0000${text.slice(-24)}`;
    const seen = byKey.get(sample);
    const first = seen?.find((s) => s.text === text);
    if (first) {
      links.push({ at: [...path], from: first.path });
      blanked.push({ holder, key, text });
      holder[key] = '';
    } else if (seen) {
      seen.push({ text, path: [...path] });
    } else {
      byKey.set(sample, [{ text, path: [...path] }]);
    }
  };
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || visited.has(value)) {
      return;
    }
    visited.add(value);
    const holder = value as Holder;
    const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
    for (const key of keys) {
      const child = holder[key];
      path.push(key);
      if (typeof child === 'string') {
        if (child.length >= minSharedLength) {
          visitString(holder, key, child);
        }
      } else {
        visit(child);
      }
      path.pop();
    }
  };
  visit(ops);
  return {
    links,
    restore: () => {
      for (const b of blanked) {
        b.holder[b.key] = b.text;
      }
    },
  };
}

function resolve(root: unknown, path: StringPath, upTo: number): Holder {
  let node = root;
  for (let i = 0; i < upTo; i++) {
    node = (node as Holder)[path[i]];
  }
  return node as Holder;
}

/** Puts the repeats back into the received ops (in place). */
export function relinkRepeats(ops: unknown[], links: StringLink[]): void {
  for (const link of links) {
    const text = resolve(ops, link.from, link.from.length);
    resolve(ops, link.at, link.at.length - 1)[link.at[link.at.length - 1]] = text;
  }
}
