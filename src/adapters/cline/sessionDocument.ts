// A Cline transcript `<id>.messages.json` (with its manifest) → index operations. The document is Anthropic-shaped:
// `messages[]` of `{id, role, content: [text | tool_use | tool_result | thinking…], ts (epoch ms), modelInfo?}`;
// prompts are user messages of text blocks (promptText.ts), tool results are user messages of tool_result blocks
// that complete the step of their call (toolSteps.ts). Parsed whole on every change: every op is an idempotent upsert.
//
// Cline's checkpoint restore (`/undo`, Esc Esc: "Restore chat only" / "Restore chat and workspace") and `/fork` do not
// cut a session: they start a NEW one whose transcript begins with copies of the earlier session's messages (same ids,
// same `ts`), while the earlier session stays whole (cline-tui-undo). Those copies are older than the new session's
// own start (`started_at` of its manifest) and are left out: they are the earlier session's prompts, indexed there
// (indexed twice, one prompt's edits were replayed twice and no longer applied, costing the file its blame).
import { basename } from 'node:path';
import type { TranscriptFile } from '../adapter';
import { arr, isObject, nonEmpty, num, obj, str, type JsonObject } from '../../core/jsonValues';
import type { IndexOp, ParseIssue, SessionPatch, StepPatch } from '../../core/ops';
import { normalizePath } from '../../core/paths';
import type { ClineCheckpoint, ClineManifest } from './manifest';
import { messagesSuffix } from './paths';
import { promptOf, stripUserInput, userRuns } from './promptText';
import { toolCallStep, toolResultPatch } from './toolSteps';

/** Cline's title is the first prompt, set by itself: below a title the user gives. */
export const clineTitlePriority = 1;

function isoTime(ms: unknown): string | undefined {
  const n = num(ms);
  return n === undefined ? undefined : new Date(n).toISOString();
}

/** "Working Directory: <path>" in the system prompt's <env>: the cwd when the manifest is missing. */
function systemPromptCwd(systemPrompt: unknown): string | undefined {
  const m = /Working Directory: ([^\n<]+)/.exec(str(systemPrompt) ?? '');
  return m ? m[1].trim() || undefined : undefined;
}

function sessionIdOf(doc: JsonObject, manifest: ClineManifest | undefined, file: TranscriptFile): string {
  const name = basename(file.path);
  return nonEmpty(doc.sessionId) ?? manifest?.sessionId ?? (name.endsWith(messagesSuffix) ? name.slice(0, -messagesSuffix.length) : name);
}

interface Call {
  stepId: string;
  name: string;
  input: unknown;
}

export class SessionDocument {
  readonly ops: IndexOp[] = [];
  readonly issues: ParseIssue[] = [];
  private promptId: string | undefined;
  private readonly calls = new Map<string, Call>();
  private readonly models = new Set<string>();
  private readonly sessionId: string;
  private readonly session: SessionPatch;
  /** Each prompt with the user-run count it completes (checkpoint runCount). */
  readonly promptRuns: { promptId: string; run: number }[] = [];
  private runs = 0;
  /** The session's start (manifest), in ms: messages before it were carried over by a restore or fork (see above). */
  private readonly startedMs: number | undefined;

  constructor(
    private readonly file: TranscriptFile,
    private readonly doc: JsonObject,
    manifest: ClineManifest | undefined,
  ) {
    this.sessionId = sessionIdOf(doc, manifest, file);
    const cwd = manifest?.cwd ?? systemPromptCwd(doc.system_prompt) ?? file.cwdHint;
    this.session = { agent: 'cline', id: this.sessionId };
    if (cwd) {
      this.session.cwd = normalizePath(cwd);
    }
    const version = nonEmpty(obj(doc.origin)?.version) ?? manifest?.cliVersion;
    if (version) {
      this.session.cliVersion = version;
    }
    if (manifest?.title) {
      this.session.title = stripUserInput(manifest.title);
      this.session.titlePriority = clineTitlePriority;
    }
    const first: SessionPatch = { ...this.session };
    if (manifest?.startedAt) {
      first.timestamp = manifest.startedAt;
    }
    const started = manifest?.startedAt ? Date.parse(manifest.startedAt) : NaN;
    this.startedMs = Number.isNaN(started) ? undefined : started;
    if (manifest?.model) {
      first.model = manifest.model;
      this.models.add(manifest.model);
    }
    this.ops.push({ op: 'session', session: first });
  }

  parse(): void {
    if (!Array.isArray(this.doc.messages)) {
      this.issues.push({ kind: 'missing-field', file: this.file.path, message: 'session document has no messages array' });
      return;
    }
    // Cline writes a new session's empty transcript just before its manifest: no cwd then is not yet a problem.
    if (this.session.cwd === undefined && this.doc.messages.length > 0) {
      this.issues.push({ kind: 'missing-field', file: this.file.path, message: 'no cwd: neither a manifest nor a working directory in the system prompt' });
    }
    this.doc.messages.forEach((m, i) => {
      try {
        this.message(m, i);
      } catch (err) {
        // Defensive: a message shape no guard anticipated costs that message, never the document.
        this.issues.push({ kind: 'unknown-record', file: this.file.path, message: `message ${i}: unparseable: ${String(err)}` });
      }
    });
    const updated = nonEmpty(this.doc.updated_at);
    if (updated) {
      this.ops.push({ op: 'session', session: { ...this.session, timestamp: updated } });
    }
  }

