// The serializable parser state carried between incremental reads of one transcript file.
// Everything in it is bounded: pending tool calls are dropped when their result arrives (and capped),
// the uuid ring, the unmatched summaries and the deferred steps are capped too.
import type { StepPatch } from '../../core/ops';

/** What a tool_result needs from its tool_use, which may have been read in an earlier run. */
export interface PendingCall {
  name: string;
  /** tool_use record timestamp (for durationMs) */
  ts?: string;
  cwd?: string;
  /** file_path / notebook_path as given to the tool */
  path?: string;
  /** Bash command */
  command?: string;
  /** Write content; kept only when small, as the fallback for results without `toolUseResult` */
  content?: string;
}

/** A file-history entry whose cwd-relative path cannot be resolved yet (no record with a cwd seen so far). */
export interface UnresolvedBackup {
  sessionId: string;
  promptId: string;
  key: string;
  backupPath: string | null;
  version: number;
  timestamp: string;
}

export interface ClaudeCodeState {
  /** Effective session id of the last transcript record (subagent files: `${sessionId}:${agentId}`). */
  sessionId?: string;
  /** The cwd of the last record: relative tool paths resolve against it (`cd` in Bash moves it). */
  cwd?: string;
  /** The first cwd of `sessionId` in this file: the session's folder (where it was started). */
  startCwd?: string;
  /** First cwd of the file: file-history keys are relative to the directory Claude was launched in. */
  rootCwd?: string;
  version?: string;
  /** Models already announced for `sessionId`. */
  models: string[];
  /** Current prompt (record uuid) of `sessionId`. */
  promptId?: string;
  /** A slash command waiting to see whether the model works on it (then it becomes the prompt). */
  pendingCommand?: { id: string; text: string; timestamp: string };
  /** tool_use id → call info, until its tool_result arrives. */
  pending: Record<string, PendingCall>;
  /**
   * The most recent record uuids (MAX_RECENT_UUIDS), to match `summary.leafUuid`, as runs of consecutive uuids of one
   * effective session id: `[sessionId, uuids]`. The state is saved with the file's cursor in the index DB (held whole
   * in memory), and pairs repeated the session id with every uuid: most of the state of every transcript.
   */
  recentUuids: Array<[string, string[]]>;
  /** Summaries whose leaf has not been seen in this file yet. */
  summaries: Array<{ leafUuid: string; summary: string }>;
  unresolvedBackups: UnresolvedBackup[];
  /**
   * Steps seen before their session's first prompt. Claude's TUI creates the file lazily and can write the
   * first assistant records BEFORE the prompt they answer, so such steps wait (bounded) for that prompt.
   */
  deferred?: { steps: Array<{ sessionId: string; step: StepPatch }>; lines: number; bytes: number };
  /** Set once waiting gave up: the session really has steps without a prompt; emit them directly. */
  promptless?: boolean;
  /** A 2.0.x "Warmup" subagent transcript: nothing in it is indexed. */
  warmup?: boolean;
}

export const MAX_PENDING_CALLS = 500;
export const MAX_PENDING_CONTENT = 1024 * 1024;
export const MAX_RECENT_UUIDS = 64;
export const MAX_SUMMARIES = 32;
export const MAX_UNRESOLVED_BACKUPS = 2000;
/** How many lines deferred steps wait for their prompt (the TUI's reordering spans a handful). */
export const MAX_DEFER_LINES = 32;
export const MAX_DEFER_BYTES = 4 * 1024 * 1024;

export function emptyState(): ClaudeCodeState {
  return { models: [], pending: {}, recentUuids: [], summaries: [], unresolvedBackups: [] };
}

/** Remembers `uuid` as a record of `sessionId`, forgetting the oldest beyond MAX_RECENT_UUIDS. */
export function rememberUuid(st: ClaudeCodeState, uuid: string, sessionId: string): void {
  const last = st.recentUuids[st.recentUuids.length - 1];
  if (last && last[0] === sessionId) {
    last[1].push(uuid);
  } else {
    st.recentUuids.push([sessionId, [uuid]]);
  }
  let count = 0;
  for (const [, uuids] of st.recentUuids) {
    count += uuids.length;
  }
  while (count > MAX_RECENT_UUIDS) {
    const first = st.recentUuids[0];
    first[1].shift();
    count--;
    if (first[1].length === 0) {
      st.recentUuids.shift();
    }
  }
}

/** The session of a remembered record uuid (the oldest, should one be remembered twice), undefined when not remembered. */
export function sessionOfUuid(st: ClaudeCodeState, uuid: string): string | undefined {
  return st.recentUuids.find(([, uuids]) => uuids.includes(uuid))?.[0];
}
