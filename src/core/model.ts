// The normalized model every feature is derived from: Session → Prompt → Step.
// Pure data; no I/O. Adapters produce it, the store persists it, views and the CLI read it.

export type AgentId =
  | 'claude-code'
  | 'codex'
  | 'gemini-cli'
  | 'opencode'
  | 'cursor'
  | 'copilot'
  | 'copilot-chat'
  | 'cline'
  | 'roo'
  | 'aider'
  | 'pi'
  | 'qwen-code';

export const agentLabels: Readonly<Record<AgentId, string>> = {
  'claude-code': 'Claude Code',
  codex: 'Codex',
  'gemini-cli': 'Gemini CLI',
  opencode: 'OpenCode',
  cursor: 'Cursor',
  copilot: 'Copilot CLI',
  'copilot-chat': 'Copilot Chat',
  cline: 'Cline',
  roo: 'Roo Code',
  aider: 'Aider',
  pi: 'Pi',
  'qwen-code': 'Qwen Code',
};

export type ToolKind = 'read' | 'edit' | 'write' | 'delete' | 'shell' | 'search' | 'agent' | 'other';

/** ISO-8601 UTC timestamp string, as the agents write them. */
export type Timestamp = string;

export interface Session {
  agent: AgentId;
  /** The agent's own session id (Claude sessionId, Codex thread id, Gemini sessionId). */
  id: string;
  /** Absolute working directory the session was started in (the first one its records give). */
  cwd: string;
  title?: string;
  startedAt: Timestamp;
  updatedAt: Timestamp;
  models: string[];
  /** For subagent sessions: the session that spawned it. */
  parentSessionId?: string;
  cliVersion?: string;
  /** Only for sessions whose agent branches the conversation in place (Pi `/tree`): see PromptTree. */
  promptTree?: PromptTree;
  /** Transcript files that contributed to this session. */
  sources: string[];
}

/**
 * The conversation tree of a session that branched (Pi: `/tree` moves back to an earlier entry and continues there,
 * the abandoned entries staying in the file). Prompts keep their order on disk (`index`): every branch's edits
 * happened, in that order. The tree says which prompts the conversation the user ended on is made of.
 */
export interface PromptTree {
  /** Prompt id → the prompt whose turn it continues, or null when it starts the conversation. */
  parents: Record<string, string | null>;
  /** The prompt the conversation ended on (the agent resumes there), or null before any prompt. */
  leaf: string | null;
  /** Prompt id → the label the user put on it (Pi `label` entries on any entry of the prompt's turn). */
  labels?: Record<string, string>;
  /** Prompt id → summary of the branch the user left at that prompt (Pi `branch_summary`, first line). */
  summaries?: Record<string, string>;
}

export interface Prompt {
  sessionId: string;
  /** The agent's own id for the prompt record (Claude uuid, Codex turn id, Gemini message id). */
  id: string;
  /** 1-based position in the session. */
  index: number;
  /** Exactly what the person typed (injected context removed). */
  text: string;
  timestamp: Timestamp;
}

export interface ToolResult {
  /** Text the tool returned (may be truncated in the DB; the full body is in the blob archive). */
  text: string;
  isError: boolean;
  timestamp?: Timestamp;
}

export type FileChangeOp = 'create' | 'update' | 'delete' | 'rename';

/**
 * One file change as the transcript records it. `before`/`after` are exact file contents when the
 * transcript gives them (Claude originalFile + patch, Gemini originalContent/newContent, Codex add/delete);
 * otherwise `patch` holds the exact patch text the agent applied (Codex update hunks).
 * `before: null` means the file did not exist; `after: null` means it was deleted; `undefined` means unknown.
 */
export interface FileChange {
  /** Absolute path (as recorded, normalized to forward slashes). */
  path: string;
  op: FileChangeOp;
  before?: string | null;
  after?: string | null;
  /** Unified diff or apply_patch hunk text for this file, when that is what the transcript gives. */
  patch?: string;
  /** For renames: the new absolute path. */
  movePath?: string;
}

export interface CommandRun {
  command: string;
  cwd?: string;
  /** null when the transcript does not say (e.g. still running, or not recorded). */
  exitCode: number | null;
  output: string;
  durationMs?: number;
}

export interface FileRead {
  path: string;
  startLine?: number;
  endLine?: number;
}

interface StepBase {
  /** Stable id within the session (tool call id, or record id + block index). */
  id: string;
  promptId: string;
  timestamp: Timestamp;
}

export interface AssistantTextStep extends StepBase {
  type: 'text';
  text: string;
  model?: string;
}

export interface ReasoningStep extends StepBase {
  type: 'reasoning';
  text: string;
}

export interface ToolCallStep extends StepBase {
  type: 'tool';
  name: string;
  kind: ToolKind;
  input: unknown;
  result?: ToolResult;
  durationMs?: number;
  fileChanges: FileChange[];
  command?: CommandRun;
  reads: FileRead[];
  /** For agent/subagent calls: the spawned session id. */
  childSessionId?: string;
}

export type Step = AssistantTextStep | ReasoningStep | ToolCallStep;

/** A session with its prompts and steps, as `agent-trail show` prints it. */
export interface SessionDetail extends Session {
  prompts: PromptDetail[];
}

export interface PromptDetail extends Prompt {
  steps: Step[];
}
