// Step patches for a tool call: one when the assistant's tool_use is seen (so interrupted calls and orphans
// still show up), and one when its tool_result arrives in a later user record.
import type { CommandRun, FileRead } from '../../core/model';
import type { StepPatch } from '../../core/ops';
import { fileChangesFor } from './fileChanges';
import { absolutePath } from './paths';
import { isObject, num, obj, str, toolResultText, type JsonObject } from './records';
import { MAX_PENDING_CONTENT, type PendingCall } from './state';
import { isAgentTool, isShellTool, toolKind } from './toolKinds';

const EXIT_CODE = /^(?:Error: )?Exit code (-?\d+)\r?\n?/;

function readsFromInput(input: JsonObject | undefined, cwd: string | undefined): FileRead[] {
  const file = str(input, 'file_path') ?? str(input, 'notebook_path');
  if (file === undefined) {
    return [];
  }
  const read: FileRead = { path: absolutePath(file, cwd) };
  const offset = num(input, 'offset');
  const limit = num(input, 'limit');
  // Read's `offset` is the 1-based line to start at (0 is treated as the start).
  if (offset !== undefined || limit !== undefined) {
    read.startLine = Math.max(1, offset ?? 1);
    if (limit !== undefined && limit > 0) {
      read.endLine = read.startLine + limit - 1;
    }
  }
  return [read];
}

/** The step for an assistant tool_use block, and what its result will need later. */
export function toolUseStep(
  block: JsonObject,
  id: string,
  promptId: string | undefined,
  timestamp: string | undefined,
  cwd: string | undefined,
): { patch: StepPatch; call: PendingCall } {
  const name = str(block, 'name') ?? 'unknown';
  const input = obj(block, 'input');
  const patch: StepPatch = { id, type: 'tool', name, kind: toolKind(name), input: block.input ?? {} };
  if (promptId !== undefined) {
    patch.promptId = promptId;
  }
  if (timestamp !== undefined) {
    patch.timestamp = timestamp;
  }
  const call: PendingCall = { name };
  if (timestamp !== undefined) {
    call.ts = timestamp;
  }
  if (cwd !== undefined) {
    call.cwd = cwd;
  }
  const path = str(input, 'file_path') ?? str(input, 'notebook_path');
  if (path !== undefined) {
    call.path = path;
  }
  if (isShellTool(name)) {
    const command = str(input, 'command') ?? '';
    call.command = command;
    // Shown before (or without) a result; exit code and output arrive with the tool_result.
    patch.command = { command, exitCode: null, output: '', ...(cwd !== undefined ? { cwd } : {}) };
  } else if (name === 'Read') {
    patch.reads = readsFromInput(input, cwd);
  } else if (name === 'Write') {
    const content = str(input, 'content');
    if (content !== undefined && content.length <= MAX_PENDING_CONTENT) {
      call.content = content;
    }
  }
  return { patch, call };
}

function durationMs(call: PendingCall | undefined, result: JsonObject | undefined, timestamp: string | undefined): number | undefined {
  const recorded = num(result, 'durationMs') ?? num(result, 'totalDurationMs');
  if (recorded !== undefined) {
    return recorded;
  }
  // Otherwise the wall-clock time between the tool_use and the tool_result records.
  const start = call?.ts ? Date.parse(call.ts) : NaN;
  const end = timestamp ? Date.parse(timestamp) : NaN;
  return Number.isFinite(start) && Number.isFinite(end) && end >= start ? end - start : undefined;
}

function shellRun(call: PendingCall, result: JsonObject | undefined, text: string, isError: boolean): CommandRun {
  const run: CommandRun = { command: call.command ?? '', exitCode: null, output: text };
  if (call.cwd !== undefined) {
    run.cwd = call.cwd;
  }
  const stdout = str(result, 'stdout');
  const stderr = str(result, 'stderr');
  const interrupted = result?.interrupted === true;
  const background = str(result, 'backgroundTaskId') !== undefined;
  if ((stdout !== undefined || stderr !== undefined) && !background) {
    run.output = [stdout ?? '', stderr ?? ''].filter((s) => s !== '').join(stdout?.endsWith('\n') ? '' : '\n');
  }
  if (isError) {
    // Failed commands: the result text (and the string toolUseResult) start with "Exit code N".
    const match = EXIT_CODE.exec(text);
    if (match) {
      run.exitCode = Number(match[1]);
      if (stdout === undefined && stderr === undefined) {
        run.output = text.slice(match[0].length);
      }
    }
  } else if (!interrupted && !background && !str(result, 'returnCodeInterpretation')) {
    // Success. A returnCodeInterpretation ("No matches found" for grep's 1) means a non-zero code that
    // Claude did not treat as an error, and the number itself is not recorded.
    run.exitCode = 0;
  }
  return run;
}

function readsFromResult(result: JsonObject | undefined, call: PendingCall | undefined, cwd: string | undefined): FileRead[] | undefined {
  const file = obj(result, 'file');
  const path = str(file, 'filePath') ?? call?.path;
  const startLine = num(file, 'startLine');
  // Without a line range (images, `file_unchanged` re-reads) the input's range stays.
  if (path === undefined || startLine === undefined) {
    return undefined;
  }
  const read: FileRead = { path: absolutePath(path, cwd), startLine };
  const numLines = num(file, 'numLines');
  if (numLines !== undefined && numLines > 0) {
    read.endLine = startLine + numLines - 1;
  }
  return [read];
}

export interface ToolResultContext {
  /** The call as recorded at tool_use time; undefined when that record was never seen. */
  call: PendingCall | undefined;
  /** The structured `toolUseResult`, only when it certainly belongs to this tool_result. */
  toolUseResult: unknown;
  timestamp: string | undefined;
  /** Agent id of a subagent this call spawned (also read from the structured result). */
  agentId: string | undefined;
  /** The raw session id the child transcript records, to build `${sessionId}:${agentId}`. */
  rootSessionId: string | undefined;
}

/** The patch a tool_result block adds to its tool step. */
export function toolResultStep(block: JsonObject, id: string, ctx: ToolResultContext): StepPatch {
  const { call } = ctx;
  const text = toolResultText(block.content);
  const isError = block.is_error === true;
  const result = isObject(ctx.toolUseResult) ? ctx.toolUseResult : undefined;
  const patch: StepPatch = { id, type: 'tool', result: { text, isError, ...(ctx.timestamp ? { timestamp: ctx.timestamp } : {}) } };
  if (call) {
    patch.name = call.name;
  }
  const duration = durationMs(call, result, ctx.timestamp);
  if (duration !== undefined) {
    patch.durationMs = duration;
  }
  const name = call?.name;
  if (name === undefined) {
    return patch;
  }
  const cwd = call?.cwd;
  if (isShellTool(name) && call) {
    patch.command = shellRun(call, result, text, isError);
  } else if (name === 'Read' && !isError) {
    const reads = readsFromResult(result, call, cwd);
    if (reads) {
      patch.reads = reads;
    }
  } else if (isAgentTool(name)) {
    const agentId = str(result, 'agentId') ?? ctx.agentId;
    if (agentId !== undefined && ctx.rootSessionId !== undefined) {
      patch.childSessionId = `${ctx.rootSessionId}:${agentId}`;
    }
  } else if (!isError) {
    const changes = fileChangesFor(name, call, result, text, cwd);
    if (changes) {
      patch.fileChanges = changes;
    }
  }
  return patch;
}
