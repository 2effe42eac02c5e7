// Reading Cursor's global state.vscdb (docs/formats/cursorStateVscdb.md) from a cursor, in batches, each in its own
// read-only snapshot (sqlite/readOnlySqlite.ts: pages on demand, WAL included, nothing locked or written), bubbles
// fetched one key at a time, so memory is bounded by a batch (or one bubble larger than a batch) and the header row
// of the composer being read, never by the database (which is often several GB, almost all of it other workspaces'
// composers and their blobs).
//
// Only the workspace's composers are looked at (workspaceComposers.ts), each through index lookups on its own keys:
// `composerData:<id>` and the key range of its bubbles (`bubbleId:<id>:` ≤ key < `bubbleId:<id>;`). Nothing in the
// database says what changed, and Cursor rewrites bubbles in place (a tool call's result, a code block's status), so
// the cursor keeps, per composer, a mark: the header row's lastUpdatedAt and size, and its bubbles' count and total
// size (octet_length: SQLite reads it from the record header, not the value). A composer whose mark moved is listed
// again (its bubbles' sizes), and of it only the prompts (a user bubble and the bubbles that answer it) whose bubbles
// changed are read again: steps and prompts are upserts, so reading a prompt twice is harmless. A prompt that is gone
// from the conversation (Cursor's "restore checkpoint" drops the turns after it; editing an earlier message replaces
// them) withdraws the session's prompts, and the session is read again whole.
import type { DatabaseBatch, DatabaseEnvironment, TranscriptFile } from '../../adapter';
import { readDatabase, type ReadOnlyDb } from '../../sqlite/readOnlySqlite';
import type { IndexOp, ParseIssue, SessionPatch } from '../../../core/ops';
import { arr, isObject, nonEmpty, num, obj, type JsonObject } from '../../../core/jsonValues';
import { assistantSteps, bubbleTime, type EditContents } from './bubbleSteps';
import { bubbleCheckpoints, contentAt, originalFileStates, parseCheckpoint, type Checkpoint, type FileV0 } from './fileStates';
import { workspaceComposers } from './workspaceComposers';

/** What was read of one composer. */
export interface ComposerMark {
  /** composerData's lastUpdatedAt and size in bytes. */
  u: number;
  h: number;
  /** Its bubbles' count and total size in bytes. */
  b: number;
  s: number;
  /** prompt (user bubble) id → `<bubble count>:<total size>` of the prompt's bubbles, in conversation order. */
  p: Record<string, string>;
}

export interface CursorStateCursor {
  v: 1;
  composers: Record<string, ComposerMark>;
}

/** A batch ends once the values it read passed this many characters, or it holds batchOps ops. */
export const batchChars = 4 * 1024 * 1024;
const batchOps = 20_000;

function cursorOf(value: unknown): CursorStateCursor {
  const out: CursorStateCursor = { v: 1, composers: {} };
  if (!isObject(value) || value.v !== 1 || !isObject(value.composers)) {
    return out; // none, or another version's: everything is read again (upserts)
  }
  for (const [id, m] of Object.entries(value.composers)) {
    if (isObject(m) && [m.u, m.h, m.b, m.s].every((n) => typeof n === 'number') && isObject(m.p)) {
      const p: Record<string, string> = {};
      for (const [k, v] of Object.entries(m.p)) {
        if (typeof v === 'string') {
          p[k] = v;
        }
      }
      out.composers[id] = { u: Number(m.u), h: Number(m.h), b: Number(m.b), s: Number(m.s), p };
    }
  }
  return out;
}

/** The bubble key range of a composer: every `bubbleId:<id>:…` key sorts in [lo, hi). */
function bubbleRange(composerId: string): [string, string] {
  return [`bubbleId:${composerId}:`, `bubbleId:${composerId};`];
}

interface Planned {
  id: string;
  cwd: string;
  /** The mark's header and bubble figures now (its prompts' come when it is listed). */
  mark: Omit<ComposerMark, 'p'>;
}

