// Qwen Code adapter: `<root>/projects/<sanitized cwd>/chats/<sessionId>.jsonl` → sessions, prompts, steps and the
// TUI's file-history backups. The format (docs/formats/qwen.md) is a Claude-like envelope (uuid/parentUuid chain,
// cwd and version on every record) around Gemini-like `parts`.
//
// Decisions worth knowing:
// - A prompt is a `user` record: what was typed (promptText.ts). `user` records of other origins (notifications, cron,
//   goal runtime, realtime) are no prompts; a message typed while the model worked (`mid_turn_user_message`) is one,
//   as Claude Code's queued prompts are: the work after it answers it.
// - `rewind` (TUI, Esc Esc) re-roots the chain at its parentUuid: the prompt that followed that record and all after
//   it are rewound (a `rewind` op); their records stay in the file on a dead branch and are not read again.
// - File-history snapshots name prompts by Qwen's own `<sessionId>########<n>`: bound to the prompt running when the
//   id first shows (the snapshot is written when the prompt starts), see state.ts.
import { dirname, join } from 'node:path';
import { arr, isObject, nonEmpty, num, obj, str, type JsonObject } from '../../core/jsonValues';
import type { IndexOp, ParseIssue, StepPatch } from '../../core/ops';
import type { AgentAdapter, TranscriptFile, TranscriptLine } from '../adapter';
import { handleJsonLine } from '../transcriptLines';
import { documentLines } from '../documentLines';
import { resolvePath } from '../geminiCli/resolvePath';
import { discoverQwenTranscripts, qwenDefaultRoots } from './discovery';
import { promptText } from './promptText';
import { emptyState, MAX_PENDING_CALLS, MAX_PROMPTS, type QwenCodeState } from './state';
import { callStep, isFunctionPart, resultStep } from './toolSteps';

const AGENT = 'qwen-code';

/** The binding of a Qwen prompt id whose prompt was rewound (state.ts `qwenPrompts`). */
const REWOUND = '';

/** A title the user gave (`/rename`, a fork's name) beats one Qwen made up. */
const TITLE_PRIORITY = { manual: 3, auto: 2 } as const;

/** `user` records that are not the person typing (session-turn-state.ts in Qwen's source excludes the same). */
const NOT_PROMPTS: ReadonlySet<string> = new Set(['goal_runtime', 'notification', 'cron', 'realtime_message']);

/**
 * System subtypes that carry nothing indexed (telemetry, Qwen's own AI-attribution counts, slash/@ commands whose
 * effect is the prompt itself, compression, session bookkeeping). Any other subtype is reported as unknown.
 */
const IGNORED_SUBTYPES: ReadonlySet<string> = new Set([
  'ui_telemetry',
  'attribution_snapshot',
  'slash_command',
  'at_command',
  'chat_compression',
  'parent_session',
  'branch_checkpoint',
  'turn_result',
  'user_text_elements',
  'background_task_completed',
  'session_source',
  'session_sources_snapshot',
  'omni_recall',
  'realtime_message',
  'notification',
  'cron',
]);
// agent_*: a subagent's bookkeeping (bootstrap history of a fork, retries, readiness).
const IGNORED_SUBTYPE_PREFIXES = ['goal_', 'session_source', 'session_artifact_', 'agent_'];

/** Per-call parsing context; only `st` survives the call. */
interface Run {
  file: TranscriptFile;
  st: QwenCodeState;
  ops: IndexOp[];
  issues: ParseIssue[];
  line: TranscriptLine;
  /** Backups emitted in this call: every snapshot record lists all tracked files again. */
  emittedBackups: Set<string>;
}

function issue(run: Run, kind: ParseIssue['kind'], message: string): void {
  run.issues.push({ kind, file: run.file.path, line: run.line.lineNo, message });
}

function fileStem(path: string): string {
  return (path.split(/[\\/]/).pop() ?? path).replace(/\.jsonl$/, '');
}

