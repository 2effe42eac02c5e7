// Turns Codex rollout records into index operations. One instance handles one batch of lines; everything that
// must survive to the next batch lives in `CodexState`.
import { createHash } from 'node:crypto';
import { parseJsonCapped, tooDeepMessage } from '../../core/jsonDepth';
import type { FileRead, Timestamp } from '../../core/model';
import type { IndexOp, ParseIssue, SessionPatch, StepPatch } from '../../core/ops';
import type { TranscriptFile } from '../adapter';
import { rememberCall, type CallMemo, type CodexState } from './codexState';
import { codeModeCommands, codeModeTool, isCodeModeNestedId, scriptFailed } from './codeMode';
import { exactFileChanges } from './exactChanges';
import { ignoredEventPatterns, ignoredEvents, ignoredResponseItems, ignoredTurnItems } from './knownTypes';
import { resolvePath } from './paths';
import { extractRequest, isInjectedText, samePromptText } from './promptText';
import { arr, isObject, nonEmpty, num, obj, str, type JsonObject } from '../../core/jsonValues';
import { contentTexts, hasImages, parseJsonObject, toEnvelope, type Envelope } from './records';
import { canDetectReplayEnd, endsReplay } from './replay';
import { commandFromArgv, durationToMs, outputText, parseToolOutput } from './shellOutput';
import {
  classifyFunctionCall,
  classifyLocalShell,
  commandRun,
  editKind,
  readsFromParsedCmd,
  type ClassifiedCall,
} from './toolCalls';

/**
 * thread_name_updated carries Codex's thread name, generated or set with /rename (the record does not say which):
 * ranked like an AI title (Claude's scale: custom 3, AI 2, summary 1), equal names resolve to the latest.
 */
const threadNameTitlePriority = 2;

function shortHash(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 12);
}

function lineId(lineNo: number): string {
  return `line-${lineNo}`;
}

export class RolloutParser {
  constructor(
    private readonly file: TranscriptFile,
    private readonly state: CodexState,
    private readonly ops: IndexOp[],
    private readonly issues: ParseIssue[],
  ) {}

  // ---------------------------------------------------------------- lines

