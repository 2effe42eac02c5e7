// A task's `ui_messages.json` (an array of ClineMessage `{ts, type: "say"|"ask", say?, ask?, text?, partial?,
// lastCheckpointHash?, checkpoint?}`, rewritten whole after every message) → index operations. Shapes:
// cline/cline v3.89.0 `apps/vscode/src/shared/ExtensionMessage.ts` (ClineMessage, ClineSay, ClineAsk),
// RooCodeInc/Roo-Code cb83656 `packages/types/src/message.ts`. The UI messages are what the user saw: the prompts
// (`task`, then `user_feedback`), the model's text and reasoning, every tool (`tool` JSON), each command
// (`command`) with its output (the `command_output` messages after it), and the checkpoints (Cline
// `checkpoint_created` + `lastCheckpointHash`, Roo `checkpoint_saved` + the hash as text). The API history adds saved
// file contents and exit codes (apiResults.ts). Parsed whole on every change: every op is an idempotent upsert.
import type { AgentId } from '../../core/model';
import type { IndexOp, ParseIssue, SessionPatch, StepPatch } from '../../core/ops';
import { isObject, nonEmpty, num, obj, str, type JsonObject } from '../../core/jsonValues';
import { normalizePath } from '../../core/paths';
import type { ApiResults } from './apiResults';
import { editEvidence, sayToolChanges, sayToolKind, sayToolName, sayToolReads } from './taskFiles';

/** The first prompt is the title, set by the extension itself: below a title the user gives. */
const titlePriority = 1;

/** A checkpoint commit of the task's shadow repository and where it is among the messages. */
export interface TaskCheckpoint {
  hash: string;
  ts: number;
  position: number;
}

/** A prompt with the messages' positions it spans and its first change (an edit or a command), if any. */
export interface TaskPrompt {
  id: string;
  position: number;
  end: number;
  firstChange?: number;
  secondChange?: number;
}

/** Kinds that are known and carry nothing the index keeps (requests, errors, notices, UI state). */
const ignored = new Set([
  'api_req_started', 'api_req_finished', 'api_req_retried', 'api_req_retry_delayed', 'api_req_rate_limit_wait', 'api_req_deleted',
  'api_req_failed', 'error', 'error_retry', 'diff_error', 'shell_integration_warning', 'shell_integration_warning_with_suggestion',
  'mcp_server_request_started', 'mcp_server_response', 'mcp_notification', 'info', 'task_progress', 'load_mcp_documentation',
  'clineignore_error', 'rooignore_error', 'command_permission_denied', 'deleted_api_reqs', 'hook', 'hook_status', 'hook_output',
  'hook_output_stream', 'generate_explanation', 'condense_context', 'condense_context_error', 'sliding_window_truncation',
  'codebase_search_result', 'user_edit_todos', 'too_many_tools_warning', 'subtask_result', 'image', 'resume_task',
  'resume_completed_task', 'mistake_limit_reached', 'auto_approval_max_req_reached', 'user_feedback_diff', 'browser_action_result',
  'condense', 'summarize_task', 'report_bug', 'new_task', 'use_subagents', 'subagent', 'subagent_usage', 'conditional_rules_applied',
  'compaction', 'reasoning_start', 'api_req_cancelled',
]);

function iso(ts: number | undefined): string {
  return ts === undefined ? '' : new Date(ts).toISOString();
}

