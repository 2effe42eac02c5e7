// Where GitHub Copilot CLI keeps sessions, and which of them belong to the workspace.
//
// `<root>/session-state/<session id>/events.jsonl` (the event log, appended to; rewritten shorter by `/rewind`) and
// `<root>/session-state/<session id>/rewind-file-snapshots/index.json` (the per-prompt pre-images, rewritten whole).
// Sessions of every project share `session-state/`: the folder names are session ids, so membership is decided by
// the cwd the log's first event (`session.start`) records, remembered per log in the discovery memo.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ParseIssue } from '../../core/ops';
import { isObject, obj, str } from '../../core/jsonValues';
import { mayBelongTo } from '../../core/paths';
import type { AdapterEnvironment, DiscoveryMemo, TranscriptFile } from '../adapter';
import { errorMessage, listDir } from '../listDir';

/** `COPILOT_HOME` moves everything the CLI stores (`copilot help environment`); default `~/.copilot`. */
export function copilotDefaultRoots(env: AdapterEnvironment): string[] {
  return [env.env.COPILOT_HOME || join(env.home, '.copilot')];
}

export const eventsFileName = 'events.jsonl';
export const snapshotIndexSegments = ['rewind-file-snapshots', 'index.json'] as const;

/** The first line of a log is `session.start`; a few KB in practice. Longer first lines are read up to this. */
const firstLineLimit = 256 * 1024;

function firstLine(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.alloc(16 * 1024);
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, total);
      if (n === 0) {
        break;
      }
      const nl = chunk.subarray(0, n).indexOf(10);
      parts.push(Buffer.from(chunk.subarray(0, nl < 0 ? n : nl)));
      total += n;
      if (nl >= 0 || total >= firstLineLimit) {
        break;
      }
    }
    return Buffer.concat(parts).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The cwd `session.start` records, or undefined when the first line is not one (empty, damaged, another format). */
export function recordedCwd(line: string): string | undefined {
  try {
    const rec: unknown = JSON.parse(line);
    if (!isObject(rec) || rec.type !== 'session.start') {
      return undefined;
    }
    return str(obj(obj(rec.data)?.context)?.cwd);
  } catch {
    return undefined;
  }
}

interface MemoEntry {
  size: number;
  mtimeMs: number;
  cwd: string | null;
}

function isMemoEntry(v: unknown): v is MemoEntry {
  return isObject(v) && typeof v.size === 'number' && typeof v.mtimeMs === 'number' && (typeof v.cwd === 'string' || v.cwd === null);
}

/** The log's recorded cwd; null when it has none yet. The first line never changes while a log only grows. */
function logCwd(path: string, memo: DiscoveryMemo | undefined, issues: ParseIssue[]): string | null | undefined {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    issues.push({ kind: 'io', file: path, message: `cannot stat: ${errorMessage(err)}` });
    return undefined;
  }
  const known = memo?.get(path);
  // A log that shrank was rewritten (`/rewind`): its first line is read again, like a new one.
  if (isMemoEntry(known) && known.cwd !== null && st.size >= known.size) {
    return known.cwd;
  }
  let cwd: string | null;
  try {
    cwd = recordedCwd(firstLine(path)) ?? null;
  } catch (err) {
    issues.push({ kind: 'io', file: path, message: `cannot read: ${errorMessage(err)}` });
    return undefined;
  }
  memo?.set(path, { size: st.size, mtimeMs: st.mtimeMs, cwd } satisfies MemoEntry);
  return cwd;
}

export async function discoverCopilotTranscripts(roots: string[], workspaceFolders: string[], issues: ParseIssue[], memo?: DiscoveryMemo): Promise<TranscriptFile[]> {
  const files: TranscriptFile[] = [];
  for (const root of roots) {
    const stateDir = join(root, 'session-state');
    const sessions = listDir(stateDir, issues, true);
    for (const d of sessions ?? []) {
      if (!d.isDirectory()) {
        continue;
      }
      const dir = join(stateDir, d.name);
      const events = join(dir, eventsFileName);
      const names = (listDir(dir, issues, true) ?? []).map((e) => e.name);
      if (!names.includes(eventsFileName)) {
        continue; // a session folder whose log is not written yet
      }
      const cwd = logCwd(events, memo, issues);
      if (!cwd || !workspaceFolders.some((f) => mayBelongTo(cwd, f))) {
        continue;
      }
      files.push({ agent: 'copilot', path: events, mode: 'append' });
      const snapshots = join(dir, ...snapshotIndexSegments);
      if (names.includes(snapshotIndexSegments[0]) && existsSync(snapshots)) {
        files.push({ agent: 'copilot', path: snapshots, mode: 'whole' });
      }
    }
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
