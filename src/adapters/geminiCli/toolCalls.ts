// One Gemini CLI `ToolCallRecord` (an entry of a `gemini` message's `toolCalls`) as a tool step. Gemini rewrites
// the whole record as the call progresses (scheduled → executing → success/error/cancelled), so the step is
// always derived from the latest record alone and every array field is emitted whole.
import type { CommandRun, FileChange, FileRead, ToolKind, ToolResult } from '../../core/model';
import type { StepPatch } from '../../core/ops';
import { arr, isObject, nonEmpty, obj, str, type JsonObject } from '../../core/jsonValues';
import {
  correctorKeeps,
  legacyReplacePatch,
  legacyReplaceResult,
  legacyWritePatch,
  legacyWriteResult,
  replaceNeverExact,
  writeResultIndependentOfBefore,
  type LegacyReplace,
} from './legacyEdits';
import { partsOf } from './records';
import { resolvePath } from './resolvePath';
import { parseShellOutput } from './shellOutput';

const kindByName: Readonly<Record<string, ToolKind>> = {
  read_file: 'read',
  read_many_files: 'read',
  write_file: 'write',
  replace: 'edit',
  run_shell_command: 'shell',
  glob: 'search',
  grep_search: 'search',
  search_file_content: 'search',
  list_directory: 'search',
  invoke_agent: 'agent',
  // Built-in subagents that older builds exposed as tools of their own name.
  codebase_investigator: 'agent',
  generalist: 'agent',
  cli_help: 'agent',
};

/** Statuses after which a record carries its final result. */
const finalStatuses = new Set(['success', 'error', 'cancelled']);

/** Tools that only look: running them cannot change a file. */
export function isReadOnlyTool(name: string): boolean {
  const kind = kindByName[name];
  return kind === 'read' || kind === 'search';
}

function toolKind(name: string, call: JsonObject): ToolKind {
  const known = kindByName[name];
  if (known) {
    return known;
  }
  if (nonEmpty(call.agentId) || obj(call.resultDisplay)?.isSubagentProgress === true) {
    return 'agent';
  }
  return 'other';
}

/** The text the tool returned to the model: `functionResponse.response.output` (or `error`), plus text parts. */
export function resultText(call: JsonObject): string | undefined {
  const texts: string[] = [];
  for (const part of partsOf(call.result)) {
    const response = obj(obj(part.functionResponse)?.response);
    if (response) {
      const out = str(response.output) ?? str(response.error);
      texts.push(out ?? JSON.stringify(response));
    } else if (typeof part.text === 'string') {
      texts.push(part.text);
    }
  }
  if (texts.length > 0) {
    return texts.join('\n');
  }
  return str(call.resultDisplay);
}

function responseHasError(call: JsonObject): boolean {
  return partsOf(call.result).some((p) => obj(obj(p.functionResponse)?.response)?.error !== undefined);
}

function toolResult(call: JsonObject, status: string | undefined): ToolResult | undefined {
  const text = resultText(call);
  if (!(status !== undefined && finalStatuses.has(status)) && call.result == null) {
    return undefined;
  }
  const result: ToolResult = {
    text: text ?? '',
    isError: status === 'error' || status === 'cancelled' || responseHasError(call),
  };
  const timestamp = str(call.timestamp);
  if (timestamp) {
    result.timestamp = timestamp;
  }
  return result;
}

function argPath(args: JsonObject): string | undefined {
  return nonEmpty(args.file_path) ?? nonEmpty(args.absolute_path) ?? nonEmpty(args.path);
}

/**
 * A session document written by Gemini CLI 0.4 to 0.24: results without a display (see legacyEdits.ts), and the
 * contents whole reads showed earlier in the prompt (legacyReads.ts), by call id.
 */
export interface LegacySession {
  readBefores: ReadonlyMap<string, string>;
}

