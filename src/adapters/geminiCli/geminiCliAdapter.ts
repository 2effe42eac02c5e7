// Gemini CLI (`google-gemini/gemini-cli`) chat recordings → index operations.
// Two eras: ≥ 0.39 an append-only JSONL log (`session-*.jsonl`, parsed line by line), before that one pretty-printed
// JSON document rewritten whole on every change (`session-*.json`, parsed with parseDocument). Record semantics are
// in sessionParser.ts, tool calls in toolCalls.ts, file layout and project mapping in discovery.ts.
import type { AgentAdapter, ParseOutput, TranscriptFile, TranscriptLine } from '../adapter';
import { parseJsonDocument } from '../../core/jsonDepth';
import type { ParseIssue } from '../../core/ops';
import { parseJsonLine } from '../jsonLine';
import { discoverGeminiTranscripts, geminiDefaultRoots } from './discovery';
import { arr, isObject } from '../../core/jsonValues';
import { legacyReadBefores } from './legacyReads';
import { initialGeminiState, SessionParser, type GeminiCliState } from './sessionParser';

export type { GeminiCliState } from './sessionParser';

function parseLine(parser: SessionParser, file: TranscriptFile, line: TranscriptLine): void {
  const parsed = parseJsonLine(file.path, line, parser.issues);
  if (parsed.found) {
    parser.record(parsed.value, line.lineNo);
  }
}

function parseLines(file: TranscriptFile, state: GeminiCliState, lines: TranscriptLine[]): ParseOutput<GeminiCliState> {
  const parser = new SessionParser(file, state);
  for (const line of lines) {
    try {
      parseLine(parser, file, line);
    } catch (err) {
      // Defensive: a record shape no guard anticipated must cost one line, never the file.
      parser.issues.push({ kind: 'unknown-record', file: file.path, line: line.lineNo, message: `unparseable record: ${String(err)}` });
    }
  }
  return { state: parser.state, ops: parser.ops, issues: parser.issues };
}

/** A document that is really JSONL (a `.json` path handed over in whole mode after a migration): parse it as lines. */
function parseAsLines(file: TranscriptFile, text: string): ParseOutput<GeminiCliState> {
  const lines: TranscriptLine[] = [];
  let offset = 0;
  text.split('\n').forEach((t, i) => {
    lines.push({ text: t.endsWith('\r') ? t.slice(0, -1) : t, offset, lineNo: i + 1 });
    offset += Buffer.byteLength(t, 'utf8') + 1;
  });
  return parseLines(file, initialGeminiState(), lines);
}

function firstLineIsRecord(text: string): boolean {
  const end = text.indexOf('\n');
  const first = (end < 0 ? text : text.slice(0, end)).trim();
  try {
    return isObject(JSON.parse(first));
  } catch {
    return false;
  }
}

/** Legacy `{sessionId, projectHash, startTime, lastUpdated, messages: [...], summary?, directories?, kind?}`. */
function parseDocument(file: TranscriptFile, text: string): ParseOutput<GeminiCliState> {
  const state = initialGeminiState();
  const issues: ParseIssue[] = [];
  // Gemini rewrites the file in place (writeFileSync): a read during the rewrite sees a cut-off document.
  const unparsed: ParseIssue[] = [];
  const parsed = parseJsonDocument(text, file.path, unparsed);
  if (!parsed) {
    if (text.includes('\n') && firstLineIsRecord(text)) {
      return parseAsLines(file, text);
    }
    return { state, ops: [], issues: unparsed };
  }
  issues.push(...unparsed);
  const doc = parsed.value;
  if (!isObject(doc)) {
    issues.push({ kind: 'unknown-record', file: file.path, message: 'session document is not a JSON object' });
    return { state, ops: [], issues };
  }
  // Every legacy document gets the legacy rules: they only apply to results without a display, which later builds
  // (0.25 on) never write for a successful write_file/replace.
  const parser = new SessionParser(file, state, { readBefores: legacyReadBefores(arr(doc.messages), file.cwdHint) });
  try {
    parser.metadata(doc);
    if (!Array.isArray(doc.messages)) {
      parser.issues.push({ kind: 'missing-field', file: file.path, message: 'session document has no messages array' });
    }
    arr(doc.messages).forEach((m) => parser.message(m, undefined));
  } catch (err) {
    parser.issues.push({ kind: 'unknown-record', file: file.path, message: `unparseable session document: ${String(err)}` });
  }
  return { state: parser.state, ops: parser.ops, issues: [...issues, ...parser.issues] };
}

export const geminiCliAdapter: AgentAdapter<GeminiCliState> = {
  agent: 'gemini-cli',
  defaultRoots: geminiDefaultRoots,
  discover: discoverGeminiTranscripts,
  initialState: () => initialGeminiState(),
  parseLines,
  parseDocument,
};
