// Cursor's agent tools (the same names in the editor's transcripts and the CLI's chats, docs/formats/cursor.md §4)
// as steps: their kind, the file changes an edit made, the command a shell call ran. What a transcript does not
// record stays unknown: a Write's content before, a StrReplace's file contents, a command's exit code.
import type { CommandRun, FileChange, FileRead, ToolKind } from '../../core/model';
import { isObject, nonEmpty, num, str, type JsonObject } from '../../core/jsonValues';
import { parseApplyPatch } from '../codex/applyPatch';
import { resolvePath } from '../codex/paths';

const KINDS: Readonly<Record<string, ToolKind>> = {
  Read: 'read',
  ReadFile: 'read',
  read_file: 'read',
  Write: 'write',
  StrReplace: 'edit',
  search_replace: 'edit',
  edit_file: 'edit',
  ApplyPatch: 'edit',
  EditNotebook: 'edit',
  Delete: 'delete',
  delete_file: 'delete',
  Shell: 'shell',
  run_terminal_cmd: 'shell',
  Grep: 'search',
  grep: 'search',
  Glob: 'search',
  glob_file_search: 'search',
  LS: 'search',
  SemanticSearch: 'search',
  codebase_search: 'search',
  WebSearch: 'search',
  WebFetch: 'search',
  Task: 'agent',
  mcp_task: 'agent',
};

export function toolKind(name: string): ToolKind {
  return KINDS[name] ?? 'other';
}

/** The path argument of a file tool (`path`; `file_path`/`target_file`/`target_notebook` in other versions). */
function argPath(args: JsonObject): string | undefined {
  return nonEmpty(args.path) ?? nonEmpty(args.file_path) ?? nonEmpty(args.target_file) ?? nonEmpty(args.target_notebook);
}

/**
 * File contents the session itself last wrote in full, by path: a later StrReplace on such a file is replayed on it
 * exactly (before and after known). Bounded: contents past KNOWN_LIMIT characters in total are forgotten.
 */
export type KnownContents = Record<string, string>;
const KNOWN_LIMIT = 2_000_000;

function remember(known: KnownContents, path: string, content: string | undefined): void {
  delete known[path];
  if (content === undefined) {
    return;
  }
  let total = content.length;
  for (const v of Object.values(known)) {
    total += v.length;
  }
  if (total <= KNOWN_LIMIT) {
    known[path] = content;
  }
}

/** `StrReplace` on a known content: the content after, or undefined when the old string is not there exactly once. */
function replaced(before: string, oldString: string, newString: string, all: boolean): string | undefined {
  const at = before.indexOf(oldString);
  if (oldString === '' || at < 0) {
    return undefined;
  }
  if (all) {
    return before.split(oldString).join(newString);
  }
  return before.indexOf(oldString, at + 1) >= 0 ? undefined : before.slice(0, at) + newString + before.slice(at + oldString.length);
}

/**
 * A StrReplace as an apply_patch section (Codex's grammar, replayed by store/recordedPatch.ts): its old lines
 * replaced by its new ones. The section applies only where those are whole lines of the file; a replacement inside
 * a line does not apply and blame says the change could not be replayed (never a guess).
 */
function replaceSection(path: string, oldString: string, newString: string): string {
  const lines = (s: string): string[] => (s.endsWith('\n') ? s.slice(0, -1) : s).split('\n');
  return [`*** Update File: ${path}`, '@@', ...lines(oldString).map((l) => `-${l}`), ...lines(newString).map((l) => `+${l}`), ''].join('\n');
}

