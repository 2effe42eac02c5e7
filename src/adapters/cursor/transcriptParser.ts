// The editor's agent transcripts (`agent-transcripts/…/<id>.jsonl`, docs/formats/cursor.md §2): one line per message,
// `{"role":"user"|"assistant","message":{"content":[…]}}` with Anthropic-style blocks (`text`, `tool_use {name,
// input}`). Cursor writes no ids, no timestamps and no tool results into them:
// - ids are the line numbers (the file only grows; the index re-reads it from the start when it shrinks);
// - times are the file's modification time when the lines were read: a bound (written at or before it), the same
//   for every line of a reading, never a recorded time; the order of prompts and steps is the file's;
// - tool steps have no result: a command's exit code and output are "not recorded" (null, empty).
// Reasoning is written as `[REDACTED]`, which is left out.
import { statSync } from 'node:fs';
import { arr, isObject, nonEmpty, obj, str, type JsonObject } from '../../core/jsonValues';
import type { IndexOp, ParseIssue, StepPatch } from '../../core/ops';
import type { ParseOutput, TranscriptFile, TranscriptLine } from '../adapter';
import { handleJsonLine } from '../transcriptLines';
import { commandOf, fileChangesOf, fileReadsOf, promptTextOf, resultText, toolKind, type KnownContents } from './toolCalls';

export interface CursorTranscriptState {
  /** Whether the session op was emitted. */
  started: boolean;
  /** The prompt the next steps answer (its id), once the first user line was read. */
  promptId?: string;
  known: KnownContents;
  /** Tool steps waiting for a result, oldest first: results (when a version writes them) carry no id. */
  pending: string[];
}

const MAX_PENDING = 200;
const REDACTED = '[REDACTED]';

export function initialTranscriptState(): CursorTranscriptState {
  return { started: false, known: {}, pending: [] };
}

/** The session id: the file's stem (`<chatId>.jsonl`, a subagent's `<subagentId>.jsonl`). */
export function sessionIdOf(path: string): string {
  return (path.split(/[\\/]/).pop() ?? path).replace(/\.(jsonl|txt)$/, '');
}

/** The file's modification time: what bounds when the lines read now were written (see the file comment). */
export function readingTime(path: string): string {
  try {
    return statSync(path).mtime.toISOString();
  } catch {
    return new Date().toISOString();
  }
}

/** Assistant text without Cursor's `[REDACTED]` placeholders for reasoning. */
function visibleText(text: string): string {
  return text
    .split(/\n*\[REDACTED\]\n*/)
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .join('\n\n');
}

interface Run {
  file: TranscriptFile;
  st: CursorTranscriptState;
  ops: IndexOp[];
  issues: ParseIssue[];
  sessionId: string;
  time: string;
}

function userLine(run: Run, line: TranscriptLine, content: unknown[]): void {
  const texts: string[] = [];
  let results = 0;
  for (const block of content) {
    if (!isObject(block)) {
      continue;
    }
    if (block.type === 'text' && typeof block.text === 'string') {
      texts.push(block.text);
    } else if (block.type === 'tool_result') {
      results++;
      toolResult(run, block);
    }
  }
  const text = promptTextOf(texts.join('\n'));
  if (text === '') {
    if (results === 0) {
      run.issues.push({ kind: 'missing-field', file: run.file.path, line: line.lineNo, message: 'user message without text' });
    }
    return;
  }
  const id = `L${line.lineNo}`;
  run.st.promptId = id;
  run.st.pending = [];
  run.ops.push({ op: 'prompt', sessionId: run.sessionId, id, text, timestamp: run.time });
}

/** A `tool_result` block: to its call by `tool_use_id` when given, else to the oldest call still without one. */
function toolResult(run: Run, block: JsonObject): void {
  const byId = nonEmpty(block.tool_use_id);
  const id = byId !== undefined && run.st.pending.includes(byId) ? byId : run.st.pending[0];
  if (id === undefined) {
    return;
  }
  run.st.pending = run.st.pending.filter((p) => p !== id);
  const text = resultText(block.content) ?? '';
  run.ops.push({ op: 'step', sessionId: run.sessionId, step: { id, result: { text, isError: block.is_error === true } } });
}

