// What the API history (`api_conversation_history.json`, Anthropic MessageParams) adds to the UI messages: the
// exact file content after an edit and a command's exit code. Both are in the results the extension sent back to the
// model, as native `tool_result` blocks (tool_use ids naming the call) or, in older tasks, as user text
// "[<tool> for '<arg>'] Result:" after XML tool calls in the assistant's text.
// - Cline (cline/cline v3.89.0 `apps/vscode/src/core/prompts/responses.ts` fileEditWithoutUserChanges /
//   fileEditWithUserChanges): `<final_file_content path="<rel>">\n<content>\n</final_file_content>`: the file as saved
//   (after the user's own edits in the diff view and auto-formatting). Its commands' results carry no exit code.
// - Roo Code (RooCodeInc/Roo-Code cb83656 `src/core/tools/ExecuteCommandTool.ts`): "Command executed in terminal
//   within working directory '<cwd>'. … Exit code: N" (or "<undefined, notify user>", or "Process terminated by
//   signal …": unknown). Its edit results (`<file_write_result>`) carry no content.
import { arr, isObject, str, type JsonObject } from '../../core/jsonValues';
import { resolveTaskPath } from './taskFiles';

/** A command the API history has a result for, with the exit code that result states (null: not stated). */
export interface CommandResult {
  command: string;
  exitCode: number | null;
}

export interface ApiResults {
  /** Files' contents after each edit, by absolute path, in order. */
  finalContents: Map<string, string[]>;
  commands: CommandResult[];
}

function blockText(b: unknown): string {
  if (typeof b === 'string') {
    return b;
  }
  if (!isObject(b)) {
    return '';
  }
  if (typeof b.text === 'string') {
    return b.text;
  }
  if (b.type === 'tool_result') {
    return typeof b.content === 'string' ? b.content : arr(b.content).map(blockText).join('\n');
  }
  return '';
}

const finalContent = /<final_file_content path="([^"]*)">\n([\s\S]*?)\n<\/final_file_content>/g;

export function exitCodeIn(result: string): number | null {
  const m = /Exit code: (-?\d+)\b/.exec(result);
  return m ? Number(m[1]) : null;
}

function toolUses(history: readonly unknown[]): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  for (const m of history) {
    if (isObject(m) && m.role === 'assistant') {
      for (const b of arr(m.content)) {
        if (isObject(b) && b.type === 'tool_use' && typeof b.id === 'string') {
          out.set(b.id, b);
        }
      }
    }
  }
  return out;
}

/** The results of a parsed API history (anything that is not an array gives none). */
export function apiResults(history: unknown, cwd: string | undefined): ApiResults {
  const results: ApiResults = { finalContents: new Map(), commands: [] };
  const list = Array.isArray(history) ? history : [];
  const uses = toolUses(list);
  for (const m of list) {
    if (!isObject(m) || m.role !== 'user') {
      continue;
    }
    const blocks = typeof m.content === 'string' ? [m.content] : arr(m.content);
    blocks.forEach((b, i) => {
      const text = blockText(b);
      for (const f of text.matchAll(finalContent)) {
        const path = resolveTaskPath(f[1], cwd);
        results.finalContents.set(path, [...(results.finalContents.get(path) ?? []), f[2]]);
      }
      if (isObject(b) && b.type === 'tool_result') {
        const use = uses.get(str(b.tool_use_id) ?? '');
        const command = use?.name === 'execute_command' && isObject(use.input) ? str(use.input.command) : undefined;
        if (command !== undefined) {
          results.commands.push({ command, exitCode: exitCodeIn(text) });
        }
        return;
      }
      // XML tool calls: "[execute_command for '<command>'] Result:" then the result, in this block or the next.
      const xml = /^\[execute_command for '([\s\S]*)'\] Result:/.exec(text);
      if (xml) {
        results.commands.push({ command: xml[1], exitCode: exitCodeIn(text + '\n' + blockText(blocks[i + 1])) });
      }
    });
  }
  return results;
}
