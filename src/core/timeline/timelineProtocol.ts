// The one message protocol between the timeline webview (webview/) and its host (src/vscode/timeline). Pure types
// and guards: both sides import this file. Every string that came from a transcript travels as plain text; the
// webview escapes it (textContent) or renders it through its safe Markdown renderer, never as HTML.
import type { AgentId, FileChangeOp, ToolKind } from '../model';

export interface TimelineCounts {
  prompts: number;
  toolCalls: number;
  edits: number;
  commands: number;
  failures: number;
  filesChanged: number;
}

export interface TimelineSession {
  key: string;
  agent: AgentId;
  agentLabel: string;
  id: string;
  title: string;
  /** Absolute folder the agent worked in. */
  cwd: string;
  models: string[];
  startedAt: string;
  updatedAt: string;
  durationMs: number;
  counts: TimelineCounts;
  prompts: TimelinePrompt[];
  /** The agent records no time per prompt or step: what the times shown are instead (AgentDescriptor.timeNote). */
  timeNote?: string;
}

/**
 * A prompt as the page first gets it: what it shows collapsed (heading, step count, checkpoint marker) and what the
 * filters need. `steps` come with it for the prompts around where the page opens, the others in `steps` messages
 * when the page asks (requestSteps): a 1,000-prompt session's first message stays small.
 */
export interface TimelinePrompt {
  index: number;
  id: string;
  /** Exactly what the person typed. */
  text: string;
  timestamp: string;
  /** Files this prompt changed (absolute paths), for the checkpoint marker before it. */
  changedFiles: string[];
  stepCount: number;
  /** The filters this prompt has at least one step for. */
  has: TimelineFilter[];
  /** Changes whenever one of the prompt's steps does (a live session): held steps of another version are stale. */
  version: string;
  /**
   * Only on a prompt of a branch the session did not end on (Pi `/tree`): which branch, e.g. `other branch 1 "cli
   * attempt" · from #1`. Its steps happened on disk all the same, so it stays in place in the timeline.
   */
  branch?: string;
  steps?: TimelineStep[];
}

/** One prompt's steps, at the version of the prompt they were read at. */
export interface TimelinePromptSteps {
  index: number;
  version: string;
  steps: TimelineStep[];
}

/** The most prompts one `steps` message carries; the page asks again for the rest of a longer range. */
export const maxPromptsPerRequest = 100;

export interface TimelineRead {
  path: string;
  startLine?: number;
  endLine?: number;
}

export interface TimelineFileEdit {
  /** Key for requestDiff: `${stepId}#${position in the step's file changes}`. */
  changeId: string;
  path: string;
  movePath?: string;
  op: FileChangeOp;
  /** Added/removed line counts when cheap to know (both contents recorded and small); absent otherwise. */
  added?: number;
  removed?: number;
  /** Size of the diff in lines when known: big diffs start collapsed. */
  diffLines?: number;
}

interface StepBase {
  id: string;
  timestamp: string;
}

export type TimelineStep =
  | (StepBase & { type: 'text'; text: string; model?: string })
  | (StepBase & { type: 'reasoning'; text: string })
  | (StepBase & { type: 'read'; name: string; reads: TimelineRead[]; error?: string })
  | (StepBase & { type: 'edit'; name: string; files: TimelineFileEdit[]; error?: string })
  | (StepBase & {
      type: 'command';
      name: string;
      command: string;
      cwd?: string;
      exitCode: number | null;
      durationMs?: number;
      /** ANSI-stripped output, cut to `outputLimit` characters; `outputLength` is the full length. */
      output: string;
      outputLength: number;
      truncated: boolean;
      isError: boolean;
    })
  | (StepBase & {
      type: 'tool';
      name: string;
      kind: ToolKind;
      /** One line saying what the call was for (pattern, URL, description…). */
      summary: string;
      /** The result text, ANSI-stripped and cut like command output. */
      result: string;
      resultLength: number;
      truncated: boolean;
      isError: boolean;
      childSessionId?: string;
    });

