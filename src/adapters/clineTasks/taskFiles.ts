// A `tool` UI message (`say`/`ask` "tool", text = JSON ClineSayTool) as a step's kind, file changes and reads.
// Shapes: cline/cline v3.89.0 `apps/vscode/src/shared/ExtensionMessage.ts` ClineSayTool and
// `apps/vscode/src/core/task/tools/handlers/WriteToFileToolHandler.ts` (write_to_file, replace_in_file,
// new_rule: `content` is the whole new text, or the SEARCH/REPLACE blocks); RooCodeInc/Roo-Code cb83656
// `packages/types/src/vscode-extension-host.ts` ClineSayTool, `src/core/tools/WriteToFileTool.ts` (`content`: a
// unified diff of the change), `ApplyDiffTool.ts` (`diff`: SEARCH/REPLACE blocks with `:start_line:`, `content`: a
// unified diff, `originalContent`: the file before), multi-file apply_diff (`batchDiffs[]`), and older Roo tools
// `insertContent` / `searchAndReplace` (`diff`: a unified diff). Paths are as `getReadablePath` shows them: relative
// to the task's folder inside it, absolute outside.
import { isAbsolute, posix, win32 } from 'node:path';
import type { FileChange, FileRead, ToolKind } from '../../core/model';
import { arr, isObject, num, str, type JsonObject } from '../../core/jsonValues';
import { normalizePath } from '../../core/paths';
import { isSearchReplace, searchReplaceBlocks, searchReplaceHunks } from './searchReplace';

const kinds: Readonly<Record<string, ToolKind>> = {
  editedExistingFile: 'edit',
  appliedDiff: 'edit',
  insertContent: 'edit',
  searchAndReplace: 'edit',
  newFileCreated: 'write',
  fileDeleted: 'delete',
  readFile: 'read',
  readCommandOutput: 'read',
  listFilesTopLevel: 'search',
  listFilesRecursive: 'search',
  listCodeDefinitionNames: 'search',
  searchFiles: 'search',
  codebaseSearch: 'search',
  newTask: 'agent',
};

/** The model's tool a UI tool message stands for (the tool handlers that say each one). */
const toolNames: Readonly<Record<string, string>> = {
  appliedDiff: 'apply_diff',
  insertContent: 'insert_content',
  searchAndReplace: 'search_and_replace',
  newFileCreated: 'write_to_file',
  fileDeleted: 'delete_file',
  readFile: 'read_file',
  readCommandOutput: 'read_command_output',
  listFilesTopLevel: 'list_files',
  listFilesRecursive: 'list_files',
  listCodeDefinitionNames: 'list_code_definition_names',
  searchFiles: 'search_files',
  codebaseSearch: 'codebase_search',
  webFetch: 'web_fetch',
  webSearch: 'web_search',
  newTask: 'new_task',
  switchMode: 'switch_mode',
  updateTodoList: 'update_todo_list',
};

/**
 * The tool's name as the model called it: an `editedExistingFile` is Cline's replace_in_file when its content is
 * SEARCH/REPLACE blocks, otherwise write_to_file (Roo says it for write_to_file only). Unknown: the message's own name.
 */
export function sayToolName(tool: JsonObject): string {
  const name = str(tool.tool) ?? 'unknown';
  if (name === 'editedExistingFile') {
    return isSearchReplace(str(tool.content) ?? '') ? 'replace_in_file' : 'write_to_file';
  }
  return toolNames[name] ?? name;
}

export function sayToolKind(tool: string): ToolKind {
  return kinds[tool] ?? 'other';
}

/** An absolute, normalized path for a path as the extension shows it (relative to the task's folder). */
export function resolveTaskPath(path: string, cwd: string | undefined): string {
  if (isAbsolute(path) || win32.isAbsolute(path) || cwd === undefined) {
    return normalizePath(path);
  }
  return normalizePath(posix.join(normalizePath(cwd), path.replace(/\\/g, '/')));
}

/** Whether a text is a unified diff (has a hunk header line). */
function isUnifiedDiff(text: string | undefined): text is string {
  return text !== undefined && /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@/m.test(text);
}

/** The patch of SEARCH/REPLACE blocks that name their lines (Roo), or undefined. */
function blocksPatch(diff: string | undefined): string | undefined {
  const blocks = diff !== undefined ? searchReplaceBlocks(diff) : undefined;
  return blocks ? searchReplaceHunks(blocks) : undefined;
}

