// Search over the session data, not the DOM: most prompts are not rendered (see timeline.ts), and a match must
// still be counted and reachable. Pure, so it is unit-tested in Node.
import type { TimelinePrompt, TimelineSession, TimelineStep } from '../../src/core/timeline/timelineProtocol';
import { displayPath } from './format';

/**
 * One searchable string. `key` names the element that shows it inside the prompt or step (`data-search`
 * attribute): prompt, text, reasoning, command, output, summary, result, path:<n>, move:<n>. Paths are searched as
 * the page shows them (relative to the session folder), so every match can be highlighted.
 */
export interface SearchField {
  promptIndex: number;
  stepId?: string;
  step?: TimelineStep;
  key: string;
  lower: string;
}

export interface SearchMatch {
  field: number;
  /** Which occurrence within the field (0-based), to find it again in the rendered text. */
  nth: number;
}

export interface SearchResult {
  matches: SearchMatch[];
  /** More occurrences than `limit`; `matches` holds the first ones. */
  capped: boolean;
}

export function buildSearchFields(session: TimelineSession): SearchField[] {
  return session.prompts.flatMap((p) => promptSearchFields(p, session.cwd));
}

/** A prompt's fields: its text always, its steps' once they are loaded (a long session's arrive in ranges). */
export function promptSearchFields(prompt: TimelinePrompt, cwd: string): SearchField[] {
  const fields: SearchField[] = [];
  const at = prompt.index;
  fields.push({ promptIndex: at, key: 'prompt', lower: prompt.text.toLowerCase() });
  for (const step of prompt.steps ?? []) {
    const add = (key: string, text: string): void => {
      if (text) {
        fields.push({ promptIndex: at, stepId: step.id, step, key, lower: text.toLowerCase() });
      }
    };
    switch (step.type) {
      case 'text':
        add('text', step.text);
        break;
      case 'reasoning':
        add('reasoning', step.text);
        break;
      case 'read':
        step.reads.forEach((r, n) => add(`path:${n}`, displayPath(r.path, cwd)));
        break;
      case 'edit':
        step.files.forEach((f, n) => {
          add(`path:${n}`, displayPath(f.path, cwd));
          add(`move:${n}`, f.movePath ? displayPath(f.movePath, cwd) : '');
        });
        break;
      case 'command':
        add('command', step.command);
        add('output', step.output);
        break;
      case 'tool':
        add('summary', step.summary);
        add('result', step.result);
        break;
    }
  }
  return fields;
}

/** Every occurrence of `query` (case-insensitive) in the fields `include` accepts, in document order. */
export function searchFields(
  fields: readonly SearchField[],
  query: string,
  include: (field: SearchField) => boolean,
  limit = 5000,
): SearchResult {
  const needle = query.toLowerCase();
  const matches: SearchMatch[] = [];
  if (!needle) {
    return { matches, capped: false };
  }
  for (let f = 0; f < fields.length; f++) {
    const field = fields[f];
    if (!field.lower.includes(needle) || !include(field)) {
      continue;
    }
    let nth = 0;
    for (let at = field.lower.indexOf(needle); at >= 0; at = field.lower.indexOf(needle, at + needle.length)) {
      if (matches.length >= limit) {
        return { matches, capped: true };
      }
      matches.push({ field: f, nth: nth++ });
    }
  }
  return { matches, capped: false };
}

/** Start offsets of `needle` in `text`, case-insensitive, at most `limit` (for highlighting rendered text). */
export function occurrences(text: string, needle: string, limit = 1000): number[] {
  const out: number[] = [];
  const hay = text.toLowerCase();
  const n = needle.toLowerCase();
  if (!n || hay.length !== text.length) {
    // Lower-casing changed the length (rare scripts): offsets would not map back, so search as typed instead.
    return n ? plainOccurrences(text, needle, limit) : out;
  }
  for (let at = hay.indexOf(n); at >= 0 && out.length < limit; at = hay.indexOf(n, at + n.length)) {
    out.push(at);
  }
  return out;
}

function plainOccurrences(text: string, needle: string, limit: number): number[] {
  const out: number[] = [];
  for (let at = text.indexOf(needle); at >= 0 && out.length < limit; at = text.indexOf(needle, at + needle.length)) {
    out.push(at);
  }
  return out;
}
