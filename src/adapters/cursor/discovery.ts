// Finds the Cursor sessions of the workspace folders under each root (`~/.cursor`, paths.ts):
// - the editor's agent transcripts, `projects/<slug>/agent-transcripts/`, flat (`<id>.jsonl`, older `<id>.txt`) or
//   nested (`<id>/<id>.jsonl` with `<id>/subagents/<subId>.jsonl`). The slug is the only thing that names the folder
//   (the lines record no cwd), so a transcript belongs to the folder whose slug its project folder is;
// - the cursor-agent CLI's chats, `chats/<md5 of the folder>/<chatId>/store.db` (a `database` source each).
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { ParseIssue } from '../../core/ops';
import type { TranscriptFile } from '../adapter';
import { errorMessage, isMissing, listDir } from '../listDir';
import { chatsHash, comparableSlug, projectSlug } from './paths';
import { discoverCursorStateDatabases } from './stateVscdb/discovery';

const TRANSCRIPT = /^[^.].*\.(jsonl|txt)$/;

function transcriptFiles(dir: string, cwd: string, issues: ParseIssue[]): TranscriptFile[] {
  const files: TranscriptFile[] = [];
  const entries = listDir(dir, issues, false) ?? [];
  const flat = new Set(entries.filter((e) => e.isFile() && e.name.endsWith('.jsonl')).map((e) => e.name.slice(0, -6)));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isFile() && TRANSCRIPT.test(entry.name)) {
      const isText = entry.name.endsWith('.txt');
      // A chat written in both forms is read once, from its JSONL (the `.txt` renders the same turns as text).
      if (isText && flat.has(entry.name.slice(0, -4))) {
        continue;
      }
      files.push({ agent: 'cursor', path, mode: isText ? 'whole' : 'append', cwdHint: cwd });
    } else if (entry.isDirectory()) {
      const id = entry.name;
      const inner = listDir(path, issues, false) ?? [];
      if (inner.some((e) => e.isFile() && e.name === `${id}.jsonl`)) {
        files.push({ agent: 'cursor', path: join(path, `${id}.jsonl`), mode: 'append', cwdHint: cwd });
      }
      if (inner.some((e) => e.isDirectory() && e.name === 'subagents')) {
        for (const sub of listDir(join(path, 'subagents'), issues, false) ?? []) {
          if (sub.isFile() && /^[^.].*\.jsonl$/.test(sub.name)) {
            files.push({ agent: 'cursor', path: join(path, 'subagents', sub.name), mode: 'append', cwdHint: cwd, parentSessionId: id });
          }
        }
      }
    }
  }
  return files;
}

function chatStores(dir: string, cwd: string, issues: ParseIssue[]): TranscriptFile[] {
  const files: TranscriptFile[] = [];
  for (const chat of listDir(dir, issues, false) ?? []) {
    if (!chat.isDirectory()) {
      continue;
    }
    const path = join(dir, chat.name, 'store.db');
    try {
      if (statSync(path).isFile()) {
        files.push({ agent: 'cursor', path, mode: 'database', cwdHint: cwd, workspaceFolders: [cwd] });
      }
    } catch (err) {
      if (!isMissing(err)) {
        issues.push({ kind: 'io', file: path, message: `cannot stat: ${errorMessage(err)}` });
      }
    }
  }
  return files;
}

/** Transcripts and chat stores under `roots` of the workspace folders (never those of another folder). */
export function discoverCursorSources(roots: string[], workspaceFolders: string[], issues: ParseIssue[]): Promise<TranscriptFile[]> {
  const files: TranscriptFile[] = [];
  const seen = new Set<string>();
  const add = (list: TranscriptFile[]): void => {
    for (const f of list) {
      if (!seen.has(f.path)) {
        seen.add(f.path);
        files.push(f);
      }
    }
  };
  for (const root of roots) {
    const rootEntries = listDir(root, issues, true);
    if (!rootEntries) {
      continue;
    }
    const names = new Set(rootEntries.filter((e) => e.isDirectory()).map((e) => e.name));
    if (names.has('projects')) {
      const projects = listDir(join(root, 'projects'), issues, false) ?? [];
      for (const folder of workspaceFolders) {
        const slug = comparableSlug(projectSlug(folder));
        for (const p of projects) {
          if (p.isDirectory() && comparableSlug(p.name) === slug) {
            add(transcriptFiles(join(root, 'projects', p.name, 'agent-transcripts'), folder, issues));
          }
        }
      }
    }
    if (names.has('chats')) {
      for (const folder of workspaceFolders) {
        add(chatStores(join(root, 'chats', chatsHash(folder)), folder, issues));
      }
    }
    if (names.has('globalStorage')) {
      // An IDE `User` folder: its chat store, when one of its workspace storages is this workspace's.
      add(discoverCursorStateDatabases([root], workspaceFolders, issues));
    }
  }
  return Promise.resolve(files);
}