/** One snapshot: the workspace's composers whose mark moved. */
function plan(db: ReadOnlyDb, composers: ReadonlyMap<string, string>, previous: CursorStateCursor): { changed: Planned[]; kept: Record<string, ComposerMark> } {
  const ids = [...composers.keys()];
  const heads = new Map<string, { u: number; h: number }>();
  for (const r of db.all(
    // json_valid first: json_extract throws on a malformed value, which would fail the whole reading.
    "SELECT substr(key, 14) AS id, octet_length(value) AS h, CASE WHEN json_valid(value) THEN json_extract(value, '$.lastUpdatedAt') END AS u FROM cursorDiskKV WHERE key IN (SELECT 'composerData:' || value FROM json_each(?))",
    [JSON.stringify(ids)],
  )) {
    heads.set(String(r.id), { u: num(r.u) ?? 0, h: num(r.h) ?? 0 });
  }
  const changed: Planned[] = [];
  const kept: Record<string, ComposerMark> = {};
  for (const id of ids) {
    const head = heads.get(id);
    if (!head) {
      continue; // listed by the workspace but gone (deleted chat), or never written: what was read stays
    }
    const [lo, hi] = bubbleRange(id);
    const agg = db.all('SELECT count(*) AS b, total(octet_length(value)) AS s FROM cursorDiskKV WHERE key >= ? AND key < ?', [lo, hi])[0];
    const mark = { u: head.u, h: head.h, b: num(agg?.b) ?? 0, s: num(agg?.s) ?? 0 };
    const old = previous.composers[id];
    if (old && old.u === mark.u && old.h === mark.h && old.b === mark.b && old.s === mark.s) {
      kept[id] = old;
      continue;
    }
    changed.push({ id, cwd: composers.get(id) ?? '', mark });
  }
  return { changed, kept };
}

interface Header {
  id: string;
  type: number;
}

/** A composer being read: its header (conversation order, V0s) and its prompts still to read. */
interface OpenComposer {
  planned: Planned;
  session: SessionPatch;
  createdIso: string;
  headers: Header[];
  /** bubble id → position in the conversation. */
  order: Map<string, number>;
  /** Bubbles kept inline in composerData (`conversation`, the oldest format). */
  inline?: Map<string, JsonObject>;
  v0: Map<string, FileV0>;
  prompts: { id: string; bubbles: string[] }[];
  /** Prompts to read, by index into `prompts`. */
  todo: number[];
  mark: ComposerMark;
  withdraw: boolean;
}

function iso(ms: number | undefined): string | undefined {
  return ms !== undefined && Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : undefined;
}

function parseValue(value: unknown, what: string, file: string, issues: ParseIssue[]): JsonObject | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  let data: unknown;
  try {
    data = JSON.parse(String(value)) as unknown;
  } catch {
    issues.push({ kind: 'invalid-json', file, message: `${what}: not JSON` });
    return undefined;
  }
  if (data === null) {
    return undefined; // Cursor leaves `null` bubbles behind (deleted messages)
  }
  if (!isObject(data)) {
    issues.push({ kind: 'unknown-record', file, message: `${what}: not an object` });
    return undefined;
  }
  return data;
}

