// Turns Gemini CLI chat records into index operations, one record at a time, with everything needed from earlier
// records kept in the small serializable state (the indexer persists it between runs).
//
// Semantics, checked against Gemini CLI 0.61.0 (`ChatRecordingService`) and its recorded transcripts:
// - A message id is re-appended whole every time the message changes (tool calls added, results, tokens): the
//   ops for it are simply emitted again (upserts), keeping the prompt it first belonged to.
// - `$rewindTo: id` drops that message and everything after it: emitted as a `rewind` of the first prompt/step
//   this adapter emitted for that message or a later one.
// - `$set.messages` is NOT replayed. In 0.61 it is `updateMessagesFromHistory`: a copy of the model's context
//   window written at every process start (first just the `<session_context>` preamble, then the resumed
//   history with fresh timestamps, model turns reduced to raw parts without toolCalls), after a compression
//   (summary turns under new ids) and after an aborted request (the prompt rolled back). Replacing the thread
//   with it would drop and rebuild every prompt on each resume and lose real prompts and file changes for good
//   at a compression or a cancel. The real records always also arrive as plain message lines.
// - `info`/`warning`/`error` records are UI notices (auth, "Request cancelled", API errors): not prompts and not
//   steps, since they are not something the model said or did. They still count for rewind positions.
import { basename } from 'node:path';
import type { TranscriptFile } from '../adapter';
import type { IndexOp, ParseIssue, SessionPatch, StepPatch } from '../../core/ops';
import { normalizePath } from '../../core/paths';
import { geminiSteps } from './messageSteps';
import type { LegacySession } from './toolCalls';
import { promptText, retryNotice } from './prompts';
import { arr, isObject, nonEmpty, str, type JsonObject } from '../../core/jsonValues';
import { classifyRecord, messageType, textParts } from './records';

/** [message id, id of the prompt it belongs to, first prompt/step id emitted for it] in Gemini's message order. */
export type MessageEntry = [string, string | null, string | null];

export interface GeminiCliState {
  /** The metadata line's session id, or one derived from the file name when the file has no metadata line. */
  sessionId?: string;
  /** The latest real prompt; new steps belong to it. */
  promptId?: string;
  lastTimestamp?: string;
  /** The most recent messages (bounded), for rewinds and for the prompt a re-appended message belongs to. */
  messages: MessageEntry[];
  /** Models already announced on the session (bounded). */
  models: string[];
  /** The CLI announced it re-sends the running prompt's request (loop-detection retry): the next user record is that. */
  resend?: true;
}

/** Rewinds target recent messages; older prompt targets still work because a prompt's op id is its record id. */
const maxMessageEntries = 400;
const maxModels = 16;
/** `summary` is Gemini's generated session summary: the only title it records. */
export const summaryTitlePriority = 1;

export function initialGeminiState(): GeminiCliState {
  return { messages: [], models: [] };
}

/** Subagent transcripts live in `chats/<parentSessionId>/<subSessionId>.jsonl`. */
export function parentFromPath(path: string): string | undefined {
  const parts = normalizePath(path).split('/');
  return parts.length >= 3 && parts[parts.length - 3] === 'chats' ? parts[parts.length - 2] || undefined : undefined;
}

/**
 * A session id for a file without a metadata line (trimmed or hand-made transcripts): a subagent file is named by
 * its full session id; a main file only carries 8 characters of it, so its whole base name is used.
 */
export function sessionIdFromFileName(path: string): string {
  return basename(normalizePath(path)).replace(/\.jsonl?$/, '');
}

export class SessionParser {
  readonly ops: IndexOp[] = [];
  readonly issues: ParseIssue[] = [];

  constructor(
    private readonly file: TranscriptFile,
    readonly state: GeminiCliState,
    /** A Gemini CLI 0.4–0.24 session document (see toolCalls.ts). */
    private readonly legacy?: LegacySession,
  ) {}

  private issue(kind: ParseIssue['kind'], line: number | undefined, message: string): void {
    this.issues.push(line === undefined ? { kind, file: this.file.path, message } : { kind, file: this.file.path, line, message });
  }

