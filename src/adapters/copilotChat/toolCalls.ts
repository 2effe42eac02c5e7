// Copilot Chat's tools as the model calls them (`result.metadata.toolCallRounds[].toolCalls[]`, and the event
// stream's `tool.execution_start`): their kinds, the files they read, the commands they run, and the text of their
// results (`result.metadata.toolCallResults`, prompt-tsx trees). Names from microsoft/vscode-copilot-chat
// src/extension/tools/common/toolNames.ts.
import type { FileRead, ToolKind } from '../../core/model';
import { arr, isObject, num, obj, str } from '../../core/jsonValues';
import { normalizePath } from '../../core/paths';

const kindByName: Readonly<Record<string, ToolKind>> = {
  read_file: 'read',
  list_dir: 'read',
  get_errors: 'read',
  create_file: 'write',
  create_directory: 'write',
  replace_string_in_file: 'edit',
  multi_replace_string_in_file: 'edit',
  insert_edit_into_file: 'edit',
  apply_patch: 'edit',
  edit_notebook_file: 'edit',
  run_in_terminal: 'shell',
  run_task: 'shell',
  file_search: 'search',
  grep_search: 'search',
  semantic_search: 'search',
  search_workspace_symbols: 'search',
  list_code_usages: 'search',
  runSubagent: 'agent',
  search_subagent: 'agent',
};

export function chatToolKind(name: string): ToolKind {
  return kindByName[name] ?? 'other';
}

/** `read_file {filePath, startLine, endLine}`: the file and lines read. */
export function chatToolReads(name: string, args: unknown): FileRead[] {
  const a = obj(args);
  const path = str(a?.filePath) ?? str(a?.path);
  if (name !== 'read_file' || path === undefined) {
    return [];
  }
  const start = num(a?.startLine);
  const end = num(a?.endLine);
  return [{ path: normalizePath(path), ...(start !== undefined && start > 0 ? { startLine: start } : {}), ...(end !== undefined && end > 0 ? { endLine: end } : {}) }];
}

/** `run_in_terminal {command}`: the command the model asked for. */
export function chatShellCommand(name: string, args: unknown): string | undefined {
  return name === 'run_in_terminal' ? str(obj(args)?.command) : undefined;
}

/** A tool call's `arguments`: a JSON string in the rounds, an object in the event stream. */
export function parsedArguments(v: unknown): unknown {
  if (typeof v !== 'string') {
    return v ?? {};
  }
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

/**
 * The text of a tool result as the model got it: `{content: [parts]}` where a part is a text part (`{value: string}`)
 * or a prompt-tsx tree (`{value: {node: {children: [...]}}}` whose leaves are `{type: 2, text}`).
 */
export function resultText(result: unknown): string | undefined {
  const parts = arr(obj(result)?.content);
  if (parts.length === 0) {
    return undefined;
  }
  const out: string[] = [];
  const walk = (node: unknown, depth: number): void => {
    if (!isObject(node) || depth > 64) {
      return;
    }
    if (typeof node.text === 'string') {
      out.push(node.text);
    }
    for (const c of arr(node.children)) {
      walk(c, depth + 1);
    }
  };
  for (const p of parts) {
    const part = obj(p);
    if (typeof part?.value === 'string') {
      out.push(part.value);
    } else {
      walk(obj(obj(part?.value)?.node), 0);
    }
  }
  return out.join('');
}

/** The chat UI's tool ids whose model-facing names differ (toolNames.ts: ContributedToolName ↔ ToolName). */
const modelNameById: Readonly<Record<string, string>> = {
  copilot_applyPatch: 'apply_patch',
  copilot_searchCodebase: 'semantic_search',
  copilot_findFiles: 'file_search',
  copilot_findTextInFiles: 'grep_search',
  copilot_readFile: 'read_file',
  copilot_listDirectory: 'list_dir',
  copilot_getErrors: 'get_errors',
  copilot_getChangedFiles: 'get_changed_files',
  copilot_insertEdit: 'insert_edit_into_file',
  copilot_createFile: 'create_file',
  copilot_replaceString: 'replace_string_in_file',
  copilot_multiReplaceString: 'multi_replace_string_in_file',
  copilot_editNotebook: 'edit_notebook_file',
  copilot_fetchWebPage: 'fetch_webpage',
  copilot_findTestFiles: 'test_search',
  copilot_createDirectory: 'create_directory',
  copilot_createAndRunTask: 'create_and_run_task',
  copilot_runTests1: 'runTests',
  copilot_searchWorkspaceSymbols: 'search_workspace_symbols',
  copilot_memory: 'memory',
};

/** Tool ids of the chat UI and the model's names (`copilot_readFile` ↔ `read_file`) compared loosely. */
export function sameTool(toolId: string, name: string): boolean {
  if (modelNameById[toolId] === name) {
    return true;
  }
  const squash = (s: string): string => s.replace(/^copilot_/, '').replace(/[_-]/g, '').toLowerCase();
  const a = squash(toolId);
  const b = squash(name);
  return a === b || (a.length >= 6 && b.startsWith(a)) || (b.length >= 6 && a.startsWith(b));
}

/** The model's tool call id without the `__vscode-<n>` suffix VS Code adds for uniqueness. */
export function baseCallId(id: string): string {
  return id.split('__vscode-')[0];
}
