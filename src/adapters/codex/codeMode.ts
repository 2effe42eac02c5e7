// Codex code mode (0.14x+, models whose catalog entry says `tool_mode: "code_mode_only"`): the model's only tool is
// the freeform `exec` (JavaScript); commands run inside the script through `tools.exec_command(…)`. What the rollout
// keeps of them depends on the history mode (recorded: test/fixtures/recorded/codex-code-mode-*):
// - "paginated" (0.16x+): one `item_completed` CommandExecution / FileChange per nested call, id `exec-<uuid>`
//   (codex-rs/core/src/tools/code_mode/mod.rs, call_nested_tool) — exact, read like any other command record;
// - "legacy" (0.145.0): only the `exec` custom_tool_call (the script) and its custom_tool_call_output (what the
//   script printed); nested apply_patch calls still leave a patch_apply_end, nested commands nothing
//   (codex-rs/rollout/src/policy.rs: ExecCommandEnd is never persisted, ItemCompleted only when paginated).
// So for legacy rollouts the commands are read from the script, one step per `tools.exec_command(…)` call.
import { nestedToolCalls } from './codeModeScript';
import { classifyFunctionCall, type ClassifiedCall } from './toolCalls';

/** The code-mode tool's name (codex_code_mode::PUBLIC_TOOL_NAME). */
export const codeModeTool = 'exec';

// The nested tools that run a command; apply_patch is left to its patch_apply_end / FileChange record.
const commandTools = new Set(['exec_command', 'shell_command', 'shell']);

/** Ids Codex gives the tool calls a script makes: `exec-<uuid>`. */
export function isCodeModeNestedId(id: string): boolean {
  return /^exec-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}

/** The `exec` output starts with the script's status: "Script completed", "Script failed", "Script terminated". */
export function scriptFailed(output: string): boolean {
  return /^Script (failed|terminated)\b/.test(output);
}

export interface ScriptCommand {
  /** `<exec call id>#<n>`: n counts the script's nested tool calls in source order, so ids survive re-indexing. */
  id: string;
  call: ClassifiedCall;
}

/**
 * The commands of a script, in source order. A command whose text is not a literal (a template with `${…}`, a
 * variable) keeps its source text: that is all the record says about it, and a loop may have run it several times.
 */
export function codeModeCommands(callId: string, script: string, cwd: string | undefined): ScriptCommand[] {
  const out: ScriptCommand[] = [];
  nestedToolCalls(script).forEach((nested, i) => {
    if (!commandTools.has(nested.tool) || nested.args === undefined) {
      return;
    }
    const args = { ...nested.args };
    // A directory the script computes is unknown here: better no cwd than the variable's name taken for a path.
    const dynamicDir = ['workdir', 'cwd'].some((k) => nested.dynamicKeys.includes(k));
    if (dynamicDir) {
      delete args.workdir;
      delete args.cwd;
    }
    const call = classifyFunctionCall(nested.tool, args, nested.args, cwd);
    if (call.kind === 'shell' && call.command !== undefined) {
      out.push({ id: `${callId}#${i + 1}`, call: dynamicDir ? { ...call, cwd: undefined } : call });
    }
  });
  return out;
}