  private parentSessionId(): string | undefined {
    return this.file.parentSessionId ?? parentFromPath(this.file.path);
  }

  private sessionPatch(id: string, extra: Partial<SessionPatch> = {}): SessionPatch {
    const patch: SessionPatch = { agent: 'gemini-cli', id, ...extra };
    if (this.file.cwdHint) {
      patch.cwd = normalizePath(this.file.cwdHint);
    }
    const parent = this.parentSessionId();
    if (parent) {
      patch.parentSessionId = parent;
    }
    return patch;
  }

  /** The session id, announcing a derived one the first time it is needed. */
  private sessionId(): string {
    if (this.state.sessionId) {
      return this.state.sessionId;
    }
    const id = sessionIdFromFileName(this.file.path);
    this.state.sessionId = id;
    this.ops.push({ op: 'session', session: this.sessionPatch(id) });
    return id;
  }

  private stamp(value: unknown): string | undefined {
    const ts = nonEmpty(value);
    if (ts) {
      this.state.lastTimestamp = ts;
    }
    return ts;
  }

  /** One parsed JSON value (a JSONL line, or the legacy document's pieces). */
  record(value: unknown, line: number | undefined): void {
    if (!isObject(value)) {
      this.issue('unknown-record', line, `not a Gemini chat record (JSON ${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value})`);
      return;
    }
    const rec = classifyRecord(value);
    switch (rec.kind) {
      case 'metadata':
        this.metadata(rec.record);
        for (const m of arr(rec.record.messages)) {
          // Gemini's loader adds the messages a metadata record carries (the legacy single-record shape).
          this.message(m, line);
        }
        return;
      case 'message':
        this.message(rec.record, line);
        return;
      case 'set':
        this.set(rec.set);
        return;
      case 'rewind':
        this.rewind(rec.target);
        return;
      case 'patch':
        // Tool-output masking: rewrites only what the model sees later; the recorded output stays authoritative.
        return;
      case 'unknown':
        this.issue('unknown-record', line, `unknown Gemini record (keys: ${rec.keys || 'none'})`);
        return;
    }
  }

  metadata(record: JsonObject): void {
    const id = nonEmpty(record.sessionId);
    if (!id) {
      return;
    }
    // Keep the first id: a file's records all belong to one session (a resume re-appends the same metadata).
    this.state.sessionId ??= id;
    const extra: Partial<SessionPatch> = {};
    const start = this.stamp(record.startTime);
    if (start) {
      extra.timestamp = start;
    }
    const summary = nonEmpty(record.summary);
    if (summary) {
      extra.title = summary;
      extra.titlePriority = summaryTitlePriority;
    }
    const patch = this.sessionPatch(this.state.sessionId, extra);
    // Files found outside discovery: the first workspace directory is the project root.
    const dir = nonEmpty(arr(record.directories)[0]);
    if (!patch.cwd && dir) {
      patch.cwd = normalizePath(dir);
    }
    this.ops.push({ op: 'session', session: patch });
    const updated = nonEmpty(record.lastUpdated);
    if (updated && updated !== start) {
      this.ops.push({ op: 'session', session: this.sessionPatch(this.state.sessionId, { timestamp: updated }) });
    }
  }

  private set(set: JsonObject): void {
    const summary = nonEmpty(set.summary);
    if (summary) {
      this.ops.push({
        op: 'session',
        session: this.sessionPatch(this.sessionId(), { title: summary, titlePriority: summaryTitlePriority }),
      });
    }
    // lastUpdated follows every message write (whose own timestamps already span the session); `messages` is the
    // model's context window, not the thread (see the header); sessionId/directories/memoryScratchpad: nothing to index.
  }

