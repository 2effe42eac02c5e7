// Runs an adapter over a transcript file the way the indexer does (complete lines, state carried between
// chunks) and folds the operations into sessions. `chunks` > 1 splits the lines into that many feeds to prove
// that incremental parsing gives the same result as one pass.
import { readFileSync } from 'node:fs';
import type { AgentAdapter, TranscriptFile, TranscriptLine } from '../../../src/adapters/adapter';
import type { SessionDetail } from '../../../src/core/model';
import type { IndexOp, ParseIssue } from '../../../src/core/ops';
import { SessionFold } from '../../../src/core/sessionFold';

export function splitLines(buf: Buffer): TranscriptLine[] {
  const lines: TranscriptLine[] = [];
  let start = 0;
  let lineNo = 0;
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] === 0x0a) {
      lineNo++;
      lines.push({ text: buf.subarray(start, i).toString('utf8'), offset: start, lineNo });
      start = i + 1;
    }
  }
  // A trailing partial line (no newline yet) is not consumed, exactly like the indexer.
  return lines;
}

export interface AdapterRun {
  sessions: SessionDetail[];
  ops: IndexOp[];
  issues: ParseIssue[];
  fold: SessionFold;
}

export function runAdapter<S>(
  adapter: AgentAdapter<S>,
  files: TranscriptFile[],
  options: { chunks?: number; fold?: SessionFold } = {},
): AdapterRun {
  const fold = options.fold ?? new SessionFold();
  const ops: IndexOp[] = [];
  const issues: ParseIssue[] = [];
  for (const file of files) {
    const buf = readFileSync(file.path);
    if (file.mode === 'whole') {
      const out = adapter.parseDocument(file, buf.toString('utf8'));
      ops.push(...out.ops);
      issues.push(...out.issues);
      fold.apply(out.ops, file.path);
      continue;
    }
    const lines = splitLines(buf);
    const chunks = Math.max(1, options.chunks ?? 1);
    const size = Math.ceil(lines.length / chunks) || 1;
    let state = adapter.initialState(file);
    for (let i = 0; i < lines.length; i += size) {
      // Round-trip the state through JSON: the indexer persists it between runs.
      state = JSON.parse(JSON.stringify(state)) as S;
      const out = adapter.parseLines(file, state, lines.slice(i, i + size));
      state = out.state;
      ops.push(...out.ops);
      issues.push(...out.issues);
      fold.apply(out.ops, file.path);
    }
  }
  return { sessions: fold.result(), ops, issues, fold };
}
