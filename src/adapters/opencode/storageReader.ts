// Reading the JSON files OpenCode ≤ 1.1.65 kept under `<data>/storage/` (docs/formats/opencode.md §7) as a
// `database` source: one source for the whole folder, read by the adapter with its own cursor, like opencode.db.
// A session is many small files (session/<projectID>/<id>.json, message/<sessionID>/<id>.json,
// part/<messageID>/<id>.json), rewritten in place while a tool runs (Bun.write truncates and writes: a reader can
// catch a file half written, which is counted and read again once it changes). Ids come from the file names, as
// OpenCode's own import into opencode.db (1.2-1.15, storage/json-migration.ts) takes them, so a session found both
// here and in the database after an upgrade is one session of the index (same ids: its rows are upserts).
//
// The cursor keeps, per workspace session, the count, newest mtime and total size of its message and part files.
// Only the files of the workspace's sessions (by their recorded `directory`) are looked at; a reading reads again
// the message files of a changed session and the part files written at or after its old newest mtime (>=: a file
// written later in the same millisecond is read again rather than missed). Fewer files than before (OpenCode's
// undo removes them) reads the session again from its start.
import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { DatabaseBatch, TranscriptFile } from '../adapter';
import type { IndexOp, ParseIssue, SessionPatch } from '../../core/ops';
import { isObject, nonEmpty, num, obj, str, type JsonObject } from '../../core/jsonValues';
import { mayBelongTo } from '../../core/paths';
import { errorMessage, isMissing, listDir } from '../listDir';
import { storageFolder } from './discovery';
import { assistantOps, parseData, promptText, sessionFields, toolPreImages, type StoredPart } from './messageOps';
import { iso } from './partSteps';
import { promptBackups } from './promptBackups';

/** What was read of one session's files: counts, newest mtime (ms) and total size of messages and parts. */
export interface StorageMark {
  mc: number;
  mt: number;
  pc: number;
  pt: number;
  sz: number;
}

export interface StorageCursor {
  v: 1;
  sessions: Record<string, StorageMark>;
}

/** Messages per batch, as for the database: a batch holds them and their parts. */
const messagesPerBatch = 40;

interface FileStat {
  path: string;
  id: string;
  mtimeMs: number;
  size: number;
}

interface SessionFiles {
  id: string;
  patch: SessionPatch;
  messages: FileStat[];
  /** Part files by message id. */
  parts: Map<string, FileStat[]>;
  mark: StorageMark;
}

/**
 * Session files already read, by path, while their mtime and size stay: the folder holds every project's sessions,
 * and which belong to the workspace is known only from inside each file (`directory`), which never changes.
 */
const sessionMemo = new Map<string, { mtimeMs: number; size: number; patch: SessionPatch | undefined }>();

function cursorOf(value: unknown): StorageCursor {
  if (isObject(value) && value.v === 1 && isObject(value.sessions)) {
    const sessions: Record<string, StorageMark> = {};
    for (const [id, m] of Object.entries(value.sessions)) {
      if (isObject(m) && [m.mc, m.mt, m.pc, m.pt, m.sz].every((n) => typeof n === 'number')) {
        sessions[id] = { mc: Number(m.mc), mt: Number(m.mt), pc: Number(m.pc), pt: Number(m.pt), sz: Number(m.sz) };
      }
    }
    return { v: 1, sessions };
  }
  // No cursor, or one another version wrote: everything is read again (upserts: nothing is duplicated).
  return { v: 1, sessions: {} };
}

