// Copilot CLI's `session-state/<id>/events.jsonl` → sessions, prompts and steps. See docs/formats/copilot.md.
//
// Decisions worth knowing:
// - A prompt is a `user.message` (its event id); `data.content` is what was typed (`transformedContent` adds the
//   `<current_datetime>` the model got). Everything until the next `user.message` belongs to it: `turnId` restarts at
//   "0" for every prompt (it numbers the model calls inside one), so it never identifies a prompt; events that name
//   their `interactionId` are placed by it.
// - `/rewind` rewrites the log shorter (the withdrawn prompts' events are gone, nothing marks them), so the index
//   reads it again from its start. A reading from the start therefore first withdraws everything the session had
//   (a `rewind` op without a record at its `session.start`, a no-op the first time) and then re-emits what the log
//   still holds: prompts that no longer exist disappear instead of lingering from the previous reading, also after a
//   rewind to before the first prompt, which leaves no prompt in the log (copilot-tui-rewind-first).
// - A tool step is keyed by its `toolCallId` and patched three times (request in `assistant.message`,
//   `tool.execution_start`, `tool.execution_complete`).
import { isObject, nonEmpty, obj, arr, str, type JsonObject } from '../../core/jsonValues';
import type { AgentId, CommandRun, FileChange, FileRead, ToolKind } from '../../core/model';
import type { IndexOp, ParseIssue, StepPatch } from '../../core/ops';
import type { ParseOutput, TranscriptFile, TranscriptLine } from '../adapter';
import { handleJsonLine } from '../transcriptLines';
import { ignoredTypes } from './knownTypes';
import { commandRun, shellCommand, toolFileChanges, toolKind, toolReads, toolResult } from './toolCalls';

/**
 * What differs between the producers of this event vocabulary: Copilot CLI (`session-state/<id>/events.jsonl`) and
 * Copilot Chat in VS Code (`GitHub.copilot-chat/transcripts/<id>.jsonl`, producer "copilot-agent") write the same
 * events, but their tools have other names and arguments, and the chat's results carry no shell execution data.
 */
export interface EventDialect {
  agent: AgentId;
  toolKind(name: string): ToolKind;
  toolReads(name: string, args: unknown): FileRead[];
  shellCommand(name: string, args: unknown): string | undefined;
  /** The arguments of a started call that its completion needs for the file changes (small: kept in the state). */
  keptArgs(name: string, args: unknown): JsonObject | undefined;
  toolFileChanges(name: string, kept: JsonObject | undefined, data: JsonObject): FileChange[];
  commandRun(command: string, data: JsonObject, cwd: string | undefined, durationMs: number | undefined): CommandRun;
}

export const copilotCliDialect: EventDialect = {
  agent: 'copilot',
  toolKind,
  toolReads,
  shellCommand,
  keptArgs: (name, args) => {
    const a = obj(args);
    const path = str(a?.path);
    const fileText = str(a?.file_text);
    return name === 'create' && path !== undefined && fileText !== undefined && fileText.length <= createTextLimit ? { path, file_text: fileText } : undefined;
  },
  toolFileChanges,
  commandRun,
};

/** Tool calls started and not completed yet that the state keeps (their start time and command), at most. */
const pendingLimit = 256;
/**
 * A `create` call's `file_text` is the new file's exact content (whether its diff marks a missing final newline was
 * not observed); it is kept from start to completion up to this size. A larger file's content stays unknown (its
 * diff is kept as the change's patch).
 */
const createTextLimit = 256 * 1024;
/** interactionId → prompt id pairs the state keeps (the newest prompts'). */
const interactionLimit = 32;

export interface CopilotState {
  sessionId?: string;
  /** This reading withdrew the session's earlier prompts (see above): at its `session.start`, else its first prompt. */
  reset: boolean;
  promptId?: string;
  /** [interactionId, prompt id], newest last. */
  interactions: [string, string][];
  /** toolCallId → what completion needs from the start. */
  pending: Record<string, { ts: string; name: string; command?: string; args?: JsonObject }>;
}

export function emptyCopilotState(): CopilotState {
  return { reset: false, interactions: [], pending: {} };
}

interface Run {
  dialect: EventDialect;
  file: TranscriptFile;
  st: CopilotState;
  ops: IndexOp[];
  issues: ParseIssue[];
  line: TranscriptLine;
}