/** Reads a composer's header row and lists its bubbles: which prompts changed since `old`. */
function openComposer(db: ReadOnlyDb, file: string, planned: Planned, old: ComposerMark | undefined, issues: ParseIssue[], read: { chars: number }): OpenComposer | undefined {
  const id = planned.id;
  const row = db.all("SELECT CAST(value AS TEXT) AS v FROM cursorDiskKV WHERE key = 'composerData:' || ?", [id])[0];
  read.chars += typeof row?.v === 'string' ? row.v.length : 0;
  const data = parseValue(row?.v, `composerData:${id}`, file, issues);
  if (!data) {
    return undefined;
  }
  const createdMs = num(data.createdAt);
  const createdIso = iso(createdMs) ?? iso(num(data.lastUpdatedAt)) ?? new Date(0).toISOString();
  const model = nonEmpty(obj(data.modelConfig)?.modelName);
  const session: SessionPatch = { agent: 'cursor', id, cwd: planned.cwd, timestamp: createdIso };
  const name = nonEmpty(data.name);
  if (name) {
    session.title = name;
    session.titlePriority = 1;
  }
  if (model && model !== 'default') {
    session.model = model;
  }
  let headers: Header[] = [];
  let inline: Map<string, JsonObject> | undefined;
  const full = arr(data.fullConversationHeadersOnly);
  if (full.length > 0) {
    headers = full.flatMap((h) => (isObject(h) && nonEmpty(h.bubbleId) ? [{ id: String(h.bubbleId), type: num(h.type) ?? 0 }] : []));
  } else if (arr(data.conversation).length > 0) {
    inline = new Map();
    for (const b of arr(data.conversation)) {
      if (isObject(b) && nonEmpty(b.bubbleId)) {
        headers.push({ id: String(b.bubbleId), type: num(b.type) ?? 0 });
        inline.set(String(b.bubbleId), b);
      }
    }
  }
  const [lo, hi] = bubbleRange(id);
  const sizes = new Map<string, number>();
  if (!inline) {
    for (const r of db.all('SELECT substr(key, ?) AS b, octet_length(value) AS n FROM cursorDiskKV WHERE key >= ? AND key < ?', [lo.length + 1, lo, hi])) {
      sizes.set(String(r.b), num(r.n) ?? 0);
    }
  } else {
    for (const [b, v] of inline) {
      sizes.set(b, JSON.stringify(v).length);
    }
  }
  // Prompts: a user bubble and the bubbles after it up to the next user bubble.
  const prompts: { id: string; bubbles: string[] }[] = [];
  let orphans = 0;
  for (const h of headers) {
    if (h.type === 1) {
      prompts.push({ id: h.id, bubbles: [h.id] });
    } else if (prompts.length > 0) {
      prompts[prompts.length - 1].bubbles.push(h.id);
    } else {
      orphans++;
    }
  }
  if (orphans > 0) {
    issues.push({ kind: 'missing-field', file, message: `composer ${id}: ${orphans} bubble(s) before its first prompt (not read)` });
  }
  const p: Record<string, string> = {};
  for (const pr of prompts) {
    const known = pr.bubbles.filter((b) => sizes.has(b));
    p[pr.id] = `${known.length}:${known.reduce((n, b) => n + (sizes.get(b) ?? 0), 0)}`;
  }
  // A prompt read before and no longer in the conversation: Cursor dropped turns; the session is read again whole.
  const withdraw = old !== undefined && Object.keys(old.p).some((k) => !(k in p));
  const todo = prompts.flatMap((pr, i) => (withdraw || old?.p[pr.id] !== p[pr.id] ? [i] : []));
  return {
    planned,
    session,
    createdIso,
    headers,
    order: new Map(headers.map((h, i) => [h.id, i])),
    ...(inline ? { inline } : {}),
    v0: originalFileStates(data),
    prompts,
    todo,
    mark: { ...planned.mark, p },
    withdraw,
  };
}

/**
 * Where the reading of a prompt is: bubbles are read one at a time (one can be tens of MB), and a prompt with many
 * large bubbles is split over batches; what its later bubbles need of the earlier ones is kept here.
 */
interface PromptProgress {
  /** Index into the composer's prompts. */
  prompt: number;
  /** The next bubble of the prompt to read (0: the user bubble). */
  next: number;
  promptTime: string;
  lastTime: string;
  /** The user bubble's checkpoint id (the prompt's own, when Cursor wrote one). */
  userCheckpoint?: string;
  /** Each edited file's content when the prompt started (the before-content of its first edit in the prompt). */
  backups: [string, string | null][];
}

