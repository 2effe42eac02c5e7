// The prompt-blame contract: what a file's recorded history looks like when handed to the engine, and what the
// engine answers per line. Pure data; the store builds FileHistory, the engine (blameEngine.ts) replays it.
import type { AgentId, FileChangeOp } from '../model';

/**
 * How a line's current text was written. `observed`: the extension saw the file change while the session was working
 * (a Cursor composer generating), the session's record does not hold the change.
 */
export type BlameVia = 'write' | 'edit' | 'patch' | 'shell' | 'observed';

/** A session the extension saw working when a file changed (not a transcript's record): observed attribution. */
export interface ObservedSession {
  agent: AgentId;
  sessionId: string;
}

/** The prompt a line is attributed to. */
export interface PromptOrigin {
  agent: AgentId;
  /** `${agent}:${sessionId}`, the index's session key. */
  sessionKey: string;
  sessionId: string;
  sessionTitle?: string;
  promptId: string;
  /** 1-based position of the prompt in its session. */
  promptIndex: number;
  prompt: string;
  model?: string;
}

export interface LineAttribution extends PromptOrigin {
  toolCallId: string;
  tool: string;
  via: BlameVia;
  /** When the tool call ran (ISO 8601). */
  timestamp: string;
}

/**
 * One change to the file recorded by an agent's edit tool, in the order the history lists them. Contents follow the
 * model's rule: `null` = the file did not exist (before) / was deleted (after); `undefined` = not recorded.
 */
export interface FileEditEvent {
  kind: 'edit';
  /** Global order of the change (the index's step sequence); ties broken by `ord`. */
  seq: number;
  ord: number;
  timestamp: string;
  /** The path the change names (absolute, normalized). */
  path: string;
  op: FileChangeOp;
  /** For `rename`: where the file went. */
  movePath?: string;
  before?: string | null;
  after?: string | null;
  /** Unified diff / apply_patch hunks for this file, when that is all the transcript gives. */
  patch?: string;
  /**
   * Identities of the recorded contents (the archive's content hash): equal identities are equal contents, so the
   * replay can tell a content it already holds, or one it rebuilt from `patch`, without reading it.
   */
  beforeId?: string;
  afterId?: string;
  origin: Omit<LineAttribution, 'via'> & { via: Exclude<BlameVia, 'shell' | 'observed'> };
}

/**
 * A content of the file known at a moment without a change claim: a Claude file-history backup (the file before a
 * prompt's first edit) or a state the extension observed while an agent's shell command ran.
 */
export interface FileStateEvent {
  kind: 'state';
  seq: number;
  ord: number;
  timestamp: string;
  path: string;
  content: string | null;
  source: 'backup' | 'observed';
  /** For `observed` states: the shell run that was executing when the change was seen. */
  during?: ShellRun;
}

export type FileHistoryEvent = FileEditEvent | FileStateEvent;

/** A shell command an agent ran in the workspace: evidence for changes its edit tools do not record. */
export interface ShellRun {
  origin: Omit<LineAttribution, 'via' | 'timestamp'>;
  command: string;
  /** Start (the tool call) and, when known, end (the result). */
  startedAt: string;
  endedAt?: string;
  seq: number;
  /** Not a command: the session seen working when the change was observed (ObservedSession); credited as `observed`. */
  observed?: true;
}

export interface FileHistory {
  /** The file asked about (absolute, normalized). */
  path: string;
  /** Workspace folder that holds it (paths in commands are often relative to it). */
  folder?: string;
  /** Every event on this file and on the paths it was renamed from, in time order. */
  events: FileHistoryEvent[];
  /** Shell commands of the sessions that touched the workspace, in time order. */
  shellRuns: ShellRun[];
  /** The file's committed content (git HEAD): the earliest known state when no transcript records one. */
  headContent?: string | null;
}

/** The engine's answer for one content of the file. */
export interface BlameLines {
  path: string;
  /** One entry per line of the content (the last line counts even without a trailing newline). */
  lines: (LineAttribution | null)[];
  /** Why some lines could not be attributed (edits that did not apply, unknown states); shown in hovers and logs. */
  notes: string[];
}