function issue(run: Run, kind: ParseIssue['kind'], message: string): void {
  run.issues.push({ kind, file: run.file.path, line: run.line.lineNo, message });
}

/** The session id: `session.start` names it; the folder name (`session-state/<id>/events.jsonl`) otherwise. */
function sessionIdOf(run: Run): string {
  if (run.st.sessionId === undefined) {
    const parts = run.file.path.split(/[\\/]/);
    run.st.sessionId = parts[parts.length - 2] ?? run.file.path;
  }
  return run.st.sessionId;
}

function promptOf(run: Run, data: JsonObject): string | undefined {
  const interaction = str(data.interactionId);
  const known = interaction === undefined ? undefined : run.st.interactions.find(([i]) => i === interaction)?.[1];
  return known ?? run.st.promptId;
}

function step(run: Run, s: StepPatch): void {
  run.ops.push({ op: 'step', sessionId: sessionIdOf(run), step: s });
}

function onSessionStart(run: Run, data: JsonObject, ts: string): void {
  const id = str(data.sessionId);
  if (id !== undefined) {
    run.st.sessionId = id;
  }
  // Copilot Chat's transcripts record no context: the workspace storage folder says which folder it is (cwdHint).
  const cwd = str(obj(data.context)?.cwd) ?? run.file.cwdHint;
  run.ops.push({
    op: 'session',
    session: {
      agent: run.dialect.agent,
      id: sessionIdOf(run),
      ...(cwd !== undefined ? { cwd } : {}),
      timestamp: str(data.startTime) ?? ts,
      ...(nonEmpty(data.copilotVersion) !== undefined ? { cliVersion: nonEmpty(data.copilotVersion) } : {}),
    },
  });
  if (!run.st.reset) {
    run.st.reset = true;
    run.ops.push({ op: 'rewind', sessionId: sessionIdOf(run) });
  }
}

/**
 * A user message the CLI injected rather than the person typed (schema 1.0.102): autopilot's continuation
 * (`isAutopilotContinuation`), a hidden skill injection (`source: "skill-…"`) or another agent's prompt
 * (`source: "agent-…"`). Typed prompts carry no `source` in the recordings.
 */
function isInjected(data: JsonObject): boolean {
  const source = str(data.source) ?? '';
  return data.isAutopilotContinuation === true || source.startsWith('skill-') || source.startsWith('agent-');
}

function onUserMessage(run: Run, id: string, data: JsonObject, ts: string): void {
  const text = str(data.content);
  if (text === undefined) {
    issue(run, 'missing-field', 'user.message without content');
    return;
  }
  if (isInjected(data)) {
    // Not a prompt: what it causes belongs to the prompt that is running.
    return;
  }
  const sessionId = sessionIdOf(run);
  if (!run.st.reset) {
    // A log without its `session.start` (cut at the front): withdraw from the first prompt it still has.
    run.st.reset = true;
    run.ops.push({ op: 'rewind', sessionId, recordId: id });
  }
  run.ops.push({ op: 'prompt', sessionId, id, text, timestamp: ts });
  run.st.promptId = id;
  const interaction = str(data.interactionId);
  if (interaction !== undefined) {
    const pair: [string, string] = [interaction, id];
    run.st.interactions = [...run.st.interactions.filter(([i]) => i !== interaction), pair].slice(-interactionLimit);
  }
}

function onAssistantMessage(run: Run, id: string, data: JsonObject, ts: string): void {
  const promptId = promptOf(run, data);
  const model = nonEmpty(data.model);
  if (model !== undefined) {
    run.ops.push({ op: 'session', session: { agent: run.dialect.agent, id: sessionIdOf(run), model, timestamp: ts } });
  }
  const text = str(data.content) ?? '';
  if (text.trim() !== '') {
    step(run, { id: str(data.messageId) ?? id, promptId, type: 'text', timestamp: ts, text, ...(model !== undefined ? { model } : {}) });
  }
  for (const req of arr(data.toolRequests).filter(isObject)) {
    const callId = str(req.toolCallId);
    const name = str(req.name);
    if (callId === undefined || name === undefined) {
      issue(run, 'missing-field', 'tool request without toolCallId or name');
      continue;
    }
    const d = run.dialect;
    step(run, { id: callId, promptId, type: 'tool', timestamp: ts, name, kind: d.toolKind(name), input: req.arguments ?? {}, reads: d.toolReads(name, req.arguments), fileChanges: [] });
  }
}