function bubbleRow(db: ReadOnlyDb, c: OpenComposer, bubbleId: string, file: string, issues: ParseIssue[], read: { chars: number }): JsonObject | undefined {
  const sessionId = c.planned.id;
  if (c.inline) {
    return c.inline.get(bubbleId);
  }
  const r = db.all('SELECT CAST(value AS TEXT) AS v FROM cursorDiskKV WHERE key = ?', [`bubbleId:${sessionId}:${bubbleId}`])[0];
  read.chars += typeof r?.v === 'string' ? r.v.length : 0;
  return parseValue(r?.v, `bubbleId:${sessionId}:${bubbleId}`, file, issues);
}

function checkpointRow(db: ReadOnlyDb, sessionId: string, id: string | undefined, file: string, issues: ParseIssue[], read: { chars: number }): Checkpoint | undefined {
  if (!id) {
    return undefined;
  }
  const key = `checkpointId:${sessionId}:${id}`;
  const r = db.all('SELECT CAST(value AS TEXT) AS v FROM cursorDiskKV WHERE key = ?', [key])[0];
  read.chars += typeof r?.v === 'string' ? r.v.length : 0;
  return parseCheckpoint(parseValue(r?.v, key, file, issues));
}

/**
 * Reads the bubbles of the prompt `progress` names, from `progress.next`, until the batch is full (at least one
 * bubble). Returns the ops; `progress.next` past the last bubble when the prompt is done.
 */
function readPrompt(db: ReadOnlyDb, file: string, c: OpenComposer, progress: PromptProgress, issues: ParseIssue[], read: { chars: number }): IndexOp[] {
  const sessionId = c.planned.id;
  const prompt = c.prompts[progress.prompt];
  const ops: IndexOp[] = [];
  if (progress.next === 0) {
    const user = bubbleRow(db, c, prompt.id, file, issues, read);
    if (!user) {
      issues.push({ kind: 'missing-field', file, message: `composer ${sessionId}: prompt bubble ${prompt.id} is missing` });
      progress.next = prompt.bubbles.length;
      return ops;
    }
    // Cursor often writes no time on bubbles (§3): the last time seen before, else the composer's creation.
    progress.promptTime = bubbleTime(user) ?? progress.lastTime;
    progress.lastTime = progress.promptTime;
    const own = bubbleCheckpoints(user).before;
    if (own) {
      progress.userCheckpoint = own;
    }
    ops.push({ op: 'prompt', sessionId, id: prompt.id, text: nonEmpty(user.text) ?? '', timestamp: progress.promptTime });
    progress.next = 1;
  }
  const backups = new Map(progress.backups);
  let done = 0;
  while (progress.next < prompt.bubbles.length && (done === 0 || read.chars < batchChars)) {
    const b = prompt.bubbles[progress.next];
    progress.next++;
    done++;
    const bubble = bubbleRow(db, c, b, file, issues, read);
    if (!bubble) {
      continue;
    }
    const at = c.order.get(b) ?? 0;
    const timestamp = bubbleTime(bubble) ?? progress.lastTime;
    progress.lastTime = timestamp;
    const ids = bubbleCheckpoints(bubble);
    const tool = obj(bubble.toolFormerData);
    // Checkpoints are read only for a bubble whose tool call may have changed a file.
    const before = tool ? checkpointRow(db, sessionId, ids.before, file, issues, read) : undefined;
    const after = tool ? checkpointRow(db, sessionId, ids.after, file, issues, read) : undefined;
    const contents = (path: string): EditContents => {
      let b0 = contentAt(path, c.v0, before, at, c.order);
      if (b0 === undefined && !backups.has(path) && progress.userCheckpoint) {
        // The prompt's own checkpoint, when the file was not edited before in this prompt.
        const own = checkpointRow(db, sessionId, progress.userCheckpoint, file, issues, read);
        b0 = contentAt(path, c.v0, own, c.order.get(prompt.id) ?? 0, c.order);
      }
      const a0 = after?.files.has(path) ? contentAt(path, c.v0, after, at + 1, c.order) : after?.nonExistent.has(path) ? null : undefined;
      if (!backups.has(path) && b0 !== undefined) {
        backups.set(path, b0);
      }
      return { ...(b0 !== undefined ? { before: b0 } : {}), ...(a0 !== undefined ? { after: a0 } : {}) };
    };
    ops.push(...assistantSteps(b, bubble, { sessionId, promptId: prompt.id, cwd: c.planned.cwd, timestamp, contents }));
  }
  progress.backups = [...backups];
  if (progress.next >= prompt.bubbles.length) {
    for (const [path, text] of backups) {
      // backupPath names where the content came from; the content itself travels with the op.
      ops.push(
        text === null
          ? { op: 'fileBackup', sessionId, promptId: prompt.id, path, backupPath: null, version: 1, timestamp: progress.promptTime }
          : { op: 'fileBackup', sessionId, promptId: prompt.id, path, backupPath: `${file}#composerData:${sessionId}/${path}`, version: 1, timestamp: progress.promptTime, backup: { text } },
      );
    }
  }
  return ops;
}