/** Session bookkeeping every record shares: its session, the first cwd, the CLI version. */
/**
 * The session a record belongs to. A subagent's records carry the parent's `sessionId` and their `agentId`
 * (`isSidechain`): the subagent is a session of its own, `<parent>:<agentId>`, as Claude Code's subagents are.
 */
function sessionOf(run: Run, rec: JsonObject): { id: string; parentSessionId?: string } {
  const raw = nonEmpty(rec.sessionId) ?? run.file.parentSessionId ?? fileStem(run.file.path);
  const agentId = nonEmpty(rec.agentId) ?? (run.file.parentSessionId !== undefined ? fileStem(run.file.path).replace(/^agent-/, '') : undefined);
  return agentId !== undefined && (rec.isSidechain === true || run.file.parentSessionId !== undefined) ? { id: `${raw}:${agentId}`, parentSessionId: raw } : { id: raw };
}

function beginRecord(run: Run, rec: JsonObject): string {
  const { st } = run;
  const session = sessionOf(run, rec);
  const sessionId = session.id;
  let changed = false;
  if (st.sessionId !== sessionId) {
    // One file per session; another id here is a copy (a fork writes the new id into new files), kept apart.
    Object.assign(st, emptyState(), { sessionId });
    changed = true;
  }
  const cwd = nonEmpty(rec.cwd);
  if (cwd !== undefined && st.startCwd === undefined) {
    st.startCwd = cwd;
    changed = true;
  }
  const version = nonEmpty(rec.version);
  // Qwen writes "unknown" when it cannot tell its own version.
  if (version !== undefined && version !== 'unknown' && version !== st.version) {
    st.version = version;
    changed = true;
  }
  if (changed) {
    const timestamp = str(rec.timestamp);
    run.ops.push({
      op: 'session',
      session: {
        agent: AGENT,
        id: sessionId,
        ...(st.startCwd !== undefined ? { cwd: st.startCwd } : {}),
        ...(timestamp !== undefined ? { timestamp } : {}),
        ...(st.version !== undefined ? { cliVersion: st.version } : {}),
        ...(session.parentSessionId !== undefined ? { parentSessionId: session.parentSessionId } : {}),
      },
    });
  }
  return sessionId;
}

function recordId(run: Run, rec: JsonObject): string {
  const uuid = nonEmpty(rec.uuid);
  if (uuid !== undefined) {
    return uuid;
  }
  issue(run, 'missing-field', `${String(rec.type)} record without uuid`);
  return `${run.st.sessionId ?? fileStem(run.file.path)}:line:${run.line.lineNo}`;
}

function partsOf(rec: JsonObject): unknown[] | undefined {
  const message = obj(rec.message);
  return message && Array.isArray(message.parts) ? message.parts : undefined;
}

function announceModel(run: Run, sessionId: string, model: string | undefined): void {
  if (model === undefined || run.st.models.includes(model)) {
    return;
  }
  run.st.models.push(model);
  run.ops.push({ op: 'session', session: { agent: AGENT, id: sessionId, model } });
}

function emitStep(run: Run, sessionId: string, step: StepPatch): void {
  run.ops.push({ op: 'step', sessionId, step });
}

function onUser(run: Run, rec: JsonObject, sessionId: string): void {
  const parts = partsOf(rec);
  if (!parts) {
    issue(run, 'missing-field', 'user record without message parts');
    return;
  }
  const subtype = str(rec.subtype);
  if (subtype !== undefined && NOT_PROMPTS.has(subtype)) {
    return;
  }
  const text = promptText(rec, parts);
  if (text.trim() === '') {
    // Qwen itself counts only user records with text as prompts (an image-only message is no turn of its own).
    return;
  }
  startPrompt(run, rec, sessionId, text);
}

function startPrompt(run: Run, rec: JsonObject, sessionId: string, text: string): void {
  const id = recordId(run, rec);
  const { st } = run;
  run.ops.push({ op: 'prompt', sessionId, id, text, timestamp: str(rec.timestamp) ?? '' });
  st.promptId = id;
  st.prompts.push([id, str(rec.parentUuid) ?? null]);
  if (st.prompts.length > MAX_PROMPTS) {
    st.prompts.shift();
  }
}