  private entryIndex(id: string): number {
    const list = this.state.messages;
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i][0] === id) {
        return i;
      }
    }
    return -1;
  }

  /** The message's entry: existing (a re-append keeps its first position and prompt) or appended now. */
  private entry(id: string): MessageEntry {
    const i = this.entryIndex(id);
    if (i >= 0) {
      return this.state.messages[i];
    }
    const created: MessageEntry = [id, this.state.promptId ?? null, null];
    this.state.messages.push(created);
    if (this.state.messages.length > maxMessageEntries) {
      this.state.messages.splice(0, this.state.messages.length - maxMessageEntries);
    }
    return created;
  }

  message(value: unknown, line: number | undefined): void {
    if (!isObject(value) || typeof value.id !== 'string') {
      this.issue('missing-field', line, 'message record without a string id');
      return;
    }
    const id = value.id;
    const type = messageType(value.type);
    if (!type) {
      if (value.type === undefined) {
        this.issue('missing-field', line, `message ${id} has no type`);
      } else {
        this.issue('unknown-record', line, `unknown message type ${JSON.stringify(value.type).slice(0, 40)}`);
      }
      return;
    }
    const sessionId = this.sessionId();
    const timestamp = this.stamp(value.timestamp);
    const known = this.entryIndex(id) >= 0;
    const entry = this.entry(id);
    // A re-appended user record that was not a prompt the first time (a re-sent request) stays part of its prompt.
    const knownNonPrompt = known && entry[1] !== id;
    const resend = this.state.resend === true;
    delete this.state.resend;
    if (type === 'info' && textParts(value.content).join('').trim() === retryNotice) {
      this.state.resend = true;
    }
    if (type === 'user') {
      if (value.content === undefined && value.displayContent === undefined) {
        this.issue('missing-field', line, `user message ${id} has no content`);
        return;
      }
      const text = resend || knownNonPrompt ? undefined : promptText(value);
      if (text === undefined) {
        return;
      }
      this.ops.push({ op: 'prompt', sessionId, id, text, timestamp: timestamp ?? this.state.lastTimestamp ?? '' });
      entry[1] = id;
      entry[2] ??= id;
      if (this.state.messages[this.state.messages.length - 1] === entry) {
        this.state.promptId = id;
      }
      return;
    }
    if (type !== 'gemini') {
      return;
    }
    const steps = geminiSteps(id, value, {
      sessionCwd: this.file.cwdHint,
      promptId: entry[1] ?? undefined,
      onBadToolCall: (i) => this.issue('missing-field', line, `message ${id}: toolCalls[${i}] is not a tool call record with a name`),
      ...(this.legacy ? { legacy: this.legacy } : {}),
    });
    this.announceModel(sessionId, str(value.model));
    for (const step of steps) {
      this.ops.push({ op: 'step', sessionId, step: this.withTimestamp(step) });
    }
    if (entry[2] === null && steps.length > 0) {
      entry[2] = steps[0].id;
    }
  }

  private withTimestamp(step: StepPatch): StepPatch {
    return step.timestamp || !this.state.lastTimestamp ? step : { ...step, timestamp: this.state.lastTimestamp };
  }

  private announceModel(sessionId: string, model: string | undefined): void {
    if (!model || this.state.models.includes(model)) {
      return;
    }
    this.state.models.push(model);
    if (this.state.models.length > maxModels) {
      this.state.models.shift();
    }
    this.ops.push({ op: 'session', session: this.sessionPatch(sessionId, { model }) });
  }

  private rewind(target: string): void {
    const sessionId = this.sessionId();
    const i = this.entryIndex(target);
    if (i < 0) {
      // Older than the window (or never shown): a prompt is still found by its own id; anything else is a no-op.
      // The current prompt may be gone, so new steps go to whatever prompt the fold has last.
      this.ops.push({ op: 'rewind', sessionId, recordId: target });
      delete this.state.promptId;
      return;
    }
    const removed = this.state.messages.splice(i);
    const first = removed.find((e) => e[2] !== null);
    if (first?.[2]) {
      this.ops.push({ op: 'rewind', sessionId, recordId: first[2] });
    }
    // New steps belong to the prompt the last surviving message belonged to (none: the fold's latest prompt).
    const last = this.state.messages[this.state.messages.length - 1];
    const promptId = last?.[1] ?? undefined;
    if (promptId) {
      this.state.promptId = promptId;
    } else {
      delete this.state.promptId;
    }
  }
}
