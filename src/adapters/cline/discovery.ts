// Cline keeps every project's sessions in one folder (`sessions/<id>/`), not grouped by project: the manifest's
// recorded cwd decides membership. A session's cwd never changes, so it is remembered (DiscoveryMemo) per manifest
// and a session of another project costs one read of its small manifest, once.
import { readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { DiscoveryMemo, TranscriptFile } from '../adapter';
import { isObject } from '../../core/jsonValues';
import type { ParseIssue } from '../../core/ops';
import { mayBelongTo } from '../../core/paths';
import { readManifest } from './manifest';
import { manifestPath, messagesPath } from './paths';

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function list(dir: string, issues: ParseIssue[], reportMissing: boolean): Dirent[] | undefined {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if (reportMissing || !(isObject(err) && err.code === 'ENOENT')) {
      issues.push({ kind: 'io', file: dir, message: `cannot read directory: ${errorText(err)}` });
    }
    return undefined;
  }
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

export async function discoverClineTranscripts(
  roots: string[],
  workspaceFolders: string[],
  issues: ParseIssue[],
  memo?: DiscoveryMemo,
): Promise<TranscriptFile[]> {
  const found: TranscriptFile[] = [];
  for (const root of roots) {
    for (const d of list(root, issues, true) ?? []) {
      if (!d.isDirectory()) {
        continue;
      }
      const dir = join(root, d.name);
      const names = new Set((list(dir, issues, false) ?? []).filter((e) => e.isFile()).map((e) => e.name));
      const messages = messagesPath(dir, d.name);
      if (!names.has(`${d.name}.messages.json`)) {
        continue;
      }
      // No manifest (yet, or unreadable): keep the transcript; its system prompt names the working directory, and
      // the parsed session's cwd decides membership.
      const cwd = names.has(`${d.name}.json`) ? sessionCwd(manifestPath(dir, d.name), issues, memo) : undefined;
      if (cwd !== undefined && !workspaceFolders.some((f) => mayBelongTo(cwd, f))) {
        continue;
      }
      found.push({ agent: 'cline', path: messages, mode: 'whole' });
    }
  }
  return found.sort((a, b) => a.path.localeCompare(b.path));
}
