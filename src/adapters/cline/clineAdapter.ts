// Cline CLI 3.x (the SDK Cline) sessions → index operations. One TranscriptFile per session: its transcript
// `<id>.messages.json`, read whole (Cline rewrites it whole after every message); the manifest `<id>.json` next to it
// (cwd, title, the session's model) is read with it. The index re-reads a session when its transcript changes: a
// manifest-only change (the session's end status, usage totals) carries nothing the index keeps that the next message
// would not bring along. Format: docs/formats/cline.md.
// The Cline VS Code extension's tasks (`globalStorage/saoudrizwan.claude-dev/tasks/<id>/ui_messages.json`) are the
// same agent's other source, read by the task reader it shares with Roo Code (docs/formats/clineTasks.md).
import { basename } from 'node:path';
import type { AdapterEnvironment, AgentAdapter, DiscoveryMemo, ParseOutput, TranscriptFile, TranscriptLine } from '../adapter';
import { parseTaskDocument } from '../clineTasks/taskAdapter';
import { discoverTasks, isTaskStorage } from '../clineTasks/taskDiscovery';
import { clineExtensionId, extensionStorageRoots, uiMessagesName } from '../clineTasks/taskPaths';
import { parseJsonDocument } from '../../core/jsonDepth';
import { isObject } from '../../core/jsonValues';
import type { ParseIssue } from '../../core/ops';
import { clineCheckpointBackups } from './checkpointBackups';
import { discoverClineTranscripts } from './discovery';
import { readManifest, type ClineManifest } from './manifest';
import { clineDefaultRoots, manifestOf } from './paths';
import { SessionDocument } from './sessionDocument';

/** Nothing is carried between readings: a whole document is parsed from scratch every time. */
export type ClineState = null;

/** The transcript's text with its manifest (read here unless given, as tests of malformed manifests do). */
export function parseClineDocument(file: TranscriptFile, text: string, manifest: ClineManifest | undefined, issues: ParseIssue[]): ParseOutput<ClineState> {
  // Cline rewrites the file whole: a read during the rewrite sees a cut-off document; the next change reads it again.
  const parsed = parseJsonDocument(text, file.path, issues);
  if (!parsed) {
    return { state: null, ops: [], issues };
  }
  const doc = parsed.value;
  if (!isObject(doc)) {
    issues.push({ kind: 'unknown-record', file: file.path, message: 'session document is not a JSON object' });
    return { state: null, ops: [], issues };
  }
  const session = new SessionDocument(file, doc, manifest);
  session.parse();
  // The checkpoints are read with the transcript, so their contents reach the index while the refs still exist.
  const backups = clineCheckpointBackups(session.ops, session.promptRuns, manifest?.checkpoints ?? [], file.path, session.issues);
  return { state: null, ops: [...session.ops, ...backups], issues: [...issues, ...session.issues] };
}

function parseDocument(file: TranscriptFile, text: string): ParseOutput<ClineState> {
  if (basename(file.path) === uiMessagesName) {
    return parseTaskDocument('cline', file, text);
  }
  const issues: ParseIssue[] = [];
  const manifest = readManifest(manifestOf(file.path), issues);
  return parseClineDocument(file, text, manifest, issues);
}

function parseLines(file: TranscriptFile, state: ClineState, lines: TranscriptLine[]): ParseOutput<ClineState> {
  // Discovery hands out whole documents only; a caller that reads one as lines gets told, not a wrong parse.
  const issues: ParseIssue[] = lines.length > 0 ? [{ kind: 'unknown-record', file: file.path, message: 'a Cline transcript is one JSON document, not lines' }] : [];
  return { state, ops: [], issues };
}

/** Cline CLI's sessions folder, then each editor's storage folder of the extension. */
function defaultRoots(env: AdapterEnvironment): string[] {
  return [...clineDefaultRoots(env), ...extensionStorageRoots(env, clineExtensionId)];
}

/** CLI sessions under every root; the extension's tasks under the roots that are its storage folder. */
async function discover(roots: string[], workspaceFolders: string[], issues: ParseIssue[], memo?: DiscoveryMemo): Promise<TranscriptFile[]> {
  const tasks = roots.filter(isTaskStorage);
  const sessions = await discoverClineTranscripts(
    roots.filter((r) => !tasks.includes(r)),
    workspaceFolders,
    issues,
    memo,
  );
  return [...sessions, ...tasks.flatMap((r) => discoverTasks('cline', r, workspaceFolders, issues, memo))];
}

export const clineAdapter: AgentAdapter<ClineState> = {
  agent: 'cline',
  defaultRoots,
  discover,
  initialState: () => null,
  parseLines,
  parseDocument,
};