  private message(m: unknown, index: number): void {
    if (!isObject(m)) {
      this.issues.push({ kind: 'unknown-record', file: this.file.path, message: `message ${index} is not an object` });
      return;
    }
    const ts = num(m.ts);
    if (this.startedMs !== undefined && ts !== undefined && ts < this.startedMs) {
      // Carried over from the session this one was restored or forked from; its runs still number the checkpoints.
      if (m.role === 'user') {
        this.runs += userRuns(m);
      }
      return;
    }
    const timestamp = isoTime(m.ts) ?? nonEmpty(this.doc.updated_at) ?? '';
    const id = nonEmpty(m.id) ?? `message-${index}`;
    if (m.role === 'user') {
      this.user(m, id, timestamp);
    } else if (m.role === 'assistant') {
      this.assistant(m, id, timestamp);
    } else {
      this.issues.push({ kind: 'unknown-record', file: this.file.path, message: `message ${index}: unknown role ${JSON.stringify(m.role)}` });
    }
  }

  private user(m: JsonObject, id: string, timestamp: string): void {
    this.runs += userRuns(m);
    const text = promptOf(m);
    if (text !== undefined) {
      this.promptId = id;
      this.promptRuns.push({ promptId: id, run: this.runs });
      this.ops.push({ op: 'prompt', sessionId: this.sessionId, id, text, timestamp });
      return;
    }
    for (const b of arr(m.content)) {
      if (isObject(b) && (b.type === 'tool_result' || b.type === 'tool-result')) {
        this.toolResult(b, timestamp);
      }
    }
  }

  private toolResult(b: JsonObject, timestamp: string): void {
    const callId = str(b.tool_use_id) ?? str(b.toolCallId);
    const call = callId !== undefined ? this.calls.get(callId) : undefined;
    if (!call) {
      this.issues.push({ kind: 'unknown-record', file: this.file.path, message: `tool result for an unknown call ${JSON.stringify(callId)}` });
      return;
    }
    const step: StepPatch = { id: call.stepId, ...toolResultPatch(call.name, call.input, b, timestamp, this.session.cwd) };
    this.ops.push({ op: 'step', sessionId: this.sessionId, step });
  }

  private assistant(m: JsonObject, id: string, timestamp: string): void {
    const model = nonEmpty(obj(m.modelInfo)?.id);
    if (model && !this.models.has(model)) {
      this.models.add(model);
      this.ops.push({ op: 'session', session: { ...this.session, model } });
    }
    const promptId = this.promptId;
    const blocks = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : arr(m.content);
    blocks.forEach((b, i) => {
      if (!isObject(b)) {
        return;
      }
      if (promptId === undefined) {
        this.issues.push({ kind: 'missing-field', file: this.file.path, message: `assistant message ${id} before any prompt` });
        return;
      }
      const stepId = `${id}:${i}`;
      if (b.type === 'text') {
        const text = str(b.text) ?? '';
        if (text.trim() !== '') {
          this.step({ id: stepId, promptId, type: 'text', timestamp, text, ...(model ? { model } : {}) });
        }
      } else if (b.type === 'thinking' || b.type === 'reasoning') {
        const text = str(b.thinking) ?? str(b.text) ?? '';
        if (text.trim() !== '') {
          this.step({ id: stepId, promptId, type: 'reasoning', timestamp, text });
        }
      } else if (b.type === 'redacted_thinking') {
        // Encrypted reasoning: nothing to show.
      } else if (b.type === 'tool_use' || b.type === 'tool-call') {
        const callId = nonEmpty(b.id) ?? nonEmpty(b.toolCallId);
        const step = toolCallStep(b, callId ?? stepId, promptId, timestamp, this.session.cwd);
        if (callId) {
          this.calls.set(callId, { stepId: step.id, name: step.name ?? '', input: step.input });
        }
        this.step(step);
      } else {
        this.issues.push({ kind: 'unknown-record', file: this.file.path, message: `assistant message ${id}: unknown block type ${JSON.stringify(b.type)}` });
      }
    });
  }

  private step(step: StepPatch): void {
    this.ops.push({ op: 'step', sessionId: this.sessionId, step });
  }
}

/** Which prompt each checkpoint was taken for: runCount N is the user run the N-th counted user message started. */
export function checkpointsByPrompt(
  promptRuns: readonly { promptId: string; run: number }[],
  checkpoints: readonly ClineCheckpoint[],
): { promptId: string; checkpoint: ClineCheckpoint }[] {
  const out: { promptId: string; checkpoint: ClineCheckpoint }[] = [];
  for (const checkpoint of checkpoints) {
    const prompt = promptRuns.find((p) => p.run === checkpoint.runCount);
    if (prompt) {
      out.push({ promptId: prompt.promptId, checkpoint });
    }
  }
  return out;
}
