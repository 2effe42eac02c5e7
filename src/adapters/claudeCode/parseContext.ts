// The per-call parsing context of the Claude Code adapter and the bookkeeping every record handler shares:
// which session a record belongs to, session ops, the current prompt, and steps waiting for their prompt.
import type { IndexOp, ParseIssue, StepPatch } from '../../core/ops';
import type { TranscriptFile, TranscriptLine } from '../adapter';
import { absolutePath } from './paths';
import { str, type JsonObject } from './records';
import { MAX_DEFER_BYTES, MAX_DEFER_LINES, rememberUuid, type ClaudeCodeState, type UnresolvedBackup } from './state';
import type { TranscriptLayout } from './transcriptLayout';

export const AGENT = 'claude-code';

export const TITLE_PRIORITY = { custom: 3, ai: 2, summary: 1 } as const;

export interface SessionRef {
  /** Effective session id (subagents: `${sessionId}:${agentId}`). */
  id: string;
  /** The `sessionId` the records carry (the parent's, in subagent transcripts). */
  raw: string | undefined;
  parentSessionId?: string;
}

/** Per-call parsing context; only `st` survives the call. */
export interface Run {
  file: TranscriptFile;
  layout: TranscriptLayout;
  st: ClaudeCodeState;
  ops: IndexOp[];
  issues: ParseIssue[];
  line: TranscriptLine;
}

export function issue(run: Run, kind: ParseIssue['kind'], message: string): void {
  run.issues.push({ kind, file: run.file.path, line: run.line.lineNo, message });
}

export function sessionRef(run: Run, rec: JsonObject): SessionRef {
  const { layout, file } = run;
  if (layout.agentId === undefined) {
    const raw = str(rec, 'sessionId') ?? layout.stem;
    return { id: raw, raw };
  }
  const raw = str(rec, 'sessionId') ?? layout.parentSessionId ?? file.parentSessionId;
  return raw === undefined ? { id: `agent-${layout.agentId}`, raw } : { id: `${raw}:${layout.agentId}`, raw, parentSessionId: raw };
}

/** A record id for things that need one; line-based (stable in an append-only file) when uuid is missing. */
export function recordId(run: Run, rec: JsonObject, session: SessionRef): string {
  const uuid = str(rec, 'uuid');
  if (uuid !== undefined) {
    return uuid;
  }
  issue(run, 'missing-field', `${String(rec.type)} record without uuid`);
  return `${session.id}:line:${run.line.lineNo}`;
}

export function emitSession(run: Run, session: SessionRef, timestamp: string | undefined): void {
  const { st } = run;
  run.ops.push({
    op: 'session',
    session: {
      agent: AGENT,
      id: session.id,
      ...(st.startCwd !== undefined ? { cwd: st.startCwd } : {}),
      ...(timestamp !== undefined ? { timestamp } : {}),
      ...(st.version !== undefined ? { cliVersion: st.version } : {}),
      ...(session.parentSessionId !== undefined ? { parentSessionId: session.parentSessionId } : {}),
    },
  });
}

export function emitTitle(run: Run, sessionId: string, title: string, titlePriority: number): void {
  run.ops.push({ op: 'session', session: { agent: AGENT, id: sessionId, title, titlePriority } });
}