function parseJson(text: string | undefined): JsonObject | undefined {
  if (text === undefined) {
    return undefined;
  }
  try {
    const v = JSON.parse(text) as unknown;
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

export interface TaskInput {
  agent: AgentId;
  file: string;
  taskId: string;
  /** As recorded (native separators): Cline's checkpoint folder is a hash of it. */
  cwd: string | undefined;
  models: string[];
  api: ApiResults;
}

export class TaskDocument {
  readonly ops: IndexOp[] = [];
  readonly issues: ParseIssue[] = [];
  readonly prompts: TaskPrompt[] = [];
  readonly checkpoints: TaskCheckpoint[] = [];
  private readonly session: SessionPatch;
  private readonly cwd: string | undefined;
  private prompt: TaskPrompt | undefined;
  private readonly ids = new Set<string>();
  private command: { stepId: string; command: string; output: string[]; exitCode: number | null } | undefined;
  private readonly unknownKinds = new Set<string>();
  private readonly finalUsed = new Map<string, number>();
  private readonly commandUsed = new Set<number>();

  constructor(
    private readonly input: TaskInput,
    private readonly messages: readonly unknown[],
  ) {
    this.cwd = input.cwd !== undefined ? normalizePath(input.cwd) : undefined;
    this.session = { agent: input.agent, id: input.taskId, ...(this.cwd !== undefined ? { cwd: this.cwd } : {}) };
  }

  parse(): void {
    const first = this.messages.find(isObject);
    const start = first ? num(first.ts) : undefined;
    this.ops.push({ op: 'session', session: { ...this.session, ...(start !== undefined ? { timestamp: iso(start) } : {}) } });
    for (const model of this.input.models) {
      this.ops.push({ op: 'session', session: { ...this.session, model } });
    }
    if (this.cwd === undefined && this.messages.length > 0) {
      this.issues.push({ kind: 'missing-field', file: this.input.file, message: 'no cwd: neither the task history nor the API history records the task\'s folder' });
    }
    let last: number | undefined;
    this.messages.forEach((m, i) => {
      try {
        last = this.message(m, i) ?? last;
      } catch (err) {
        // Defensive: a message shape no guard anticipated costs that message, never the task.
        this.issues.push({ kind: 'unknown-record', file: this.input.file, message: `message ${i}: unparseable: ${String(err)}` });
      }
    });
    this.endCommand();
    if (this.prompt) {
      this.prompt.end = this.messages.length;
    }
    if (last !== undefined) {
      this.ops.push({ op: 'session', session: { ...this.session, timestamp: iso(last) } });
    }
    if (this.unknownKinds.size > 0) {
      this.issues.push({ kind: 'unknown-record', file: this.input.file, message: `message kinds not known: ${[...this.unknownKinds].sort().join(', ')}` });
    }
  }

  private stepId(ts: number | undefined, i: number): string {
    let id = ts !== undefined ? `ui-${ts}` : `ui-message-${i}`;
    for (let n = 2; this.ids.has(id); n++) {
      id = `${ts !== undefined ? `ui-${ts}` : `ui-message-${i}`}-${n}`;
    }
    this.ids.add(id);
    return id;
  }

  /** One message; returns its time. */
  private message(m: unknown, i: number): number | undefined {
    if (!isObject(m)) {
      this.issues.push({ kind: 'unknown-record', file: this.input.file, message: `message ${i} is not an object` });
      return undefined;
    }
    const ts = num(m.ts);
    const kind = m.type === 'say' ? str(m.say) : m.type === 'ask' ? str(m.ask) : undefined;
    if (kind === undefined) {
      this.issues.push({ kind: 'unknown-record', file: this.input.file, message: `message ${i}: neither a say nor an ask` });
      return ts;
    }
    const text = str(m.text);
    if (kind !== 'command_output') {
      this.endCommand();
    }
    switch (kind) {
      case 'task':
      case 'user_feedback':
        this.newPrompt(ts, i, text ?? '');
        return ts;
      case 'checkpoint_created':
      case 'checkpoint_saved': {
        const hash = nonEmpty(m.lastCheckpointHash) ?? nonEmpty(obj(m.checkpoint)?.to) ?? (kind === 'checkpoint_saved' ? nonEmpty(text) : undefined);
        if (hash !== undefined && /^[0-9a-f]{7,64}$/i.test(hash)) {
          this.checkpoints.push({ hash, ts: ts ?? 0, position: i });
        }
        return ts;
      }
      case 'completion_result':
        // Cline records the checkpoint after a completion on the completion message itself.
        if (nonEmpty(m.lastCheckpointHash) !== undefined && /^[0-9a-f]{7,64}$/i.test(String(m.lastCheckpointHash))) {
          this.checkpoints.push({ hash: String(m.lastCheckpointHash), ts: ts ?? 0, position: i });
        }
        this.text(ts, i, text, 'text');
        return ts;
      case 'text':
        // Roo Code says the task as the task's first message, `say: text` (RooCodeInc/Roo-Code cb83656
        // `src/core/task/Task.ts` startTask; Cline since says `task`): text before any prompt is the prompt.
        if (this.prompt === undefined && m.type === 'say') {
          this.newPrompt(ts, i, text ?? '');
          return ts;
        }
        this.text(ts, i, text, 'text');
        return ts;
      case 'reasoning':
        this.text(ts, i, text ?? str(m.reasoning), 'reasoning');
        return ts;
      case 'followup':
      case 'plan_mode_respond':
      case 'act_mode_respond': {
        const j = parseJson(text);
        this.text(ts, i, j ? (str(j.question) ?? str(j.response) ?? text) : text, 'text');
        return ts;
      }
      case 'tool':
        this.tool(ts, i, text);
        return ts;
      case 'command':
        // Cline appends "REQ_APP" to a command the model asked approval for (COMMAND_REQ_APP_STRING,
        // cline/cline v3.89.0 `apps/vscode/src/shared/combineCommandSequences.ts`).
        this.startCommand(ts, i, (text ?? '').replace(/REQ_APP$/, ''));
        return ts;
      case 'command_output':
        if (this.command && text !== undefined && text !== '') {
          this.command.output.push(text);
        }
        return ts;
      case 'browser_action_launch':
      case 'browser_action':
      case 'use_mcp_server':
        this.genericTool(ts, i, kind, text);
        return ts;
      default:
        if (!ignored.has(kind)) {
          this.unknownKinds.add(`${String(m.type)}:${kind}`);
        }
        return ts;
    }
  }

  private newPrompt(ts: number | undefined, i: number, text: string): void {
    if (this.prompt) {
      this.prompt.end = i;
    }
    const id = this.stepId(ts, i);
    this.prompt = { id, position: i, end: this.messages.length };
    this.prompts.push(this.prompt);
    if (this.prompts.length === 1 && text.trim() !== '') {
      this.ops.push({ op: 'session', session: { ...this.session, title: text.trim().split('\n')[0].slice(0, 200), titlePriority } });
    }
    this.ops.push({ op: 'prompt', sessionId: this.input.taskId, id, text, timestamp: iso(ts) });
  }

  /** The prompt a step belongs to; a step before any prompt is counted and left out. */
  private promptFor(i: number): TaskPrompt | undefined {
    if (!this.prompt) {
      this.issues.push({ kind: 'missing-field', file: this.input.file, message: `message ${i} comes before the task's first prompt` });
    }
    return this.prompt;
  }

  private change(i: number): void {
    if (this.prompt) {
      if (this.prompt.firstChange === undefined) {
        this.prompt.firstChange = i;
      } else {
        this.prompt.secondChange ??= i;
      }
    }
  }

  private step(step: StepPatch): void {
    this.ops.push({ op: 'step', sessionId: this.input.taskId, step });
  }

  private text(ts: number | undefined, i: number, text: string | undefined, type: 'text' | 'reasoning'): void {
    if (text === undefined || text.trim() === '') {
      return;
    }
    const prompt = this.promptFor(i);
    if (prompt) {
      this.step({ id: this.stepId(ts, i), promptId: prompt.id, type, timestamp: iso(ts), text });
    }
  }

  private genericTool(ts: number | undefined, i: number, name: string, text: string | undefined): void {
    const prompt = this.promptFor(i);
    if (prompt) {
      const input = parseJson(text) ?? (text !== undefined ? { text } : {});
      this.step({ id: this.stepId(ts, i), promptId: prompt.id, type: 'tool', timestamp: iso(ts), name, kind: 'other', input, fileChanges: [], reads: [] });
    }
  }

  /** The next saved content of `path` from the API history, when it holds what this edit wrote. */
  private finalContent(path: string, evidence: readonly string[]): string | undefined {
    const list = this.input.api.finalContents.get(path) ?? [];
    const at = this.finalUsed.get(path) ?? 0;
    const next = list[at];
    if (next === undefined || evidence.length === 0 || !evidence.every((e) => next.includes(e))) {
      return undefined;
    }
    this.finalUsed.set(path, at + 1);
    return next;
  }

  private tool(ts: number | undefined, i: number, text: string | undefined): void {
    const tool = parseJson(text);
    if (!tool) {
      this.issues.push({ kind: 'invalid-json', file: this.input.file, message: `message ${i}: a tool message whose text is not a JSON object` });
      return;
    }
    const prompt = this.promptFor(i);
    if (!prompt) {
      return;
    }
    const name = str(tool.tool) ?? 'unknown';
    const evidence = editEvidence(tool);
    const fileChanges = sayToolChanges(tool, this.input.cwd, (p) => this.finalContent(p, evidence));
    if (fileChanges.length > 0) {
      this.change(i);
    }
    this.step({ id: this.stepId(ts, i), promptId: prompt.id, type: 'tool', timestamp: iso(ts), name: sayToolName(tool), kind: sayToolKind(name), input: tool, fileChanges, reads: sayToolReads(tool, this.input.cwd) });
  }

  private startCommand(ts: number | undefined, i: number, command: string): void {
    const prompt = this.promptFor(i);
    if (!prompt) {
      return;
    }
    this.change(i);
    // The exit code the API history's result for this command states (Roo); Cline's results state none.
    const at = this.input.api.commands.findIndex((c, n) => !this.commandUsed.has(n) && c.command === command);
    if (at >= 0) {
      this.commandUsed.add(at);
    }
    const exitCode = at >= 0 ? this.input.api.commands[at].exitCode : null;
    const stepId = this.stepId(ts, i);
    this.command = { stepId, command, output: [], exitCode };
    this.step({ id: stepId, promptId: prompt.id, type: 'tool', timestamp: iso(ts), name: 'execute_command', kind: 'shell', input: { command }, fileChanges: [], reads: [], command: { command, exitCode, output: '', ...(this.cwd !== undefined ? { cwd: this.cwd } : {}) } });
  }

  private endCommand(): void {
    const c = this.command;
    if (!c) {
      return;
    }
    this.command = undefined;
    this.step({ id: c.stepId, command: { command: c.command, exitCode: c.exitCode, output: c.output.join('\n'), ...(this.cwd !== undefined ? { cwd: this.cwd } : {}) } });
  }
}
