// One composer bubble (a message of Cursor's chat) as the steps of the normalized model
// (docs/formats/cursorStateVscdb.md §3-4): type 2 bubbles carry the assistant's text, its thinking, and at most one
// tool call (`toolFormerData`: name, params/rawArgs as JSON strings, result as a JSON string, status, userDecision).
// File contents before and after an edit come from the composer's file states (fileStates.ts), not from the
// bubble: the bubble's tool params hold only the instructions and the model's sketch of the edit.
import type { FileChange, FileRead, ToolKind, ToolResult } from '../../../core/model';
import type { IndexOp, StepPatch } from '../../../core/ops';
import { arr, isObject, nonEmpty, num, obj, str, type JsonObject } from '../../../core/jsonValues';
import { normalizePath } from '../../../core/paths';
import { pathOfUri } from './fileUris';

/** Tool names (string `name`; the numeric `tool` enum of older versions is not mapped) → the model's kinds. */
const kinds: Readonly<Record<string, ToolKind>> = {
  read_file: 'read',
  read_file_v2: 'read',
  edit_file: 'edit',
  edit_file_v2: 'edit',
  search_replace: 'edit',
  apply_patch: 'edit',
  write: 'write',
  create_file: 'write',
  delete_file: 'delete',
  run_terminal_cmd: 'shell',
  run_terminal_command: 'shell',
  run_terminal_command_v2: 'shell',
  codebase_search: 'search',
  grep_search: 'search',
  grep: 'search',
  file_search: 'search',
  glob_file_search: 'search',
  list_dir: 'search',
  list_dir_v2: 'search',
  web_search: 'search',
  task: 'agent',
  task_v2: 'agent',
};

export function toolKind(name: string): ToolKind {
  return kinds[name] ?? 'other';
}