/** What the tool message says an edit did; `after`: the file's saved content the API history gives (Cline). */
function editChange(tool: JsonObject, name: string, path: string, after: string | undefined): FileChange {
  const content = str(tool.content);
  const diff = str(tool.diff);
  const before = str(tool.originalContent);
  if (name === 'newFileCreated') {
    // Cline: the whole text; Roo: a unified diff of it from nothing (its added lines), which a patch replays exactly.
    const text = after ?? (content !== undefined && !isUnifiedDiff(content) ? content : undefined);
    if (text !== undefined) {
      return { path, op: 'create', before: null, after: text };
    }
    return isUnifiedDiff(content) ? { path, op: 'create', before: null, patch: content } : { path, op: 'create', before: null };
  }
  if (after !== undefined) {
    return before !== undefined ? { path, op: 'update', before, after } : { path, op: 'update', after };
  }
  const patch = [content, diff].find(isUnifiedDiff) ?? blocksPatch(diff);
  if (name === 'editedExistingFile' && content !== undefined && !isUnifiedDiff(content) && !isSearchReplace(content)) {
    // Cline's write_to_file over an existing file: the whole new text.
    return { path, op: 'update', after: content };
  }
  const change: FileChange = { path, op: 'update' };
  if (before !== undefined) {
    change.before = before;
  }
  if (patch !== undefined) {
    change.patch = patch;
  }
  return change;
}

/**
 * What the file must hold after the tool message's edit, to tell its saved content from another edit's: the REPLACE
 * texts of its blocks, or (a whole write) its first line. A denied edit has a tool message but no saved content, so
 * the next saved content is taken only when it fits.
 */
export function editEvidence(tool: JsonObject): string[] {
  const content = str(tool.content) ?? '';
  const blocks = isSearchReplace(content) ? searchReplaceBlocks(content) : undefined;
  if (blocks) {
    return blocks.map((b) => b.replace.join('\n').trim()).filter((t) => t !== '');
  }
  const first = content.split('\n').find((l) => l.trim() !== '');
  return first !== undefined && !isUnifiedDiff(content) ? [first.trim()] : [];
}

/** The file changes of a tool message; `finalContent(path)` takes the next saved content of that file, if recorded. */
export function sayToolChanges(tool: JsonObject, cwd: string | undefined, finalContent: (path: string) => string | undefined): FileChange[] {
  const name = str(tool.tool) ?? '';
  const kind = sayToolKind(name);
  if (name === 'appliedDiff' && Array.isArray(tool.batchDiffs)) {
    return arr(tool.batchDiffs).flatMap((b): FileChange[] => {
      const p = isObject(b) ? str(b.path) : undefined;
      if (!isObject(b) || p === undefined) {
        return [];
      }
      const blocks = arr(b.diffs).flatMap((d) => (isObject(d) ? (searchReplaceBlocks(str(d.content) ?? '') ?? []).map((x) => ({ ...x, startLine: x.startLine ?? num(d.startLine) })) : []));
      const patch = isUnifiedDiff(str(b.content)) ? str(b.content) : blocks.length > 0 ? searchReplaceHunks(blocks) : undefined;
      const path = resolveTaskPath(p, cwd);
      return [patch !== undefined ? { path, op: 'update', patch } : { path, op: 'update' }];
    });
  }
  const p = str(tool.path);
  if (p === undefined || (kind !== 'edit' && kind !== 'write' && kind !== 'delete')) {
    return [];
  }
  const path = resolveTaskPath(p, cwd);
  if (kind === 'delete') {
    return [{ path, op: 'delete', after: null }];
  }
  return [editChange(tool, name, path, finalContent(path))];
}

export function sayToolReads(tool: JsonObject, cwd: string | undefined): FileRead[] {
  const p = str(tool.path);
  if (str(tool.tool) !== 'readFile' || p === undefined) {
    return [];
  }
  const read: FileRead = { path: resolveTaskPath(p, cwd) };
  const start = num(tool.readLineStart) ?? num(tool.startLine);
  const end = num(tool.readLineEnd);
  if (start !== undefined) {
    read.startLine = start;
  }
  if (end !== undefined) {
    read.endLine = end;
  }
  return [read];
}
