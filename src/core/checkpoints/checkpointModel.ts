// Checkpoint semantics: "before prompt N" of a session is, for every file the session changed in prompt N or later,
// its content just before the first of those changes (hand edits made before prompt N are part of it, since the
// agents record the content they found). Only recorded contents are used: an exact before/after, a backup, or a patch
// applied to a neighbouring exact state. Anything else is `unknown` with the reason — never guessed, never empty.

/** A file's content, `null` when it did not exist, `undefined` when the transcript does not say. */
export type Recorded = string | null | undefined;

export interface FileEvent {
  promptIndex: number;
  /** `edit`: recorded by an edit tool; `shell`: a shell command that, by its text, changed the file (content unknown). */
  kind: 'edit' | 'shell';
  before: Recorded;
  after: Recorded;
  /** Unified diff or Codex apply_patch section turning `before` into `after`. */
  patch?: string;
  /** This event moved the file away to this path (its `after` here is absent). */
  movedTo?: string;
  /** This event moved the file here from this path (its `before` here is absent). */
  movedFrom?: string;
  /**
   * The agent's own backup of the file at the start of `promptIndex` (Claude file-history, Copilot CLI rewind
   * snapshots), taken before its first edit — or before a shell command that changed it (`shell` events).
   */
  backup?: string | null;
  /** Shell events: the command, for the reason text. */
  command?: string;
  /**
   * Content recorded for this event is missing from a damaged archive (the sentence says which): an unknown state
   * of this file is explained by it, not by what the transcript records.
   */
  archiveDamage?: string;
}

/** One path's events in the session, in the order they happened. */
export interface FileHistory {
  path: string;
  events: FileEvent[];
}

export type CheckpointState = { kind: 'content'; content: string } | { kind: 'absent' } | { kind: 'unknown'; reason: string };

export interface CheckpointFile {
  path: string;
  state: CheckpointState;
  /** The content the session last left at this path (absent: it deleted or moved it); undefined when not known. */
  lastAfter: Recorded;
  /** The file was changed since the session last wrote it (only when the current content was given). */
  conflict: boolean;
  /** The prompt whose change made this file part of the checkpoint (the first change at or after N). */
  firstPrompt: number;
}

export interface Checkpoint {
  beforePrompt: number;
  files: CheckpointFile[];
}

export interface PatchOps {
  /** Forward, exactly (no fuzz); undefined when it does not apply. */
  apply(before: string, patch: string): string | undefined;
  /** Backward, for patches that can be reversed (unified diffs); undefined otherwise. */
  reverse(after: string, patch: string): string | undefined;
}

interface Derived {
  value: Recorded;
  reason?: string;
}

const unknownBecause = (reason: string): Derived => ({ value: undefined, reason });

/**
 * Resolves states across all paths of a session. Two directions, both assuming nothing happened to the file between
 * two of the session's events except what the events say:
 * - backward, anchored on the file as it is now: reversing the later patches over the current content recovers hand
 *   edits made before a prompt whose edit recorded only a patch (Codex);
 * - forward, from the earliest exact state: used when the backward chain does not hold (someone else changed the
 *   file since, so a patch does not reverse).
 */
export class CheckpointResolver {
  private readonly byPath = new Map<string, FileHistory>();
  private readonly backMemo = new Map<string, Derived>();
  private readonly fwdMemo = new Map<string, Derived>();

  constructor(
    histories: readonly FileHistory[],
    private readonly patches: PatchOps,
    /** The files now (null: absent); a path not in the map has no anchor. */
    private readonly current: ReadonlyMap<string, string | null> = new Map(),
  ) {
    for (const h of histories) {
      this.byPath.set(h.path, h);
    }
  }

  checkpoint(beforePrompt: number): Checkpoint {
    const files: CheckpointFile[] = [];
    for (const h of this.byPath.values()) {
      const i = h.events.findIndex((e) => e.promptIndex >= beforePrompt);
      if (i < 0) {
        continue;
      }
      files.push({ path: h.path, state: this.stateBefore(h, i), lastAfter: this.lastAfter(h.path), conflict: this.conflict(h), firstPrompt: h.events[i].promptIndex });
    }
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { beforePrompt, files };
  }

  /** The session's last recorded (or exactly derived) content at `path`. */
  lastAfter(path: string): Recorded {
    const h = this.byPath.get(path);
    if (!h || h.events.length === 0) {
      return undefined;
    }
    return this.afterForward(h.path, h.events.length - 1).value;
  }

  /**
   * The file differs from what the session last left there. When that is only known through a patch, a current
   * content the patch reverses over counts as the session's result (the patch may have been applied to a hand-edited
   * file, which forward replay from an older state cannot know).
   */
  private conflict(h: FileHistory): boolean {
    const now = this.current.get(h.path);
    const last = h.events[h.events.length - 1];
    if (now === undefined || !last) {
      return false;
    }
    if (last.kind !== 'shell' && last.after === undefined && last.movedTo === undefined && last.patch !== undefined && typeof now === 'string' && this.patches.reverse(now, last.patch) !== undefined) {
      return false;
    }
    const after = this.lastAfter(h.path);
    return after !== undefined && after !== now;
  }

  private stateBefore(h: FileHistory, i: number): CheckpointState {
    const back = this.beforeBackward(h.path, i);
    const chosen = back.value !== undefined ? back : this.beforeForward(h.path, i);
    if (chosen.value === undefined) {
      const damage = h.events.find((e) => e.archiveDamage !== undefined)?.archiveDamage;
      return { kind: 'unknown', reason: damage ?? chosen.reason ?? back.reason ?? 'the transcript does not record the content' };
    }
    return chosen.value === null ? { kind: 'absent' } : { kind: 'content', content: chosen.value };
  }

