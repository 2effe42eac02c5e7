// Prompt blame: replays a file's recorded history and tells, per line of a content, which prompt's tool call last
// inserted or rewrote it. Exact where the transcripts are exact, `null` where they say nothing:
// - every edit claims only the lines its own before → after diff changed (context it repeats keeps its origin);
// - when an edit's recorded "before" differs from the replayed state, the file was changed outside the edit tools:
//   those lines go to a shell command on evidence (shellEvidence.ts), else to nobody; the same for the context lines
//   of a recorded diff that only applies where the file was changed next to the edit (patchRebase.ts);
// - the earliest known state is the first recorded "before", else git HEAD, else unknown;
// - the content asked about (the editor buffer) is reconciled with the last replayed state the same way.
import type { BlameLines, FileEditEvent, FileHistory, FileHistoryEvent, LineAttribution, ShellRun } from './blameModel';
import { commonEnds, matchLines, splitLines } from './lineDiff';
import { joinLines, lineSplice, splicedText } from './splicedText';
import { rebaseUnifiedDiff } from './patchRebase';
import { baseName, promptKey, ShellEvidence, type ChangeWindow } from './shellEvidence';

/** Applies a recorded patch (unified diff or apply_patch hunks) to a content; undefined when it does not apply. */
export type PatchApplier = (before: string, patch: string) => string | undefined;

/**
 * The same patch applied to a content given as its lines (splitLines) and whether a newline ends it (no line holds a
 * carriage return), answering the result the same way, with the unchanged lines as the very string objects of
 * `lines`: the line matching that follows compares pointers, not characters, and no text is joined. Undefined when
 * it does not handle the patch: the PatchApplier decides.
 */
export type LinePatchApplier = (lines: readonly string[], finalNewline: boolean, patch: string) => { lines: string[]; finalNewline: boolean } | undefined;

/**
 * Proves a version the replay rebuilt from a diff to be the recorded content that FileEditEvent's beforeId/afterId
 * `id` names (the archive's content hash), so the recorded one is not read. The store compares bytes
 * (archiveProof.ts); a content hash is a proof too.
 */
export interface ContentProof {
  /** Whether `text` is the content `id` names. */
  isContent(text: string, id: string): boolean;
  /**
   * Whether the content `id` names is the content `fromId` names with its text from `headChars` to `tailChars`
   * before the end replaced by `middle`; undefined when this cannot tell (isContent then decides on the whole text).
   */
  isSplice(fromId: string, headChars: number, middle: string, tailChars: number, id: string): boolean | undefined;
}

/**
 * A content known as lines, joined into text only when something compares or returns it. Replaying 1,000 patches of
 * a 5,000-line file joined 1,000 texts of 400 KB that nothing read but the next patch.
 */
class JoinedLines {
  constructor(
    readonly lines: readonly string[],
    readonly finalNewline: boolean,
    /** The text when it is already known (joinLines of the lines). */
    private text?: string,
  ) {}
  toString(): string {
    this.text ??= joinLines(this.lines, this.finalNewline);
    return this.text;
  }
}

type Content = string | null | undefined | JoinedLines;

function text(content: Content): string | null | undefined {
  return content instanceof JoinedLines ? content.toString() : content;
}

function isKnown(content: Content): content is string | JoinedLines {
  return typeof content === 'string' || content instanceof JoinedLines;
}

type Origins = (LineAttribution | null)[];

/**
 * What the editor side needs to blame any content of the file: the replayed end state and the shell runs that may
 * explain later changes. Small enough to cross the worker boundary (the history's contents are not in it).
 */
export interface BlameBasis {
  replayed: ReplayedFile;
  shellRuns: ShellRun[];
}

/** The replayed file at the end of its history. */
export interface ReplayedFile {
  path: string;
  /** `undefined`: the content is unknown (nothing recorded it); `null`: the file does not exist. */
  content: string | null | undefined;
  lines: string[];
  origins: Origins;
  /** Epoch ms when the state was last known (opens the window for later, unrecorded changes). */
  knownAt?: number;
  notes: string[];
  /** Every path the file had (for shell evidence). */
  names: string[];
}