/**
 * readDatabase of the adapter contract (adapter.ts) for Cursor's global state.vscdb: the composers of
 * `file.workspaceFolders` that changed since `cursorValue`, a batch per few MB of values read.
 */
export async function* readCursorStateDatabase(file: TranscriptFile, cursorValue: unknown, env: DatabaseEnvironment): AsyncIterable<DatabaseBatch> {
  const previous = cursorOf(cursorValue);
  const issues: ParseIssue[] = [];
  const composers = await workspaceComposers(file.path, file.workspaceFolders ?? [], env.sqliteWasmPath, issues);
  const { changed, kept } = await readDatabase(file.path, env.sqliteWasmPath, (db) => plan(db, composers, previous));
  // Marks of the workspace's composers only (one no longer listed is forgotten; should it come back it is read whole).
  const cursor: CursorStateCursor = { v: 1, composers: kept };
  let next = 0;
  let open: OpenComposer | undefined;
  let reading: PromptProgress | undefined;
  while (next < changed.length) {
    const batch = await readDatabase(file.path, env.sqliteWasmPath, (db) => {
      // May run again on a fresh snapshot (the database changed under it): it changes nothing outside.
      const ops: IndexOp[] = [];
      const batchIssues: ParseIssue[] = [];
      const read = { chars: 0 };
      const finished: ComposerMark[] = [];
      const finishedIds: string[] = [];
      let at = next;
      let current = open === undefined ? undefined : { ...open, todo: [...open.todo] };
      let progress = reading === undefined ? undefined : { ...reading, backups: [...reading.backups] };
      while (at < changed.length && read.chars < batchChars && ops.length < batchOps) {
        if (!current) {
          const planned = changed[at];
          current = openComposer(db, file.path, planned, previous.composers[planned.id], batchIssues, read);
          if (!current) {
            at++;
            continue;
          }
          ops.push({ op: 'session', session: current.session });
          if (current.withdraw) {
            ops.push({ op: 'rewind', sessionId: planned.id });
          }
        }
        if (!progress && current.todo.length > 0) {
          const i = current.todo[0];
          progress = { prompt: i, next: 0, promptTime: current.createdIso, lastTime: current.createdIso, backups: [] };
        }
        if (progress) {
          ops.push(...readPrompt(db, file.path, current, progress, batchIssues, read));
          if (progress.next >= current.prompts[progress.prompt].bubbles.length) {
            current.todo.shift();
            progress = undefined;
          }
        }
        if (current.todo.length === 0) {
          finished.push(current.mark);
          finishedIds.push(current.planned.id);
          current = undefined;
          at++;
        }
      }
      return { ops, issues: batchIssues, finished, finishedIds, at, current, progress };
    });
    batch.finishedIds.forEach((id, i) => {
      cursor.composers[id] = batch.finished[i];
    });
    next = batch.at;
    open = batch.current;
    reading = batch.progress;
    const all = [...issues.splice(0), ...batch.issues];
    yield { ops: batch.ops, issues: all, cursor: { v: 1, composers: { ...cursor.composers } } };
  }
  if (issues.length > 0 || (changed.length === 0 && JSON.stringify(cursor) !== JSON.stringify(previous))) {
    yield { ops: [], issues, cursor };
  }
}