function onToolStart(run: Run, data: JsonObject, ts: string): void {
  const callId = str(data.toolCallId);
  const name = str(data.toolName);
  if (callId === undefined || name === undefined) {
    issue(run, 'missing-field', 'tool.execution_start without toolCallId or toolName');
    return;
  }
  const d = run.dialect;
  const command = d.shellCommand(name, data.arguments);
  const pending = Object.entries(run.st.pending);
  if (pending.length >= pendingLimit) {
    delete run.st.pending[pending[0][0]];
  }
  const kept = d.keptArgs(name, data.arguments);
  run.st.pending[callId] = { ts, name, ...(command !== undefined ? { command } : {}), ...(kept !== undefined ? { args: kept } : {}) };
  step(run, { id: callId, promptId: promptOf(run, data), type: 'tool', timestamp: ts, name, kind: d.toolKind(name), input: data.arguments ?? {}, reads: d.toolReads(name, data.arguments) });
}

function onToolComplete(run: Run, data: JsonObject, ts: string): void {
  const callId = str(data.toolCallId);
  if (callId === undefined) {
    issue(run, 'missing-field', 'tool.execution_complete without toolCallId');
    return;
  }
  const started = run.st.pending[callId];
  delete run.st.pending[callId];
  const name = started?.name ?? '';
  const duration = started ? Date.parse(ts) - Date.parse(started.ts) : Number.NaN;
  const durationMs = Number.isFinite(duration) && duration >= 0 ? duration : undefined;
  const s: StepPatch = { id: callId, type: 'tool', result: toolResult(data, ts), ...(durationMs !== undefined ? { durationMs } : {}) };
  if (started === undefined) {
    // The start is in a part of the log this reading did not see (or missing): the step keeps what it had.
    s.promptId = promptOf(run, data);
  }
  const changes = run.dialect.toolFileChanges(name, started?.args, data);
  if (changes.length > 0) {
    s.fileChanges = changes;
  }
  if (started?.command !== undefined) {
    s.command = run.dialect.commandRun(started.command, data, undefined, durationMs);
  } else if (obj(data.shellExecution) !== undefined) {
    issue(run, 'missing-field', `shell result of ${callId} without the command it ran`);
  }
  step(run, s);
}

function onRecord(run: Run, rec: JsonObject): void {
  const type = str(rec.type);
  const id = str(rec.id);
  const ts = str(rec.timestamp) ?? '';
  const data = obj(rec.data);
  if (type === undefined || id === undefined || data === undefined) {
    issue(run, 'missing-field', 'event without type, id or data');
    return;
  }
  switch (type) {
    case 'session.start':
      onSessionStart(run, data, ts);
      return;
    case 'session.resume':
      run.ops.push({ op: 'session', session: { agent: run.dialect.agent, id: sessionIdOf(run), timestamp: ts } });
      return;
    case 'session.model_change':
      // The configured model (`claude-sonnet-4.5`); the messages name the one that answered.
      return;
    case 'user.message':
      onUserMessage(run, id, data, ts);
      return;
    case 'assistant.message':
      onAssistantMessage(run, id, data, ts);
      return;
    case 'assistant.reasoning': {
      const text = str(data.content) ?? '';
      if (text.trim() !== '') {
        step(run, { id: str(data.reasoningId) ?? id, promptId: promptOf(run, data), type: 'reasoning', timestamp: ts, text });
      }
      return;
    }
    case 'tool.execution_start':
      onToolStart(run, data, ts);
      return;
    case 'tool.execution_complete':
      onToolComplete(run, data, ts);
      return;
    default:
      if (!ignoredTypes.has(type)) {
        issue(run, 'unknown-record', `unknown event type "${type}"`);
      }
  }
}

function parseLine(run: Run): void {
  handleJsonLine(
    run.line.text,
    (kind, message) => issue(run, kind, message),
    (record) => onRecord(run, record),
  );
}

export function parseEventLines(file: TranscriptFile, state: CopilotState, lines: TranscriptLine[], dialect: EventDialect = copilotCliDialect): ParseOutput<CopilotState> {
  const st: CopilotState = { ...emptyCopilotState(), ...structuredClone(state) };
  const ops: IndexOp[] = [];
  const issues: ParseIssue[] = [];
  for (const line of lines) {
    parseLine({ dialect, file, st, ops, issues, line });
  }
  return { state: st, ops, issues };
}