function rememberCall(run: Run, id: string, call: QwenCodeState['pending'][string]): void {
  const { pending } = run.st;
  pending[id] = call;
  const ids = Object.keys(pending);
  // Calls whose result never came (an interrupted run) must not grow the state forever.
  for (let i = 0; i < ids.length - MAX_PENDING_CALLS; i++) {
    delete pending[ids[i]];
  }
}

function withPrompt(run: Run, step: StepPatch): StepPatch {
  return run.st.promptId !== undefined ? { ...step, promptId: run.st.promptId } : step;
}

function onAssistant(run: Run, rec: JsonObject, sessionId: string): void {
  const parts = partsOf(rec);
  if (!parts) {
    issue(run, 'missing-field', 'assistant record without message parts');
    return;
  }
  const model = nonEmpty(rec.model);
  announceModel(run, sessionId, model);
  const uuid = recordId(run, rec);
  const timestamp = str(rec.timestamp);
  parts.forEach((part, i) => {
    if (!isObject(part)) {
      return;
    }
    const call = isFunctionPart(part, 'functionCall');
    if (call) {
      const id = nonEmpty(call.id) ?? `${uuid}:${i}`;
      if (nonEmpty(call.id) === undefined || nonEmpty(call.name) === undefined) {
        issue(run, 'missing-field', 'functionCall without id or name');
      }
      const { step, pending } = callStep(call, id, timestamp);
      emitStep(run, sessionId, withPrompt(run, step));
      rememberCall(run, id, pending);
      return;
    }
    const text = str(part.text);
    if (text === undefined || text.trim() === '') {
      return;
    }
    const step: StepPatch =
      part.thought === true
        ? { id: `${uuid}:${i}`, type: 'reasoning', text }
        : { id: `${uuid}:${i}`, type: 'text', text, ...(model !== undefined ? { model } : {}) };
    emitStep(run, sessionId, withPrompt(run, timestamp !== undefined ? { ...step, timestamp } : step));
  });
}

function onToolResult(run: Run, rec: JsonObject, sessionId: string): void {
  const parts = partsOf(rec);
  if (!parts) {
    issue(run, 'missing-field', 'tool_result record without message parts');
    return;
  }
  const toolCallResult = obj(rec.toolCallResult);
  const responses = parts.flatMap((p) => {
    const r = isFunctionPart(p, 'functionResponse');
    return r ? [r] : [];
  });
  if (responses.length === 0) {
    issue(run, 'missing-field', 'tool_result record without functionResponse');
    return;
  }
  for (const response of responses) {
    const id = nonEmpty(response.id) ?? nonEmpty(toolCallResult?.callId);
    if (id === undefined) {
      issue(run, 'missing-field', 'functionResponse without id');
      continue;
    }
    const call = run.st.pending[id];
    delete run.st.pending[id];
    // toolCallResult describes the record's one call; with several responses it belongs to the one it names.
    const own = toolCallResult && (responses.length === 1 || str(toolCallResult.callId) === id) ? toolCallResult : undefined;
    const step = resultStep(id, nonEmpty(response.name), obj(response.response), own, { call, timestamp: str(rec.timestamp), cwd: run.st.startCwd });
    emitStep(run, sessionId, call ? step : withPrompt(run, step));
  }
}

/** The uuid of the prompt Qwen's own prompt id names; an id not seen before is bound to the running prompt. */
function promptOfQwenId(run: Run, qwenId: string): string | undefined {
  const { st } = run;
  const known = st.qwenPrompts[qwenId];
  if (known !== undefined) {
    return known;
  }
  const current = st.promptId;
  if (current === undefined || Object.values(st.qwenPrompts).includes(current)) {
    // Before any prompt, or the running prompt has its id already: an id of a prompt this file does not show.
    return undefined;
  }
  st.qwenPrompts[qwenId] = current;
  const ids = Object.keys(st.qwenPrompts);
  for (let i = 0; i < ids.length - MAX_PROMPTS; i++) {
    delete st.qwenPrompts[ids[i]];
  }
  return current;
}