/** The change a successful result text proves, for a legacy call without a display; none when it proves nothing. */
function legacyChange(name: string, call: JsonObject, args: JsonObject, path: string, before: string | undefined): FileChange[] {
  const message = resultText(call) ?? '';
  if (name === 'write_file') {
    const content = str(args.content);
    if (content === undefined) {
      return [];
    }
    if (message.startsWith('Successfully created and wrote to new file: ')) {
      return [correctorKeeps(content) ? { path, op: 'create', before: null, after: content } : { path, op: 'create', before: null }];
    }
    if (!message.startsWith('Successfully overwrote file: ')) {
      return [];
    }
    if (before !== undefined) {
      const after = legacyWriteResult(before, content);
      return [after === undefined ? { path, op: 'update', before } : { path, op: 'update', before, after }];
    }
    if (writeResultIndependentOfBefore(content)) {
      return [{ path, op: 'update', after: content }];
    }
    return [correctorKeeps(content) ? { path, op: 'update', patch: legacyWritePatch(content) } : { path, op: 'update' }];
  }
  const done = /^Successfully modified file: .*? \((\d+) replacements?\)\./.exec(message);
  const oldString = str(args.old_string);
  const newString = str(args.new_string);
  if (name !== 'replace' || !done || oldString === undefined || newString === undefined) {
    return [];
  }
  const expected = args.expected_replacements === undefined ? 1 : args.expected_replacements;
  const edit: LegacyReplace = { old_string: oldString, new_string: newString, expected: typeof expected === 'number' ? expected : NaN, replacements: Number(done[1]) };
  if (before !== undefined) {
    const after = legacyReplaceResult(before, edit);
    return [after === undefined ? { path, op: 'update', before } : { path, op: 'update', before, after }];
  }
  return [replaceNeverExact(edit) ? { path, op: 'update' } : { path, op: 'update', patch: legacyReplacePatch(edit) }];
}

/**
 * `write_file`/`replace` results carry a FileDiff with the exact contents before and after. Only a successful
 * call changed the file; without a status (trimmed transcripts) the diff itself is the evidence.
 */
function fileChanges(name: string, call: JsonObject, args: JsonObject, status: string | undefined, ctx: ToolStepContext): FileChange[] {
  const cwd = ctx.sessionCwd;
  if (status !== undefined && status !== 'success') {
    return [];
  }
  const display = obj(call.resultDisplay);
  const after = display ? str(display.newContent) : undefined;
  if (display && after !== undefined) {
    const rawPath = nonEmpty(display.filePath) ?? argPath(args);
    if (!rawPath) {
      return [];
    }
    const original = display.originalContent;
    // write_file reports a new file as originalContent "" (isNewFile since 0.2x; before that only its message says so).
    const created =
      display.isNewFile === true ||
      original === null ||
      (display.isNewFile === undefined && original === '' && /^Successfully created and wrote to new file/.test(resultText(call) ?? ''));
    const change: FileChange = {
      path: resolvePath(rawPath, cwd),
      op: created ? 'create' : 'update',
      before: created ? null : str(original),
      after,
    };
    const patch = str(display.fileDiff);
    if (patch !== undefined) {
      change.patch = patch;
    }
    return [change];
  }
  // `replace` with an empty old_string on a missing file creates it with new_string and shows no diff.
  const newString = str(args.new_string);
  const rawPath = argPath(args);
  if (name === 'replace' && status === 'success' && args.old_string === '' && newString !== undefined && rawPath) {
    const message = str(call.resultDisplay) ?? resultText(call) ?? '';
    if (/^Created /.test(message) || /^Created new file/.test(resultText(call) ?? '')) {
      return [{ path: resolvePath(rawPath, cwd), op: 'create', before: null, after: newString }];
    }
  }
  if (ctx.legacy && status === 'success' && call.resultDisplay === undefined && rawPath) {
    const id = nonEmpty(call.id);
    return legacyChange(name, call, args, resolvePath(rawPath, cwd), id ? ctx.legacy.readBefores.get(id) : undefined);
  }
  return [];
}

function lineNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function fileReads(name: string, call: JsonObject, args: JsonObject, cwd: string | undefined): FileRead[] {
  if (name === 'read_file') {
    const rawPath = argPath(args);
    if (!rawPath) {
      return [];
    }
    const read: FileRead = { path: resolvePath(rawPath, cwd) };
    const start = lineNumber(args.start_line);
    const end = lineNumber(args.end_line);
    // Older builds: 0-based `offset` and a line count `limit`.
    const offset = lineNumber(args.offset);
    const limit = lineNumber(args.limit);
    if (start !== undefined) {
      read.startLine = start;
    } else if (offset !== undefined) {
      read.startLine = offset + 1;
    }
    if (end !== undefined) {
      read.endLine = end;
    } else if (limit !== undefined) {
      read.endLine = (offset ?? 0) + limit;
    }
    return [read];
  }
  if (name === 'read_many_files') {
    return manyFileReads(call, args, cwd);
  }
  return [];
}

