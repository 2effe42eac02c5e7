// Reading OpenCode's database (docs/formats/opencode.md §2) from a cursor, in batches of a few dozen messages, each
// batch in its own read-only snapshot (sqlite/readOnlySqlite.ts, WAL included), so memory is bounded by a batch and
// never by the database.
//
// The cursor keeps, per session of the workspace, a mark of what was read: the session row's time_updated, and the
// count and newest time_updated of its messages and of its parts. OpenCode rewrites rows in place (a tool part goes
// pending → running → completed, a user message gets its summary when the prompt ends, the session row is touched
// by some updates but not all: a killed run left parts newer than its session row), so no id or creation time can
// tell what changed. A reading therefore compares every workspace session's mark with one aggregate per table
// (through the indexes on session_id, reading no row's JSON), and reads again only the messages of changed sessions
// whose row or one of whose parts has time_updated at or after the old mark (>=: a row written later in the same
// millisecond is read again rather than missed; steps and prompts are upserts, so reading a row twice is harmless).
// A session whose message or part count went down (OpenCode deletes what an undo withdrew when the next prompt is
// sent) or whose undo state changed is read again from its start, after a `rewind` op that withdraws everything it
// had: prompts that are gone, or withdrawn by a pending undo, disappear (the policy for an agent's own rewind).
// Undo (`/undo`, the server's revert route) writes `session.revert` = {messageID, partID?, snapshot, diff} and leaves
// the rows: OpenCode hides the messages from messageID on (from partID on inside that message) until `/redo` clears
// it, or deletes them when the next prompt is sent; the reading leaves them out the same way (recorded:
// opencode-undo). A session the user deleted is no longer listed and simply not read: what was read stays.
// In 1.18-era databases the aggregates are computed only for sessions whose event number (event_sequence) or row
// changed since the cursor (see plan()).
//
// Sessions belong to the workspace by their recorded `directory` (never by project id: two checkouts of one
// repository share it); the folders come with the discovered file (TranscriptFile.workspaceFolders).
import type { DatabaseBatch, DatabaseEnvironment, TranscriptFile } from '../adapter';
import { readDatabase as readSqlite, type ReadOnlyDb, type SqlRow } from '../sqlite/readOnlySqlite';
import type { IndexOp, ParseIssue, SessionPatch } from '../../core/ops';
import { isObject, nonEmpty, num, obj, str, type JsonObject } from '../../core/jsonValues';
import { mayBelongTo } from '../../core/paths';
import { iso } from './partSteps';
import { assistantOps, hasBeforeTexts, parseData, promptText, sessionFields, toolPreImages, type PromptResponse } from './messageOps';
import { promptBackups } from './promptBackups';
import { snapshotBackups, type Response } from './snapshotBackups';

/** What was read of one session: its row's update time, and count + newest update time of messages and parts. */
export interface SessionMark {
  /** The pending undo the reading followed (`messageID` or `messageID/partID`); absent: none. */
  rv?: string;
  /** event_sequence.seq (1.18-era databases): bumped in the transaction of every write of the session's rows. */
  sq?: number;
  st: number;
  mc: number;
  mt: number;
  pc: number;
  pt: number;
}

export interface OpencodeCursor {
  v: 1;
  sessions: Record<string, SessionMark>;
}

/** Messages per batch: a batch holds them and their parts (one response's parts each), whatever the database's size. */
export const messagesPerBatch = 40;
/**
 * A batch ends once its rows' data passed this many characters (or it has batchOps ops): memory per batch stays
 * bounded while a long history of short sessions is read in a few hundred batches, not one per session.
 */
export const batchChars = 4 * 1024 * 1024;
const batchOps = 20_000;

/** A pending undo (`session.revert`): the messages from `messageID` on are withdrawn, from `partID` on inside it. */
interface Revert {
  messageID: string;
  partID?: string;
}

interface SessionRow {
  id: string;
  patch: SessionPatch;
  updated: number;
  /** OpenCode's project id: names the folder of the session's snapshot git dirs. */
  projectId?: string;
  revert?: Revert;
}

