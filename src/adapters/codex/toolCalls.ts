// How a Codex tool call maps onto a trail step: its kind, the command it runs, the files an apply_patch touches.
// Tool names vary by version and config (shell / shell_command / exec_command / local_shell_call; apply_patch as a
// freeform custom tool, a JSON function, or `["apply_patch", patch]` through the shell).
import type { CommandRun, FileChange, FileRead, ToolKind } from '../../core/model';
import { parseApplyPatch, type PatchHunk } from './applyPatch';
import { resolvePath } from './paths';
import { arr, isObject, num, str, type JsonObject } from '../../core/jsonValues';
import { commandFromArgv, shellScriptOf } from './shellOutput';

export interface ClassifiedCall {
  name: string;
  kind: ToolKind;
  input: unknown;
  /** Shell commands: the command line and where it ran. */
  command?: string;
  cwd?: string;
  fileChanges?: FileChange[];
  reads?: FileRead[];
}

const shellTools = new Set(['shell', 'container.exec', 'shell_command', 'exec_command', 'local_shell', 'local_shell_call', 'write_stdin', 'unified_exec']);
const agentTools = new Set([
  'spawn_agent',
  'spawn_agents',
  'send_input',
  'send_message',
  'wait',
  'wait_agent',
  'close_agent',
  'resume_agent',
  'list_agents',
  'assign_task',
]);
const searchTools = new Set(['grep_files', 'list_dir', 'file_search', 'web_search', 'search', 'tool_search', 'find_files']);
const readTools = new Set(['read_file', 'view_image']);

function argvOf(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string')) {
    return undefined;
  }
  return value as string[];
}

