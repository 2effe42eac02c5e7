// Claude Code adapter: `~/.claude/projects/<sanitized cwd>/<sessionId>.jsonl` (+ subagent transcripts) →
// sessions, prompts, steps and file-history backups. See docs/transcript-formats.md §1.
//
// Decisions worth knowing:
// - Session ids come from each record's `sessionId` (falling back to the file name), subagent transcripts get
//   `${sessionId}:${agentId}`. Old-style resume copies history into a new file; copies that keep their original
//   `sessionId` therefore land as idempotent upserts on the original session. Forks (`--fork-session`) re-stamp
//   the copies with the new id: they are emitted under the fork too, with the same prompt/step ids (uuids,
//   tool ids), which is the fork's real history; consumers can recognise copies by id. No cross-file uuid
//   set is kept, as the state must stay small and is per file.
// - A slash command becomes a prompt (`/name args`) only once the model works on it, see promptText.ts.
// - `summary` records are titles only when their `leafUuid` is a record of this file (they often describe other
//   sessions of the project); `custom-title` (3) beats `ai-title` (2) beats `summary` (1).
import type { IndexOp, ParseIssue } from '../../core/ops';
import type { AgentAdapter, TranscriptFile, TranscriptLine } from '../adapter';
import { documentLines } from '../documentLines';
import { handleJsonLine } from '../transcriptLines';
import { claudeDefaultRoots, discoverClaudeTranscripts } from './discovery';
import { onAssistant, onAttachment, onUser } from './messageRecords';
import { onFileHistory, onSummary, onTitle } from './metadataRecords';
import { AGENT, ageDeferred, beginMessage, issue, TITLE_PRIORITY, type Run } from './parseContext';
import { contentBlocks, obj, str, type JsonObject } from './records';
import { emptyState, type ClaudeCodeState } from './state';
import { transcriptLayout } from './transcriptLayout';

export type { ClaudeCodeState } from './state';

/**
 * Known record types that carry nothing we index. Anything else unknown is reported once per line (counted, logged
 * at debug level). The list follows Claude Code's own table of the record types it writes (2.1.332): request
 * bookkeeping (`api-request*`, deduplicated request blobs holding the system prompt), cost and tool totals, session
 * ownership/latches, data-flow records, relocation and continuation stamps.
 */
const IGNORED_TYPES: ReadonlySet<string> = new Set([
  'last-prompt',
  'task-summary',
  'tag',
  'agent-name',
  'agent-color',
  'agent-setting',
  'pr-link',
  'mode',
  'permission-mode',
  'worktree-state',
  'queue-operation',
  'attribution-snapshot',
  'content-replacement',
  'speculation-accept',
  'marble-origami-commit',
  'marble-origami-snapshot',
  'bridge-session',
  'atis-latch',
  'frame-link',
  'cost-state',
  'api-request',
  'api-request-resumed',
  'api-request-shape',
  'api-request-blob',
  'tools-used',
  'observer-ref',
  'continued-in',
  'resume-head-vouch',
  'relocated',
  'session-owner',
  'isolation-latch',
  'dev-mods',
  'memory-mode',
  'data-flow-records',
  'data-flow-incomplete',
  'derived-from',
  'fork-context-ref',
  'history-suppression',
  'ended-by-model',
  // UI-only progress (2.1.2–2.1.6x); agent_progress duplicates the subagent transcript.
  'progress',
]);

/**
 * 2.0.x starts "Warmup" sidechains (`agent-<id>.jsonl` whose first prompt is exactly "Warmup") to prime the
 * cache; they are no work of anybody's and would only add empty subagent sessions.
 */
function isWarmupStart(run: Run, rec: JsonObject): boolean {
  if (run.layout.agentId === undefined || run.st.sessionId !== undefined || rec.type !== 'user') {
    return false;
  }
  const blocks = contentBlocks(obj(rec, 'message'));
  return blocks.length === 1 && blocks[0].type === 'text' && blocks[0].text === 'Warmup';
}

function onRecord(run: Run, rec: JsonObject): void {
  const type = str(rec, 'type');
  if (type === undefined) {
    issue(run, 'missing-field', 'record without type');
    return;
  }
  if (run.st.warmup || isWarmupStart(run, rec)) {
    run.st.warmup = true;
    return;
  }
  switch (type) {
    case 'user':
      onUser(run, rec, beginMessage(run, rec));
      return;
    case 'assistant':
      onAssistant(run, rec, beginMessage(run, rec));
      return;
    case 'attachment':
      onAttachment(run, rec, beginMessage(run, rec));
      return;
    case 'system':
      // compact_boundary, turn_duration, api_error, local_command…: nothing to index, but they carry cwd.
      beginMessage(run, rec);
      return;
    case 'summary':
      onSummary(run, rec);
      return;
    case 'custom-title':
      onTitle(run, rec, 'customTitle', TITLE_PRIORITY.custom);
      return;
    case 'ai-title':
      onTitle(run, rec, 'aiTitle', TITLE_PRIORITY.ai);
      return;
    case 'file-history-snapshot':
    case 'file-history-delta':
      onFileHistory(run, rec);
      return;
    default:
      if (!IGNORED_TYPES.has(type) && !type.startsWith('artifact-')) {
        issue(run, 'unknown-record', `unknown record type "${type}"`);
      }
  }
}

function parseLine(run: Run): void {
  handleJsonLine(
    run.line.text,
    (kind, message) => issue(run, kind, message),
    (rec) => onRecord(run, rec),
  );
}

function parseLines(file: TranscriptFile, state: ClaudeCodeState, lines: TranscriptLine[]): { state: ClaudeCodeState; ops: IndexOp[]; issues: ParseIssue[] } {
  const st: ClaudeCodeState = { ...emptyState(), ...structuredClone(state) };
  const ops: IndexOp[] = [];
  const issues: ParseIssue[] = [];
  const layout = transcriptLayout(file.path);
  for (const line of lines) {
    const run: Run = { file, layout, st, ops, issues, line };
    parseLine(run);
    ageDeferred(run);
  }
  return { state: st, ops, issues };
}

export const claudeCodeAdapter: AgentAdapter<ClaudeCodeState> = {
  agent: AGENT,
  defaultRoots: claudeDefaultRoots,
  discover: discoverClaudeTranscripts,
  initialState: () => emptyState(),
  parseLines,
  // Claude transcripts are append-only JSONL; a whole-document parse is the same as one big feed.
  parseDocument: (file, text) => parseLines(file, emptyState(), documentLines(text)),
};
