// Codex CLI / IDE extension / Desktop (codex-rs) rollouts: `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-*.jsonl`,
// appended line by line, plus the 2025 TypeScript-era `rollout-*.json` documents.
import { basename } from 'node:path';
import { parseJsonCapped, tooDeepMessage } from '../../core/jsonDepth';
import type { IndexOp, ParseIssue } from '../../core/ops';
import type { AgentAdapter, ParseOutput, TranscriptFile, TranscriptLine } from '../adapter';
import type { CodexState } from './codexState';
import { discoverCodexFiles, defaultCodexRoots } from './discovery';
import { resolvePath } from './paths';
import { RolloutParser } from './rolloutParser';
import { documentLines } from '../documentLines';
import { asTsEraDocument, parseTsEraDocument } from './tsEraDocument';

const uuidInName = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl?$/i;

/** The thread id in `rollout-<time>-<uuid>.jsonl`, else the file name: used only if the file has no session_meta. */
function fallbackSessionId(path: string): string {
  const name = basename(path);
  return uuidInName.exec(name)?.[1] ?? name.replace(/\.jsonl?(\.zst)?$/, '');
}

function freshState(file: TranscriptFile): CodexState {
  const state: CodexState = {
    version: 1,
    fallbackSessionId: fallbackSessionId(file.path),
    sessionAnnounced: false,
    replaying: false,
    turnHasPrompt: false,
    calls: {},
  };
  if (file.cwdHint) {
    state.cwd = resolvePath(file.cwdHint, undefined);
  }
  return state;
}

function parseLinesInto(file: TranscriptFile, state: CodexState, lines: readonly TranscriptLine[], ops: IndexOp[], issues: ParseIssue[]): void {
  const parser = new RolloutParser(file, state, ops, issues);
  for (const line of lines) {
    try {
      parser.handleLine(line.text, line.lineNo);
    } catch (err) {
      // A bug or an input shape nobody anticipated must cost one line, never the file.
      issues.push({
        kind: 'unknown-record',
        file: file.path,
        line: line.lineNo,
        message: `could not interpret line: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  }
}

export const codexAdapter: AgentAdapter<CodexState> = {
  agent: 'codex',

  defaultRoots: defaultCodexRoots,

  discover: discoverCodexFiles,

  initialState: freshState,

  parseLines(file: TranscriptFile, state: CodexState, lines: TranscriptLine[]): ParseOutput<CodexState> {
    // Work on a copy: the caller's state stays valid if it decides to drop this batch.
    const next = structuredClone(state);
    const ops: IndexOp[] = [];
    const issues: ParseIssue[] = [];
    parseLinesInto(file, next, lines, ops, issues);
    return { state: next, ops, issues };
  },

  parseDocument(file: TranscriptFile, text: string): ParseOutput<CodexState> {
    const state = freshState(file);
    const ops: IndexOp[] = [];
    const issues: ParseIssue[] = [];
    let doc: unknown;
    try {
      const parsed = parseJsonCapped(text);
      doc = parsed.value;
      if (parsed.cut > 0) {
        issues.push({ kind: 'too-deep', file: file.path, message: tooDeepMessage(parsed.cut) });
      }
    } catch {
      doc = undefined;
    }
    const tsEra = asTsEraDocument(doc);
    if (tsEra) {
      try {
        parseTsEraDocument(file, state, tsEra, ops, issues);
      } catch (err) {
        issues.push({ kind: 'unknown-record', file: file.path, message: `could not interpret document: ${err instanceof Error ? err.message : String(err)}` });
      }
      return { state, ops, issues };
    }
    // Anything else is read as JSONL (a rollout handed over whole).
    parseLinesInto(file, state, documentLines(text), ops, issues);
    return { state, ops, issues };
  },
};
