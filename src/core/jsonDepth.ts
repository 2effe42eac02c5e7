// A bound on how deeply nested a transcript value may be. JSON.parse accepts any depth, but JSON.stringify,
// structuredClone, postMessage and every recursive walk over a value overflow the stack somewhere between a few
// thousand and ten thousand levels: one tool input nested 100,000 deep used to cost its whole session. Values are
// bounded where they enter (the adapters' JSON.parse), so nothing downstream ever sees a deeper one.
import type { ParseIssue } from './ops';

/** Far beyond any real record (tool inputs, API payloads: a few dozen levels), far below any stack limit. */
export const maxJsonDepth = 256;

/** What replaces a part nested deeper than `maxJsonDepth`: says what happened instead of pretending to be data. */
export const tooDeepMarker = `[agent-trail: nested deeper than ${maxJsonDepth} levels; this part was not kept]`;

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

/**
 * Replaces, in place, every array or object nested deeper than `max` levels (the value itself is level 1) by
 * `tooDeepMarker`. Iterative, so it cannot overflow itself. Returns how many parts were replaced (0: untouched).
 * Only for values just parsed from JSON (plain objects and arrays, no cycles).
 */
export function capJsonDepth(value: unknown, max = maxJsonDepth): number {
  if (!isContainer(value)) {
    return 0;
  }
  let cut = 0;
  const stack: [Container, number][] = [[value, 1]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [holder, depth] = top;
    // Indexes of an array, own keys of a parsed object (JSON.parse makes no inherited ones).
    const slots = holder as Record<string, unknown>;
    for (const key of Object.keys(slots)) {
      const child = slots[key];
      if (isContainer(child)) {
        if (depth >= max) {
          slots[key] = tooDeepMarker;
          cut++;
        } else {
          stack.push([child, depth + 1]);
        }
      }
    }
  }
  return cut;
}

/** JSON.parse (throws like it on invalid JSON), then `capJsonDepth`; `cut` > 0 is worth an issue. */
export function parseJsonCapped(text: string): { value: unknown; cut: number } {
  const value: unknown = JSON.parse(text);
  return { value, cut: capJsonDepth(value) };
}

export function tooDeepMessage(cut: number): string {
  return `nested deeper than ${maxJsonDepth} levels: ${cut} part${cut === 1 ? '' : 's'} replaced by a marker, the rest of the record kept`;
}

/** Control characters JSON text never contains raw, or replacement characters from undecodable bytes. */
export function looksBinary(text: string): boolean {
  return /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text);
}

/**
 * A whole JSON document an agent rewrites in place (a read during the rewrite sees it cut off): its value with the
 * too-deep part cut (counted), or undefined with the reason counted (`binary` or `invalid-json`).
 */
export function parseJsonDocument(text: string, file: string, issues: ParseIssue[]): { value: unknown } | undefined {
  try {
    const parsed = parseJsonCapped(text);
    if (parsed.cut > 0) {
      issues.push({ kind: 'too-deep', file, message: tooDeepMessage(parsed.cut) });
    }
    return { value: parsed.value };
  } catch (err) {
    issues.push({
      kind: looksBinary(text) ? 'binary' : 'invalid-json',
      file,
      message: `session document is not valid JSON (partly written?): ${err instanceof Error ? err.message : String(err)}`,
    });
    return undefined;
  }
}