/** A JSON string field (params, rawArgs, result) parsed; the value itself when it is already an object. */
export function parseJsonField(value: unknown): unknown {
  if (typeof value !== 'string') {
    return value;
  }
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** A bubble's time: `createdAt` as ISO text or epoch ms; undefined when it has none. */
export function bubbleTime(bubble: JsonObject): string | undefined {
  const c = bubble.createdAt;
  if (typeof c === 'number' && Number.isFinite(c) && c > 0) {
    return new Date(c).toISOString();
  }
  if (typeof c === 'string' && !Number.isNaN(Date.parse(c))) {
    return new Date(Date.parse(c)).toISOString();
  }
  return undefined;
}

/** The file a tool call names: an absolute path, or one relative to the composer's folder `cwd`. */
export function toolPath(input: JsonObject, bubble: JsonObject, cwd: string): string | undefined {
  for (const key of ['relativeWorkspacePath', 'target_file', 'targetFile', 'file_path', 'filePath', 'path', 'relative_workspace_path', 'target_notebook']) {
    const p = nonEmpty(input[key]);
    if (p) {
      return /^(?:\/|[A-Za-z]:[\\/])/.test(p) ? normalizePath(p) : normalizePath(`${cwd}/${p.replace(/^\.\//, '')}`);
    }
  }
  for (const block of arr(bubble.codeBlocks)) {
    const p = isObject(block) ? pathOfUri(block.uri) : undefined;
    if (p) {
      return p;
    }
  }
  return undefined;
}

/** A file's content before and after an edit, from the composer's file states; absent: not known. */
export interface EditContents {
  before?: string | null;
  after?: string | null;
}

/** The terminal output and exit code of a `run_terminal_cmd` result (shapes unverified: §4). */
function terminalRun(command: string, result: unknown, cwd: string): StepPatch['command'] {
  const r = obj(result);
  const output = typeof result === 'string' ? result : (nonEmpty(r?.output) ?? nonEmpty(r?.stdout) ?? '') + (nonEmpty(r?.stderr) ?? '');
  const exit = num(r?.exitCode) ?? num(r?.exitCodeV2) ?? num(r?.exit_code);
  return { command, cwd, exitCode: exit ?? null, output };
}

/** The unified diff text of an edit result's `diff.chunks[].diffString`, when it has one. */
function resultPatch(result: unknown): string | undefined {
  const chunks = arr(obj(obj(result)?.diff)?.chunks);
  const texts = chunks.flatMap((c) => {
    const s = isObject(c) ? str(c.diffString) : undefined;
    return s ? [s] : [];
  });
  return texts.length > 0 ? texts.join('\n') : undefined;
}

export interface BubbleContext {
  sessionId: string;
  promptId: string;
  cwd: string;
  timestamp: string;
  /** before/after of the file `path` around this bubble's edit (fileStates.ts). */
  contents(path: string): EditContents;
}

/** The steps of one assistant bubble (type 2). */
export function assistantSteps(bubbleId: string, bubble: JsonObject, ctx: BubbleContext): IndexOp[] {
  const ops: IndexOp[] = [];
  const { sessionId, promptId, timestamp } = ctx;
  const thinking = nonEmpty(obj(bubble.thinking)?.text);
  if (thinking) {
    ops.push({ op: 'step', sessionId, step: { id: `${bubbleId}:thinking`, promptId, type: 'reasoning', timestamp, text: thinking } });
  }
  const text = nonEmpty(bubble.text);
  if (text) {
    const model = nonEmpty(obj(bubble.modelInfo)?.modelName);
    ops.push({ op: 'step', sessionId, step: { id: `${bubbleId}:text`, promptId, type: 'text', timestamp, text, ...(model && model !== 'default' ? { model } : {}) } });
  }
  const tool = obj(bubble.toolFormerData);
  if (tool) {
    ops.push({ op: 'step', sessionId, step: toolStep(bubbleId, bubble, tool, ctx) });
  }
  return ops;
}

function toolStep(bubbleId: string, bubble: JsonObject, tool: JsonObject, ctx: BubbleContext): StepPatch {
  const name = nonEmpty(tool.name) ?? (tool.tool !== undefined ? `tool ${String(tool.tool)}` : 'unknown tool');
  const kind = toolKind(name);
  const raw = parseJsonField(tool.rawArgs);
  const params = parseJsonField(tool.params);
  // rawArgs is what the model sent; params what Cursor resolved (relativeWorkspacePath…): both, params winning.
  const input: JsonObject = { ...(obj(raw) ?? {}), ...(obj(params) ?? {}) };
  const result = parseJsonField(tool.result);
  const status = str(tool.status);
  const rejected = tool.userDecision === 'rejected' || obj(result)?.rejected === true;
  const isError = status === 'error' || status === 'cancelled' || rejected;
  const step: StepPatch = { id: nonEmpty(tool.toolCallId) ?? `${bubbleId}:tool`, promptId: ctx.promptId, type: 'tool', timestamp: ctx.timestamp, name, kind, input };
  if (tool.result !== undefined && tool.result !== null) {
    const text = typeof tool.result === 'string' ? tool.result : JSON.stringify(tool.result);
    const r: ToolResult = { text, isError };
    step.result = r;
  } else if (isError) {
    step.result = { text: status ?? 'rejected', isError };
  }
  const path = toolPath(input, bubble, ctx.cwd);
  const fileChanges: FileChange[] = [];
  const reads: FileRead[] = [];
  if ((kind === 'edit' || kind === 'write' || kind === 'delete') && path && !rejected && status !== 'error' && obj(result)?.isApplied !== false) {
    const { before, after } = ctx.contents(path);
    const op: FileChange['op'] = kind === 'delete' ? 'delete' : before === null ? 'create' : 'update';
    const change: FileChange = { path, op };
    if (before !== undefined) {
      change.before = before;
    }
    if (kind === 'delete') {
      change.after = null;
    } else if (after !== undefined) {
      change.after = after;
    }
    const patch = resultPatch(result);
    if (patch !== undefined && change.after === undefined) {
      change.patch = patch;
    }
    fileChanges.push(change);
  }
  if (kind === 'read' && path) {
    const start = num(input.start_line_one_indexed) ?? num(input.offset);
    const end = num(input.end_line_one_indexed_inclusive);
    reads.push({ path, ...(start !== undefined ? { startLine: start } : {}), ...(end !== undefined ? { endLine: end } : {}) });
  }
  if (kind === 'shell') {
    const command = nonEmpty(input.command) ?? '';
    step.command = terminalRun(command, result, nonEmpty(input.cwd) ?? ctx.cwd);
  }
  step.fileChanges = fileChanges;
  step.reads = reads;
  return step;
}
