// The serializable parser state carried between incremental reads of one Qwen Code transcript. Every list in it is
// capped: a session may run for thousands of prompts and calls whose results never come.

/** What a tool result needs from its call (an earlier `assistant` record, maybe read in an earlier run). */
export interface PendingCall {
  name: string;
  /** The call's record timestamp, for durationMs. */
  ts?: string;
  /** file_path of file tools. */
  path?: string;
  /** run_shell_command's command. */
  command?: string;
  /** read_file's line window, as given. */
  offset?: number;
  limit?: number;
  background?: boolean;
}

export interface QwenCodeState {
  /** The session of the records read last. */
  sessionId?: string;
  /** The first cwd of the session: where it was started (file-history keys are relative to it). */
  startCwd?: string;
  version?: string;
  models: string[];
  /** The current prompt: the uuid of its `user` record. */
  promptId?: string;
  /** The prompts read so far, `[uuid, parentUuid]`, oldest first: a `rewind` names the record before a prompt. */
  prompts: Array<[string, string | null]>;
  /** functionCall id → call, until its tool_result arrives. */
  pending: Record<string, PendingCall>;
  /**
   * Qwen's own prompt ids (`<sessionId>########<n>`, in file-history snapshots and telemetry) → the uuid of the `user`
   * record of that prompt: the n is no prompt number (resumes skip some), so the binding is made when it first shows.
   */
  qwenPrompts: Record<string, string>;
}

export const MAX_PENDING_CALLS = 500;
/**
 * Prompts remembered for rewinds and snapshot bindings (the state is kept with the file's cursor): a rewind or a
 * snapshot naming an older prompt is reported, not followed.
 */
export const MAX_PROMPTS = 1000;

export function emptyState(): QwenCodeState {
  return { models: [], prompts: [], pending: {}, qwenPrompts: {} };
}
