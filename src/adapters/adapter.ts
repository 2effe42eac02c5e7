// The one contract every agent adapter implements. Adapters may do Node I/O (discovery) but never import vscode.
// Parsing is incremental: the indexer feeds complete lines from a byte offset together with the adapter's own
// serializable state, so a restart continues where the last run stopped without re-reading the file.
import type { AgentId } from '../core/model';
import type { IndexOp, ParseIssue } from '../core/ops';

export interface TranscriptFile {
  agent: AgentId;
  /** Absolute path of the transcript file. */
  path: string;
  /**
   * `append`: JSONL that only grows (re-read from 0 when it shrinks or is replaced);
   * `whole`: a JSON document rewritten whole on every update (re-parsed whole on every change);
   * `database`: a store the adapter reads itself (readDatabase), keeping its own cursor (e.g. the newest update time
   * per session): an agent that keeps every session in one SQLite database. Its `-wal` file counts as part of it.
   */
  mode: 'append' | 'whole' | 'database';
  /** Subagent transcripts: the parent session id, when the layout tells it. */
  parentSessionId?: string;
  /**
   * The project directory when the transcript itself does not record a cwd (Gemini CLI keeps only a
   * projectHash in the file; discovery knows the root from `.project_root`/`projects.json`/the hash).
   */
  cwdHint?: string;
  /**
   * A `database` holding every project's sessions (OpenCode's one `opencode.db`): the workspace folders discovery
   * was asked for, so its reading indexes only the sessions recorded in them (by their recorded cwd).
   */
  workspaceFolders?: readonly string[];
}

export interface TranscriptLine {
  /** The line's text without its newline. */
  text: string;
  /** Byte offset of the line's first byte in the file. */
  offset: number;
  /** 1-based line number. */
  lineNo: number;
}

export interface ParseOutput<S> {
  state: S;
  ops: IndexOp[];
  issues: ParseIssue[];
}

export interface AdapterEnvironment {
  home: string;
  env: Readonly<Record<string, string | undefined>>;
  /**
   * The `User` folders of VS Code-family editors (editorDirs.ts), the running editor's first: agents that run as
   * editor extensions keep their data in them. Absent: none known (tests, a caller that does not say).
   */
  editorUserDirs?: readonly string[];
  /**
   * The running editor's storage folder of the open workspace (`…/User/workspaceStorage/<id>`, the parent of the
   * extension's workspace storage), when the extension runs in one: editor agents (Copilot Chat, Cursor) keep the
   * workspace's sessions there. The CLI has none: adapters map folders through each `workspace.json` instead.
   */
  workspaceStorageDir?: string;
  /**
   * The open workspace's folders: an agent that keeps its history inside the project (Aider's
   * `.aider.chat.history.md` at the git root) has its data roots there. Absent: none known.
   */
  workspaceFolders?: readonly string[];
}

/**
 * What an adapter's discovery may remember between discoveries (and across restarts: the index keeps it in its
 * storage folder), keyed by path: e.g. a Codex rollout's recorded cwd, so a rollout of another project is not read
 * again while it is the same file. Values must be JSON; whatever is read back is checked by the adapter (a memo
 * written by another version, or damaged, is just not used).
 */
export interface DiscoveryMemo {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** One batch of a database source's reading: what it found, and the cursor to resume after it (JSON). */
export interface DatabaseBatch {
  ops: IndexOp[];
  issues: ParseIssue[];
  cursor: unknown;
}

/** What a database reading needs besides the file. */
export interface DatabaseEnvironment {
  /** sqlite-wasm's `sqlite3.wasm` (sqlite/readOnlySqlite.ts reads agents' SQLite databases with it). */
  sqliteWasmPath: string;
}

export interface AgentAdapter<S = unknown> {
  readonly agent: AgentId;
  /** Where this agent keeps its data by default, honouring its own variables (CLAUDE_CONFIG_DIR, CODEX_HOME…). */
  defaultRoots(env: AdapterEnvironment): string[];
  /**
   * Transcript files under `roots` that may belong to one of `workspaceFolders` (absolute paths).
   * Cheap pre-filtering only (directory names, first line); the session's recorded cwd decides membership.
   * Missing or unreadable roots are reported through `issues`, never thrown. `memo`: see DiscoveryMemo.
   */
  discover(roots: string[], workspaceFolders: string[], issues: ParseIssue[], memo?: DiscoveryMemo): Promise<TranscriptFile[]>;
  /** Fresh parser state for a file read from its start. Must be JSON-serializable. */
  initialState(file: TranscriptFile): S;
  /** Parse complete lines of an `append` file. Never throws: bad lines become issues. */
  parseLines(file: TranscriptFile, state: S, lines: TranscriptLine[]): ParseOutput<S>;
  /** Parse the full text of a `whole` file. Never throws. */
  parseDocument(file: TranscriptFile, text: string): ParseOutput<S>;
  /**
   * Reads a `database` source from `cursor` (undefined: from the start), in batches, each with the cursor that
   * resumes after it; memory stays bounded by a batch, not the database. Bad rows become issues; a database that
   * cannot be read at all throws (the cursor stays where it was, the next pass tries again).
   */
  readDatabase?(file: TranscriptFile, cursor: unknown, env: DatabaseEnvironment): AsyncIterable<DatabaseBatch>;
  /**
   * A `database` source's change stamp when its file's (and `-wal`'s) size and mtime do not tell: a folder of many
   * files (OpenCode ≤ 1.1's storage/) changes inside without its own stat moving. Undefined: the file's stat.
   * Same stamp as the last reading: not read again. May throw (unreadable): the source is then not read this pass.
   */
  sourceStamp?(file: TranscriptFile): SourceStamp | undefined;
}

/** What tells a source changed: its inode (replaced) and a size and time that move with every write. */
export interface SourceStamp {
  ino: number;
  size: number;
  mtimeMs: number;
}
