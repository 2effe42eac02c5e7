// Pi coding agent (`@mariozechner/pi-coding-agent`) session files → index operations. Append-only JSONL (one header
// line, then tree entries), parsed line by line: entry semantics in entryParser.ts, tools in toolCalls.ts, the file
// layout in discovery.ts, the format in docs/formats/pi.md.
import type { AgentAdapter, ParseOutput, TranscriptFile, TranscriptLine } from '../adapter';
import { documentLines } from '../documentLines';
import { parseJsonLine } from '../jsonLine';
import { discoverPiTranscripts, piDefaultRoots } from './discovery';
import { EntryParser, initialPiState, type PiState } from './entryParser';

export type { PiState } from './entryParser';

function parseLine(parser: EntryParser, file: TranscriptFile, line: TranscriptLine): void {
  const parsed = parseJsonLine(file.path, line, parser.issues);
  if (parsed.found) {
    parser.entry(parsed.value, line.lineNo);
  }
}

function parseLines(file: TranscriptFile, state: PiState, lines: TranscriptLine[]): ParseOutput<PiState> {
  const parser = new EntryParser(file, { ...initialPiState(), ...structuredClone(state) });
  for (const line of lines) {
    try {
      parseLine(parser, file, line);
    } catch (err) {
      // Defensive: an entry shape no guard anticipated must cost one line, never the file.
      parser.issues.push({ kind: 'unknown-record', file: file.path, line: line.lineNo, message: `cannot interpret entry: ${String(err)}` });
    }
  }
  parser.finish();
  return { state: parser.state, ops: parser.ops, issues: parser.issues };
}

export const piAdapter: AgentAdapter<PiState> = {
  agent: 'pi',
  defaultRoots: piDefaultRoots,
  discover: discoverPiTranscripts,
  initialState: () => initialPiState(),
  parseLines,
  // Pi's files are append-only JSONL (its one-time v1/v2 → v3 migration rewrites them, and the indexer reads a
  // rewritten file again from the start); a whole-document parse is one big feed.
  parseDocument: (file, text) => parseLines(file, initialPiState(), documentLines(text)),
};