function revertOf(value: unknown, id: string, file: string, issues: ParseIssue[]): Revert | undefined {
  if (value === null || value === undefined || value === '') {
    return undefined;
  }
  const data = parseData(value, `session ${id} revert`, file, issues);
  const messageID = nonEmpty(data?.messageID);
  if (data && !messageID) {
    issues.push({ kind: 'missing-field', file, message: `session ${id}: revert without messageID (the undo is not followed)` });
  }
  if (!messageID) {
    return undefined;
  }
  const partID = nonEmpty(data?.partID);
  return partID ? { messageID, partID } : { messageID };
}

/** Whether a message (by id: OpenCode orders a session's messages by it) is withdrawn whole by the pending undo. */
function withdrawn(id: string, revert: Revert | undefined): boolean {
  return revert !== undefined && (id > revert.messageID || (id === revert.messageID && revert.partID === undefined));
}

function cursorOf(value: unknown): OpencodeCursor {
  if (isObject(value) && value.v === 1 && isObject(value.sessions)) {
    const sessions: Record<string, SessionMark> = {};
    for (const [id, m] of Object.entries(value.sessions)) {
      if (isObject(m) && [m.st, m.mc, m.mt, m.pc, m.pt].every((n) => typeof n === 'number')) {
        sessions[id] = { st: Number(m.st), mc: Number(m.mc), mt: Number(m.mt), pc: Number(m.pc), pt: Number(m.pt) };
        if (typeof m.sq === 'number') {
          sessions[id].sq = m.sq;
        }
        if (typeof m.rv === 'string') {
          sessions[id].rv = m.rv;
        }
      }
    }
    return { v: 1, sessions };
  }
  // No cursor, or one another version wrote: everything is read again (upserts: nothing is duplicated).
  return { v: 1, sessions: {} };
}

/** The session row as a session patch (sessionFields), with the model the row records. */
function sessionPatch(r: SqlRow, file: string, issues: ParseIssue[]): SessionRow | undefined {
  const id = str(r.id);
  const directory = nonEmpty(r.directory);
  if (!id || !directory) {
    issues.push({ kind: 'missing-field', file, message: `session ${id ?? '?'}: no id or directory` });
    return undefined;
  }
  const patch = sessionFields(id, directory, { title: r.title, createdMs: num(r.time_created), version: r.version, parentId: r.parent_id });
  if (typeof r.model === 'string') {
    try {
      const model = obj(JSON.parse(r.model) as unknown);
      const modelId = nonEmpty(model?.id) ?? nonEmpty(model?.modelID);
      if (modelId) {
        patch.model = modelId;
      }
    } catch {
      issues.push({ kind: 'invalid-json', file, message: `session ${id}: model is not JSON` });
    }
  }
  const revert = revertOf(r.revert, id, file, issues);
  return { id, patch, updated: num(r.time_updated) ?? 0, projectId: nonEmpty(r.project_id), ...(revert ? { revert } : {}) };
}

/** Session columns the reading uses that this database has (1.2-1.1x databases lack `model`, among others). */
function sessionColumns(db: ReadOnlyDb): string {
  const have = new Set(db.all('PRAGMA table_info(session)').map((c) => String(c.name)));
  return ['id', 'project_id', 'directory', 'title', 'version', 'parent_id', 'model', 'revert', 'time_created', 'time_updated'].filter((c) => have.has(c)).join(', ');
}

interface Plan {
  /** `withdraw`: read again from its start because rows went away or the undo changed: everything it had goes first. */
  sessions: { row: SessionRow; mark: SessionMark; since?: { m: number; p: number }; withdraw: boolean }[];
  cursor: OpencodeCursor;
}

