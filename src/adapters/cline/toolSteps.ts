// Cline tool calls (`tool_use` blocks) and their results (`tool_result` blocks of the next user messages) as steps.
// Results (@cline/core 3.0.65): `editor` a JSON string `{query, result, success, error?}`; `read_files`,
// `run_commands`, `fetch_web_content` an array of those, one per file/command/URL. A command has no exit-code field:
// success means it exited 0 (Cline's executor resolves only then), a failure says "Command exited with code N" — N
// is taken from that text only (Cline reports a command killed by a signal as code 1), anything else is unknown.
import type { CommandRun, FileChange, FileRead, ToolKind, ToolResult } from '../../core/model';
import type { StepPatch } from '../../core/ops';
import { normalizePath } from '../../core/paths';
import { arr, isObject, num, str, type JsonObject } from '../../core/jsonValues';
import { editKind } from '../codex/toolCalls';
import { applyPatchChanges } from './applyPatchChanges';
import { editorChange } from './editorChanges';

const kinds: Record<string, ToolKind> = {
  read_files: 'read',
  editor: 'edit',
  apply_patch: 'edit',
  run_commands: 'shell',
  search_codebase: 'search',
  fetch_web_content: 'other',
  team_spawn_teammate: 'agent',
  team_run_task: 'agent',
  team_task: 'agent',
};

export function clineToolKind(name: string): ToolKind {
  return kinds[name] ?? 'other';
}

/** One `{query, result, success, error?}` entry of a result. */
interface Outcome {
  query: string;
  result: string;
  success: boolean | undefined;
  error?: string;
}

function outcome(value: unknown): Outcome | undefined {
  if (!isObject(value)) {
    return undefined;
  }
  return {
    query: str(value.query) ?? '',
    result: typeof value.result === 'string' ? value.result : value.result === undefined ? '' : JSON.stringify(value.result),
    success: typeof value.success === 'boolean' ? value.success : undefined,
    error: str(value.error),
  };
}

/** A tool_result's content as outcomes: an array of them, one JSON-encoded in a string, or plain text (undefined). */
export function outcomes(content: unknown): Outcome[] | undefined {
  let value = content;
  if (typeof content === 'string') {
    try {
      value = JSON.parse(content);
    } catch {
      return undefined;
    }
  }
  const list = Array.isArray(value) ? value.map(outcome) : [outcome(value)];
  return list.every((o): o is Outcome => o !== undefined) && list.length > 0 ? list : undefined;
}

/** The text a result shows: each outcome's result (or error), the content itself when it is not outcomes. */
function resultText(content: unknown, list: Outcome[] | undefined): string {
  if (list) {
    return list.map((o) => (o.result === '' && o.error ? o.error : o.result)).join('\n');
  }
  if (typeof content === 'string') {
    return content;
  }
  return arr(content)
    .map((b) => (isObject(b) && typeof b.text === 'string' ? b.text : JSON.stringify(b)))
    .join('\n');
}

/** The exit code a failed command's outcome states, or null. */
export function exitCodeOf(o: Outcome): number | null {
  if (o.success === true) {
    return 0;
  }
  const m = /^Command exited with code (\d+)$/.exec(o.error ?? '');
  return m ? Number(m[1]) : null;
}

function commands(input: JsonObject): string[] {
  const list = arr(input.commands);
  return list.every((c) => typeof c === 'string') ? (list as string[]) : list.map((c) => (typeof c === 'string' ? c : JSON.stringify(c)));
}

/**
 * One `run_commands` call's commands as the step's command: one command as it is; several (Cline runs them in
 * parallel) as one script, each one's output under a `$ command` line, and the exit code only when all agree on
 * success (0) or exactly one failed with a stated code.
 */
function commandRun(input: JsonObject, list: Outcome[] | undefined): CommandRun {
  const cmds = commands(input);
  if (!list) {
    return { command: cmds.join('\n'), exitCode: null, output: '' };
  }
  if (cmds.length === 1 && list.length === 1) {
    return { command: cmds[0], exitCode: exitCodeOf(list[0]), output: list[0].result };
  }
  const failed = list.filter((o) => o.success !== true);
  const exitCode = failed.length === 0 ? 0 : failed.length === 1 ? exitCodeOf(failed[0]) : null;
  return {
    command: cmds.join('\n'),
    exitCode: exitCode === 0 && list.length !== cmds.length ? null : exitCode,
    output: list.map((o) => `$ ${o.query}\n${o.result}`).join('\n'),
  };
}

function reads(input: JsonObject): FileRead[] {
  const out: FileRead[] = [];
  for (const f of arr(input.files)) {
    const path = typeof f === 'string' ? f : isObject(f) ? str(f.path) : undefined;
    if (path) {
      const r: FileRead = { path: normalizePath(path) };
      const start = isObject(f) ? num(f.start_line) : undefined;
      const end = isObject(f) ? num(f.end_line) : undefined;
      if (start !== undefined) {
        r.startLine = start;
      }
      if (end !== undefined) {
        r.endLine = end;
      }
      out.push(r);
    }
  }
  return out;
}

/** The step of a `tool_use` block before its result is known. */
export function toolCallStep(block: JsonObject, id: string, promptId: string, timestamp: string, cwd: string | undefined): StepPatch {
  const name = str(block.name) ?? 'unknown';
  const input = isObject(block.input) ? block.input : {};
  // An apply_patch that only adds (or only deletes) files is a write (a delete), as Codex's are.
  const kind = name === 'apply_patch' ? editKind(applyPatchChanges(block.input, cwd)) : clineToolKind(name);
  const step: StepPatch = { id, promptId, type: 'tool', timestamp, name, kind, input: block.input ?? {}, fileChanges: [], reads: [] };
  if (name === 'read_files') {
    step.reads = reads(input);
  }
  if (name === 'run_commands') {
    step.command = commandRun(input, undefined);
  }
  return step;
}

/** What a `tool_result` block adds to its call's step: the result, file changes, the command's output and exit code. */
export function toolResultPatch(name: string, input: unknown, block: JsonObject, timestamp: string, cwd: string | undefined): Partial<StepPatch> {
  const list = outcomes(block.content);
  const failed = block.is_error === true || (list !== undefined && list.some((o) => o.success === false));
  const result: ToolResult = { text: resultText(block.content, list), isError: failed, timestamp };
  const patch: Partial<StepPatch> = { result };
  const args = isObject(input) ? input : {};
  if (name === 'run_commands') {
    patch.command = commandRun(args, list);
  }
  if (name === 'editor' && list?.length === 1 && list[0].success === true) {
    const change: FileChange | undefined = editorChange(args, list[0].result);
    patch.fileChanges = change ? [change] : [];
  }
  if (name === 'apply_patch' && list?.length === 1 && list[0].success === true) {
    patch.fileChanges = applyPatchChanges(input, cwd);
  }
  return patch;
}
