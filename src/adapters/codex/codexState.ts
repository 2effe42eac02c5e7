// The parser state carried between incremental reads of one rollout (persisted as JSON by the indexer).
// Bounded: tool calls are remembered only until `maxCalls` newer ones arrived.
import type { ToolKind } from '../../core/model';

export interface CallMemo {
  promptId?: string;
  name: string;
  kind: ToolKind;
  /** Shell calls: the command line and the directory it ran in. */
  command?: string;
  cwd?: string;
  /** apply_patch calls: absolute paths in patch order (orders the exact per-file change map Codex records). */
  paths?: string[];
  /** An exact record (CommandExecution / exec_command_end) gave the command's result; outputs must not override it. */
  exactCommand?: boolean;
  /** An exact record (FileChange / patch_apply_end) gave the file changes. */
  exactChanges?: boolean;
  /** A command read from a code-mode `exec` script: the call id of that `exec` call. */
  nestedIn?: string;
}

export interface CodexState {
  version: 1;
  /** Session id when the file has no session_meta (derived from the file name). */
  fallbackSessionId: string;
  /** The file's own session: the FIRST session_meta (later ones are replayed parents of forks/subagents). */
  sessionId?: string;
  /** Whether a session op has been emitted (records before any meta still need a session). */
  sessionAnnounced: boolean;
  /** Inside a replayed parent history (see `replay.ts`). */
  replaying: boolean;
  /** The current turn's cwd: relative paths resolve against it. */
  cwd?: string;
  /** The first cwd the session announced: its folder, where it was started, whatever later turns say. */
  startCwd?: string;
  model?: string;
  /**
   * `session_meta.history_mode`: "paginated" rollouts record every command of a code-mode script as an item of its
   * own; "legacy" ones (and older builds without the field) only the script.
   */
  historyMode?: string;
  /** Last record timestamp (bare-era lines have none of their own). */
  lastTimestamp?: string;
  turnId?: string;
  /** The current turn already has its prompt (a second one gets a record-derived id). */
  turnHasPrompt: boolean;
  promptId?: string;
  /**
   * The latest prompt while no step followed it yet: the same prompt arrives twice (response item + event,
   * or UserMessage item + user_message), and the second rendering must reuse the first one's id.
   */
  recentPrompt?: { id: string; text: string; fromEvent: boolean };
  calls: Record<string, CallMemo>;
}

export const maxCalls = 256;

export function rememberCall(state: CodexState, id: string, memo: CallMemo): void {
  delete state.calls[id];
  state.calls[id] = memo;
  const ids = Object.keys(state.calls);
  // Insertion order is kept through JSON round trips (call ids are never integer-like), so the first keys are the oldest.
  for (let i = 0; i < ids.length - maxCalls; i++) {
    delete state.calls[ids[i]];
  }
}