/** The file changes of a file tool that ran (or whose outcome is not recorded); updates `known`. */
export function fileChangesOf(name: string, args: JsonObject, cwd: string | undefined, known: KnownContents): FileChange[] {
  const raw = argPath(args);
  const path = raw !== undefined ? resolvePath(raw, cwd) : undefined;
  switch (name) {
    case 'Write': {
      const contents = str(args.contents) ?? str(args.content);
      if (path === undefined) {
        return [];
      }
      // Whether the file existed is not recorded: `update` is the neutral op, `before` only when this session knew it.
      const change: FileChange = { path, op: 'update' };
      if (known[path] !== undefined) {
        change.before = known[path];
      }
      if (contents !== undefined) {
        change.after = contents;
      }
      remember(known, path, contents);
      return [change];
    }
    case 'StrReplace':
    case 'search_replace': {
      const oldString = str(args.old_string);
      const newString = str(args.new_string);
      if (path === undefined) {
        return [];
      }
      if (oldString === undefined || newString === undefined) {
        remember(known, path, undefined);
        return [{ path, op: 'update' }];
      }
      const all = args.replace_all === true;
      const before = known[path];
      const after = before !== undefined ? replaced(before, oldString, newString, all) : undefined;
      if (before !== undefined && after !== undefined) {
        remember(known, path, after);
        return [{ path, op: 'update', before, after }];
      }
      remember(known, path, undefined);
      return [all || oldString === '' ? { path, op: 'update' } : { path, op: 'update', patch: replaceSection(path, oldString, newString) }];
    }
    case 'Delete':
    case 'delete_file': {
      if (path === undefined) {
        return [];
      }
      const change: FileChange = { path, op: 'delete', after: null };
      if (known[path] !== undefined) {
        change.before = known[path];
      }
      remember(known, path, undefined);
      return [change];
    }
    case 'ApplyPatch':
      return applyPatchChanges(args, cwd, known);
    case 'edit_file':
    case 'EditNotebook':
      // edit_file's `code_edit` is a sketch with "// ... existing code ..." markers a model applied; a notebook edit
      // changes a cell of a JSON file: what either wrote is not recorded.
      if (path !== undefined) {
        remember(known, path, undefined);
        return [{ path, op: 'update' }];
      }
      return [];
    default:
      return [];
  }
}

/** ApplyPatch: the Codex grammar (its input is the patch, or `{patch}`). A patch that does not parse changes nothing known. */
function applyPatchChanges(args: JsonObject, cwd: string | undefined, known: KnownContents): FileChange[] {
  const text = str(args.patch) ?? str(args.input) ?? str(args.raw);
  const parsed = text === undefined ? undefined : parseApplyPatch(text);
  if (!parsed?.ok) {
    return [];
  }
  return parsed.hunks.map((h): FileChange => {
    const path = resolvePath(h.path, cwd);
    remember(known, path, undefined);
    switch (h.type) {
      case 'add':
        return { path, op: 'create', before: null, after: h.contents };
      case 'delete':
        return { path, op: 'delete', after: null };
      case 'update':
        return h.movePath !== undefined ? { path, op: 'rename', movePath: resolvePath(h.movePath, cwd), patch: h.text } : { path, op: 'update', patch: h.text };
    }
  });
}

/** The lines a Read read (`offset` 1-based, `limit` lines). */
export function fileReadsOf(name: string, args: JsonObject, cwd: string | undefined): FileRead[] {
  const raw = argPath(args);
  if (toolKind(name) !== 'read' || raw === undefined) {
    return [];
  }
  const read: FileRead = { path: resolvePath(raw, cwd) };
  const offset = num(args.offset);
  const limit = num(args.limit);
  if (offset !== undefined && offset >= 1) {
    read.startLine = offset;
    if (limit !== undefined && limit >= 1) {
      read.endLine = offset + limit - 1;
    }
  } else if (limit !== undefined && limit >= 1) {
    read.startLine = 1;
    read.endLine = limit;
  }
  return [read];
}

/**
 * A Shell call as a command run. `result`: its recorded result text — the CLI writes `Exit code: N` and the output
 * in a fenced block; the editor's transcripts record no result (exit code null, no output: "not recorded").
 */
export function commandOf(name: string, args: JsonObject, cwd: string | undefined, result: string | undefined): CommandRun | undefined {
  const command = nonEmpty(args.command);
  if (toolKind(name) !== 'shell' || command === undefined) {
    return undefined;
  }
  const run: CommandRun = { command, exitCode: null, output: '' };
  const dir = nonEmpty(args.working_directory) ?? nonEmpty(args.cwd) ?? cwd;
  if (dir !== undefined) {
    run.cwd = resolvePath(dir, cwd);
  }
  if (result !== undefined) {
    const code = /^Exit code: (-?\d+)/.exec(result);
    if (code) {
      run.exitCode = Number(code[1]);
    }
    const fenced = /Command output:\n\n```[^\n]*\n([\s\S]*?)\n?```\s*$/.exec(result);
    run.output = fenced ? fenced[1] : result;
  }
  return run;
}

/** A tool result's text: a string, or text blocks (`[{type:"text", text}]`). */
export function resultText(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  if (Array.isArray(value)) {
    const texts = value.filter(isObject).map((b) => str(b.text)).filter((t): t is string => t !== undefined);
    return texts.length > 0 ? texts.join('\n') : undefined;
  }
  return undefined;
}

/** What the person typed: the `<user_query>` of a user message (Cursor wraps it with context), else the text. */
export function promptTextOf(text: string): string {
  const query = /<user_query>\s*([\s\S]*?)\s*<\/user_query>/.exec(text);
  return (query ? query[1] : text).trim();
}
