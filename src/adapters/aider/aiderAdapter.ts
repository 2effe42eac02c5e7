// Aider's `.aider.chat.history.md` → index operations. The file is markdown that aider appends to as it runs, read
// as lines (`append`: the indexer feeds complete lines from where it stopped, with this adapter's state). Format and
// sources: docs/formats/aider.md.
import type { AgentAdapter, ParseOutput, TranscriptFile, TranscriptLine } from '../adapter';
import { documentLines } from '../documentLines';
import { discoverAiderHistories } from './discovery';
import { HistoryParser, initialAiderState, type AiderState } from './historyParser';
import { aiderDefaultRoots } from './paths';

function parseLines(file: TranscriptFile, state: AiderState, lines: TranscriptLine[]): ParseOutput<AiderState> {
  const parser = new HistoryParser(file, state);
  try {
    parser.feed(lines);
  } catch (err) {
    // A shape nobody foresaw must not stop the file.
    parser.issues.push({ kind: 'unknown-record', file: file.path, message: `cannot interpret the history: ${err instanceof Error ? err.message : String(err)}` });
  }
  return { state: parser.state, ops: parser.ops, issues: parser.issues };
}

export const aiderAdapter: AgentAdapter<AiderState> = {
  agent: 'aider',
  defaultRoots: aiderDefaultRoots,
  discover: (roots, workspaceFolders, issues) => discoverAiderHistories(roots, workspaceFolders, issues),
  initialState: initialAiderState,
  parseLines,
  parseDocument: (file, text) => parseLines(file, initialAiderState(), documentLines(text)),
};
