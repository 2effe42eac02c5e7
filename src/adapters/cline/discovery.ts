// Cline keeps every project's sessions in one folder (`sessions/<id>/`), not grouped by project: the manifest's
// recorded cwd decides membership. A session's cwd never changes, so it is remembered (DiscoveryMemo) per manifest
// and a session of another project costs one read of its small manifest, once.
import type { Dirent } from 'node:fs';
import { join } from 'node:path';
import type { DiscoveryMemo, TranscriptFile } from '../adapter';
import { isObject } from '../../core/jsonValues';
import type { ParseIssue } from '../../core/ops';
import { mayBelongTo } from '../../core/paths';
import { listDir } from '../listDir';
import { readManifest } from './manifest';
import { manifestPath, messagesPath, messagesSuffix, sessionsBelowRoot } from './paths';

function belongs(cwd: string, workspaceFolders: string[]): boolean {
  return workspaceFolders.some((f) => mayBelongTo(cwd, f));
}

/** The session's recorded cwd: remembered, or read from its manifest (undefined: no readable manifest yet). */
function sessionCwd(manifest: string, issues: ParseIssue[], memo: DiscoveryMemo | undefined): string | undefined {
  const known = memo?.get(manifest);
  if (isObject(known) && typeof known.cwd === 'string') {
    return known.cwd;
  }
  const cwd = readManifest(manifest, issues)?.cwd;
  if (cwd !== undefined) {
    memo?.set(manifest, { cwd });
  }
  return cwd;
}

/** The transcripts of one sessions folder (its entries given) that may belong to the workspace. */
function sessionsIn(sessions: string, entries: Dirent[], workspaceFolders: string[], issues: ParseIssue[], memo: DiscoveryMemo | undefined): TranscriptFile[] {
  const found: TranscriptFile[] = [];
  for (const d of entries) {
    if (!d.isDirectory()) {
      continue;
    }
    const dir = join(sessions, d.name);
    // A session remembered to be another folder's costs no I/O at all (every project's sessions share this folder).
    const known = memo?.get(manifestPath(dir, d.name));
    if (isObject(known) && typeof known.cwd === 'string' && !belongs(known.cwd, workspaceFolders)) {
      continue;
    }
    const names = new Set((listDir(dir, issues, false) ?? []).filter((e) => e.isFile()).map((e) => e.name));
    if (!names.has(`${d.name}${messagesSuffix}`)) {
      continue;
    }
    // No manifest (yet, or unreadable): keep the transcript; its system prompt names the working directory, and
    // the parsed session's cwd decides membership.
    const cwd = names.has(`${d.name}.json`) ? sessionCwd(manifestPath(dir, d.name), issues, memo) : undefined;
    if (cwd !== undefined && !belongs(cwd, workspaceFolders)) {
      continue;
    }
    found.push({ agent: 'cline', path: messagesPath(dir, d.name), mode: 'whole' });
  }
  return found;
}

/**
 * A root is Cline's folder or its data folder when it holds `data/sessions/` or `sessions/` (see sessionsBelowRoot),
 * otherwise it is the sessions folder itself: Cline's data folder also has folders that are not sessions.
 */
export async function discoverClineTranscripts(
  roots: string[],
  workspaceFolders: string[],
  issues: ParseIssue[],
  memo?: DiscoveryMemo,
): Promise<TranscriptFile[]> {
  const found: TranscriptFile[] = [];
  for (const root of roots) {
    const entries = listDir(root, issues, true);
    if (!entries) {
      continue;
    }
    const below = sessionsBelowRoot
      .filter((segments) => segments.length > 0)
      .map((segments) => join(root, ...segments))
      .map((dir) => ({ dir, entries: listDir(dir, issues, false) }));
    const folders = below.some((b) => b.entries) ? below : [{ dir: root, entries }];
    for (const { dir, entries: sessionDirs } of folders) {
      found.push(...sessionsIn(dir, sessionDirs ?? [], workspaceFolders, issues, memo));
    }
  }
  return found.sort((a, b) => a.path.localeCompare(b.path));
}