/** `<global dir>/file-history/<sessionId>/`; the global dir holds `projects/<project>/chats/<file>` by default. */
function backupDir(run: Run, sessionId: string): string {
  return join(dirname(dirname(dirname(dirname(run.file.path)))), 'file-history', sessionId);
}

function onFileHistory(run: Run, payload: JsonObject | undefined, sessionId: string): void {
  const snapshots = arr(payload?.snapshots);
  if (snapshots.length === 0 && !Array.isArray(payload?.snapshots)) {
    issue(run, 'missing-field', 'file_history_snapshot without snapshots');
    return;
  }
  for (const snapshot of snapshots) {
    const qwenId = isObject(snapshot) ? nonEmpty(snapshot.promptId) : undefined;
    const tracked = isObject(snapshot) ? obj(snapshot.trackedFileBackups) : undefined;
    if (qwenId === undefined || !tracked) {
      issue(run, 'missing-field', 'file-history snapshot without promptId or trackedFileBackups');
      continue;
    }
    const promptId = promptOfQwenId(run, qwenId);
    if (promptId === REWOUND) {
      continue;
    }
    if (promptId === undefined) {
      if (Object.keys(tracked).length > 0) {
        issue(run, 'missing-field', `file-history snapshot of prompt ${qwenId}, which this transcript does not show`);
      }
      continue;
    }
    for (const [key, backup] of Object.entries(tracked)) {
      if (!isObject(backup) || backup.failed === true) {
        // A failed backup repeats the previous backup's name: it is not the file at this prompt's start.
        continue;
      }
      const name = backup.backupFileName;
      if (typeof name !== 'string' && name !== null) {
        issue(run, 'missing-field', `file-history entry ${key} without backupFileName`);
        continue;
      }
      const version = num(backup.version) ?? 0;
      const dedupe = `${promptId}\u0000${key}\u0000${version}\u0000${String(name)}`;
      if (run.emittedBackups.has(dedupe)) {
        continue;
      }
      run.emittedBackups.add(dedupe);
      run.ops.push({
        op: 'fileBackup',
        sessionId,
        promptId,
        // Keys are relative to the project root the session was started in.
        path: resolvePath(key, run.st.startCwd),
        backupPath: name === null ? null : join(backupDir(run, sessionId), name),
        version,
        timestamp: str(backup.backupTime) ?? (isObject(snapshot) ? str(snapshot.timestamp) : undefined) ?? '',
      });
    }
  }
}

/**
 * `rewind`: the chain goes on from `parentUuid`; the prompt that followed it and all later ones are gone. A rewind to
 * before the first prompt has `parentUuid: null` (the chain starts again from its root, qwen-tui-rewind-first):
 * nothing of the session is left, whether or not this reading still remembers its first prompt.
 */
function onRewind(run: Run, rec: JsonObject, sessionId: string): void {
  const { st } = run;
  if (rec.parentUuid === null) {
    run.ops.push({ op: 'rewind', sessionId });
    forgetPrompts(st, 0);
    return;
  }
  const parent = str(rec.parentUuid);
  let i = st.prompts.length - 1;
  while (i >= 0 && st.prompts[i][1] !== parent) {
    i--;
  }
  if (parent === undefined || i < 0) {
    issue(run, 'missing-field', `rewind to ${parent ?? 'no record'}, which starts no prompt this transcript shows`);
    return;
  }
  run.ops.push({ op: 'rewind', sessionId, recordId: st.prompts[i][0] });
  forgetPrompts(st, i);
}

/** The prompts from the i-th remembered one on are rewound: the state forgets them. */
function forgetPrompts(st: QwenCodeState, i: number): void {
  const gone = new Set(st.prompts.slice(i).map(([id]) => id));
  st.prompts.splice(i);
  st.promptId = st.prompts[st.prompts.length - 1]?.[0];
  // Qwen's prompt counter goes on after a rewind, so the rewound prompts' ids are never reused; the snapshot batch
  // written after the rewind lists them again, and they must neither revive a gone prompt nor bind to another.
  for (const [qwenId, uuid] of Object.entries(st.qwenPrompts)) {
    if (gone.has(uuid)) {
      st.qwenPrompts[qwenId] = REWOUND;
    }
  }
}