/** One snapshot: the workspace's sessions, their marks now, and which changed since the cursor. */
function plan(db: ReadOnlyDb, file: TranscriptFile, previous: OpencodeCursor, issues: ParseIssue[]): Plan {
  const folders = file.workspaceFolders;
  const rows: SessionRow[] = [];
  for (const r of db.all(`SELECT ${sessionColumns(db)} FROM session`)) {
    const row = sessionPatch(r, file.path, issues);
    if (row && (!folders || folders.some((f) => mayBelongTo(row.patch.cwd ?? '', f)))) {
      rows.push(row);
    }
  }
  // 1.18-era databases keep the last event number of each session, written in the same transaction as every row
  // of it (OpenCode's event projectors): a session whose number and row did not change is not looked at further,
  // which keeps a reading of an unchanged workspace at one small query per table, however long its sessions are.
  const hasSequence = db.all("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'event_sequence'").length > 0;
  const seqs = new Map<string, number>();
  if (hasSequence) {
    for (const r of db.all('SELECT aggregate_id AS s, seq FROM event_sequence WHERE aggregate_id IN (SELECT value FROM json_each(?))', [JSON.stringify(rows.map((r) => r.id))])) {
      seqs.set(String(r.s), Number(r.seq));
    }
  }
  const candidates = rows.filter((row) => {
    const old = previous.sessions[row.id];
    return !old || old.st !== row.updated || !hasSequence || old.sq !== seqs.get(row.id);
  });
  const ids = JSON.stringify(candidates.map((r) => r.id));
  const aggregate = (table: string): Map<string, { n: number; t: number }> =>
    new Map(
      db
        .all(`SELECT session_id AS s, count(*) AS n, max(time_updated) AS t FROM ${table} WHERE session_id IN (SELECT value FROM json_each(?)) GROUP BY session_id`, [ids])
        .map((a) => [String(a.s), { n: Number(a.n), t: Number(a.t ?? 0) }]),
    );
  const messages = aggregate('message');
  const parts = aggregate('part');
  // Marks of the workspace's sessions only: the cursor stays as small as the workspace (a session deleted, or of a
  // folder no longer open, is forgotten; should it come back it is read whole).
  const cursor: OpencodeCursor = { v: 1, sessions: {} };
  for (const row of rows) {
    const old = previous.sessions[row.id];
    if (old) {
      cursor.sessions[row.id] = old;
    }
  }
  const out: Plan['sessions'] = [];
  for (const row of candidates) {
    const m = messages.get(row.id) ?? { n: 0, t: 0 };
    const p = parts.get(row.id) ?? { n: 0, t: 0 };
    const mark: SessionMark = { st: row.updated, mc: m.n, mt: m.t, pc: p.n, pt: p.t };
    const seq = seqs.get(row.id);
    if (seq !== undefined) {
      mark.sq = seq;
    }
    if (row.revert) {
      mark.rv = row.revert.partID ? `${row.revert.messageID}/${row.revert.partID}` : row.revert.messageID;
    }
    const old = previous.sessions[row.id];
    if (old && old.st === mark.st && old.mc === mark.mc && old.mt === mark.mt && old.pc === mark.pc && old.pt === mark.pt && old.rv === mark.rv) {
      // Only the event number moved (an event that changed no row): remembered, nothing to read.
      cursor.sessions[row.id] = mark;
      continue;
    }
    // Fewer rows than read before (an undo's messages deleted) or another undo state: read again from its start.
    const since = old && old.mc <= mark.mc && old.pc <= mark.pc && old.rv === mark.rv ? { m: old.mt, p: old.pt } : undefined;
    out.push({ row, mark, since, withdraw: old !== undefined && since === undefined });
  }
  return { sessions: out, cursor };
}

/**
 * Ids of the session's messages whose row or one of whose parts changed at or after `since` (all: none given),
 * without those a pending undo withdrew.
 */
function changedMessages(db: ReadOnlyDb, sessionId: string, since: { m: number; p: number } | undefined, revert: Revert | undefined): string[] {
  const rows = db.all(
    'SELECT id FROM message WHERE session_id = ? AND time_updated >= ? UNION SELECT message_id FROM part WHERE session_id = ? AND time_updated >= ? ORDER BY 1',
    [sessionId, since?.m ?? -1, sessionId, since?.p ?? -1],
  );
  return rows.map((r) => String(r.id)).filter((id) => !withdrawn(id, revert));
}