/** The files `read_many_files` actually read are listed in its display (relative to its target dir). */
function manyFileReads(call: JsonObject, args: JsonObject, cwd: string | undefined): FileRead[] {
  const display = str(call.resultDisplay);
  if (display) {
    const base = /Target Dir: `([^`]+)`/.exec(display)?.[1] ?? cwd;
    const listStart = display.indexOf('**Processed Files');
    if (listStart >= 0) {
      const listEnd = display.indexOf('**Skipped', listStart);
      const list = display.slice(listStart, listEnd < 0 ? undefined : listEnd);
      const reads = [...list.matchAll(/^- `([^`]+)`$/gm)].map((m) => ({ path: resolvePath(m[1], base) }));
      if (reads.length > 0) {
        return reads;
      }
    }
  }
  // No display yet: the requested paths that are plain paths, not glob patterns.
  const requested = [...arr(args.include), ...arr(args.paths)].flatMap((p) => (typeof p === 'string' ? [p] : []));
  return requested.filter((p) => !/[*?[\]{}]/.test(p)).map((p) => ({ path: resolvePath(p, cwd) }));
}

function shellCommand(call: JsonObject, args: JsonObject, status: string | undefined, cwd: string | undefined): CommandRun | undefined {
  const command = str(args.command);
  if (command === undefined) {
    return undefined;
  }
  const dir = nonEmpty(args.dir_path) ?? nonEmpty(args.directory);
  const run: CommandRun = { command, exitCode: null, output: '' };
  const runCwd = dir ? resolvePath(dir, cwd) : cwd;
  if (runCwd) {
    run.cwd = runCwd;
  }
  const text = resultText(call);
  const parsed = text !== undefined && status !== 'cancelled' ? parseShellOutput(text) : undefined;
  if (parsed) {
    run.output = parsed.output;
    run.exitCode = parsed.exitCode;
  } else {
    // Cancelled or backgrounded: no exit code; the display holds what the terminal showed.
    run.output = str(call.resultDisplay) ?? text ?? '';
  }
  return run;
}

export interface ToolStepContext {
  sessionCwd: string | undefined;
  messageId: string;
  messageTimestamp: string | undefined;
  promptId: string | undefined;
  /** Set for a Gemini CLI 0.4–0.24 session document. */
  legacy?: LegacySession;
}

/** The step for `toolCalls[index]`, or undefined when the entry is not a tool call record. */
export function toolStep(raw: unknown, index: number, ctx: ToolStepContext): StepPatch | undefined {
  if (!isObject(raw)) {
    return undefined;
  }
  const name = nonEmpty(raw.name);
  if (!name) {
    return undefined;
  }
  const args = obj(raw.args) ?? {};
  const status = str(raw.status);
  const step: StepPatch = {
    id: nonEmpty(raw.id) ?? `${ctx.messageId}:tool:${index}`,
    type: 'tool',
    name,
    kind: toolKind(name, raw),
    input: raw.args ?? {},
    fileChanges: fileChanges(name, raw, args, status, ctx),
    reads: status === 'error' || status === 'cancelled' ? [] : fileReads(name, raw, args, ctx.sessionCwd),
  };
  if (ctx.promptId) {
    step.promptId = ctx.promptId;
  }
  const timestamp = str(raw.timestamp) ?? ctx.messageTimestamp;
  if (timestamp) {
    step.timestamp = timestamp;
  }
  const result = toolResult(raw, status);
  if (result) {
    step.result = result;
  }
  if (name === 'run_shell_command') {
    const command = shellCommand(raw, args, status, ctx.sessionCwd);
    if (command) {
      step.command = command;
    }
  }
  const child = nonEmpty(raw.agentId);
  if (child) {
    step.childSessionId = child;
  }
  return step;
}
