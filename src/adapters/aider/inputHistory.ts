// Prompt times from `.aider.input.history`: the chat history gives prompts no time of their own (only the session's
// `# aider chat started at`), but aider's prompt_toolkit FileHistory (aider/io.py `add_to_input_history` and the
// prompt session, Aider-AI/aider 0.86.3.dev, 5dc9490b) appends every input as `\n# <local datetime>\n+line…\n`.
// An entry is a prompt's time when its text is the prompt's and its time lies within the prompt's session.
import { readFileSync, statSync } from 'node:fs';
import { localTime } from './localTime';

export interface InputEntry {
  /** ISO time (UTC), from the local time aider wrote. */
  time: string;
  text: string;
}

/** Parsed input histories by path, while their size and time stay the same. */
const cache = new Map<string, { stamp: string; entries: InputEntry[] }>();

export function parseInputHistory(text: string): InputEntry[] {
  const entries: InputEntry[] = [];
  let current: { time: string; lines: string[] } | undefined;
  const close = (): void => {
    if (current && current.time !== '') entries.push({ time: current.time, text: current.lines.join('\n') });
  };
  for (const line of text.split('\n')) {
    const m = /^# (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)(\.\d+)?\s*$/.exec(line);
    if (m) {
      close();
      current = { time: localTime(m[1], m[2]) ?? '', lines: [] };
    } else if (line.startsWith('+') && current) {
      current.lines.push(line.slice(1));
    }
  }
  close();
  return entries;
}

/** The entries of an input history file; empty when it is missing or unreadable (prompt times then stay bounded). */
export function inputEntries(path: string): InputEntry[] {
  try {
    const st = statSync(path);
    const stamp = `${st.ino}:${st.size}:${st.mtimeMs}`;
    const hit = cache.get(path);
    if (hit?.stamp === stamp) return hit.entries;
    const entries = parseInputHistory(readFileSync(path, 'utf8'));
    if (cache.size > 64) cache.delete(cache.keys().next().value as string);
    cache.set(path, { stamp, entries });
    return entries;
  } catch {
    return [];
  }
}

/** The time of the first entry with this text at or after `after` and before `before` (ISO strings). */
export function promptTime(entries: readonly InputEntry[], text: string, after: string, before: string | undefined): string | undefined {
  for (const e of entries) {
    if (e.text === text && e.time >= after && (before === undefined || e.time < before)) {
      return e.time;
    }
  }
  return undefined;
}