/**
 * The project root (git work tree) of a prompt, which its summary's paths are relative to: the `path.root` of the
 * first response to it (a user message records none). Undefined before the model answered.
 */
function projectRoot(db: ReadOnlyDb, sessionId: string, createdMs: unknown): string | undefined {
  const rows = db.all(
    // json_valid first: json_extract throws on a malformed row, which would fail the whole reading.
    "SELECT json_extract(data, '$.path.root') AS root FROM message WHERE session_id = ? AND time_created >= ? AND CASE WHEN json_valid(data) THEN json_extract(data, '$.role') END = 'assistant' ORDER BY time_created, id LIMIT 1",
    [sessionId, num(createdMs) ?? 0],
  );
  return nonEmpty(rows[0]?.root);
}

/** The responses to prompt `promptId` with all their parts (for toolPreImages: prompts imported from the JSON era). */
function promptResponses(db: ReadOnlyDb, sessionId: string, promptId: string): PromptResponse[] {
  const out: PromptResponse[] = [];
  // json_valid first: json_extract throws on a malformed row, which would fail the whole reading.
  const rows = db.all(
    "SELECT id, time_created, data FROM message WHERE session_id = ? AND CASE WHEN json_valid(data) THEN json_extract(data, '$.parentID') END = ? ORDER BY id",
    [sessionId, promptId],
  );
  for (const r of rows) {
    const data = parseData(r.data, String(r.id), '', []);
    if (data) {
      const parts = db.all('SELECT id, data FROM part WHERE message_id = ? ORDER BY id', [String(r.id)]).map((p) => ({ id: String(p.id), data: p.data }));
      out.push({ data, created: iso(num(obj(data.time)?.created) ?? num(r.time_created)) ?? '', parts });
    }
  }
  return out;
}

/** Characters of the rows' `data`: what a batch is measured by. */
function dataLength(rows: readonly SqlRow[]): number {
  let n = 0;
  for (const r of rows) {
    n += typeof r.data === 'string' ? r.data.length : 0;
  }
  return n;
}

