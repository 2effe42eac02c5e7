// Aider's history lives in the project: discovery looks in its roots (the workspace folders and their git roots, see
// paths.ts) for the history file, never in HOME. One history file holds every session aider ran there; its folder is
// the sessions' working folder (aider writes it at the git root, edit paths are relative to it).
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TranscriptFile } from '../adapter';
import type { ParseIssue } from '../../core/ops';
import { mayBelongTo } from '../../core/paths';
import { errorMessage, isMissing } from '../listDir';
import { historyFilesIn } from './paths';

function isFile(path: string, issues: ParseIssue[]): boolean {
  try {
    return statSync(path).isFile();
  } catch (err) {
    if (!isMissing(err)) {
      issues.push({ kind: 'io', file: path, message: `cannot read: ${errorMessage(err)}` });
    }
    return false;
  }
}

export function discoverAiderHistories(roots: string[], workspaceFolders: string[], issues: ParseIssue[], env: Readonly<Record<string, string | undefined>> = process.env): Promise<TranscriptFile[]> {
  const found = new Map<string, TranscriptFile>();
  for (const root of roots) {
    let st;
    try {
      st = statSync(root);
    } catch (err) {
      issues.push({ kind: 'io', file: root, message: `cannot read directory: ${errorMessage(err)}` });
      continue;
    }
    // A root the user named may be the history file itself.
    const candidates = st.isFile() ? [root] : historyFilesIn(root, env);
    for (const path of candidates) {
      if (found.has(path) || !isFile(path, issues)) {
        continue;
      }
      const cwd = dirname(path);
      if (workspaceFolders.length > 0 && !workspaceFolders.some((f) => mayBelongTo(cwd, f))) {
        continue;
      }
      found.set(path, { agent: 'aider', path, mode: 'append', cwdHint: cwd });
    }
  }
  return Promise.resolve([...found.values()].sort((a, b) => a.path.localeCompare(b.path)));
}
