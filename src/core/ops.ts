// What an adapter emits while parsing a transcript: idempotent upserts keyed by the agents' own ids,
// so re-reading a rewritten file, a resumed session or a replayed fork never duplicates anything.
import type { AgentId, CommandRun, FileChange, FileRead, PromptTree, Step, Timestamp, ToolKind, ToolResult } from './model';

export interface SessionPatch {
  agent: AgentId;
  id: string;
  cwd?: string;
  title?: string;
  /** Titles have a priority: an explicit user title beats an AI title beats a summary. Higher wins. */
  titlePriority?: number;
  timestamp?: Timestamp;
  model?: string;
  parentSessionId?: string;
  cliVersion?: string;
  /** Replaces the stored tree whole. */
  promptTree?: PromptTree;
}

/** Fields given override the stored ones; absent fields are kept. Arrays are replaced whole. */
export interface StepPatch {
  id: string;
  promptId?: string;
  type?: Step['type'];
  timestamp?: Timestamp;
  text?: string;
  model?: string;
  name?: string;
  kind?: ToolKind;
  input?: unknown;
  result?: ToolResult;
  durationMs?: number;
  fileChanges?: FileChange[];
  command?: CommandRun;
  reads?: FileRead[];
  childSessionId?: string;
}

export type IndexOp =
  | { op: 'session'; session: SessionPatch }
  /** Upsert a prompt; its 1-based index is assigned on first insert, in emission order. */
  | { op: 'prompt'; sessionId: string; id: string; text: string; timestamp: Timestamp }
  | { op: 'step'; sessionId: string; step: StepPatch }
  /**
   * An agent's own rewind (Gemini `$rewindTo`, Qwen `rewind`, Copilot `/rewind`, OpenCode undo): the prompt/step with
   * this record id and everything after it is gone. Without `recordId` every prompt and step of the session is gone
   * (a transcript rewound to before its first prompt has no record left to name); the session itself stays.
   */
  | { op: 'rewind'; sessionId: string; recordId?: string }
  /**
   * An agent's own file backup (Claude Code file-history): the content of `path` at the start of `promptId`.
   * `backupPath` is the absolute path of the backup file, or null when the file did not exist then.
   * The store copies the backup into its blob archive so it survives the agent deleting it.
   */
  | {
      op: 'fileBackup';
      sessionId: string;
      promptId: string;
      path: string;
      backupPath: string | null;
      version: number;
      timestamp: Timestamp;
      /**
       * The backup file's content as the parse source read it (the parse worker reads it off the storing thread), or
       * why it could not; absent: the store reads `backupPath` itself.
       */
      backup?: { text: string } | { error: string };
    };

/**
 * What can be wrong with a transcript or the archive, in the order they are always listed (logs, stats): the ones that
 * lose data first. `too-deep`: a record nested deeper than core/jsonDepth's bound, its deep part replaced by a marker.
 * `archive-damaged`: a content the index refers to is missing from (or corrupt in) the blob archive.
 */
export const issueKinds = [
  'io',
  'invalid-json',
  'oversized-line',
  'binary',
  'too-deep',
  'archive-damaged',
  'partial-line',
  'missing-field',
  'rewritten',
  'unknown-record',
] as const;

export type IssueKind = (typeof issueKinds)[number];

/** Issue counts with their kinds in `issueKinds` order (kinds this release does not know after them, by name). */
export function orderedIssueCounts(counts: Readonly<Record<string, number>>): Record<string, number> {
  const rank = (kind: string): number => {
    const i = (issueKinds as readonly string[]).indexOf(kind);
    return i < 0 ? issueKinds.length : i;
  };
  const kinds = Object.keys(counts).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, number> = {};
  for (const k of kinds) {
    out[k] = counts[k];
  }
  return out;
}

export interface ParseIssue {
  kind: IssueKind;
  file: string;
  line?: number;
  message: string;
}
