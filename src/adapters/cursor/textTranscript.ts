// Older agent transcripts written as text (`agent-transcripts/<id>.txt`, docs/formats/cursor.md §2.3), read whole:
//   user:
//   <user_query>…</user_query>
//
//   assistant:
//   [Thinking] …
//   text…
//   [Tool call] Name
//     arg: value
//   [Tool result] Name
//   output…
// The arguments are rendered as text (a long value may be cut), so tool calls are kept with their text and no file
// change is derived from them; a result goes to the oldest call of that name still without one. Times as for the
// JSONL transcripts: the file's modification time, a bound, not a recorded time.
import type { IndexOp, ParseIssue, StepPatch } from '../../core/ops';
import type { ParseOutput, TranscriptFile } from '../adapter';
import { promptTextOf, toolKind } from './toolCalls';
import { readingTime, sessionIdOf } from './transcriptParser';

type Block = { kind: 'user' | 'assistant' | 'thinking' | 'call' | 'result'; name?: string; lines: string[]; lineNo: number };

const ROLE = /^(user|assistant|A):\s*$/;
const MARK = /^\[(Thinking|Tool call|Tool result)\]\s?(.*)$/;

function blocksOf(text: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  text.split(/\r?\n/).forEach((line, i) => {
    const role = ROLE.exec(line);
    const mark = MARK.exec(line);
    if (role) {
      current = { kind: role[1] === 'user' ? 'user' : 'assistant', lines: [], lineNo: i + 1 };
      blocks.push(current);
    } else if (mark && current && current.kind !== 'user') {
      const kind = mark[1] === 'Thinking' ? 'thinking' : mark[1] === 'Tool call' ? 'call' : 'result';
      current = { kind, lines: kind === 'thinking' ? [mark[2]] : [], lineNo: i + 1, ...(kind !== 'thinking' ? { name: mark[2].trim() } : {}) };
      blocks.push(current);
    } else if (current) {
      current.lines.push(line);
    }
  });
  return blocks;
}

export function parseTextTranscript(file: TranscriptFile, text: string): ParseOutput<undefined> {
  const ops: IndexOp[] = [];
  const issues: ParseIssue[] = [];
  const sessionId = sessionIdOf(file.path);
  const time = readingTime(file.path);
  const blocks = blocksOf(text);
  if (blocks.length === 0) {
    if (text.trim() !== '') {
      issues.push({ kind: 'unknown-record', file: file.path, message: 'no user:/assistant: turns in a text transcript' });
    }
    return { state: undefined, ops, issues };
  }
  ops.push({ op: 'session', session: { agent: 'cursor', id: sessionId, timestamp: time, ...(file.cwdHint !== undefined ? { cwd: file.cwdHint } : {}) } });
  let promptId: string | undefined;
  const open: { id: string; name: string }[] = [];
  for (const b of blocks) {
    const body = b.lines.join('\n').trim();
    if (b.kind === 'user') {
      const prompt = promptTextOf(body);
      if (prompt !== '') {
        promptId = `L${b.lineNo}`;
        open.length = 0;
        ops.push({ op: 'prompt', sessionId, id: promptId, text: prompt, timestamp: time });
      }
      continue;
    }
    if (promptId === undefined) {
      issues.push({ kind: 'missing-field', file: file.path, line: b.lineNo, message: 'assistant text before any prompt (not indexed)' });
      continue;
    }
    const id = `L${b.lineNo}`;
    if (b.kind === 'assistant' && body !== '') {
      ops.push({ op: 'step', sessionId, step: { id, promptId, type: 'text', timestamp: time, text: body } });
    } else if (b.kind === 'thinking' && body !== '') {
      ops.push({ op: 'step', sessionId, step: { id, promptId, type: 'reasoning', timestamp: time, text: body } });
    } else if (b.kind === 'call') {
      const name = b.name || 'unknown';
      const step: StepPatch = { id, promptId, type: 'tool', timestamp: time, name, kind: toolKind(name), input: { text: body }, fileChanges: [], reads: [] };
      ops.push({ op: 'step', sessionId, step });
      open.push({ id, name });
    } else if (b.kind === 'result') {
      const at = open.findIndex((o) => o.name === b.name);
      if (at >= 0) {
        ops.push({ op: 'step', sessionId, step: { id: open[at].id, result: { text: body, isError: false } } });
        open.splice(at, 1);
      }
    }
  }
  return { state: undefined, ops, issues };
}