  handleLine(text: string, lineNo: number): void {
    if (text.trim() === '') {
      return;
    }
    let value: unknown;
    try {
      const parsed = parseJsonCapped(text);
      value = parsed.value;
      if (parsed.cut > 0) {
        this.issue('too-deep', lineNo, tooDeepMessage(parsed.cut));
      }
    } catch (err) {
      // NUL or a run of replacement characters in a line that is not JSON: a binary blob, not a JSON line gone
      // wrong. Only then: Codex decodes command output lossily, so a record of a command that printed binary bytes
      // holds such runs inside valid JSON, and it is a record like any other.
      if (text.includes('\u0000') || /\uFFFD{4,}/.test(text)) {
        this.issue('binary', lineNo, 'binary data instead of a JSON line');
      } else {
        this.issue('invalid-json', lineNo, `invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
      }
      return;
    }
    if (!isObject(value)) {
      this.issue('unknown-record', lineNo, 'line is not a JSON object');
      return;
    }
    this.handleRecord(value, lineNo);
  }

  handleRecord(value: JsonObject, lineNo: number): void {
    const env = toEnvelope(value);
    if (env.kind === 'malformed') {
      this.issue('missing-field', lineNo, `${env.rawType} without an object payload`);
      return;
    }
    if (env.kind === 'unknown') {
      this.issue('unknown-record', lineNo, `unknown record type "${env.rawType}"`);
      return;
    }
    if (this.state.replaying) {
      if (!endsReplay(env, this.ownId())) {
        return;
      }
      this.state.replaying = false;
    }
    if (env.timestamp) {
      this.state.lastTimestamp = env.timestamp;
    }
    switch (env.kind) {
      case 'session_meta':
        this.onSessionMeta(env, lineNo);
        return;
      case 'turn_context':
        this.onTurnContext(env);
        return;
      case 'event_msg':
        this.onEvent(env, lineNo);
        return;
      case 'response_item':
        this.onResponseItem(env.payload, this.ts(env), lineNo, env.timestamp !== undefined);
        return;
      case 'compacted':
      case 'ignored':
        return;
    }
  }

  // ---------------------------------------------------------------- session

  private ownId(): string {
    return this.state.sessionId ?? this.state.fallbackSessionId;
  }

  private ts(env: Envelope): Timestamp {
    return env.timestamp ?? this.state.lastTimestamp ?? '';
  }

  private emitSession(patch: Omit<SessionPatch, 'agent' | 'id'>): void {
    const cwd = patch.cwd || (this.state.sessionAnnounced ? undefined : this.state.cwd);
    if (cwd) {
      // A session belongs where it was started; a later turn in another folder does not move it.
      this.state.startCwd ??= cwd;
      patch = { ...patch, cwd: this.state.startCwd };
    }
    const session: SessionPatch = { agent: 'codex', id: this.ownId() };
    for (const [k, v] of Object.entries(patch)) {
      if (v !== undefined && v !== '') {
        (session as unknown as Record<string, unknown>)[k] = v;
      }
    }
    if (!this.state.sessionAnnounced) {
      this.state.sessionAnnounced = true;
      if (session.parentSessionId === undefined && this.file.parentSessionId) {
        session.parentSessionId = this.file.parentSessionId;
      }
    }
    this.ops.push({ op: 'session', session });
  }

  /** Announce the session before any record (documents whose header is not a session_meta). */
  announce(timestamp: Timestamp | undefined): void {
    this.emitSession({ timestamp, cwd: this.state.cwd ?? this.file.cwdHint });
  }

  /** Records before any session_meta (synthetic or truncated files) still belong to a session. */
  private ensureSession(timestamp: Timestamp): void {
    if (!this.state.sessionAnnounced) {
      this.emitSession({ timestamp: timestamp || undefined, cwd: this.state.cwd ?? this.file.cwdHint });
    }
  }

  private onSessionMeta(env: Envelope, lineNo: number): void {
    const p = env.payload;
    const id = nonEmpty(p.id);
    if (this.state.sessionId !== undefined) {
      // A later meta: the own one again (nothing new) or a replayed parent's (skip what follows it).
      if (id !== undefined && id !== this.state.sessionId && canDetectReplayEnd(this.state.sessionId)) {
        this.state.replaying = true;
      }
      return;
    }
    if (id === undefined) {
      this.issue('missing-field', lineNo, 'session_meta without an id');
    }
    // Records before the meta (never written by Codex itself) already went to the fallback id; stay there.
    this.state.sessionId = this.state.sessionAnnounced || id === undefined ? this.state.fallbackSessionId : id;
    const cwd = nonEmpty(p.cwd);
    if (cwd) {
      this.state.cwd = resolvePath(cwd, undefined);
    }
    this.state.historyMode = nonEmpty(p.history_mode);
    const source = obj(p.source);
    const spawn = obj(obj(obj(source?.subagent)?.thread_spawn) ?? obj(obj(source?.sub_agent)?.thread_spawn));
    const parent = nonEmpty(spawn?.parent_thread_id) ?? nonEmpty(p.parent_thread_id);
    this.emitSession({
      cwd: this.state.cwd ?? this.file.cwdHint,
      timestamp: nonEmpty(p.timestamp) ?? env.timestamp,
      cliVersion: nonEmpty(p.cli_version),
      parentSessionId: parent ?? this.file.parentSessionId,
    });
  }

  private startTurn(turnId: string | undefined): void {
    if (turnId === undefined || turnId === this.state.turnId) {
      return;
    }
    this.state.turnId = turnId;
    this.state.turnHasPrompt = false;
    this.state.recentPrompt = undefined;
  }

  private onTurnContext(env: Envelope): void {
    const p = env.payload;
    this.startTurn(nonEmpty(p.turn_id));
    const cwd = nonEmpty(p.cwd);
    const model = nonEmpty(p.model);
    const nextCwd = cwd ? resolvePath(cwd, undefined) : undefined;
    const cwdChanged = nextCwd !== undefined && nextCwd !== this.state.cwd;
    const modelChanged = model !== undefined && model !== this.state.model;
    if (nextCwd) {
      this.state.cwd = nextCwd;
    }
    if (model) {
      this.state.model = model;
    }
    if (cwdChanged || modelChanged || !this.state.sessionAnnounced) {
      this.emitSession({ cwd: this.state.cwd, model: this.state.model, timestamp: env.timestamp });
    }
  }

  // ---------------------------------------------------------------- events

  private onEvent(env: Envelope, lineNo: number): void {
    const p = env.payload;
    const type = str(p.type);
    const ts = this.ts(env);
    switch (type) {
      case 'task_started':
      case 'turn_started':
        this.startTurn(nonEmpty(p.turn_id));
        return;
      case 'task_complete':
      case 'turn_complete':
      case 'turn_aborted':
        // A finished or interrupted turn: the next user message is a new prompt even if it repeats the last one.
        this.state.recentPrompt = undefined;
        this.ensureSession(ts);
        if (env.timestamp) {
          this.emitSession({ timestamp: env.timestamp });
        }
        return;
      case 'user_message': {
        const message = str(p.message) ?? '';
        const images = arr(p.images).length + arr(p.local_images).length > 0;
        this.onPrompt(extractRequest(message), 'event', ts, lineNo, images, true);
        return;
      }
      case 'item_completed':
        this.onItemCompleted(obj(p.item), ts, lineNo);
        return;
      case 'patch_apply_end':
        this.onExactChanges(nonEmpty(p.call_id), p.changes, p.success === false || str(p.status) === 'failed', ts, lineNo);
        return;
      case 'exec_command_end':
        this.onExactCommand(nonEmpty(p.call_id), p, ts, lineNo);
        return;
      case 'thread_name_updated': {
        const name = nonEmpty(p.thread_name) ?? nonEmpty(p.name);
        if (name) {
          this.emitSession({ title: name, titlePriority: threadNameTitlePriority, timestamp: env.timestamp });
        }
        return;
      }
      case undefined:
        this.issue('missing-field', lineNo, 'event_msg without a type');
        return;
      default:
        if (ignoredEvents.has(type) || ignoredEventPatterns.some((re) => re.test(type))) {
          return;
        }
        this.issue('unknown-record', lineNo, `unknown event_msg type "${type}"`);
    }
  }

  private onItemCompleted(item: JsonObject | undefined, ts: Timestamp, lineNo: number): void {
    const type = str(item?.type);
    if (!item || type === undefined) {
      this.issue('missing-field', lineNo, 'item_completed without an item type');
      return;
    }
    switch (type) {
      case 'UserMessage': {
        const texts: string[] = [];
        for (const c of arr(item.content)) {
          if (isObject(c) && str(c.type) === 'text' && typeof c.text === 'string') {
            texts.push(c.text);
          }
        }
        this.onPrompt(extractRequest(texts.join('')), 'event', ts, lineNo, hasImages(item.content), true);
        return;
      }
      case 'FileChange': {
        const status = str(item.status);
        this.onExactChanges(nonEmpty(item.id), item.changes, status === 'failed' || status === 'declined', ts, lineNo);
        return;
      }
      case 'CommandExecution':
        this.onExactCommand(nonEmpty(item.id), item, ts, lineNo);
        return;
      default:
        if (ignoredTurnItems.has(type)) {
          return;
        }
        this.issue('unknown-record', lineNo, `unknown item_completed item type "${type}"`);
    }
  }

  // ---------------------------------------------------------------- prompts

  /**
   * A user message. The same prompt is usually recorded twice (response item, then `user_message` or a
   * `UserMessage` item); the first rendering creates the prompt, a matching one right after reuses its id, and the
   * event form's text wins because it is exactly what was typed.
   */
  private onPrompt(
    text: string,
    source: 'event' | 'response',
    ts: Timestamp,
    lineNo: number,
    images: boolean,
    hasOwnTimestamp: boolean,
  ): void {
    if (text.trim() === '' && !images) {
      return;
    }
    this.ensureSession(ts);
    const recent = this.state.recentPrompt;
    if (recent && samePromptText(recent.text, text)) {
      if (source === 'event' && !recent.fromEvent) {
        recent.fromEvent = true;
        recent.text = text;
        this.ops.push({ op: 'prompt', sessionId: this.ownId(), id: recent.id, text, timestamp: ts });
      }
      return;
    }
    const turnId = this.state.turnId;
    const id = turnId !== undefined && !this.state.turnHasPrompt ? turnId : this.derivedId(ts, text, lineNo, hasOwnTimestamp);
    this.state.turnHasPrompt = true;
    this.state.promptId = id;
    this.state.recentPrompt = { id, text, fromEvent: source === 'event' };
    this.ops.push({ op: 'prompt', sessionId: this.ownId(), id, text, timestamp: ts });
  }

  /** An id for a record without one: its timestamp and content, or its line for bare-era lines without timestamps. */
  private derivedId(ts: Timestamp, text: string, lineNo: number, hasOwnTimestamp: boolean): string {
    return hasOwnTimestamp ? `${ts}:${shortHash(text)}` : lineId(lineNo);
  }

  // ---------------------------------------------------------------- response items

  onResponseItem(p: JsonObject, ts: Timestamp, lineNo: number, hasOwnTimestamp: boolean): void {
    const type = str(p.type);
    switch (type) {
      case 'message':
        this.onMessage(p, ts, lineNo, hasOwnTimestamp);
        return;
      case 'reasoning': {
        // The summary when there is one; raw reasoning text (open-weight models) otherwise. Encrypted content is opaque.
        const summary = contentTexts(p.summary, ['summary_text']);
        const text = (summary.length > 0 ? summary : contentTexts(p.content, ['reasoning_text', 'text'])).join('\n\n');
        if (text.trim() === '') {
          return;
        }
        const id = nonEmpty(p.id) ?? this.derivedId(ts, text, lineNo, hasOwnTimestamp);
        this.emitStep({ id, type: 'reasoning', timestamp: ts, text });
        return;
      }
      case 'function_call': {
        const callId = nonEmpty(p.call_id) ?? nonEmpty(p.id);
        const name = nonEmpty(p.name);
        if (!callId || !name) {
          this.issue('missing-field', lineNo, 'function_call without call_id or name');
          return;
        }
        const raw = str(p.arguments);
        // The arguments are JSON inside the JSON line: bounded again (the line's bound never saw inside the string).
        const args = parseJsonObject(raw, (cut) => this.issue('too-deep', lineNo, `function_call arguments ${tooDeepMessage(cut)}`)) ?? (isObject(p.arguments) ? p.arguments : undefined);
        const ns = nonEmpty(p.namespace);
        const fullName = ns && !name.startsWith(`${ns}`) ? `${ns}.${name}` : name;
        this.onCall(callId, classifyFunctionCall(name, args, raw ?? p.arguments, this.state.cwd), fullName, ts);
        return;
      }
      case 'custom_tool_call': {
        const callId = nonEmpty(p.call_id) ?? nonEmpty(p.id);
        const name = nonEmpty(p.name);
        if (!callId || !name) {
          this.issue('missing-field', lineNo, 'custom_tool_call without call_id or name');
          return;
        }
        const input = str(p.input) ?? '';
        this.onCall(callId, classifyFunctionCall(name, undefined, input, this.state.cwd), name, ts);
        if (name === codeModeTool) {
          this.onCodeModeScript(callId, input, ts);
        }
        return;
      }
      case 'local_shell_call': {
        const callId = nonEmpty(p.call_id) ?? nonEmpty(p.id);
        if (!callId) {
          this.issue('missing-field', lineNo, 'local_shell_call without call_id');
          return;
        }
        this.onCall(callId, classifyLocalShell(obj(p.action), this.state.cwd), 'local_shell_call', ts);
        return;
      }
      case 'function_call_output':
      case 'custom_tool_call_output':
      case 'tool_search_output': {
        const callId = nonEmpty(p.call_id);
        if (!callId) {
          this.issue('missing-field', lineNo, `${type} without call_id`);
          return;
        }
        this.onOutput(callId, p.output, ts);
        return;
      }
      case 'web_search_call': {
        const action = obj(p.action);
        const id = nonEmpty(p.id) ?? nonEmpty(p.call_id) ?? this.derivedId(ts, JSON.stringify(action ?? {}), lineNo, hasOwnTimestamp);
        this.onCall(id, { name: 'web_search', kind: 'search', input: action ?? {} }, 'web_search', ts);
        return;
      }
      case 'tool_search_call': {
        const id = nonEmpty(p.call_id) ?? nonEmpty(p.id) ?? this.derivedId(ts, JSON.stringify(p), lineNo, hasOwnTimestamp);
        this.onCall(id, { name: 'tool_search', kind: 'search', input: p.arguments ?? p.execution ?? {} }, 'tool_search', ts);
        return;
      }
      case 'image_generation_call': {
        const id = nonEmpty(p.id) ?? this.derivedId(ts, str(p.revised_prompt) ?? '', lineNo, hasOwnTimestamp);
        this.onCall(id, { name: 'image_generation', kind: 'other', input: { prompt: p.revised_prompt } }, 'image_generation', ts);
        return;
      }
      case undefined:
        this.issue('missing-field', lineNo, 'response_item without a type');
        return;
      default:
        if (ignoredResponseItems.has(type)) {
          return;
        }
        this.issue('unknown-record', lineNo, `unknown response_item type "${type}"`);
    }
  }

  private onMessage(p: JsonObject, ts: Timestamp, lineNo: number, hasOwnTimestamp: boolean): void {
    const role = str(p.role);
    if (role === 'user') {
      const texts = contentTexts(p.content, ['input_text', 'text']);
      // Bare-era rollouts record the cwd only inside the first environment_context.
      if (!this.state.cwd) {
        for (const t of texts) {
          const m = /<cwd>([^<]+)<\/cwd>/.exec(t);
          if (m && t.trimStart().startsWith('<environment_context>')) {
            this.state.cwd = resolvePath(m[1].trim(), undefined);
            this.emitSession({ cwd: this.state.cwd });
            break;
          }
        }
      }
      const typed = texts.filter((t) => !isInjectedText(t)).map(extractRequest);
      const text = typed.join('\n');
      this.onPrompt(text, 'response', ts, lineNo, hasImages(p.content), hasOwnTimestamp);
      return;
    }
    if (role === 'assistant') {
      const text = contentTexts(p.content, ['output_text', 'text']).join('');
      if (text.trim() === '') {
        return;
      }
      const id = nonEmpty(p.id) ?? this.derivedId(ts, text, lineNo, hasOwnTimestamp);
      const step: StepPatch = { id, type: 'text', timestamp: ts, text };
      if (this.state.model) {
        step.model = this.state.model;
      }
      this.emitStep(step);
    }
    // developer/system messages: instructions, never shown as steps.
  }

  // ---------------------------------------------------------------- steps

  private emitStep(step: StepPatch): void {
    this.ensureSession(step.timestamp ?? '');
    if (step.promptId === undefined && this.state.promptId !== undefined) {
      step.promptId = this.state.promptId;
    }
    // Output follows the prompt: a later identical user message is a new prompt, not a second rendering.
    this.state.recentPrompt = undefined;
    this.ops.push({ op: 'step', sessionId: this.ownId(), step });
  }

  /** A step patch for an existing call (same prompt as the call, whatever prompt is current now). */
  private emitCallPatch(callId: string, memo: CallMemo | undefined, patch: Omit<StepPatch, 'id'>): void {
    const step: StepPatch = { id: callId, type: 'tool', ...patch };
    if (memo) {
      step.name = memo.name;
      step.kind = memo.kind;
      if (memo.promptId !== undefined) {
        step.promptId = memo.promptId;
      }
    }
    this.ensureSession(step.timestamp ?? '');
    this.ops.push({ op: 'step', sessionId: this.ownId(), step });
  }

  private onCall(callId: string, call: ClassifiedCall, name: string, ts: Timestamp): void {
    const step: StepPatch = { id: callId, type: 'tool', timestamp: ts, name, kind: call.kind, input: call.input };
    step.fileChanges = call.fileChanges ?? [];
    step.reads = call.reads ?? [];
    if (call.command !== undefined) {
      step.command = commandRun(call.command, call.cwd, null, '');
    }
    this.emitStep(step);
    const memo: CallMemo = { name, kind: call.kind };
    if (step.promptId !== undefined) {
      memo.promptId = step.promptId;
    }
    if (call.command !== undefined) {
      memo.command = call.command;
    }
    if (call.cwd !== undefined) {
      memo.cwd = call.cwd;
    }
    if (call.fileChanges && call.fileChanges.length > 0) {
      memo.paths = call.fileChanges.map((c) => c.path);
    }
    rememberCall(this.state, callId, memo);
  }

  private onOutput(callId: string, output: unknown, ts: Timestamp): void {
    const memo = this.state.calls[callId];
    if (!memo) {
      // An output whose call is not in this file (or long forgotten): nothing to attach it to.
      return;
    }
    const text = outputText(output);
    const parsed = parseToolOutput(text);
    const failedFlag = (isObject(output) && output.success === false) || (memo.name === codeModeTool && scriptFailed(text));
    const patchFailed = memo.kind !== 'shell' && /^(apply_patch verification failed|Invalid patch|Failed to)/.test(parsed.output);
    const isError = failedFlag || patchFailed || (parsed.exitCode !== null && parsed.exitCode !== 0);
    const patch: Omit<StepPatch, 'id'> = { result: { text, isError, timestamp: ts } };
    if (memo.command !== undefined && !memo.exactCommand) {
      patch.command = commandRun(memo.command, memo.cwd, parsed.exitCode, parsed.output, parsed.durationMs);
      if (parsed.durationMs !== undefined) {
        patch.durationMs = parsed.durationMs;
      }
    }
    if (memo.paths !== undefined && isError && !memo.exactChanges) {
      // A rejected patch changed nothing; keeping its hunks would attribute lines that were never written.
      patch.fileChanges = [];
    }
    this.emitCallPatch(callId, memo, patch);
  }

  /** CommandExecution item / exec_command_end: the exact exit code, output and duration of a command. */
  private onExactCommand(callId: string | undefined, p: JsonObject, ts: Timestamp, lineNo: number): void {
    if (!callId) {
      this.issue('missing-field', lineNo, 'command execution without an id');
      return;
    }
    const memo = this.state.calls[callId];
    if (memo && memo.kind !== 'shell') {
      // apply_patch run through the shell: its file changes are the story, not the command.
      return;
    }
    const argv = arr(p.command).filter((a): a is string => typeof a === 'string');
    const recordedCwd = nonEmpty(p.cwd);
    const recordedCommand = argv.length > 0 ? commandFromArgv(argv) : (str(p.command) ?? '');
    const nested = memo ? undefined : this.unmatchedNestedCommand(recordedCommand);
    if (nested) {
      // The record of a command read from a code-mode script: complete that step instead of adding another.
      this.onExactCommand(nested, p, ts, lineNo);
      return;
    }
    const command = memo?.command ?? recordedCommand;
    const cwd = memo?.cwd ?? (recordedCwd ? resolvePath(recordedCwd, this.state.cwd) : this.state.cwd);
    const exitCode = num(p.exit_code) ?? num(p.exitCode) ?? null;
    const aggregated = str(p.aggregated_output) ?? str(p.aggregatedOutput);
    const output = aggregated ?? `${str(p.stdout) ?? ''}${str(p.stderr) ?? ''}`;
    const durationMs = durationToMs(p.duration);
    const reads: FileRead[] = readsFromParsedCmd(p.parsed_cmd ?? p.parsedCmd, cwd);
    const patch: Omit<StepPatch, 'id'> = { command: commandRun(command, cwd, exitCode, output, durationMs) };
    if (durationMs !== undefined) {
      patch.durationMs = durationMs;
    }
    if (reads.length > 0) {
      patch.reads = reads;
    }
    const result = { text: output, isError: exitCode !== null && exitCode !== 0, timestamp: ts };
    if (memo) {
      memo.exactCommand = true;
      // A command of a code-mode script has no output record of its own: this is its result.
      this.emitCallPatch(callId, memo, memo.nestedIn !== undefined ? { ...patch, result } : patch);
      return;
    }
    // A command without a model tool call (code-mode `exec` scripts, `!cmd` typed in the TUI): a step of its own.
    const name = isCodeModeNestedId(callId) ? 'exec_command' : 'shell';
    const created: ClassifiedCall = { name, kind: 'shell', input: { command }, command, cwd };
    this.onCall(callId, created, name, ts);
    this.state.calls[callId].exactCommand = true;
    this.emitCallPatch(callId, this.state.calls[callId], { ...patch, result });
  }

  /**
   * The commands a code-mode `exec` script runs through `tools.exec_command(…)`, as steps of their own after the
   * `exec` step, when the rollout will not record them (legacy history): see codeMode.ts.
   */
  private onCodeModeScript(callId: string, script: string, ts: Timestamp): void {
    if (this.state.historyMode === 'paginated') {
      return;
    }
    for (const nested of codeModeCommands(callId, script, this.state.cwd)) {
      this.onCall(nested.id, nested.call, nested.call.name, ts);
      this.state.calls[nested.id].nestedIn = callId;
    }
  }

  /** The first command read from a script that no exact record completed yet and that ran `command`. */
  private unmatchedNestedCommand(command: string): string | undefined {
    for (const [id, memo] of Object.entries(this.state.calls)) {
      if (memo.nestedIn !== undefined && !memo.exactCommand && memo.command === command) {
        return id;
      }
    }
    return undefined;
  }

  /** FileChange item / patch_apply_end: per-file exact changes keyed by absolute path. */
  private onExactChanges(callId: string | undefined, changes: unknown, failed: boolean, ts: Timestamp, lineNo: number): void {
    if (!callId) {
      this.issue('missing-field', lineNo, 'file change without a call id');
      return;
    }
    const memo = this.state.calls[callId];
    const fileChanges = failed ? [] : exactFileChanges(changes, this.state.cwd, memo?.paths ?? []);
    if (memo) {
      memo.exactChanges = true;
      this.emitCallPatch(callId, memo, { fileChanges });
      return;
    }
    // Edits made outside a recorded apply_patch call (code-mode scripts): a step of its own.
    this.onCall(callId, { name: 'apply_patch', kind: editKind(fileChanges), input: {}, fileChanges }, 'apply_patch', ts);
    this.state.calls[callId].exactChanges = true;
  }

  private issue(kind: ParseIssue['kind'], line: number, message: string): void {
    this.issues.push({ kind, file: this.file.path, line, message });
  }
}
