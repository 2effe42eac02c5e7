// What a Copilot CLI tool call did, from its `tool.execution_start` arguments and `tool.execution_complete` result.
// File tools (`create`, `edit`, `apply_patch`) list the files they committed in `fileEdits` and give a git-style
// unified diff of the change in `result.detailedContent` (complete, not truncated); no before/after texts. Shell
// tools record the exit code in `shellExecution.exitCode` and succeed (`success: true`) even when it is not 0.
import type { CommandRun, FileChange, FileRead, ToolKind, ToolResult } from '../../core/model';
import { arr, isObject, num, obj, str, type JsonObject } from '../../core/jsonValues';
import { normalizePath } from '../../core/paths';

const kindByName: Readonly<Record<string, ToolKind>> = {
  view: 'read',
  show_file: 'read',
  create: 'write',
  edit: 'edit',
  str_replace: 'edit',
  apply_patch: 'edit',
  bash: 'shell',
  powershell: 'shell',
  grep: 'search',
  glob: 'search',
  rg: 'search',
  task: 'agent',
};

export function toolKind(name: string): ToolKind {
  return kindByName[name] ?? 'other';
}

/** The command a shell tool ran. */
export function shellCommand(name: string, args: unknown): string | undefined {
  return toolKind(name) === 'shell' ? str(obj(args)?.command) : undefined;
}

/** `view {path, view_range?}`: the file (and lines) read. */
export function toolReads(name: string, args: unknown): FileRead[] {
  const a = obj(args);
  const path = str(a?.path);
  if (toolKind(name) !== 'read' || path === undefined) {
    return [];
  }
  const range = arr(a?.view_range);
  const start = num(range[0]);
  const end = num(range[1]);
  return [{ path: normalizePath(path), ...(start !== undefined && start > 0 ? { startLine: start } : {}), ...(end !== undefined && end > 0 ? { endLine: end } : {}) }];
}

// The marker the shell tool appends to a command's output: `\n<shellId: 3 completed with exit code 2>`.
const shellTrailer = /\n?<shellId: [^>\n]* completed with exit code -?\d+>\s*$/;

/** The command's output without the tool's completion marker. */
export function shellOutput(content: string): string {
  return content.replace(shellTrailer, '');
}

/** The sections of a multi-file git diff, by the absolute path they change (`a/tmp/x` → `/tmp/x`). */
function diffSections(diff: string): Map<string, string> {
  const out = new Map<string, string>();
  const starts = [...diff.matchAll(/^diff --git /gm)].map((m) => m.index ?? 0);
  for (let i = 0; i < starts.length; i++) {
    const section = diff.slice(starts[i], starts[i + 1] ?? diff.length);
    const target = /^\+\+\+ b\/(.*)$/m.exec(section)?.[1] ?? /^--- a\/(.*)$/m.exec(section)?.[1];
    if (target !== undefined && target !== 'dev/null') {
      out.set(normalizePath(`/${target}`), section);
    }
  }
  return out;
}

/**
 * The changes a file tool committed. A `create` knows the whole new file (its `file_text`); an `edit` only its
 * diff, kept as the patch (before/after unknown). A diff without hunks (an edit that changed nothing) is no patch.
 */
export function toolFileChanges(name: string, args: unknown, data: JsonObject): FileChange[] {
  const edits = arr(data.fileEdits).filter(isObject);
  if (edits.length === 0) {
    return [];
  }
  const detailed = str(obj(data.result)?.detailedContent) ?? '';
  const sections = diffSections(detailed);
  const a = obj(args);
  const changes: FileChange[] = [];
  for (const e of edits) {
    const raw = str(e.path);
    if (raw === undefined) {
      continue;
    }
    const path = normalizePath(raw);
    const kind = str(e.kind);
    const section = sections.get(path) ?? (edits.length === 1 && sections.size === 1 ? [...sections.values()][0] : undefined);
    const patch = section !== undefined && /^@@ /m.test(section) ? section : undefined;
    if (kind === 'create') {
      const text = name === 'create' && str(a?.path) !== undefined && normalizePath(str(a?.path) ?? '') === path ? str(a?.file_text) : undefined;
      changes.push({ path, op: 'create', before: null, ...(text !== undefined ? { after: text } : {}), ...(patch !== undefined ? { patch } : {}) });
    } else if (kind === 'delete') {
      changes.push({ path, op: 'delete', after: null, ...(patch !== undefined ? { patch } : {}) });
    } else {
      changes.push({ path, op: 'update', ...(patch !== undefined ? { patch } : {}) });
    }
  }
  return changes;
}

/** The tool's result: its content, or the error message of a failed call. */
export function toolResult(data: JsonObject, timestamp: string): ToolResult {
  const success = data.success === true;
  const content = str(obj(data.result)?.content);
  const error = str(obj(data.error)?.message);
  return { text: content ?? error ?? '', isError: !success, timestamp };
}

/**
 * The command run with its output and exit code. Only `shellExecution.exitCode` tells the exit code; a result
 * without it (a refused or failed call) leaves it unknown, never guessed from `success`.
 */
export function commandRun(command: string, data: JsonObject, cwd: string | undefined, durationMs: number | undefined): CommandRun {
  const exit = num(obj(data.shellExecution)?.exitCode);
  const result = toolResult(data, '');
  return {
    command,
    ...(cwd !== undefined ? { cwd } : {}),
    exitCode: exit ?? null,
    output: result.isError || exit === undefined ? result.text : shellOutput(result.text),
    ...(durationMs !== undefined ? { durationMs } : {}),
  };
}
