// The index as the rest of the product sees it. The extension host talks to an implementation running in a
// worker thread (indexWorkerClient.ts); the CLI runs the same implementation in-process (indexEngine.ts).
import type { BlameBasis } from '../core/blame/blameEngine';
import type { ObservedSession } from '../core/blame/blameModel';
import type { AgentId, SessionDetail, Step } from '../core/model';
import type { IndexStats, PromptFileDiff, PromptSummary, SessionOutline, SessionSummary, VersionedPrompt } from '../core/readModel';
import type { SessionCheckpointData } from '../store/checkpointQueries';

export interface AgentSourceConfig {
  enabled: boolean;
  /** Data roots to search; empty = the agent's defaults (home directory, CLAUDE_CONFIG_DIR, CODEX_HOME…). */
  roots: string[];
}

export interface IndexConfig {
  /** Folder for index.db and the blob archive; undefined = in memory only (no workspace open). */
  storageDir: string | undefined;
  /** Absolute path of sql-wasm.wasm. */
  wasmPath: string;
  /** sqlite-wasm's `sqlite3.wasm`, for agents' databases; default: `sqlite3.wasm` next to `wasmPath`. */
  sqliteWasmPath?: string;
  /** Absolute workspace folder paths; a session belongs to one when its cwd is the folder or inside it. */
  workspaceFolders: string[];
  /** Per registered agent (adapters/agentRegistry.ts); an agent missing here is not read. */
  agents: Partial<Record<AgentId, AgentSourceConfig>>;
  /** minimatch globs over transcript file paths: only matching files are read (empty = all). */
  include: string[];
  /** minimatch globs over transcript file paths that are never read. */
  exclude: string[];
  /** Lines longer than this are skipped and counted (bytes). */
  maxLineBytes: number;
  home: string;
  env: Record<string, string | undefined>;
  /** Editors' user-data folders, for agents that keep their data there (AdapterEnvironment.editorUserDirs). */
  editorUserDirs?: string[];
  /** The running editor's storage folder of this workspace (AdapterEnvironment.workspaceStorageDir). */
  workspaceStorageDir?: string;
  /**
   * How long nothing must change before the DB is saved (ms). It is also saved when the journal since the last save
   * reaches a quarter of its size, and at flush/dispose; in between the archive journal is the durable record.
   */
  persistDelayMs: number;
}

export interface IndexChange {
  /** Keys of sessions whose data changed; empty = any may have (unless `observed` is set). */
  sessions: string[];
  /**
   * Files whose observed content was recorded (recordObservation): only their blame changed, no session did, so
   * consumers of session data ignore such a change.
   */
  observed?: string[];
}

export interface IndexProgress {
  /** Files processed so far in this pass, and the total discovered. */
  done: number;
  total: number;
  /** True for the very first pass of this store (nothing indexed yet). */
  initial: boolean;
  finished: boolean;
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface Unsubscribe {
  dispose(): void;
}

export interface IndexService {
  onDidChange(listener: (change: IndexChange) => void): Unsubscribe;
  onProgress(listener: (progress: IndexProgress) => void): Unsubscribe;
  /** Log lines from the indexer (parse issues are summarized per pass at info, detailed at debug). */
  onLog(listener: (level: LogLevel, message: string) => void): Unsubscribe;
  configure(config: IndexConfig): Promise<void>;
  /** One incremental pass over every discovered transcript; returns the stats after it. */
  refresh(): Promise<IndexStats>;
  /**
   * Start watching transcript folders (no polling): a changed transcript is read from its cursor, a new one found by
   * discovering its agent again; each fires a change event. How each folder is watched is logged.
   */
  watch(): Promise<void>;
  listSessions(agents?: AgentId[]): Promise<SessionSummary[]>;
  listPrompts(sessionKey: string): Promise<PromptSummary[]>;
  promptFileDiff(sessionKey: string, promptId: string, path: string): Promise<PromptFileDiff>;
  sessionDetail(sessionKey: string): Promise<SessionDetail | undefined>;
  /** A session's prompts without their steps (the timeline's first message), undefined: no such session. */
  sessionOutline(sessionKey: string): Promise<SessionOutline | undefined>;
  /** The prompts with index in [from, to] and their steps, archived bodies read back. */
  sessionPrompts(sessionKey: string, from: number, to: number): Promise<VersionedPrompt[]>;
  /** One step with its archived bodies (undefined: no such step). */
  sessionStep(sessionKey: string, stepId: string): Promise<Step | undefined>;
  /**
   * What prompt blame needs for a file (its replayed history and the shell runs that may explain later changes), or
   * undefined when no agent touched it. The editor blames any buffer content against it without another call.
   */
  blameBasis(path: string): Promise<BlameBasis | undefined>;
  /**
   * Records the content of a workspace file the extension saw change while an agent was working (shell commands
   * change files without their transcripts saying so). Kept across DB rebuilds; fires a change with no sessions
   * and the path in `observed`. `by`: the agent session seen working when the change happened (a Cursor composer
   * generating: observed attribution), when one was.
   */
  recordObservation(path: string, timestamp: string, content: string, by?: ObservedSession): Promise<void>;
  /** One session's prompts and file histories, for checkpoints and restore (undefined: no such session). */
  checkpointData(sessionKey: string): Promise<SessionCheckpointData | undefined>;
  stats(): Promise<IndexStats>;
  /** Persist now (used on deactivate). */
  flush(): Promise<void>;
  dispose(): Promise<void>;
}
