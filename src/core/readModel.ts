// Read-side shapes shared by the store, the index worker protocol, the views and the CLI.
import type { AgentId, FileChangeOp, PromptDetail, PromptTree, Session, Timestamp } from './model';

export interface SessionSummary {
  /** Store key: `${agent}:${id}`. */
  key: string;
  agent: AgentId;
  id: string;
  title: string;
  cwd: string;
  startedAt: Timestamp;
  updatedAt: Timestamp;
  models: string[];
  parentSessionId?: string;
  cliVersion?: string;
  /** The conversation tree, for sessions that branched (Pi `/tree`). */
  promptTree?: PromptTree;
  promptCount: number;
  /** Distinct files changed over the whole session. */
  filesChanged: number;
  commandCount: number;
  sources: string[];
}

export interface ChangedFileSummary {
  path: string;
  op: FileChangeOp;
  movePath?: string;
  /** Number of recorded changes to this file within the prompt. */
  changeCount: number;
}

export interface CommandSummary {
  stepId: string;
  command: string;
  exitCode: number | null;
  /** A non-zero exit code, or a result the agent marked as an error without giving a code (a hook refused it…). */
  failed: boolean;
  /** First lines of the output (full output is in the blob archive). */
  outputPreview: string;
  timestamp: Timestamp;
}

export interface PromptSummary {
  sessionKey: string;
  id: string;
  index: number;
  text: string;
  timestamp: Timestamp;
  filesChanged: ChangedFileSummary[];
  filesRead: string[];
  commands: CommandSummary[];
  stepCount: number;
  /** Only on a prompt of a branch its session did not end on (Pi `/tree`): which, in words (otherBranchMarks). */
  otherBranch?: string;
}

/**
 * One prompt of a session without its steps: what the timeline shows before the steps are loaded (heading, counts,
 * checkpoint marker, filters). The store computes it from its derived tables and step metadata, never from the
 * archived bodies, so a 1,000-prompt session's outline costs a few queries.
 */
export interface PromptOutline {
  id: string;
  index: number;
  text: string;
  timestamp: Timestamp;
  stepCount: number;
  /** Tool calls, and of those: edits, commands, failures, as the timeline classifies its steps. */
  toolCalls: number;
  edits: number;
  commands: number;
  failures: number;
  /** Changes whenever a step of the prompt does (a result arriving, a step appended): the page reloads those. */
  version: string;
  /** Recorded file changes in step order (every tool step's, as the checkpoint planner reads them). */
  changes: { path: string; movePath?: string }[];
  /** Command lines with their cwd when recorded, for the files shell commands write. */
  commandLines: { command: string; cwd?: string }[];
}

/** A prompt with its steps, and the version the outline gives it (PromptOutline.version) at the time it was read. */
export interface VersionedPrompt extends PromptDetail {
  version: string;
}

export interface SessionOutline extends Session {
  prompts: PromptOutline[];
  /** Distinct files (rename targets counted as their new path) changed by edit steps over the whole session. */
  filesChanged: number;
}

/**
 * A prompt's net change to one file: the content before its first change and after its last change in that
 * prompt. `undefined` = not known from the transcripts; `null` = the file did not exist.
 * When the exact contents are unknown, `patches` lists the recorded patch texts in order.
 */
export interface PromptFileDiff {
  path: string;
  before: string | null | undefined;
  after: string | null | undefined;
  patches: string[];
}

export interface IndexStats {
  sources: number;
  sessions: number;
  prompts: number;
  steps: number;
  issues: Record<string, number>;
  lastRunMs: number;
  searchedRoots: Partial<Record<AgentId, string[]>>;
}