/** Bookkeeping shared by all conversation records (user, assistant, system, attachment). */
export function beginMessage(run: Run, rec: JsonObject): SessionRef {
  const { st } = run;
  const session = sessionRef(run, rec);
  const cwd = str(rec, 'cwd');
  const version = str(rec, 'version');
  let changed = false;
  if (st.sessionId !== session.id) {
    // Steps still waiting belong to the session being left; they will not get a prompt any more.
    flushDeferred(run, undefined);
    st.sessionId = session.id;
    st.models = [];
    st.promptId = undefined;
    st.pendingCommand = undefined;
    st.promptless = undefined;
    st.startCwd = undefined;
    changed = true;
  }
  if (cwd !== undefined) {
    st.cwd = cwd;
  }
  if (cwd !== undefined && st.startCwd === undefined) {
    // A session belongs where it was started: an agent that later `cd`s into a subfolder or out of the workspace
    // (an added directory, a worktree) neither moves nor drops it.
    st.startCwd = cwd;
    changed = true;
  }
  if (cwd !== undefined && st.rootCwd === undefined) {
    st.rootCwd = cwd;
    flushUnresolvedBackups(run);
  }
  if (version !== undefined && version !== st.version) {
    st.version = version;
    changed = true;
  }
  if (changed) {
    emitSession(run, session, str(rec, 'timestamp'));
  }
  const uuid = str(rec, 'uuid');
  if (uuid !== undefined) {
    rememberUuid(st, uuid, session.id);
    const matched = st.summaries.filter((s) => s.leafUuid === uuid);
    if (matched.length > 0) {
      st.summaries = st.summaries.filter((s) => s.leafUuid !== uuid);
      for (const s of matched) {
        emitTitle(run, session.id, s.summary, TITLE_PRIORITY.summary);
      }
    }
  }
  return session;
}

export function emitStep(run: Run, session: SessionRef, step: StepPatch): void {
  const { st } = run;
  if (st.promptId === undefined && !st.promptless) {
    st.deferred ??= { steps: [], lines: 0, bytes: 0 };
    st.deferred.steps.push({ sessionId: session.id, step });
    return;
  }
  run.ops.push({ op: 'step', sessionId: session.id, step });
}

/** Emits the waiting steps, in `promptId` when their prompt has arrived, else without a prompt. */
export function flushDeferred(run: Run, promptId: string | undefined): void {
  const { st } = run;
  if (!st.deferred) {
    return;
  }
  for (const { sessionId, step } of st.deferred.steps) {
    run.ops.push({ op: 'step', sessionId, step: step.promptId === undefined && promptId !== undefined ? { ...step, promptId } : step });
  }
  st.deferred = undefined;
  if (promptId === undefined) {
    st.promptless = true;
  }
}

export function startPrompt(run: Run, session: SessionRef, id: string, text: string, timestamp: string): void {
  const { st } = run;
  run.ops.push({ op: 'prompt', sessionId: session.id, id, text, timestamp });
  st.promptId = id;
  st.pendingCommand = undefined;
  flushDeferred(run, id);
}

/** Steps go to the current prompt; a pending slash command becomes that prompt once the model works on it. */
export function currentPrompt(run: Run, session: SessionRef): string | undefined {
  const { st } = run;
  if (st.pendingCommand) {
    const { id, text, timestamp } = st.pendingCommand;
    startPrompt(run, session, id, text, timestamp);
  }
  return st.promptId;
}

export function withPrompt(step: StepPatch, promptId: string | undefined): StepPatch {
  return promptId !== undefined ? { ...step, promptId } : step;
}

export function emitBackup(run: Run, b: UnresolvedBackup, path: string): void {
  run.ops.push({
    op: 'fileBackup',
    sessionId: b.sessionId,
    promptId: b.promptId,
    path,
    backupPath: b.backupPath,
    version: b.version,
    timestamp: b.timestamp,
  });
}

export function flushUnresolvedBackups(run: Run): void {
  const { st } = run;
  for (const b of st.unresolvedBackups) {
    emitBackup(run, b, absolutePath(b.key, st.rootCwd));
  }
  st.unresolvedBackups = [];
}

/** Deferred steps wait a bounded number of lines (counted per line, so chunking cannot change the result). */
export function ageDeferred(run: Run): void {
  const { deferred } = run.st;
  if (!deferred) {
    return;
  }
  deferred.lines++;
  deferred.bytes += run.line.text.length;
  if (deferred.lines > MAX_DEFER_LINES || deferred.bytes > MAX_DEFER_BYTES) {
    flushDeferred(run, undefined);
  }
}
