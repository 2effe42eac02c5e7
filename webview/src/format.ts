// Pure formatting helpers (no DOM), shared by the renderers and the unit tests.
import { relativeTo } from '../../src/core/paths';

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) {
    return '';
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  const s = ms / 1000;
  if (s < 60) {
    return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  }
  const m = Math.floor(s / 60);
  if (m < 60) {
    return `${m} min ${Math.round(s - m * 60)} s`;
  }
  const h = Math.floor(m / 60);
  return `${h} h ${m - h * 60} min`;
}

export function formatLineRange(start: number | undefined, end: number | undefined): string {
  if (start === undefined) {
    return '';
  }
  return end !== undefined && end !== start ? `lines ${start}–${end}` : `line ${start}`;
}

export function formatCount(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** Local date and time, or the raw string when it does not parse (transcripts are not always well formed). */
export function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) {
    return iso;
  }
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

let timeFormat: Intl.DateTimeFormat | undefined;

/** Local time of day. One shared formatter: toLocaleTimeString builds a new one per call (500 prompts). */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) {
    return '';
  }
  timeFormat ??= new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return timeFormat.format(d);
}

export function firstLine(text: string, max = 120): string {
  const line = text.trimStart().split('\n', 1)[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/**
 * A path as the page shows it: relative to the session's folder when inside it (what people read in diffs and
 * Explorer), otherwise as recorded. The absolute path stays in tooltips and in messages to the host.
 */
export function displayPath(path: string, cwd: string): string {
  const rel = cwd ? relativeTo(path, cwd) : undefined;
  return rel === undefined || rel === '.' ? path : rel;
}
