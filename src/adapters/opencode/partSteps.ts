// One OpenCode part (a row of table `part`, docs/formats/opencode.md §4) of an assistant message → a trail step.
// Parts are rewritten in place while a tool runs (pending → running → completed/error), so a step is emitted for
// whatever state the row holds and replaced when the row changes (steps are upserts keyed by the part id).
import type { CommandRun, FileChange, FileRead, ToolKind, ToolResult } from '../../core/model';
import type { StepPatch } from '../../core/ops';
import { isObject, num, obj, str, type JsonObject } from '../../core/jsonValues';
import { normalizePath } from '../../core/paths';
import { exactEditPatch } from './editPatch';

/** What a part's step needs from its message (table `message`, §3). */
export interface AssistantContext {
  /** The user message the response answers: the prompt. */
  promptId: string;
  model?: string;
  cwd?: string;
  /** ISO time the message was created: the step's time when its part has none. */
  timestamp: string;
}

const toolKinds: Readonly<Record<string, ToolKind>> = {
  read: 'read',
  edit: 'edit',
  multiedit: 'edit',
  apply_patch: 'edit',
  patch: 'edit',
  write: 'write',
  bash: 'shell',
  glob: 'search',
  grep: 'search',
  list: 'search',
  codesearch: 'search',
  websearch: 'search',
  webfetch: 'other',
  task: 'agent',
};

export function iso(ms: number | undefined): string | undefined {
  return ms === undefined || !Number.isFinite(ms) ? undefined : new Date(ms).toISOString();
}

function resolved(path: string, cwd: string | undefined): string {
  const p = normalizePath(path);
  return p.startsWith('/') || /^[A-Za-z]:\//.test(p) || !cwd ? p : `${normalizePath(cwd)}/${p.replace(/^\.\//, '')}`;
}

/**
 * What a completed write/edit says about the file. `write` keeps only the new content: the file's content before is
 * unknown when it existed (`metadata.exists`), none when it did not. `edit` keeps (1.18) a unified diff with three
 * lines of context and its shared indentation stripped (editPatch.ts puts it back), no pre-image; the JSON era (≤ 1.1.65) kept the whole texts in `metadata.filediff.before/after`.
 */
function fileChanges(tool: string, input: JsonObject, metadata: JsonObject | undefined, cwd: string | undefined): FileChange[] {
  const filePath = str(input.filePath);
  if (!filePath) {
    return [];
  }
  const path = resolved(filePath, cwd);
  if (tool === 'write') {
    const content = str(input.content);
    if (content === undefined) {
      return [];
    }
    const exists = metadata?.exists;
    return [exists === false ? { path, op: 'create', before: null, after: content } : { path, op: 'update', after: content }];
  }
  if (tool === 'edit') {
    const filediff = obj(metadata?.filediff);
    const before = str(filediff?.before);
    const after = str(filediff?.after);
    if (before !== undefined && after !== undefined) {
      return [{ path, op: 'update', before, after }];
    }
    const diff = str(metadata?.diff) ?? str(filediff?.patch);
    const oldString = str(input.oldString);
    const newString = str(input.newString);
    const patch = diff !== undefined && oldString !== undefined && newString !== undefined ? exactEditPatch(diff, oldString, newString) : undefined;
    // Without an exact patch the file still changed, in a way not known.
    return [patch !== undefined && /^@@ /m.test(patch) ? { path, op: 'update', patch } : { path, op: 'update' }];
  }
  return [];
}

function reads(tool: string, input: JsonObject, cwd: string | undefined): FileRead[] {
  const filePath = str(input.filePath);
  if (tool !== 'read' || !filePath) {
    return [];
  }
  const offset = num(input.offset);
  const limit = num(input.limit);
  const read: FileRead = { path: resolved(filePath, cwd) };
  if (offset !== undefined) {
    read.startLine = offset;
    if (limit !== undefined) {
      read.endLine = offset + limit - 1;
    }
  }
  return [read];
}

/** A `bash` call's run: the exit code from `metadata.exit` (null when killed by its timeout, or not finished). */
function commandRun(input: JsonObject, state: JsonObject, cwd: string | undefined, durationMs: number | undefined): CommandRun | undefined {
  const command = str(input.command);
  if (command === undefined) {
    return undefined;
  }
  const metadata = obj(state.metadata);
  const run: CommandRun = {
    command,
    exitCode: num(metadata?.exit) ?? null,
    output: str(metadata?.output) ?? str(state.output) ?? str(state.error) ?? '',
  };
  const workdir = str(input.workdir);
  if (workdir ?? cwd) {
    run.cwd = workdir ? resolved(workdir, cwd) : cwd;
  }
  if (durationMs !== undefined) {
    run.durationMs = durationMs;
  }
  return run;
}

function toolStep(id: string, part: JsonObject, ctx: AssistantContext): StepPatch {
  const tool = str(part.tool) ?? 'unknown';
  const state = obj(part.state) ?? {};
  const input = obj(state.input) ?? {};
  const status = str(state.status);
  const time = obj(state.time);
  const start = num(time?.start);
  const end = num(time?.end);
  const durationMs = start !== undefined && end !== undefined && end >= start ? end - start : undefined;
  const step: StepPatch = {
    id,
    promptId: ctx.promptId,
    type: 'tool',
    timestamp: iso(start) ?? ctx.timestamp,
    name: tool,
    kind: toolKinds[tool] ?? 'other',
    input,
    fileChanges: status === 'completed' ? fileChanges(tool, input, obj(state.metadata), ctx.cwd) : [],
    reads: reads(tool, input, ctx.cwd),
  };
  if (ctx.model) {
    step.model = ctx.model;
  }
  if (status === 'completed' || status === 'error') {
    const result: ToolResult = { text: status === 'error' ? (str(state.error) ?? '') : (str(state.output) ?? ''), isError: status === 'error' };
    const ended = iso(end);
    if (ended) {
      result.timestamp = ended;
    }
    step.result = result;
    if (durationMs !== undefined) {
      step.durationMs = durationMs;
    }
  }
  if (tool === 'bash') {
    // A command still running has no exit code yet: it is recorded once the part says how it ended.
    const run = status === 'completed' || status === 'error' ? commandRun(input, state, ctx.cwd, durationMs) : undefined;
    if (run) {
      step.command = run;
    }
  }
  const child = str(obj(state.metadata)?.sessionId);
  if (tool === 'task' && child) {
    step.childSessionId = child;
  }
  return step;
}

/**
 * The step of an assistant part, or undefined for parts that are no step (step-start/-finish, patch, snapshot,
 * compaction…: bookkeeping of snapshots and tokens) or not an object.
 */
export function partStep(id: string, part: unknown, ctx: AssistantContext): StepPatch | undefined {
  if (!isObject(part)) {
    return undefined;
  }
  const type = str(part.type);
  if (type === 'text' || type === 'reasoning') {
    const text = str(part.text);
    if (text === undefined || (type === 'text' && part.synthetic === true)) {
      return undefined;
    }
    const step: StepPatch = { id, promptId: ctx.promptId, type: type === 'text' ? 'text' : 'reasoning', timestamp: iso(num(obj(part.time)?.start)) ?? ctx.timestamp, text };
    if (type === 'text' && ctx.model) {
      step.model = ctx.model;
    }
    return step;
  }
  if (type === 'tool') {
    return toolStep(id, part, ctx);
  }
  return undefined;
}

/** Part types that are bookkeeping, not steps: known, so not counted as unknown records. */
export const bookkeepingParts = new Set(['step-start', 'step-finish', 'patch', 'snapshot', 'compaction', 'retry', 'agent', 'subtask', 'file']);