  private event(path: string, i: number): FileEvent {
    const h = this.byPath.get(path);
    if (!h || !h.events[i]) {
      throw new Error(`no event ${i} for ${path}`);
    }
    return h.events[i];
  }

  /** Counterpart index of a move in the other path's history. */
  private moveIndex(other: string, from: string, promptIndex: number, field: 'movedTo' | 'movedFrom'): number {
    return this.byPath.get(other)?.events.findIndex((e) => e[field] === from && e.promptIndex === promptIndex) ?? -1;
  }

  private recordedBefore(e: FileEvent): Derived | undefined {
    if (e.kind === 'shell') {
      return e.backup !== undefined
        ? { value: e.backup }
        : unknownBecause(`changed by a shell command in prompt ${e.promptIndex} (${oneLine(e.command ?? '')}); the transcript does not record the content before it`);
    }
    // The agent's own backup is a copy of the file; a recorded "did not exist" is the adapter's reading of the
    // transcript. When they disagree the copy wins: a restore must never delete a file that provably existed.
    if (e.before === null && typeof e.backup === 'string') {
      return { value: e.backup };
    }
    if (e.before !== undefined) {
      return { value: e.before };
    }
    if (e.backup !== undefined) {
      return { value: e.backup };
    }
    if (e.movedFrom !== undefined) {
      return { value: null };
    }
    return undefined;
  }

  private beforeBackward(path: string, i: number): Derived {
    const key = `${path}\u0000${i}`;
    const memo = this.backMemo.get(key);
    if (memo) {
      return memo;
    }
    const e = this.event(path, i);
    let out = this.recordedBefore(e);
    if (!out) {
      // The content this event produced, at the path that holds it afterwards.
      let after: Derived;
      if (e.movedTo !== undefined) {
        const j = this.moveIndex(e.movedTo, path, e.promptIndex, 'movedFrom');
        after = j < 0 ? unknownBecause(`the content moved to ${e.movedTo} is not known`) : this.afterBackward(e.movedTo, j);
      } else {
        after = this.afterBackward(path, i);
      }
      if (typeof after.value === 'string' && e.patch !== undefined) {
        const reversed = this.patches.reverse(after.value, e.patch);
        out = reversed !== undefined ? { value: reversed } : unknownBecause(`the patch of prompt ${e.promptIndex} does not reverse over the later content`);
      } else if (typeof after.value === 'string' && e.patch === undefined && e.movedTo !== undefined) {
        out = { value: after.value };
      } else {
        out = unknownBecause(after.reason ?? `the transcript records no content before the change of prompt ${e.promptIndex}`);
      }
    }
    this.backMemo.set(key, out);
    return out;
  }

  private afterBackward(path: string, i: number): Derived {
    const e = this.event(path, i);
    if (e.kind === 'shell') {
      // A backup taken before the command ran is what the file held before it (checkpointQueries.ts attaches it).
      if (e.backup !== undefined) {
        return { value: e.backup };
      }
      return unknownBecause(`changed by a shell command in prompt ${e.promptIndex} (${oneLine(e.command ?? '')})`);
    }
    if (e.after !== undefined) {
      return { value: e.after };
    }
    const events = this.byPath.get(path)?.events ?? [];
    if (i + 1 < events.length) {
      return this.beforeBackward(path, i + 1);
    }
    const now = this.current.get(path);
    return now === undefined ? unknownBecause('the current content is not known') : { value: now };
  }

  private beforeForward(path: string, i: number): Derived {
    const e = this.event(path, i);
    const recorded = this.recordedBefore(e);
    if (recorded) {
      return recorded;
    }
    if (i === 0) {
      return unknownBecause(`the transcript records neither the content before the change of prompt ${e.promptIndex} nor an earlier one`);
    }
    return this.afterForward(path, i - 1);
  }

  private afterForward(path: string, i: number): Derived {
    const key = `${path}\u0000${i}`;
    const memo = this.fwdMemo.get(key);
    if (memo) {
      return memo;
    }
    const e = this.event(path, i);
    let out: Derived;
    if (e.kind === 'shell') {
      out = unknownBecause(`changed by a shell command in prompt ${e.promptIndex} (${oneLine(e.command ?? '')})`);
    } else if (e.after !== undefined) {
      out = { value: e.after };
    } else if (e.movedTo !== undefined) {
      out = { value: null };
    } else {
      let before: Derived;
      if (e.movedFrom !== undefined) {
        const j = this.moveIndex(e.movedFrom, path, e.promptIndex, 'movedTo');
        before = j < 0 ? unknownBecause(`the content moved from ${e.movedFrom} is not known`) : this.beforeForward(e.movedFrom, j);
      } else {
        before = this.beforeForward(path, i);
      }
      if (typeof before.value === 'string' && e.patch !== undefined) {
        const applied = this.patches.apply(before.value, e.patch);
        out = applied !== undefined ? { value: applied } : unknownBecause(`the patch of prompt ${e.promptIndex} does not apply to the earlier content`);
      } else if (typeof before.value === 'string' && e.patch === undefined && e.movedFrom !== undefined) {
        out = { value: before.value };
      } else {
        out = unknownBecause(before.reason ?? `the content after prompt ${e.promptIndex} is not recorded`);
      }
    }
    this.fwdMemo.set(key, out);
    return out;
  }
}

function oneLine(text: string, max = 80): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
