// Contents of workspace files the extension saw change while an agent was working (shell commands change files
// without the transcript saying so). No transcript holds them, so they live next to the archive, append only, and
// survive a rebuild of the DB. One `{ path, timestamp, blob, by? }` per line (`by`: the session seen working, for
// observed attribution); the content is in the blob archive.
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ObservedSession } from '../core/blame/blameModel';
import type { AgentId } from '../core/model';
import { normalizePath } from '../core/paths';
import type { BlobArchive } from './blobArchive';
import { appendDurably, ensurePrivateDir } from './durableFile';

export interface Observation {
  /** When the change was seen (ISO 8601). */
  timestamp: string;
  content: string;
  /** The agent session seen working when the change happened (a Cursor composer generating), when one was. */
  by?: ObservedSession;
}

interface Entry {
  timestamp: string;
  blob: string;
  by?: ObservedSession;
}

function observedSession(value: unknown): ObservedSession | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const { agent, sessionId } = value as Record<string, unknown>;
  return typeof agent === 'string' && typeof sessionId === 'string' ? { agent: agent as AgentId, sessionId } : undefined;
}

/** Drive letters folded (VS Code says `c:`, agents write `C:`), as blameHistory compares paths. */
function observationKey(path: string): string {
  const n = normalizePath(path);
  return /^[A-Za-z]:/.test(n) ? n[0].toLowerCase() + n.slice(1) : n;
}

function parseLine(line: string): { path: string; entry: Entry } | undefined {
  try {
    const value = JSON.parse(line) as unknown;
    if (typeof value !== 'object' || value === null) {
      return undefined;
    }
    const { path, timestamp, blob, by } = value as Record<string, unknown>;
    if (typeof path !== 'string' || typeof timestamp !== 'string' || typeof blob !== 'string') {
      return undefined;
    }
    const session = observedSession(by);
    return { path, entry: { timestamp, blob, ...(session ? { by: session } : {}) } };
  } catch {
    return undefined;
  }
}

export class ObservationLog {
  private byPath: Map<string, Entry[]> | undefined;
  /** The file ends in a torn line (a crash mid-append): the next append must not continue it. */
  private torn = false;
  /** Lines that could not be read back (a crash mid-append leaves at most one, the last). */
  damagedLines = 0;

  /** `file` undefined: in memory only (no storage folder). */
  constructor(
    private readonly file: string | undefined,
    private readonly archive: BlobArchive,
  ) {}

  /** Read once, on first use: the log is only needed when a file is blamed or observed. */
  private index(): Map<string, Entry[]> {
    if (this.byPath) {
      return this.byPath;
    }
    const byPath = new Map<string, Entry[]>();
    if (this.file !== undefined && existsSync(this.file)) {
      const text = readFileSync(this.file, 'utf8');
      this.torn = text !== '' && !text.endsWith('\n');
      for (const line of text.split('\n')) {
        if (line === '') {
          continue;
        }
        const parsed = parseLine(line);
        if (!parsed) {
          this.damagedLines++;
          continue;
        }
        const key = observationKey(parsed.path);
        const list = byPath.get(key) ?? [];
        list.push(parsed.entry);
        byPath.set(key, list);
      }
    }
    this.byPath = byPath;
    return byPath;
  }

  append(path: string, timestamp: string, content: string, by?: ObservedSession): void {
    const byPath = this.index();
    const blob = this.archive.put(content);
    if (this.file !== undefined) {
      // The line points at the blob: the blob must be durable first (a lost blob is skipped on read anyway).
      this.archive.sync();
      ensurePrivateDir(dirname(this.file));
      // A torn last line (a crash of an earlier version mid-append) must not swallow this one. A failed append is
      // taken back whole and thrown: the observation is not recorded.
      const prefix = this.torn ? '\n' : '';
      appendDurably(this.file, `${prefix}${JSON.stringify({ path: normalizePath(path), timestamp, blob, ...(by ? { by } : {}) })}\n`);
      this.torn = false;
    }
    const key = observationKey(path);
    const list = byPath.get(key) ?? [];
    list.push({ timestamp, blob, ...(by ? { by } : {}) });
    byPath.set(key, list);
  }

  /** Forgets what was read: another process may have appended since (read again on next use). */
  reset(): void {
    this.byPath = undefined;
    this.damagedLines = 0;
  }

  /** The observations of `path` in the order they were recorded; contents the archive lost are left out. */
  forPath(path: string): Observation[] {
    const out: Observation[] = [];
    for (const e of this.index().get(observationKey(path)) ?? []) {
      const content = this.archive.get(e.blob);
      if (content !== undefined) {
        out.push({ timestamp: e.timestamp, content, ...(e.by ? { by: e.by } : {}) });
      }
    }
    return out;
  }

}