interface State {
  content: Content;
  lines: string[];
  origins: Origins;
  knownAt?: number;
  /** Prompt key of the edit that recorded this state (for shell evidence windows). */
  knownBy?: string;
  /** The content's identity when it is known to be a recorded content (FileEditEvent's beforeId/afterId). */
  id?: string;
}

/** Lines made by a LinePatchApplier from lines without one hold none either (patches with one are not its). */
function carriageReturnFree(content: string | JoinedLines): boolean {
  return content instanceof JoinedLines || !content.includes('\r');
}

function finalNewline(content: string | JoinedLines): boolean {
  return content instanceof JoinedLines ? content.finalNewline : content.endsWith('\n');
}

function time(iso: string): number | undefined {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

function unknownState(): State {
  return { content: undefined, lines: [], origins: [] };
}

function freshState(content: string | null, claim: LineAttribution | null, knownAt?: number): State {
  if (content === null) {
    return { content: null, lines: [], origins: [], knownAt };
  }
  const lines = splitLines(content);
  return { content, lines, origins: lines.map(() => claim), knownAt };
}

/**
 * `content` as `claim` left it: lines unchanged from `state` keep their origin, every other line is the claim's.
 * `id`: the content's identity (State.id), when it is a recorded content.
 */
function claimChanges(state: State, content: string | JoinedLines, claim: LineAttribution, knownAt?: number, knownBy?: string, id?: string): State {
  const lines = content instanceof JoinedLines ? (content.lines as string[]) : splitLines(content);
  if (!isKnown(state.content)) {
    return { content, lines, origins: lines.map(() => claim), knownAt, knownBy, id };
  }
  // matchLines keeps the common head and tail as they are and diffs the middle: the head's and tail's origins are
  // copied whole (an edit changes a few lines of thousands, once per edit of a long history), the middle is matched.
  const a = state.lines;
  const { head, tail } = commonEnds(a, lines);
  const middle = lines.slice(head, lines.length - tail);
  const map = matchLines(a.slice(head, a.length - tail), middle);
  // The origins before with the middle's replaced: where the line count stays (most edits) one native copy, then
  // the few middle entries in place.
  const origins =
    a.length === lines.length ? state.origins.slice() : state.origins.slice(0, head).concat(middle.map(() => claim), state.origins.slice(a.length - tail));
  for (let j = 0; j < middle.length; j++) {
    origins[head + j] = map[j] >= 0 ? state.origins[head + map[j]] : claim;
  }
  return { content, lines, origins, knownAt, knownBy, id };
}

export class BlameEngine {
  constructor(
    private readonly applyPatch: PatchApplier,
    private readonly applyPatchToLines?: LinePatchApplier,
    private readonly proof?: ContentProof,
  ) {}

  /** Replays the history up to its last event. */
  replay(history: FileHistory, names: readonly string[] = [history.path]): ReplayedFile {
    const notes: string[] = [];
    const evidence = new ShellEvidence(history.shellRuns, names);
    const events = history.events;
    let state = this.baseline(history, names);
    for (const e of events) {
      state = e.kind === 'edit' ? this.applyEdit(state, e, evidence, notes) : this.applyState(state, e, evidence);
    }
    return { path: history.path, content: text(state.content), lines: state.lines, origins: state.origins, knownAt: state.knownAt, notes, names: [...names] };
  }

  /**
   * Attributions for `content` (the editor buffer or the file on disk) given the replayed history: unchanged lines
   * keep their origin, the others are credited to a shell command on evidence, else null.
   */
  blame(replayed: ReplayedFile, content: string, shellRuns: readonly ShellRun[]): BlameLines {
    const evidence = new ShellEvidence(shellRuns, replayed.names);
    const next = this.reconcile({ content: replayed.content, lines: replayed.lines, origins: replayed.origins, knownAt: replayed.knownAt }, content, { from: replayed.knownAt }, evidence);
    return { path: replayed.path, lines: next.origins, notes: [...replayed.notes] };
  }

  /** The earliest known state: the first recorded "before", else git HEAD, else unknown. */
  private baseline(history: FileHistory, names: readonly string[]): State {
    const first = history.events[0] as FileHistoryEvent | undefined;
    const firstBefore = first === undefined ? undefined : first.kind === 'edit' ? first.before : first.content;
    // An observed state is a change seen happening, not where the file started: what it changed is measured from
    // the committed content when there is one. Not from "absent at HEAD": an untracked file may well have existed.
    const observedFirst = first?.kind === 'state' && first.source === 'observed' && typeof history.headContent === 'string';
    // So is a first recorded state after a shell command that names the file (a `sed -i` before the agent's first
    // edit): measured from the committed content, its change can be credited to that command on evidence.
    const firstAt = first === undefined ? undefined : time(first.timestamp);
    const shellFirst =
      typeof history.headContent === 'string' &&
      firstAt !== undefined &&
      history.shellRuns.some((r) => (time(r.startedAt) ?? Infinity) < firstAt && names.some((n) => r.command.includes(baseName(n))));
    if (firstBefore !== undefined && !observedFirst && !shellFirst) {
      // The first event brings its own state; starting "unknown" lets it set the baseline without claims.
      return unknownState();
    }
    if (history.headContent !== undefined) {
      return freshState(history.headContent, null);
    }
    return unknownState();
  }

  /**
   * Brings `state` to `content`, which was observed at the end of `window`: lines that differ were changed by
   * something other than the edit tools: shell evidence or nobody.
   */
  private reconcile(state: State, content: string | null, window: ChangeWindow, evidence: ShellEvidence, knownAt?: number): State {
    if (text(state.content) === content) {
      return { ...state, knownAt: knownAt ?? state.knownAt };
    }
    if (content === null) {
      return { content: null, lines: [], origins: [], knownAt };
    }
    if (state.content === undefined) {
      // No earlier state: nothing says which lines changed.
      return freshState(content, null, knownAt);
    }
    const lines = splitLines(content);
    const map = state.content === null ? new Int32Array(lines.length).fill(-1) : matchLines(state.lines, lines);
    const origins: Origins = new Array<LineAttribution | null>(lines.length).fill(null);
    const changed: number[] = [];
    for (let j = 0; j < lines.length; j++) {
      const i = map[j];
      if (i >= 0) {
        origins[j] = state.origins[i];
      } else {
        changed.push(j);
      }
    }
    if (changed.length > 0 && evidence.hasCandidates) {
      const credited = evidence.attribute(changed.map((j) => lines[j]), window);
      changed.forEach((j, k) => {
        origins[j] = credited[k];
      });
    }
    return { content, lines, origins, knownAt };
  }

  private applyState(state: State, e: Extract<FileHistoryEvent, { kind: 'state' }>, evidence: ShellEvidence): State {
    const at = time(e.timestamp);
    // Credited whole only against a state known at a moment (a recorded edit or an earlier observation): measured
    // from git HEAD, the difference may also hold the user's uncommitted edits, so it needs the usual evidence.
    if (e.source === 'observed' && e.during && e.content !== null && state.content !== undefined && state.knownAt !== undefined && text(state.content) !== e.content) {
      // Seen changing while exactly this shell command ran (or this session was seen working): the change is its.
      return claimChanges(state, e.content, { ...e.during.origin, via: e.during.observed ? 'observed' : 'shell', timestamp: e.during.startedAt }, at);
    }
    const next = this.reconcile(state, e.content, { from: state.knownAt, to: at }, evidence, at);
    return { ...next, knownBy: undefined };
  }

  private applyEdit(state: State, e: FileEditEvent, evidence: ShellEvidence, notes: string[]): State {
    const at = time(e.timestamp);
    const claim: LineAttribution = { ...e.origin };
    const by = promptKey(e.origin);
    let current = state;
    // The file as this edit found it, measured against what was known before (changes in between are not the edit's).
    const seenBefore = (content: string | null): State =>
      this.reconcile(current, content, { from: current.knownAt, to: at, fromPrompt: current.knownBy, toPrompt: by }, evidence, current.knownAt);
    if (e.beforeId !== undefined && e.beforeId === current.id) {
      // The content this edit found is the one replayed so far (the previous edit's recorded after, as a whole-file
      // recorder such as Gemini CLI writes it): reconciling with it would change nothing, so it is not read.
    } else if (e.before !== undefined) {
      current = { ...seenBefore(e.before), id: e.beforeId };
    }
    const rebuilt = this.rebuiltAfter(current, e);
    let after: string | JoinedLines | null | undefined = rebuilt ?? e.after;
    const afterId = after === undefined || after === null ? undefined : e.afterId;
    if (after === undefined && e.patch !== undefined) {
      const fast = this.applyPatchToLines && isKnown(current.content) && carriageReturnFree(current.content) ? this.applyPatchToLines(current.lines, finalNewline(current.content), e.patch) : undefined;
      if (fast) {
        after = new JoinedLines(fast.lines, fast.finalNewline);
      } else if (isKnown(current.content)) {
        const before = text(current.content) as string;
        after = this.applyPatch(before, e.patch);
        const rebased = after === undefined ? rebaseUnifiedDiff(before, e.patch) : undefined;
        if (rebased) {
          current = seenBefore(rebased.before);
          after = rebased.after;
        } else if (after === undefined) {
          notes.push(`${e.origin.tool} in prompt ${e.origin.promptIndex} (${e.origin.agent}) could not be replayed: its patch does not apply to the recorded state`);
        }
      } else if (e.op === 'create') {
        after = this.applyPatch('', e.patch);
      } else {
        notes.push(`${e.origin.tool} in prompt ${e.origin.promptIndex} (${e.origin.agent}) changed a state no transcript recorded`);
      }
    }
    if (after === undefined && e.op === 'delete') {
      after = null;
    }
    if (after === undefined) {
      return unknownState();
    }
    if (after === null) {
      return { content: null, lines: [], origins: [], knownAt: at, knownBy: by };
    }
    if (current.content === undefined || current.content === null) {
      // A file the change created (or whose earlier content nobody recorded): the change wrote every line, as far as
      // the transcripts show — claimed only when the change says it created the file.
      const created = current.content === null || e.op === 'create' || e.before === null;
      return { ...freshState(String(after), created ? claim : null, at), knownBy: by };
    }
    return claimChanges(current, after, claim, at, by, afterId);
  }

  /**
   * The edit's recorded after, rebuilt from its patch on the replayed lines and proven equal to it, so the
   * whole content is not read, decoded and split (1,000 Gemini CLI edits of a 5,000-line file record 1,000 full
   * versions; the patch is a few lines). Undefined when that cannot be proven: the recorded after is read.
   */
  private rebuiltAfter(current: State, e: FileEditEvent): JoinedLines | undefined {
    if (e.afterId === undefined || this.proof === undefined || this.applyPatchToLines === undefined || !isKnown(current.content) || !carriageReturnFree(current.content)) {
      return undefined;
    }
    const patch = e.patch;
    if (patch === undefined) {
      return undefined;
    }
    const fast = this.applyPatchToLines(current.lines, finalNewline(current.content), patch);
    if (!fast) {
      return undefined;
    }
    // Where both end with a newline (as nearly every file does) the rebuilt text is the one before with a few lines
    // replaced: proven as such against the recorded content the state is (its id), no text is built.
    const spliced = fast.finalNewline && finalNewline(current.content) && current.lines.length > 0;
    if (spliced && current.id !== undefined) {
      const { headChars, middle, tailChars } = lineSplice(current.lines, fast.lines);
      const proven = this.proof.isSplice(current.id, headChars, middle, tailChars, e.afterId);
      if (proven !== undefined) {
        return proven ? new JoinedLines(fast.lines, fast.finalNewline) : undefined;
      }
    }
    const before = text(current.content) as string;
    const rebuilt = spliced ? splicedText(before, current.lines, fast.lines) : joinLines(fast.lines, fast.finalNewline);
    return this.proof.isContent(rebuilt, e.afterId) ? new JoinedLines(fast.lines, fast.finalNewline, rebuilt) : undefined;
  }
}