// `apply_patch <<'EOF' … EOF`, optionally after `cd <dir> &&` — the only shell forms Codex itself intercepts.
const heredocForm = /^\s*(?:cd\s+('[^']*'|"[^"]*"|[^\s&;|]+)\s*&&\s*)?(?:apply_patch|applypatch)\s*<<\s*(['"]?)(\w+)\2[ \t]*\n([\s\S]*?)\n\3\s*$/;

function unquote(s: string): string {
  return (s.startsWith("'") && s.endsWith("'")) || (s.startsWith('"') && s.endsWith('"')) ? s.slice(1, -1) : s;
}

/** The patch text of an apply_patch run through a shell/exec tool, with the directory it applies in. */
export function patchFromShell(argvOrScript: readonly string[] | string): { patch: string; workdir?: string } | undefined {
  if (typeof argvOrScript !== 'string') {
    const [cmd, body] = argvOrScript;
    if (argvOrScript.length === 2 && (cmd === 'apply_patch' || cmd === 'applypatch')) {
      return { patch: body };
    }
    const script = shellScriptOf(argvOrScript);
    return script === undefined ? undefined : patchFromShell(script);
  }
  const m = heredocForm.exec(argvOrScript);
  if (!m) {
    return undefined;
  }
  return m[1] !== undefined ? { patch: m[4], workdir: unquote(m[1]) } : { patch: m[4] };
}

function hunkToChange(hunk: PatchHunk, cwd: string | undefined): FileChange {
  const path = resolvePath(hunk.path, cwd);
  switch (hunk.type) {
    case 'add':
      return { path, op: 'create', before: null, after: hunk.contents };
    case 'delete':
      return { path, op: 'delete', after: null };
    case 'update':
      return hunk.movePath !== undefined
        ? { path, op: 'rename', patch: hunk.text, movePath: resolvePath(hunk.movePath, cwd) }
        : { path, op: 'update', patch: hunk.text };
  }
}

/** Kind of an edit by what it does: only new files → write, only deletions → delete, else edit. */
export function editKind(changes: readonly FileChange[]): ToolKind {
  if (changes.length > 0 && changes.every((c) => c.op === 'create')) {
    return 'write';
  }
  if (changes.length > 0 && changes.every((c) => c.op === 'delete')) {
    return 'delete';
  }
  return 'edit';
}

/** File changes an apply_patch body describes, paths resolved against `cwd` (the hunks as Codex parses them). */
export function changesFromPatch(patch: string, cwd: string | undefined): FileChange[] {
  const parsed = parseApplyPatch(patch);
  return parsed.ok ? parsed.hunks.map((h) => hunkToChange(h, cwd)) : [];
}

function patchCall(name: string, input: unknown, patch: string, cwd: string | undefined): ClassifiedCall {
  const fileChanges = changesFromPatch(patch, cwd);
  return { name, kind: editKind(fileChanges), input, fileChanges };
}

function workdirOf(args: JsonObject, cwd: string | undefined): string | undefined {
  const workdir = str(args.workdir) ?? str(args.cwd);
  return workdir ? resolvePath(workdir, cwd) : cwd;
}

/** Classify a call from its name and parsed arguments (`function_call`, `local_shell_call`, TS-era `shell`). */
export function classifyFunctionCall(name: string, args: JsonObject | undefined, rawInput: unknown, cwd: string | undefined): ClassifiedCall {
  const input: unknown = args ?? rawInput;
  const a: JsonObject = args ?? {};
  if (name === 'apply_patch' || name === 'applypatch') {
    const patch = str(a.input) ?? str(a.patch) ?? (typeof rawInput === 'string' ? rawInput : undefined);
    return patch !== undefined ? patchCall(name, input, patch, cwd) : { name, kind: 'edit', input, fileChanges: [] };
  }
  if (shellTools.has(name)) {
    const argv = argvOf(a.command);
    const script = str(a.cmd) ?? str(a.command);
    const dir = workdirOf(a, cwd);
    const viaShell = argv !== undefined ? patchFromShell(argv) : script !== undefined ? patchFromShell(script) : undefined;
    if (viaShell) {
      return patchCall(name, input, viaShell.patch, viaShell.workdir ? resolvePath(viaShell.workdir, dir) : dir);
    }
    if (argv !== undefined) {
      return { name, kind: 'shell', input, command: commandFromArgv(argv), cwd: dir };
    }
    if (script !== undefined) {
      return { name, kind: 'shell', input, command: script, cwd: dir };
    }
    // write_stdin and friends: part of a running command, not a command of their own.
    return { name, kind: 'shell', input };
  }
  if (readTools.has(name)) {
    const path = str(a.file_path) ?? str(a.path);
    if (path === undefined) {
      return { name, kind: 'read', input };
    }
    const read: FileRead = { path: resolvePath(path, cwd) };
    const offset = num(a.offset);
    const limit = num(a.limit);
    if (offset !== undefined) {
      read.startLine = offset;
      if (limit !== undefined) {
        read.endLine = offset + limit - 1;
      }
    }
    return { name, kind: 'read', input, reads: [read] };
  }
  if (searchTools.has(name)) {
    return { name, kind: 'search', input };
  }
  if (agentTools.has(name)) {
    return { name, kind: 'agent', input };
  }
  return { name, kind: 'other', input };
}

/** `local_shell_call.action` → classification (its argv runs without a shell). */
export function classifyLocalShell(action: JsonObject | undefined, cwd: string | undefined): ClassifiedCall {
  const args: JsonObject = { command: action?.command, workdir: action?.working_directory ?? action?.workdir };
  return classifyFunctionCall('local_shell_call', args, action, cwd);
}

/**
 * Reads Codex itself recognized in a command (`parsed_cmd` entries of type "read", e.g. `cat src/a.js`,
 * `sed -n 1,20p a.js`). Only those: the trail does not guess reads from command strings.
 */
export function readsFromParsedCmd(parsed: unknown, cwd: string | undefined): FileRead[] {
  const reads: FileRead[] = [];
  for (const entry of arr(parsed)) {
    if (!isObject(entry) || str(entry.type) !== 'read') {
      continue;
    }
    const path = str(entry.path);
    if (path) {
      reads.push({ path: resolvePath(path, cwd) });
    }
  }
  return reads;
}

/** A complete `CommandRun` (arrays and objects are replaced whole when merged, so every field is given). */
export function commandRun(command: string, cwd: string | undefined, exitCode: number | null, output: string, durationMs?: number): CommandRun {
  const run: CommandRun = { command, exitCode, output };
  if (cwd !== undefined) {
    run.cwd = cwd;
  }
  if (durationMs !== undefined) {
    run.durationMs = durationMs;
  }
  return run;
}