/** The `.json` files of a folder with their stats; a file gone between listing and stat is skipped. */
function jsonFiles(dir: string, issues: ParseIssue[]): FileStat[] {
  const out: FileStat[] = [];
  for (const e of listDir(dir, issues, false) ?? []) {
    if (!e.name.endsWith('.json')) {
      continue;
    }
    const path = join(dir, e.name);
    try {
      const st = statSync(path);
      if (st.isFile()) {
        out.push({ path, id: e.name.slice(0, -'.json'.length), mtimeMs: st.mtimeMs, size: st.size });
      }
    } catch (err) {
      if (!isMissing(err)) {
        issues.push({ kind: 'io', file: path, message: `cannot stat: ${errorMessage(err)}` });
      }
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function readText(path: string, issues: ParseIssue[]): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    // Removed since it was listed (undo, a session deleted): nothing to read, nothing to report.
    if (!isMissing(err)) {
      issues.push({ kind: 'io', file: path, message: `cannot read: ${errorMessage(err)}` });
    }
    return undefined;
  }
}

/** A session file as a session patch; its id is the file name (as OpenCode's import takes it). */
function sessionPatch(f: FileStat, issues: ParseIssue[]): SessionPatch | undefined {
  const memo = sessionMemo.get(f.path);
  if (memo && memo.mtimeMs === f.mtimeMs && memo.size === f.size) {
    return memo.patch;
  }
  const text = readText(f.path, issues);
  const data = text === undefined ? undefined : parseData(text, `session ${f.id}`, f.path, issues);
  let patch: SessionPatch | undefined;
  const directory = nonEmpty(data?.directory);
  if (data && !directory) {
    issues.push({ kind: 'missing-field', file: f.path, message: `session ${f.id}: no directory` });
  }
  if (data && directory) {
    patch = sessionFields(f.id, directory, { title: data.title, createdMs: num(obj(data.time)?.created), version: data.version, parentId: data.parentID });
  }
  // A file that could not be parsed (half written) is not remembered: it is read again next time.
  if (data) {
    sessionMemo.set(f.path, { mtimeMs: f.mtimeMs, size: f.size, patch });
  }
  return patch;
}

/** The workspace's sessions under `storage` with the stats of their files. */
function workspaceSessions(file: TranscriptFile, issues: ParseIssue[]): SessionFiles[] {
  const storage = file.path;
  const folders = file.workspaceFolders;
  const out: SessionFiles[] = [];
  for (const project of listDir(join(storage, 'session'), issues, false) ?? []) {
    if (!project.isDirectory()) {
      continue;
    }
    for (const f of jsonFiles(join(storage, 'session', project.name), issues)) {
      const patch = sessionPatch(f, issues);
      if (!patch || (folders && !folders.some((w) => mayBelongTo(patch.cwd ?? '', w)))) {
        continue;
      }
      const messages = jsonFiles(join(storage, 'message', f.id), issues);
      const parts = new Map<string, FileStat[]>();
      const mark: StorageMark = { mc: messages.length, mt: 0, pc: 0, pt: 0, sz: f.size };
      for (const m of messages) {
        mark.mt = Math.max(mark.mt, m.mtimeMs);
        mark.sz += m.size;
        const ps = jsonFiles(join(storage, 'part', m.id), issues);
        parts.set(m.id, ps);
        for (const p of ps) {
          mark.pc++;
          mark.pt = Math.max(mark.pt, p.mtimeMs);
          mark.sz += p.size;
        }
      }
      out.push({ id: f.id, patch, messages, parts, mark });
    }
  }
  return out;
}

function sameMark(a: StorageMark | undefined, b: StorageMark): boolean {
  return a !== undefined && a.mc === b.mc && a.mt === b.mt && a.pc === b.pc && a.pt === b.pt && a.sz === b.sz;
}

/**
 * The source's change stamp (adapter.ts sourceStamp): the storage folder's inode, the total size and newest mtime of
 * the workspace sessions' files. Looking at those costs a stat per file; the engine reads the source only when it moved.
 */
export function storageStamp(file: TranscriptFile): { ino: number; size: number; mtimeMs: number } {
  const ino = statSync(file.path).ino;
  const stamp = { ino, size: 0, mtimeMs: 0 };
  for (const s of workspaceSessions(file, [])) {
    // Counts weigh in too: a file removed and another grown by as much is still a change.
    stamp.size += s.mark.sz + s.mark.mc + s.mark.pc;
    stamp.mtimeMs = Math.max(stamp.mtimeMs, s.mark.mt, s.mark.pt);
  }
  return stamp;
}

interface ParsedMessage {
  stat: FileStat;
  data: JsonObject;
  what: string;
  created: string;
}

function parsedParts(files: readonly FileStat[], issues: ParseIssue[]): StoredPart[] {
  const out: StoredPart[] = [];
  for (const f of files) {
    const text = readText(f.path, issues);
    if (text !== undefined) {
      out.push({ id: f.id, data: text });
    }
  }
  return out;
}

/** The ops of one page of a session's messages. */
function readPage(s: SessionFiles, page: readonly ParsedMessage[], all: readonly ParsedMessage[], sinceParts: number | undefined, models: Set<string>, source: string, issues: ParseIssue[]): IndexOp[] {
  const ops: IndexOp[] = [];
  for (const m of page) {
    const role = str(m.data.role);
    const partFiles = s.parts.get(m.stat.id) ?? [];
    if (role === 'user') {
      // Every text part: the prompt is their concatenation, whichever of them changed.
      const text = promptText(parsedParts(partFiles, issues), m.what, m.stat.path, issues);
      if (text !== undefined) {
        ops.push({ op: 'prompt', sessionId: s.id, id: m.stat.id, text, timestamp: m.created });
        const root = all.map((r) => (nonEmpty(r.data.parentID) === m.stat.id ? nonEmpty(obj(r.data.path)?.root) : undefined)).find((r) => r !== undefined);
        const responses = all.filter((r) => nonEmpty(r.data.parentID) === m.stat.id).map((r) => ({ data: r.data, created: r.created, parts: parsedParts(s.parts.get(r.stat.id) ?? [], issues) }));
        const known = toolPreImages(m.stat.id, responses);
        ops.push(...promptBackups(s.id, m.stat.id, m.data, root ?? s.patch.cwd ?? '', m.created, source, known));
      }
      continue;
    }
    if (role !== 'assistant') {
      issues.push({ kind: 'unknown-record', file: m.stat.path, message: `${m.what}: unknown role ${JSON.stringify(m.data.role)}` });
      continue;
    }
    const changed = sinceParts === undefined || m.stat.mtimeMs >= sinceParts ? partFiles : partFiles.filter((p) => p.mtimeMs >= sinceParts);
    ops.push(...assistantOps(s.id, m.data, m.created, parsedParts(changed, issues), models, m.what, m.stat.path, issues));
  }
  return ops;
}

/** readDatabase of the adapter contract for a storage folder: what changed since `cursor`, a batch per page. */
export async function* readOpencodeStorage(file: TranscriptFile, cursorValue: unknown): AsyncIterable<DatabaseBatch> {
  const previous = cursorOf(cursorValue);
  let pendingIssues: ParseIssue[] = [];
  const sessions = workspaceSessions(file, pendingIssues);
  // Marks of the workspace's sessions only (a session of a folder no longer open is forgotten, read whole if back).
  const cursor: StorageCursor = { v: 1, sessions: {} };
  for (const s of sessions) {
    const old = previous.sessions[s.id];
    if (old) {
      cursor.sessions[s.id] = old;
    }
  }
  let yielded = false;
  for (const s of sessions) {
    const old = previous.sessions[s.id];
    if (sameMark(old, s.mark)) {
      continue;
    }
    const since = old && old.mc <= s.mark.mc && old.pc <= s.mark.pc ? { m: old.mt, p: old.pt } : undefined;
    // Every message file is parsed (one per response, small): a prompt's backups need its responses.
    const all: ParsedMessage[] = [];
    for (const stat of s.messages) {
      const what = `session ${s.id} message ${stat.id}`;
      const text = readText(stat.path, pendingIssues);
      const data = text === undefined ? undefined : parseData(text, what, stat.path, pendingIssues);
      if (data) {
        all.push({ stat, data, what, created: iso(num(obj(data.time)?.created) ?? stat.mtimeMs) ?? '' });
      } else if ((s.parts.get(stat.id)?.length ?? 0) > 0) {
        // Its parts cannot be placed (which prompt, which model) without it: left for when the message is readable.
        pendingIssues.push({ kind: 'missing-field', file: stat.path, message: `${what}: ${s.parts.get(stat.id)?.length ?? 0} part(s) not read, their message is unreadable` });
      }
    }
    const changed = since ? all.filter((m) => m.stat.mtimeMs >= since.m || (s.parts.get(m.stat.id) ?? []).some((p) => p.mtimeMs >= since.p)) : all;
    const models = new Set<string>();
    for (let i = 0; i === 0 || i < changed.length; i += messagesPerBatch) {
      const issues = pendingIssues;
      pendingIssues = [];
      const ops: IndexOp[] = i === 0 ? [{ op: 'session', session: s.patch }] : [];
      ops.push(...readPage(s, changed.slice(i, i + messagesPerBatch), all, since?.p, models, file.path, issues));
      if (i + messagesPerBatch >= changed.length) {
        // Only once all of it is read: a reading stopped part way reads the session again from the old mark.
        cursor.sessions[s.id] = s.mark;
      }
      yielded = true;
      yield { ops, issues, cursor: { v: 1, sessions: { ...cursor.sessions } } };
    }
  }
  if (!yielded && (pendingIssues.length > 0 || JSON.stringify(cursor) !== JSON.stringify(previous))) {
    yield { ops: [], issues: pendingIssues, cursor };
  }
}

/** Whether a discovered source is a storage folder (and not a database file). */
export function isStorageSource(path: string): boolean {
  return basename(path) === storageFolder;
}
