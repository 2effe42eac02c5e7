// Cline CLI 3.x (the SDK Cline) sessions → index operations. One TranscriptFile per session: its transcript
// `<id>.messages.json`, read whole (Cline rewrites it whole after every message); the manifest `<id>.json` next to it
// (cwd, title, the session's model) is read with it. The index re-reads a session when its transcript changes: a
// manifest-only change (the session's end status, usage totals) carries nothing the index keeps that the next message
// would not bring along. Format: docs/formats/cline.md.
import type { AgentAdapter, ParseOutput, TranscriptFile, TranscriptLine } from '../adapter';
import { parseJsonCapped, tooDeepMessage } from '../../core/jsonDepth';
import { isObject } from '../../core/jsonValues';
import type { ParseIssue } from '../../core/ops';
import { discoverClineTranscripts } from './discovery';
import { readManifest, type ClineManifest } from './manifest';
import { clineDefaultRoots, manifestOf } from './paths';
import { SessionDocument } from './sessionDocument';

/** Nothing is carried between readings: a whole document is parsed from scratch every time. */
export type ClineState = null;

function looksBinary(text: string): boolean {
  return /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text);
}

/** The transcript's text with its manifest (read here unless given, as tests of malformed manifests do). */
export function parseClineDocument(file: TranscriptFile, text: string, manifest: ClineManifest | undefined, issues: ParseIssue[]): ParseOutput<ClineState> {
  let doc: unknown;
  try {
    const parsed = parseJsonCapped(text);
    doc = parsed.value;
    if (parsed.cut > 0) {
      issues.push({ kind: 'too-deep', file: file.path, message: tooDeepMessage(parsed.cut) });
    }
  } catch (err) {
    // Cline rewrites the file in place: a read during the rewrite sees a cut-off document; the next change reads it again.
    issues.push({
      kind: looksBinary(text) ? 'binary' : 'invalid-json',
      file: file.path,
      message: `session document is not valid JSON (partly written?): ${err instanceof Error ? err.message : String(err)}`,
    });
    return { state: null, ops: [], issues };
  }
  if (!isObject(doc)) {
    issues.push({ kind: 'unknown-record', file: file.path, message: 'session document is not a JSON object' });
    return { state: null, ops: [], issues };
  }
  const session = new SessionDocument(file, doc, manifest);
  session.parse();
  return { state: null, ops: session.ops, issues: [...issues, ...session.issues] };
}

function parseDocument(file: TranscriptFile, text: string): ParseOutput<ClineState> {
  const issues: ParseIssue[] = [];
  const manifest = readManifest(manifestOf(file.path), issues);
  return parseClineDocument(file, text, manifest, issues);
}

function parseLines(file: TranscriptFile, state: ClineState, lines: TranscriptLine[]): ParseOutput<ClineState> {
  // Discovery hands out whole documents only; a caller that reads one as lines gets told, not a wrong parse.
  const issues: ParseIssue[] = lines.length > 0 ? [{ kind: 'unknown-record', file: file.path, message: 'a Cline transcript is one JSON document, not lines' }] : [];
  return { state, ops: [], issues };
}

export const clineAdapter: AgentAdapter<ClineState> = {
  agent: 'cline',
  defaultRoots: clineDefaultRoots,
  discover: discoverClineTranscripts,
  initialState: () => null,
  parseLines,
  parseDocument,
};
