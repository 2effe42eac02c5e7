// GitHub Copilot Chat in VS Code: the chat sessions VS Code stores for a workspace (`chatSessions/<id>.json`, a
// whole document, or `<id>.jsonl`, a mutation log; both read whole, see below), their editing sessions
// (`chatEditingSessions/<id>/state.json`: the files' contents before the edits) and the extension's own transcripts
// (`GitHub.copilot-chat/transcripts/<id>.jsonl`, an event stream appended to). See docs/formats/copilotChat.md.
//
// The mutation log is read whole on every change, not from a cursor: VS Code rewrites it as a single new Initial
// entry when it compacts it (after 512 entries) and a replay needs the whole object anyway, so a reading always starts
// from the first line and a compaction cannot be missed (even one whose new first kilobyte equals the old one).
import { readFileSync, statSync } from 'node:fs';
import type { AgentAdapter, ParseOutput, TranscriptFile, TranscriptLine } from '../adapter';
import { parseJsonDocument } from '../../core/jsonDepth';
import type { ParseIssue } from '../../core/ops';
import { emptyCopilotState, parseEventLines, type CopilotState } from '../copilot/eventLog';
import { documentLines } from '../documentLines';
import { errorMessage, isMissing } from '../listDir';
import { parseChatData } from './chatSession';
import { copilotChatDefaultRoots, discoverCopilotChatTranscripts } from './discovery';
import { editingStatePath, readEditingState } from './editingState';
import { copilotChatDialect } from './eventDialect';
import { replayMutationLog } from './mutationLog';
import { chatSessionFiles, fileKind, sessionIdOf, storageOf } from './paths';

/** Event-stream transcripts carry the event log's state; session documents are parsed whole (null). */
export type CopilotChatState = CopilotState | null;

/** The session object of a chat session file's text: the JSON document, or the mutation log replayed. */
export function chatSessionValue(path: string, text: string, issues: ParseIssue[]): unknown {
  if (!path.endsWith('.jsonl')) {
    return parseJsonDocument(text, path, issues)?.value;
  }
  const lines = documentLines(text);
  const last = lines[lines.length - 1];
  // VS Code writes whole lines; a last one without its newline is a write in progress (read again on the next change).
  if (last !== undefined && !text.endsWith('\n')) {
    lines.pop();
    if (last.text.trim() !== '') {
      issues.push({ kind: 'partial-line', file: path, line: last.lineNo, message: 'last line has no newline yet (a write in progress)' });
    }
  }
  return replayMutationLog(path, lines, issues).value;
}

/** The newer of a session's two files (`.jsonl` on a tie), as discovery chooses. */
function newerChatFile(ws: string, sessionId: string): string | undefined {
  let best: { path: string; mtimeMs: number } | undefined;
  for (const path of chatSessionFiles(ws, sessionId)) {
    try {
      const st = statSync(path);
      if (!best || st.mtimeMs > best.mtimeMs) {
        best = { path, mtimeMs: st.mtimeMs };
      }
    } catch (err) {
      if (!isMissing(err)) {
        throw err;
      }
    }
  }
  return best?.path;
}

function parseSession(file: TranscriptFile, chatPath: string, text: string, issues: ParseIssue[]): ParseOutput<CopilotChatState> {
  const value = chatSessionValue(chatPath, text, issues);
  if (value === undefined) {
    return { state: null, ops: [], issues };
  }
  const fallbackId = sessionIdOf(chatPath);
  const sessionId = typeof (value as { sessionId?: unknown }).sessionId === 'string' ? (value as { sessionId: string }).sessionId : fallbackId;
  const editing = readEditingState(editingStatePath(storageOf(chatPath), sessionId), issues);
  const parsed = parseChatData(chatPath, value, fallbackId, file.cwdHint, editing);
  return { state: null, ops: parsed.ops, issues: [...issues, ...parsed.issues] };
}

function parseDocument(file: TranscriptFile, text: string): ParseOutput<CopilotChatState> {
  const issues: ParseIssue[] = [];
  const kind = fileKind(file.path);
  if (kind === 'session') {
    return parseSession(file, file.path, text, issues);
  }
  if (kind === 'editing') {
    // The editing state changed: the session is read again with it (both readings give the same operations).
    let chatPath: string | undefined;
    let chatText: string;
    try {
      chatPath = newerChatFile(storageOf(file.path), sessionIdOf(file.path));
      if (chatPath === undefined) {
        return { state: null, ops: [], issues };
      }
      chatText = readFileSync(chatPath, 'utf8');
    } catch (err) {
      issues.push({ kind: 'io', file: chatPath ?? file.path, message: `chat session cannot be read: ${errorMessage(err)}` });
      return { state: null, ops: [], issues };
    }
    return parseSession(file, chatPath, chatText, issues);
  }
  return { ...parseEventLines(file, emptyCopilotState(), documentLines(text), copilotChatDialect) };
}

function parseLines(file: TranscriptFile, state: CopilotChatState, lines: TranscriptLine[]): ParseOutput<CopilotChatState> {
  if (fileKind(file.path) !== 'transcript') {
    const issues: ParseIssue[] = lines.length > 0 ? [{ kind: 'unknown-record', file: file.path, message: 'a chat session is read whole, not as lines' }] : [];
    return { state, ops: [], issues };
  }
  return parseEventLines(file, state ?? emptyCopilotState(), lines, copilotChatDialect);
}

export const copilotChatAdapter: AgentAdapter<CopilotChatState> = {
  agent: 'copilot-chat',
  defaultRoots: copilotChatDefaultRoots,
  discover: discoverCopilotChatTranscripts,
  initialState: (file) => (fileKind(file.path) === 'transcript' ? emptyCopilotState() : null),
  parseLines,
  parseDocument,
};
