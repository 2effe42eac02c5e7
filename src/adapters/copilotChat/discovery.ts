// Which Copilot Chat sessions belong to the workspace, and the files to read for each.
//
// A data root is an editor's `User` folder (every `workspaceStorage/<id>/` in it is looked at) or one workspace storage
// folder (the extension passes the running editor's own). A storage folder belongs to the workspace when its
// `workspace.json` names a workspace folder (or a folder containing one); a storage folder without one is only
// accepted as a root of its own (the running editor's), for the first workspace folder. Other folders' sessions are
// never read.
//
// In a storage folder: `chatSessions/<id>.json` (VS Code < 1.109) and `<id>.jsonl` (≥ 1.109) may both exist for one
// session (the flat file stays behind when the log starts): the newer one is read, as VS Code reads the log when
// there is one. `chatEditingSessions/<id>/state.json` of a session read is read with it (a change to it re-reads
// the session). Copilot Chat's own transcript `GitHub.copilot-chat/transcripts/<id>.jsonl` is named by the
// extension's conversation id, which the chat session records as `result.metadata.sessionId`: a transcript whose
// session is in a chat session file is the same conversation and is not read again; only transcripts without one are.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ParseIssue } from '../../core/ops';
import { isObject } from '../../core/jsonValues';
import { mayBelongTo, normalizePath } from '../../core/paths';
import type { AdapterEnvironment, DiscoveryMemo, TranscriptFile } from '../adapter';
import { errorMessage, listDir } from '../listDir';
import { editingStatePath } from './editingState';
import { chatSessionsDir, extensionDir, transcriptsDir } from './paths';
import { workspaceStorageFolders } from './workspaceMapping';

/**
 * The running editor's storage folder of the workspace first, then every editor's `User` folder, and the remote
 * servers' (VS Code Server, Insiders, code-server) data folders, which hold a remote window's workspace storage.
 */
export function copilotChatDefaultRoots(env: AdapterEnvironment): string[] {
  const remote = [
    join(env.home, '.vscode-server', 'data', 'User'),
    join(env.home, '.vscode-server-insiders', 'data', 'User'),
    join(env.home, '.local', 'share', 'code-server', 'User'),
  ];
  const all = [...(env.workspaceStorageDir !== undefined ? [env.workspaceStorageDir] : []), ...(env.editorUserDirs ?? []), ...remote];
  return [...new Set(all)];
}

function isStorageFolder(dir: string): boolean {
  return ['workspace.json', chatSessionsDir, 'chatEditingSessions', extensionDir].some((n) => existsSync(join(dir, n)));
}

interface MemoEntry {
  size: number;
  mtimeMs: number;
  ids: string[];
}

function isMemoEntry(v: unknown): v is MemoEntry {
  return isObject(v) && typeof v.size === 'number' && typeof v.mtimeMs === 'number' && Array.isArray(v.ids) && v.ids.every((x) => typeof x === 'string');
}

/** The conversation ids a chat session file names (`"sessionId":"…"`, its own and its responses' metadata). */
function namedSessionIds(path: string, size: number, mtimeMs: number, memo: DiscoveryMemo | undefined, issues: ParseIssue[]): string[] {
  const known = memo?.get(path);
  if (isMemoEntry(known) && known.size === size && known.mtimeMs === mtimeMs) {
    return known.ids;
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    issues.push({ kind: 'io', file: path, message: `cannot read: ${errorMessage(err)}` });
    return [];
  }
  const ids = [...new Set([...text.matchAll(/"sessionId"\s*:\s*"([^"\\]{1,200})"/g)].map((m) => m[1]))];
  memo?.set(path, { size, mtimeMs, ids } satisfies MemoEntry);
  return ids;
}

function storageFiles(ws: string, cwd: string, issues: ParseIssue[], memo: DiscoveryMemo | undefined): TranscriptFile[] {
  const files: TranscriptFile[] = [];
  const newest = new Map<string, { path: string; mtimeMs: number; size: number; log: boolean }>();
  const dir = join(ws, chatSessionsDir);
  for (const e of listDir(dir, issues, false) ?? []) {
    const m = /^(.+)\.(jsonl?)$/.exec(e.name);
    if (!m || !e.isFile()) {
      continue;
    }
    const path = join(dir, e.name);
    let st;
    try {
      st = statSync(path);
    } catch (err) {
      issues.push({ kind: 'io', file: path, message: `cannot stat: ${errorMessage(err)}` });
      continue;
    }
    const log = m[2] === 'jsonl';
    const prev = newest.get(m[1]);
    if (!prev || st.mtimeMs > prev.mtimeMs || (st.mtimeMs === prev.mtimeMs && log)) {
      newest.set(m[1], { path, mtimeMs: st.mtimeMs, size: st.size, log });
    }
  }
  const covered = new Set<string>();
  for (const [id, f] of newest) {
    files.push({ agent: 'copilot-chat', path: f.path, mode: 'whole', cwdHint: cwd });
    const state = editingStatePath(ws, id);
    if (existsSync(state)) {
      files.push({ agent: 'copilot-chat', path: state, mode: 'whole', cwdHint: cwd });
    }
    covered.add(id);
    for (const named of namedSessionIds(f.path, f.size, f.mtimeMs, memo, issues)) {
      covered.add(named);
    }
  }
  const tdir = join(ws, extensionDir, transcriptsDir);
  for (const e of listDir(tdir, issues, false) ?? []) {
    if (e.isFile() && e.name.endsWith('.jsonl') && !covered.has(e.name.slice(0, -'.jsonl'.length))) {
      files.push({ agent: 'copilot-chat', path: join(tdir, e.name), mode: 'append', cwdHint: cwd });
    }
  }
  return files;
}

export async function discoverCopilotChatTranscripts(roots: string[], workspaceFolders: string[], issues: ParseIssue[], memo?: DiscoveryMemo): Promise<TranscriptFile[]> {
  const byPath = new Map<string, TranscriptFile>();
  for (const root of roots) {
    const own = isStorageFolder(root);
    let storages: string[];
    if (own) {
      storages = [root];
    } else {
      const wsRoot = join(root, 'workspaceStorage');
      const listed = listDir(root, issues, true);
      if (!listed) {
        continue;
      }
      storages = (listDir(wsRoot, issues, false) ?? []).filter((e) => e.isDirectory()).map((e) => join(wsRoot, e.name));
    }
    for (const ws of storages) {
      const folders = workspaceStorageFolders(ws, issues);
      let cwd: string | undefined;
      if (folders === undefined) {
        cwd = own && workspaceFolders.length > 0 ? normalizePath(workspaceFolders[0]) : undefined;
      } else {
        cwd = folders.find((f) => workspaceFolders.some((w) => mayBelongTo(f, w)));
      }
      if (cwd === undefined) {
        continue;
      }
      for (const f of storageFiles(ws, cwd, issues, memo)) {
        byPath.set(f.path, f);
      }
    }
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
