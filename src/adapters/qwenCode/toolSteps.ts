// Qwen Code tool calls (`functionCall` parts of `assistant` records) and their results (`tool_result` records:
// `functionResponse` = what the model saw, `toolCallResult` = what the UI showed) as tool steps. See
// docs/formats/qwen.md: write_file/edit results carry the whole file before and after, cut to 16,000 characters for
// big files; shell results carry the exit code as a field.
import type { CommandRun, FileChange, FileRead, ToolKind, ToolResult } from '../../core/model';
import type { StepPatch } from '../../core/ops';
import { isObject, nonEmpty, num, obj, str, type JsonObject } from '../../core/jsonValues';
import { resolvePath } from '../geminiCli/resolvePath';
import type { PendingCall } from './state';

const kindByName: Readonly<Record<string, ToolKind>> = {
  read_file: 'read',
  read_many_files: 'read',
  write_file: 'write',
  edit: 'edit',
  replace: 'edit',
  notebook_edit: 'edit',
  run_shell_command: 'shell',
  grep_search: 'search',
  glob: 'search',
  list_directory: 'search',
  web_search: 'search',
  agent: 'agent',
  task: 'agent',
};

export function toolKind(name: string): ToolKind {
  return kindByName[name] ?? 'other';
}

function lineCount(value: unknown): number | undefined {
  const n = num(value);
  return n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** The step a `functionCall` part starts, and what its result will need. */
export function callStep(call: JsonObject, id: string, timestamp: string | undefined): { step: StepPatch; pending: PendingCall } {
  const name = nonEmpty(call.name) ?? 'unknown';
  const args = obj(call.args) ?? {};
  const step: StepPatch = { id, type: 'tool', name, kind: toolKind(name), input: call.args ?? {}, fileChanges: [], reads: [] };
  if (timestamp !== undefined) {
    step.timestamp = timestamp;
  }
  const pending: PendingCall = { name };
  if (timestamp !== undefined) {
    pending.ts = timestamp;
  }
  const path = nonEmpty(args.file_path) ?? nonEmpty(args.absolute_path) ?? nonEmpty(args.notebook_path);
  if (path !== undefined) {
    pending.path = path;
  }
  const command = str(args.command);
  if (command !== undefined) {
    pending.command = command;
  }
  const offset = lineCount(args.offset);
  const limit = lineCount(args.limit);
  if (offset !== undefined) {
    pending.offset = offset;
  }
  if (limit !== undefined) {
    pending.limit = limit;
  }
  if (args.is_background === true) {
    pending.background = true;
  }
  return { step, pending };
}

/** `functionResponse.response`: `{output}` on success, `{error}` on failure. */
function responseText(response: JsonObject | undefined): string {
  if (!response) {
    return '';
  }
  return str(response.output) ?? str(response.error) ?? JSON.stringify(response);
}

/** Marker Qwen puts in the middle of a content cut to its session limit. */
const TRUNCATION_MARKER = /\n\[\.\.\. truncated for saved session preview; original length: \d+ characters \.\.\.\]\n/;

/** A content field of the display, or undefined when Qwen cut it (a cut text is not the file's content). */
function wholeContent(display: JsonObject, key: 'originalContent' | 'newContent'): string | undefined {
  const text = str(display[key]);
  if (text === undefined || display[`${key}Truncated`] === true) {
    return undefined;
  }
  // Older or damaged records may lack the flags: the marker alone is enough to distrust the text.
  return TRUNCATION_MARKER.test(text) ? undefined : text;
}

/** The display's unified diff when it is complete (over 50,000 characters Qwen replaces it with a stub). */
function wholeDiff(display: JsonObject): string | undefined {
  const diff = str(display.fileDiff);
  if (diff === undefined || display.fileDiffTruncated === true || !/^@@ /m.test(diff)) {
    return undefined;
  }
  return diff;
}

/**
 * The change a successful write_file/edit made. A create has `originalContent: ""` like an emptied-then-written
 * file, so only the result text ("Successfully created and wrote to new file") tells a create.
 */
function fileChanges(name: string, display: JsonObject | undefined, text: string, call: PendingCall | undefined, cwd: string | undefined): FileChange[] {
  const created = /^Successfully created and wrote to new file/.test(text) || (name === 'edit' && /^Created new file/.test(text));
  if (!display || (str(display.newContent) === undefined && str(display.fileDiff) === undefined)) {
    // A subagent's transcript keeps no display (agent-transcript.ts): the file changed, how is unknown.
    const changed = created || /^Successfully overwrote file|^Successfully modified file|^The file: .* has been updated\./.test(text);
    if (!changed || call?.path === undefined || (name !== 'write_file' && name !== 'edit')) {
      return [];
    }
    return [created ? { path: resolvePath(call.path, cwd), op: 'create', before: null } : { path: resolvePath(call.path, cwd), op: 'update' }];
  }
  const rawPath = nonEmpty(display.filePath) ?? call?.path;
  if (rawPath === undefined) {
    return [];
  }
  const change: FileChange = { path: resolvePath(rawPath, cwd), op: created ? 'create' : 'update' };
  const before = created ? null : wholeContent(display, 'originalContent');
  if (before !== undefined) {
    change.before = before;
  }
  const after = wholeContent(display, 'newContent');
  if (after !== undefined) {
    change.after = after;
  }
  const patch = wholeDiff(display);
  if (patch !== undefined) {
    change.patch = patch;
  }
  return [change];
}

function fileReads(call: PendingCall | undefined, cwd: string | undefined): FileRead[] {
  if (call?.name !== 'read_file' || call.path === undefined) {
    return [];
  }
  const read: FileRead = { path: resolvePath(call.path, cwd) };
  // 0-based offset and a line count, as Gemini CLI's read_file.
  if (call.offset !== undefined) {
    read.startLine = call.offset + 1;
  }
  if (call.limit !== undefined) {
    read.endLine = (call.offset ?? 0) + call.limit;
  }
  return [read];
}

/**
 * The command run. The exit code is `resultDisplay.exitCode`: the status is no exit code (grep/diff/test exit 1 is a
 * "success"). Without a shell display (a cancelled or backgrounded run, another build) the model's text may still
 * say `Exit Code: N`; otherwise the code stays unknown.
 */
function shellCommand(display: JsonObject | undefined, text: string, call: PendingCall | undefined, cwd: string | undefined): CommandRun | undefined {
  const command = call?.command ?? /^Command: (.*)$/m.exec(text)?.[1];
  if (command === undefined) {
    return undefined;
  }
  const shell = display && str(display.type) === 'shell_result' ? display : undefined;
  const fromText = /^Exit Code: (-?\d+)$/m.exec(text);
  const exitCode = num(shell?.exitCode) ?? (fromText ? Number(fromText[1]) : null);
  const run: CommandRun = { command, exitCode: exitCode !== null && Number.isInteger(exitCode) ? exitCode : null, output: str(shell?.output) ?? text };
  const dir = nonEmpty(shell?.directory) ?? cwd;
  if (dir !== undefined) {
    run.cwd = resolvePath(dir, cwd);
  }
  return run;
}

export interface ResultContext {
  call: PendingCall | undefined;
  timestamp: string | undefined;
  /** The session's cwd: relative paths resolve against it. */
  cwd: string | undefined;
}

/** The fields a `functionResponse` (with the record's `toolCallResult`) adds to its call's step. */
export function resultStep(id: string, fallbackName: string | undefined, response: JsonObject | undefined, toolCallResult: JsonObject | undefined, ctx: ResultContext): StepPatch {
  const { call, timestamp, cwd } = ctx;
  const name = call?.name ?? fallbackName ?? 'unknown';
  const text = responseText(response);
  const status = str(toolCallResult?.status);
  const display = obj(toolCallResult?.resultDisplay);
  const isError = status === 'error' || status === 'cancelled' || (status === undefined && response?.error !== undefined);
  const result: ToolResult = { text, isError };
  if (timestamp !== undefined) {
    result.timestamp = timestamp;
  }
  const step: StepPatch = { id, type: 'tool', result };
  if (!call) {
    // Its call was never seen (a cut file): the step is made here.
    step.name = name;
    step.kind = toolKind(name);
    step.input = {};
  }
  if (call?.ts !== undefined && timestamp !== undefined) {
    const ms = Date.parse(timestamp) - Date.parse(call.ts);
    if (Number.isFinite(ms) && ms >= 0) {
      step.durationMs = ms;
    }
  }
  if (name === 'run_shell_command') {
    const command = shellCommand(display, text, call, cwd);
    if (command) {
      step.command = command;
    }
  }
  // Only a successful call changed a file (a failed edit writes nothing); shell changes are not recorded at all.
  if (!isError) {
    step.fileChanges = fileChanges(name, display, text, call, cwd);
    step.reads = fileReads(call, cwd);
  }
  return step;
}

export function isFunctionPart(part: unknown, key: 'functionCall' | 'functionResponse'): JsonObject | undefined {
  return isObject(part) ? obj(part[key]) : undefined;
}
