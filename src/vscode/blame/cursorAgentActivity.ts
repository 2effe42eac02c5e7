// When a Cursor composer of this workspace is working, from what the extension can see (no `vscode` here: the
// observer, observeCursorAgent.ts, feeds it events and the time, tests a fake clock). Cursor writes its global
// state.vscdb (and its -wal) constantly while a composer generates; a write is a reason to read the composers'
// statuses again (at most every `pollMs`), and a status "generating" makes that composer the active one. A file that
// changes in the workspace while a composer is active (or within `graceMs` after it was last seen generating: the
// last edits land as the status flips to "completed") is credited to it.
import type { ComposerStatus } from '../../adapters/cursor/stateVscdb/composerActivity';

export interface ActivityTimings {
  /** Statuses are read at most this often, however often the database changes. */
  pollMs: number;
  /** A composer last seen generating this long ago still counts as working. */
  graceMs: number;
}

/** Whether the editor is Cursor (`vscode.env.appName`: "Cursor", "Cursor Nightly"…). */
export function runsInCursor(appName: string): boolean {
  return /\bcursor\b/i.test(appName);
}

export const defaultActivityTimings: ActivityTimings = { pollMs: 750, graceMs: 3_000 };

export class CursorAgentActivity {
  private lastPoll = -Infinity;
  /** A change seen while a poll could not run yet: the next allowed poll must read. */
  private pendingChange = false;
  private active: { composerId: string; seenAt: number } | undefined;

  constructor(private readonly timings: ActivityTimings = defaultActivityTimings) {}

  /**
   * Cursor's database changed at `now`: whether the statuses should be read now; when not (read recently), `pollDue`
   * says when to ask again.
   */
  storeChanged(now: number): { pollNow: boolean; pollDue?: number } {
    if (now - this.lastPoll >= this.timings.pollMs) {
      this.lastPoll = now;
      this.pendingChange = false;
      return { pollNow: true };
    }
    this.pendingChange = true;
    return { pollNow: false, pollDue: this.lastPoll + this.timings.pollMs };
  }

  /** A poll that was due (storeChanged said when): whether it should read (a change is still waiting). */
  pollDue(now: number): boolean {
    if (!this.pendingChange) {
      return false;
    }
    return this.storeChanged(now).pollNow;
  }

  /**
   * The statuses read at `now`. Returns the composer that started working (undefined: none started), so the
   * observer can note what the workspace's files held when it did.
   */
  statuses(now: number, statuses: readonly ComposerStatus[]): string | undefined {
    const generating = statuses.filter((s) => s.status === 'generating');
    if (generating.length === 0) {
      return undefined;
    }
    // Several at once (Cursor runs composers in parallel): the one written last is the one most likely editing.
    const latest = generating.reduce((a, b) => ((b.lastUpdatedAt ?? 0) > (a.lastUpdatedAt ?? 0) ? b : a));
    const started = this.workingAt(now) !== latest.composerId ? latest.composerId : undefined;
    this.active = { composerId: latest.composerId, seenAt: now };
    return started;
  }

  /** The composer working at `now`, if any. */
  workingAt(now: number): string | undefined {
    return this.active && now - this.active.seenAt <= this.timings.graceMs ? this.active.composerId : undefined;
  }

  /** Whether the activity should be polled again although the database did not change (to see it end). */
  shouldRecheck(now: number): boolean {
    return this.workingAt(now) !== undefined;
  }

  /** A workspace file changed at `now`: the composer to credit it to, or undefined (nobody seen working). */
  fileChanged(now: number): string | undefined {
    return this.workingAt(now);
  }
}