function assistantLine(run: Run, line: TranscriptLine, content: unknown[]): void {
  const promptId = run.st.promptId;
  if (promptId === undefined) {
    run.issues.push({ kind: 'missing-field', file: run.file.path, line: line.lineNo, message: 'assistant message before any prompt (not indexed)' });
    return;
  }
  content.forEach((block, i) => {
    if (!isObject(block)) {
      return;
    }
    const id = `L${line.lineNo}:${i}`;
    if (block.type === 'text' && typeof block.text === 'string') {
      const text = visibleText(block.text);
      if (text !== '') {
        run.ops.push({ op: 'step', sessionId: run.sessionId, step: { id, promptId, type: 'text', timestamp: run.time, text } });
      }
    } else if (block.type === 'thinking' && typeof block.thinking === 'string' && block.thinking.trim() !== REDACTED) {
      run.ops.push({ op: 'step', sessionId: run.sessionId, step: { id, promptId, type: 'reasoning', timestamp: run.time, text: block.thinking } });
    } else if (block.type === 'tool_use') {
      const name = nonEmpty(block.name) ?? 'unknown';
      const input = obj(block.input) ?? {};
      const stepId = nonEmpty(block.id) ?? id;
      const cwd = run.file.cwdHint;
      const step: StepPatch = {
        id: stepId,
        promptId,
        type: 'tool',
        timestamp: run.time,
        name,
        kind: toolKind(name),
        input: block.input ?? {},
        fileChanges: fileChangesOf(name, input, cwd, run.st.known),
        reads: fileReadsOf(name, input, cwd),
      };
      const command = commandOf(name, input, cwd, undefined);
      if (command) {
        step.command = command;
      }
      run.ops.push({ op: 'step', sessionId: run.sessionId, step });
      run.st.pending = [...run.st.pending, stepId].slice(-MAX_PENDING);
    } else if (block.type !== 'thinking') {
      run.issues.push({ kind: 'unknown-record', file: run.file.path, line: line.lineNo, message: `unknown content block ${String(block.type)}` });
    }
  });
}

export function parseTranscriptLines(file: TranscriptFile, state: CursorTranscriptState | undefined, lines: TranscriptLine[]): ParseOutput<CursorTranscriptState> {
  // A state read back from another version (or damaged) keeps only what has the expected shape.
  const st: CursorTranscriptState = {
    started: state?.started === true,
    ...(typeof state?.promptId === 'string' ? { promptId: state.promptId } : {}),
    known: isObject(state?.known) ? Object.fromEntries(Object.entries(state.known).filter(([, v]) => typeof v === 'string')) : {},
    pending: Array.isArray(state?.pending) ? state.pending.filter((p): p is string => typeof p === 'string') : [],
  };
  const run: Run = { file, st, ops: [], issues: [], sessionId: sessionIdOf(file.path), time: readingTime(file.path) };
  for (const line of lines) {
    handleJsonLine(
      line.text,
      (kind, message) => run.issues.push({ kind, file: file.path, line: line.lineNo, message }),
      (rec) => {
        if (!st.started) {
          st.started = true;
          run.ops.push({
            op: 'session',
            session: {
              agent: 'cursor',
              id: run.sessionId,
              timestamp: run.time,
              ...(file.cwdHint !== undefined ? { cwd: file.cwdHint } : {}),
              ...(file.parentSessionId !== undefined ? { parentSessionId: file.parentSessionId } : {}),
            },
          });
        }
        const role = str(rec.role);
        const content = obj(rec.message)?.content;
        const blocks = typeof content === 'string' ? [{ type: 'text', text: content }] : arr(content);
        if (role === 'user') {
          userLine(run, line, blocks);
        } else if (role === 'assistant') {
          assistantLine(run, line, blocks);
        } else if (rec.type === 'turn_ended') {
          // The end of a turn: nothing to index (no time, no status).
        } else {
          run.issues.push({ kind: 'unknown-record', file: file.path, line: line.lineNo, message: `unknown record (role ${String(rec.role)})` });
        }
      },
    );
  }
  return { state: st, ops: run.ops, issues: run.issues };
}