function onSystem(run: Run, rec: JsonObject, sessionId: string): void {
  const subtype = str(rec.subtype);
  const payload = obj(rec.systemPayload);
  switch (subtype) {
    case 'file_history_snapshot':
      // Checkpoints are the main session's (its prompts, its backup folder); a subagent's file has none of its own.
      if (run.file.parentSessionId === undefined && rec.isSidechain !== true) {
        onFileHistory(run, payload, sessionId);
      }
      return;
    case 'rewind':
      onRewind(run, rec, sessionId);
      return;
    case 'custom_title': {
      const title = nonEmpty(payload?.customTitle);
      if (title === undefined) {
        issue(run, 'missing-field', 'custom_title without customTitle');
        return;
      }
      const priority = str(payload?.titleSource) === 'auto' ? TITLE_PRIORITY.auto : TITLE_PRIORITY.manual;
      run.ops.push({ op: 'session', session: { agent: AGENT, id: sessionId, title, titlePriority: priority } });
      return;
    }
    case 'agent_launch_prompt': {
      // A subagent's task, when the parent gave it as a launch prompt instead of a first user message.
      const text = str(payload?.displayText);
      if (text !== undefined && text.trim() !== '' && run.st.promptId === undefined) {
        startPrompt(run, rec, sessionId, text);
      }
      return;
    }
    case 'session_model':
      announceModel(run, sessionId, nonEmpty(payload?.modelId));
      return;
    default:
      if (subtype === undefined || (!IGNORED_SUBTYPES.has(subtype) && !IGNORED_SUBTYPE_PREFIXES.some((p) => subtype.startsWith(p)))) {
        issue(run, 'unknown-record', `unknown system record "${subtype ?? '(no subtype)'}"`);
      }
  }
}

function onRecord(run: Run, rec: JsonObject): void {
  const type = str(rec.type);
  if (type === undefined) {
    issue(run, 'missing-field', 'record without type');
    return;
  }
  if (type !== 'user' && type !== 'assistant' && type !== 'tool_result' && type !== 'system') {
    issue(run, 'unknown-record', `unknown record type "${type}"`);
    return;
  }
  const sessionId = beginRecord(run, rec);
  switch (type) {
    case 'user':
      onUser(run, rec, sessionId);
      return;
    case 'assistant':
      onAssistant(run, rec, sessionId);
      return;
    case 'tool_result':
      onToolResult(run, rec, sessionId);
      return;
    case 'system':
      onSystem(run, rec, sessionId);
  }
}

function parseLine(run: Run): void {
  handleJsonLine(
    run.line.text,
    (kind, message) => issue(run, kind, message),
    (rec) => onRecord(run, rec),
  );
}

function parseLines(file: TranscriptFile, state: QwenCodeState, lines: TranscriptLine[]): { state: QwenCodeState; ops: IndexOp[]; issues: ParseIssue[] } {
  const st: QwenCodeState = { ...emptyState(), ...structuredClone(state) };
  const ops: IndexOp[] = [];
  const issues: ParseIssue[] = [];
  const emittedBackups = new Set<string>();
  for (const line of lines) {
    parseLine({ file, st, ops, issues, line, emittedBackups });
  }
  return { state: st, ops, issues };
}

export const qwenCodeAdapter: AgentAdapter<QwenCodeState> = {
  agent: AGENT,
  defaultRoots: qwenDefaultRoots,
  discover: discoverQwenTranscripts,
  initialState: () => emptyState(),
  parseLines,
  // Transcripts are append-only JSONL; a whole-document parse is the same as one big feed.
  parseDocument: (file, text) => parseLines(file, emptyState(), documentLines(text)),
};
