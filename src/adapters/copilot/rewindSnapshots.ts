// Copilot CLI's per-prompt file pre-images, `session-state/<id>/rewind-file-snapshots/index.json` + `backups/<sha256>`,
// as the agent's own file backups (fileBackup ops, like Claude Code's file-history): for every file a prompt changed
// — by a file tool or by a shell command — its full content when the prompt was submitted (`absent` when it did not
// exist). The CLI writes a prompt's entry when the prompt's work is done and drops entries (and their backups) that a
// `/rewind` with files undid; the document is rewritten whole each time.
//
// A backup describes the file at its prompt's start, so it carries the prompt's own time (its `user.message` in the
// sibling events.jsonl), not the entry's `timestamp` (written after the prompt's work): checkpoints then know it
// precedes every change of the prompt, shell commands included. Entries whose prompt is no longer in the log (a
// "conversation only" `/rewind` keeps them) describe withdrawn prompts: they are left out.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isObject, obj, str, type JsonObject } from '../../core/jsonValues';
import type { IndexOp, ParseIssue } from '../../core/ops';
import { normalizePath } from '../../core/paths';
import type { ParseOutput, TranscriptFile } from '../adapter';
import { eventsFileName } from './discovery';

/** `user.message` event id → its time, from the session's log (only those lines are parsed). */
function promptTimes(logPath: string, issues: ParseIssue[]): Map<string, string> | undefined {
  let text: string;
  try {
    text = readFileSync(logPath, 'utf8');
  } catch (err) {
    issues.push({ kind: 'io', file: logPath, message: `cannot read the session's log: ${err instanceof Error ? err.message : String(err)}` });
    return undefined;
  }
  const times = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line.includes('"user.message"')) {
      continue;
    }
    try {
      const rec: unknown = JSON.parse(line);
      if (isObject(rec) && rec.type === 'user.message' && typeof rec.id === 'string' && typeof rec.timestamp === 'string') {
        times.set(rec.id, rec.timestamp);
      }
    } catch {
      // The log's own reading reports its damaged lines.
    }
  }
  return times;
}

function snapshotOps(file: TranscriptFile, sessionId: string, snapshot: JsonObject, version: number, times: Map<string, string>, issues: ParseIssue[]): IndexOp[] {
  const promptId = str(snapshot.eventId);
  const files = obj(snapshot.files);
  if (promptId === undefined || files === undefined) {
    issues.push({ kind: 'missing-field', file: file.path, message: `snapshot ${version} without eventId or files` });
    return [];
  }
  const timestamp = times.get(promptId);
  if (timestamp === undefined) {
    return []; // a withdrawn prompt's snapshot (see above)
  }
  const backups = join(dirname(file.path), 'backups');
  const ops: IndexOp[] = [];
  for (const entry of Object.values(files)) {
    const e = obj(entry);
    const path = str(e?.path);
    const pre = obj(e?.preimage);
    const kind = str(pre?.kind);
    if (path === undefined || kind === undefined) {
      issues.push({ kind: 'missing-field', file: file.path, message: `snapshot ${version}: a file without path or preimage` });
      continue;
    }
    let backupPath: string | null;
    if (kind === 'absent') {
      backupPath = null;
    } else if (kind === 'content' && str(pre?.backupFile) !== undefined && /^[0-9a-f]{64}$/.test(str(pre?.backupFile) ?? '')) {
      backupPath = join(backups, str(pre?.backupFile) ?? '');
    } else {
      issues.push({ kind: 'unknown-record', file: file.path, message: `snapshot ${version}: preimage of ${path} is "${kind}" without a backup file` });
      continue;
    }
    ops.push({ op: 'fileBackup', sessionId, promptId, path: normalizePath(path), backupPath, version, timestamp });
  }
  return ops;
}

/** The fileBackup ops of one `index.json`; the session id is its folder's name. */
export function parseSnapshotIndex(file: TranscriptFile, text: string): ParseOutput<undefined> {
  const issues: ParseIssue[] = [];
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    issues.push({ kind: 'invalid-json', file: file.path, message: err instanceof Error ? err.message : String(err) });
    return { state: undefined, ops: [], issues };
  }
  const snapshots = isObject(doc) && Array.isArray(doc.snapshots) ? doc.snapshots : undefined;
  if (snapshots === undefined) {
    issues.push({ kind: 'missing-field', file: file.path, message: 'rewind snapshot index without a snapshots list' });
    return { state: undefined, ops: [], issues };
  }
  const sessionDir = dirname(dirname(file.path));
  const sessionId = sessionDir.split(/[\\/]/).pop() ?? sessionDir;
  const times = snapshots.length > 0 ? promptTimes(join(sessionDir, eventsFileName), issues) : new Map<string, string>();
  if (times === undefined) {
    return { state: undefined, ops: [], issues };
  }
  const ops: IndexOp[] = [];
  snapshots.forEach((s, i) => {
    if (!isObject(s)) {
      issues.push({ kind: 'missing-field', file: file.path, message: `snapshot ${i + 1} is not an object` });
      return;
    }
    ops.push(...snapshotOps(file, sessionId, s, i + 1, times, issues));
  });
  return { state: undefined, ops, issues };
}