/** Output and results are cut to this many characters when steps are sent; "show all" asks for the rest. */
export const outputLimit = 20_000;

export type TimelineFilter = 'edits' | 'commands' | 'failures';

/** UI state the webview persists (vscode.setState) and the serializer hands back after a reload. */
export interface TimelineUiState {
  sessionKey: string;
  /** Prompt at the top of the viewport. */
  promptIndex?: number;
  filters: TimelineFilter[];
  search: string;
  /** 'line-by-line' | 'side-by-side' */
  diffStyle: 'line-by-line' | 'side-by-side';
  /** Step ids the user expanded or collapsed by hand (overrides the defaults). */
  expanded: string[];
  collapsed: string[];
}

export type HostMessage =
  | { type: 'loading'; sessionKey: string }
  | { type: 'session'; session: TimelineSession; restoreEnabled: boolean; restoreDisabledReason?: string }
  | { type: 'missing'; sessionKey: string; message: string }
  /** Answer to requestSteps (possibly fewer prompts than asked: see maxPromptsPerRequest). */
  | { type: 'steps'; sessionKey: string; prompts: TimelinePromptSteps[] }
  /**
   * `diff`: unified diff text (git format, with ---/+++ headers) for diff2html. `patch`: a recorded patch without
   * line numbers (Codex apply_patch), shown as preformatted text with +/- lines marked. `message` explains what is
   * shown, or that there is nothing to show.
   */
  | { type: 'diff'; changeId: string; diff?: string; patch?: string; message?: string }
  | { type: 'output'; stepId: string; output: string }
  /** Scroll to and highlight a prompt (and optionally a step); sent after `session` when opened from a link. */
  | { type: 'reveal'; promptIndex: number; stepId?: string }
  | { type: 'restoreEnabled'; enabled: boolean; reason?: string };

export type WebviewMessage =
  | { type: 'ready' }
  /** The steps of the prompts with index in [from, to]. */
  | { type: 'requestSteps'; from: number; to: number }
  | { type: 'requestDiff'; changeId: string }
  | { type: 'requestOutput'; stepId: string }
  | { type: 'openFile'; path: string; line?: number }
  | { type: 'openSession'; sessionId: string }
  | { type: 'restoreCheckpoint'; beforePrompt: number }
  | { type: 'restoreFile'; beforePrompt: number; path: string }
  | { type: 'compareCheckpoint'; beforePrompt: number }
  | { type: 'copyText'; text: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** The host trusts nothing the webview sends: a compromised page must not be able to do more than a click could. */
export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (!isObject(value) || typeof value.type !== 'string') {
    return false;
  }
  switch (value.type) {
    case 'ready':
      return true;
    case 'requestSteps':
      return isInt(value.from) && isInt(value.to) && value.from <= value.to;
    case 'requestDiff':
      return typeof value.changeId === 'string';
    case 'requestOutput':
      return typeof value.stepId === 'string';
    case 'openFile':
      return typeof value.path === 'string' && (value.line === undefined || isInt(value.line));
    case 'openSession':
      return typeof value.sessionId === 'string';
    case 'restoreCheckpoint':
    case 'compareCheckpoint':
      return isInt(value.beforePrompt);
    case 'restoreFile':
      return isInt(value.beforePrompt) && typeof value.path === 'string';
    case 'copyText':
      return typeof value.text === 'string';
    default:
      return false;
  }
}

export function isTimelineUiState(value: unknown): value is TimelineUiState {
  return (
    isObject(value) &&
    typeof value.sessionKey === 'string' &&
    Array.isArray(value.filters) &&
    typeof value.search === 'string' &&
    (value.diffStyle === 'line-by-line' || value.diffStyle === 'side-by-side') &&
    Array.isArray(value.expanded) &&
    Array.isArray(value.collapsed)
  );
}