/** The ops of one page of messages (ids in id order), read in one snapshot. */
function readPage(db: ReadOnlyDb, file: string, session: SessionRow, ids: string[], sinceParts: number | undefined, issues: ParseIssue[], read: { bytes: number }): IndexOp[] {
  const sessionId = session.id;
  const directory = session.patch.cwd ?? '';
  // An undo to a part inside a response withdraws that part and the ones after it (OpenCode's part ids ascend too).
  const revert = session.revert;
  const ops: IndexOp[] = [];
  const models = new Set<string>();
  const responses: Response[] = [];
  const rows = new Map(db.all('SELECT id, time_created, data FROM message WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify(ids)]).map((r) => [String(r.id), r]));
  for (const id of ids) {
    const row = rows.get(id);
    if (!row) {
      continue; // deleted since the list was made
    }
    const what = `session ${sessionId} message ${id}`;
    read.bytes += typeof row.data === 'string' ? row.data.length : 0;
    const data = parseData(row.data, what, file, issues);
    if (!data) {
      continue;
    }
    const created = iso(num(obj(data.time)?.created) ?? num(row.time_created)) ?? '';
    const role = str(data.role);
    if (role === 'user') {
      // Every text part: the prompt is their concatenation, whichever of them changed.
      const parts = db.all('SELECT id, data FROM part WHERE message_id = ? ORDER BY id', [id]);
      read.bytes += dataLength(parts);
      const text = promptText(parts.map((p) => ({ id: String(p.id), data: p.data })), what, file, issues);
      if (text !== undefined) {
        ops.push({ op: 'prompt', sessionId, id, text, timestamp: created });
        const known = hasBeforeTexts(data) ? toolPreImages(id, promptResponses(db, sessionId, id)) : undefined;
        ops.push(...promptBackups(sessionId, id, data, projectRoot(db, sessionId, row.time_created) ?? directory, created, file, known));
      }
      continue;
    }
    if (role !== 'assistant') {
      issues.push({ kind: 'unknown-record', file, message: `${what}: unknown role ${JSON.stringify(data.role)}` });
      continue;
    }
    const partRows = db.all('SELECT id, data FROM part WHERE message_id = ? AND time_updated >= ? ORDER BY id', [id, sinceParts ?? -1]);
    read.bytes += dataLength(partRows);
    const parts = partRows
      .map((p) => ({ id: String(p.id), data: p.data }))
      // An undo to a part inside this response: that part and the ones after it are withdrawn.
      .filter((p) => !(revert?.partID !== undefined && id === revert.messageID && p.id >= revert.partID));
    const parsed: JsonObject[] = [];
    const steps = assistantOps(sessionId, data, created, parts, models, what, file, issues, parsed);
    ops.push(...steps);
    const promptId = nonEmpty(data.parentID);
    if (promptId) {
      // For the prompt's snapshot tree (snapshotBackups.ts): the files these parts changed.
      responses.push({ promptId, root: nonEmpty(obj(data.path)?.root), parts: parsed, ops: steps });
    }
  }
  ops.push(...snapshotBackups(db, file, sessionId, session.projectId, responses, issues));
  return ops;
}

/** readDatabase of the adapter contract (adapter.ts): what changed since `cursor`, a batch per page of messages. */
export async function* readOpencodeDatabase(file: TranscriptFile, cursorValue: unknown, env: DatabaseEnvironment): AsyncIterable<DatabaseBatch> {
  const previous = cursorOf(cursorValue);
  const planIssues: ParseIssue[] = [];
  const { sessions, cursor } = await readSqlite(file.path, env.sqliteWasmPath, (db) => plan(db, file, previous, planIssues));
  let pendingIssues = planIssues;
  // Where the reading is: the session at `next`, its changed messages once listed, and how many of them are read.
  let next = 0;
  let listed: string[] | undefined;
  let offset = 0;
  while (next < sessions.length) {
    // One snapshot per batch, of up to batchChars characters of rows, from as many sessions as that takes: a history
    // of thousands of short sessions must not cost a connection, a batch and a copy of the cursor per session (the
    // cursor has a mark per session, so that was quadratic). `read` may run again on a fresh snapshot (the database
    // changed under it): it changes nothing outside, it returns where it got to.
    const batch = await readSqlite(file.path, env.sqliteWasmPath, (db) => {
      const ops: IndexOp[] = [];
      const issues: ParseIssue[] = [];
      const finished: number[] = [];
      const read = { bytes: 0 };
      let at = next;
      let ids = listed;
      let done = offset;
      while (at < sessions.length && read.bytes < batchChars && ops.length < batchOps) {
        const { row, since, withdraw } = sessions[at];
        if (ids === undefined) {
          ids = changedMessages(db, row.id, since, row.revert);
          ops.push({ op: 'session', session: row.patch }, ...(withdraw ? [{ op: 'rewind', sessionId: row.id } as const] : []));
        }
        const page = ids.slice(done, done + messagesPerBatch);
        if (page.length > 0) {
          ops.push(...readPage(db, file.path, row, page, since?.p, issues, read));
        }
        done += page.length;
        if (done >= ids.length) {
          finished.push(at);
          at++;
          ids = undefined;
          done = 0;
        }
      }
      return { ops, issues, finished, at, ids, done };
    });
    // Only once all of a session is read: a reading stopped part way reads it again from its old mark.
    for (const i of batch.finished) {
      cursor.sessions[sessions[i].row.id] = sessions[i].mark;
    }
    next = batch.at;
    listed = batch.ids;
    offset = batch.done;
    const issues = [...pendingIssues, ...batch.issues];
    pendingIssues = [];
    yield { ops: batch.ops, issues, cursor: { v: 1, sessions: { ...cursor.sessions } } };
  }
  // Nothing to read, but the cursor moved (marks of sessions whose event number alone changed, marks forgotten):
  // handed over all the same, so the next reading starts from it.
  if (pendingIssues.length > 0 || (sessions.length === 0 && JSON.stringify(cursor) !== JSON.stringify(previous))) {
    yield { ops: [], issues: pendingIssues, cursor };
  }
}
