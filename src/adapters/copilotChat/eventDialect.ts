// Copilot Chat's own transcripts (`GitHub.copilot-chat/transcripts/<sessionId>.jsonl`, SessionTranscriptService in
// microsoft/vscode-copilot-chat src/extension/chat/vscode-node/sessionTranscriptService.ts) use Copilot CLI's event
// vocabulary, read by the Copilot CLI adapter's event log parser with this dialect: the chat's tool names, file
// changes from the calls' arguments (the completion records only `success` and, sometimes, `result.content`), and no
// exit codes (not recorded).
import type { EventDialect } from '../copilot/eventLog';
import { parseApplyPatch } from '../codex/applyPatch';
import type { CommandRun, FileChange } from '../../core/model';
import { obj, str, type JsonObject } from '../../core/jsonValues';
import { normalizePath } from '../../core/paths';
import { chatShellCommand, chatToolKind, chatToolReads, parsedArguments } from './toolCalls';

/** Arguments kept from a call's start to its completion, at most this many characters of text. */
const keptLimit = 256 * 1024;

function keptArgs(name: string, raw: unknown): JsonObject | undefined {
  const args = obj(parsedArguments(raw));
  if (!args) {
    return undefined;
  }
  const size = (v: unknown): number => (typeof v === 'string' ? v.length : 0);
  if (name === 'apply_patch' && size(args.input) > 0 && size(args.input) <= keptLimit) {
    return { input: args.input };
  }
  if (name === 'create_file' && str(args.filePath) !== undefined && size(args.content) <= keptLimit) {
    return { filePath: args.filePath, content: args.content ?? '' };
  }
  if ((name === 'replace_string_in_file' || name === 'insert_edit_into_file') && str(args.filePath) !== undefined) {
    return { filePath: args.filePath };
  }
  return undefined;
}

/** What a completed call changed, from its arguments; nothing for a failed call. */
function toolFileChanges(name: string, kept: JsonObject | undefined, data: JsonObject): FileChange[] {
  if (data.success !== true || !kept) {
    return [];
  }
  if (name === 'apply_patch') {
    const parsed = parseApplyPatch(str(kept.input) ?? '');
    if (!parsed.ok) {
      return [];
    }
    return parsed.hunks.map((h): FileChange => {
      const path = normalizePath(h.path);
      if (h.type === 'add') {
        return { path, op: 'create', before: null, after: h.contents };
      }
      if (h.type === 'delete') {
        return { path, op: 'delete', after: null };
      }
      return h.movePath !== undefined ? { path, op: 'rename', patch: h.text, movePath: normalizePath(h.movePath) } : { path, op: 'update', patch: h.text };
    });
  }
  const path = str(kept.filePath);
  if (path === undefined) {
    return [];
  }
  if (name === 'create_file') {
    return [{ path: normalizePath(path), op: 'create', before: null, after: str(kept.content) ?? '' }];
  }
  // A string replacement or an edit with "…existing code…" markers: the file changed, its contents are not recorded.
  return [{ path: normalizePath(path), op: 'update' }];
}

function commandRun(command: string, data: JsonObject, cwd: string | undefined, durationMs: number | undefined): CommandRun {
  return {
    command,
    ...(cwd !== undefined ? { cwd } : {}),
    exitCode: null,
    output: str(obj(data.result)?.content) ?? '',
    ...(durationMs !== undefined ? { durationMs } : {}),
  };
}

export const copilotChatDialect: EventDialect = {
  agent: 'copilot-chat',
  toolKind: chatToolKind,
  toolReads: (name, args) => chatToolReads(name, parsedArguments(args)),
  shellCommand: (name, args) => chatShellCommand(name, parsedArguments(args)),
  keptArgs,
  toolFileChanges,
  commandRun,
};
