// The cursor-agent CLI's chats (`chats/<md5 of the folder>/<chatId>/store.db`, docs/formats/cursor.md §3): one
// SQLite database per chat, read strictly read-only through sqlite/readOnlySqlite.ts (WAL rows included, no lock,
// never checkpointed). `meta` holds one row, key "0", whose value is hex-encoded JSON (`agentId`, `latestRootBlobId`,
// `name`, `mode`, `createdAt` ms, `lastUsedModel`); `blobs` is content-addressed (id = SHA-256 of data): JSON
// messages (`role` system/user/assistant/tool, AI-SDK-style content blocks) and protobuf nodes, the newest root
// listing the conversation's messages in order (rootBlob.ts).
//
// The cursor keeps the root read last and how many of its messages were read, with the last one's id. A new root
// whose list starts with what was read continues after it; any other (Cursor summarised or rewound the chat) reads
// the chat again from its start after a `rewind` op that withdraws what it had. Messages are read in batches of
// `messagesPerBatch` (and at most `batchChars` characters), each batch in its own snapshot: the blobs never change
// (content-addressed), so the list from the first snapshot stays valid.
//
// Ids: a prompt is `m<position>` in the list (an identical message sent twice is one blob, so the blob id cannot
// be the id); a tool step is its `toolCallId`. Times: the chat's `createdAt` is recorded and is the first prompt's
// time; Cursor records no time per message, so later prompts and steps get the database's modification time at the
// reading (a bound: written at or before it), never presented as recorded.
import { statSync } from 'node:fs';
import type { DatabaseBatch, DatabaseEnvironment, TranscriptFile } from '../adapter';
import { readDatabase as readSqlite, type ReadOnlyDb } from '../sqlite/readOnlySqlite';
import type { IndexOp, ParseIssue, SessionPatch, StepPatch } from '../../core/ops';
import { arr, isObject, nonEmpty, num, obj, str, type JsonObject } from '../../core/jsonValues';
import { fromFileUri } from '../codex/paths';
import { decodeRootBlob } from './rootBlob';
import { commandOf, fileChangesOf, fileReadsOf, promptTextOf, resultText, toolKind, type KnownContents } from './toolCalls';

export const messagesPerBatch = 40;
export const batchChars = 4 * 1024 * 1024;

/** A tool call waiting for its result: what the result needs to become a command run or withdraw file changes. */
interface PendingCall {
  name: string;
  command?: JsonObject;
  changes: boolean;
}

export interface ChatStoreCursor {
  v: 1;
  root: string;
  /** Messages of `root`'s list read, and the id of the last one. */
  n: number;
  last?: string;
  promptId?: string;
  pending: Record<string, PendingCall>;
  known: KnownContents;
}

/** A cursor read back (another version's, or damaged, is not used: the chat is read again from its start). */
function cursorOf(value: unknown): ChatStoreCursor | undefined {
  if (!isObject(value) || value.v !== 1 || typeof value.root !== 'string' || !Number.isInteger(value.n) || Number(value.n) < 0 || !isObject(value.pending) || !isObject(value.known)) {
    return undefined;
  }
  const pending: Record<string, PendingCall> = {};
  for (const [id, call] of Object.entries(value.pending)) {
    if (isObject(call) && typeof call.name === 'string') {
      pending[id] = { name: call.name, changes: call.changes === true, ...(isObject(call.command) ? { command: call.command } : {}) };
    }
  }
  const known: KnownContents = {};
  for (const [path, content] of Object.entries(value.known)) {
    if (typeof content === 'string') {
      known[path] = content;
    }
  }
  return {
    v: 1,
    root: value.root,
    n: Number(value.n),
    ...(typeof value.last === 'string' ? { last: value.last } : {}),
    ...(typeof value.promptId === 'string' ? { promptId: value.promptId } : {}),
    pending,
    known,
  };
}

interface Meta {
  agentId?: string;
  root?: string;
  name?: string;
  createdAt?: number;
  model?: string;
}

/** The `meta` row "0": hex-encoded JSON. */
function readMeta(db: ReadOnlyDb, file: string, issues: ParseIssue[]): Meta {
  const meta: Meta = {};
  for (const row of db.all('SELECT key, value FROM meta')) {
    const value = row.value;
    const hex = typeof value === 'string' ? value : value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : '';
    if (!/^(?:[0-9a-fA-F]{2})+$/.test(hex)) {
      issues.push({ kind: 'unknown-record', file, message: `meta ${String(row.key)}: not hex-encoded JSON` });
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(hex, 'hex').toString('utf8'));
    } catch {
      issues.push({ kind: 'invalid-json', file, message: `meta ${String(row.key)}: not JSON` });
      continue;
    }
    if (!isObject(parsed)) {
      continue;
    }
    meta.agentId ??= nonEmpty(parsed.agentId);
    meta.root ??= nonEmpty(parsed.latestRootBlobId);
    meta.name ??= nonEmpty(parsed.name);
    meta.createdAt ??= num(parsed.createdAt) ?? (typeof parsed.createdAt === 'string' && /^\d+$/.test(parsed.createdAt) ? Number(parsed.createdAt) : undefined);
    meta.model ??= nonEmpty(parsed.lastUsedModel);
  }
  return meta;
}

function bytesOf(value: unknown): Uint8Array | undefined {
  return value instanceof Uint8Array ? value : typeof value === 'string' ? Buffer.from(value, 'utf8') : undefined;
}

interface Plan {
  session: SessionPatch;
  ids: string[];
  /** Where reading starts in `ids`, and whether what was read before is withdrawn first. */
  from: number;
  withdraw: boolean;
  root: string;
  createdIso?: string;
}

function iso(ms: number | undefined): string | undefined {
  return ms !== undefined && Number.isFinite(ms) && ms > 0 && ms < 8.64e15 ? new Date(ms).toISOString() : undefined;
}

function plan(db: ReadOnlyDb, file: TranscriptFile, previous: ChatStoreCursor | undefined, issues: ParseIssue[]): Plan | undefined {
  const meta = readMeta(db, file.path, issues);
  const dirId = file.path.split(/[\\/]/).slice(-2)[0];
  const id = meta.agentId ?? dirId;
  const createdIso = iso(meta.createdAt);
  const session: SessionPatch = { agent: 'cursor', id };
  let cwd = file.cwdHint;
  let ids: string[] = [];
  if (meta.root !== undefined) {
    const rows = db.all('SELECT data FROM blobs WHERE id = ?', [meta.root]);
    const data = bytesOf(rows[0]?.data);
    const root = data ? decodeRootBlob(data) : undefined;
    if (!root) {
      issues.push({ kind: rows.length === 0 ? 'missing-field' : 'unknown-record', file: file.path, message: rows.length === 0 ? `root blob ${meta.root} is missing` : `root blob ${meta.root} is not the expected protobuf` });
    } else {
      ids = root.messageIds;
      if (root.workspaceUri !== undefined) {
        cwd = fromFileUri(root.workspaceUri);
      }
    }
  }
  if (cwd !== undefined) {
    session.cwd = cwd;
  }
  if (createdIso !== undefined) {
    session.timestamp = createdIso;
  }
  if (meta.name !== undefined) {
    session.title = meta.name;
    session.titlePriority = 2;
  }
  if (meta.model !== undefined) {
    session.model = meta.model;
  }
  const root = meta.root ?? '';
  if (previous && previous.root === root) {
    return undefined;
  }
  const continues = previous !== undefined && previous.n <= ids.length && (previous.n === 0 || ids[previous.n - 1] === previous.last);
  return { session, ids, from: continues ? previous.n : 0, withdraw: previous !== undefined && !continues, root, createdIso };
}

/** A user message's prompt text, or undefined for a message of context only (`<user_info>…`, rules, files). */
function userPrompt(content: unknown): { text: string; time?: string } | undefined {
  const text = typeof content === 'string' ? content : arr(content).filter(isObject).map((b) => (b.type === 'text' ? (str(b.text) ?? '') : '')).join('\n');
  const stamp = /<timestamp>([\s\S]*?)<\/timestamp>/.exec(text);
  const parsed = stamp ? Date.parse(stamp[1].trim()) : NaN;
  const time = Number.isFinite(parsed) ? new Date(parsed).toISOString() : undefined;
  if (/<user_query>/.test(text)) {
    const prompt = promptTextOf(text);
    return prompt === '' ? undefined : { text: prompt, ...(time ? { time } : {}) };
  }
  const rest = text.replace(/<([A-Za-z_][\w-]*)>[\s\S]*?<\/\1>/g, '').trim();
  return rest === '' ? undefined : { text: rest, ...(time ? { time } : {}) };
}

/** Tool-call arguments: `args`, or the raw JSON string Cursor keeps beside it. */
function argsOf(block: JsonObject): JsonObject {
  const args = obj(block.args);
  if (args) {
    return args;
  }
  const raw = str(obj(obj(block.providerOptions)?.cursor)?.rawToolCallArgs);
  if (raw !== undefined) {
    try {
      return obj(JSON.parse(raw) as unknown) ?? {};
    } catch {
      return {};
    }
  }
  return {};
}

interface Reading {
  file: TranscriptFile;
  cur: ChatStoreCursor;
  sessionId: string;
  cwd: string | undefined;
  ops: IndexOp[];
  issues: ParseIssue[];
  /** The time given to what records none (see the file comment). */
  bound: string;
  createdIso?: string;
}

function messageOps(r: Reading, position: number, blobId: string, message: JsonObject): void {
  const role = str(message.role);
  const sessionId = r.sessionId;
  if (role === 'system') {
    return;
  }
  if (role === 'user') {
    const prompt = userPrompt(message.content);
    if (prompt) {
      const id = `m${position}`;
      // The chat is created when its first prompt is sent: createdAt is that prompt's recorded time.
      const time = prompt.time ?? (r.cur.promptId === undefined && r.createdIso !== undefined ? r.createdIso : r.bound);
      r.cur.promptId = id;
      r.cur.pending = {};
      r.ops.push({ op: 'prompt', sessionId, id, text: prompt.text, timestamp: time });
    }
    return;
  }
  const promptId = r.cur.promptId;
  if (role === 'assistant') {
    if (promptId === undefined) {
      r.issues.push({ kind: 'missing-field', file: r.file.path, message: `message ${blobId}: assistant message before any prompt (not indexed)` });
      return;
    }
    const content = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : arr(message.content);
    content.forEach((block, i) => {
      if (!isObject(block)) {
        return;
      }
      const id = `m${position}:${i}`;
      if (block.type === 'text' && typeof block.text === 'string' && block.text.trim() !== '') {
        r.ops.push({ op: 'step', sessionId, step: { id, promptId, type: 'text', timestamp: r.bound, text: block.text } });
      } else if (block.type === 'reasoning' && typeof block.text === 'string' && block.text.trim() !== '') {
        r.ops.push({ op: 'step', sessionId, step: { id, promptId, type: 'reasoning', timestamp: r.bound, text: block.text } });
      } else if (block.type === 'tool-call') {
        const name = nonEmpty(block.toolName) ?? 'unknown';
        const args = argsOf(block);
        const stepId = nonEmpty(block.toolCallId) ?? id;
        const fileChanges = fileChangesOf(name, args, r.cwd, r.cur.known);
        const step: StepPatch = { id: stepId, promptId, type: 'tool', timestamp: r.bound, name, kind: toolKind(name), input: args, fileChanges, reads: fileReadsOf(name, args, r.cwd) };
        r.ops.push({ op: 'step', sessionId, step });
        r.cur.pending[stepId] = { name, changes: fileChanges.length > 0, ...(toolKind(name) === 'shell' ? { command: { command: args.command, working_directory: args.working_directory } } : {}) };
      } else if (block.type !== 'redacted-reasoning' && block.type !== 'text' && block.type !== 'reasoning') {
        r.issues.push({ kind: 'unknown-record', file: r.file.path, message: `message ${blobId}: unknown content block ${String(block.type)}` });
      }
    });
    return;
  }
  if (role === 'tool') {
    const high = obj(obj(obj(message.providerOptions)?.cursor)?.highLevelToolCallResult);
    for (const block of arr(message.content).filter(isObject)) {
      if (block.type !== 'tool-result') {
        continue;
      }
      const id = nonEmpty(block.toolCallId) ?? nonEmpty(message.id);
      const call = id !== undefined ? r.cur.pending[id] : undefined;
      if (id === undefined || !call) {
        r.issues.push({ kind: 'missing-field', file: r.file.path, message: `message ${blobId}: tool result without its call` });
        continue;
      }
      delete r.cur.pending[id];
      const text = resultText(block.result) ?? resultText(block.experimental_content) ?? '';
      const isError = block.isError === true || high?.isError === true;
      const step: StepPatch = { id, result: { text, isError } };
      if (call.command) {
        const run = commandOf(call.name, call.command, r.cwd, text);
        if (run) {
          step.command = run;
        }
      }
      if (isError && call.changes) {
        // A failed edit wrote nothing.
        step.fileChanges = [];
      }
      r.ops.push({ op: 'step', sessionId, step });
    }
    return;
  }
  r.issues.push({ kind: 'unknown-record', file: r.file.path, message: `message ${blobId}: unknown role ${String(message.role)}` });
}

function storeTime(path: string): string {
  let t = 0;
  for (const p of [path, `${path}-wal`]) {
    try {
      t = Math.max(t, statSync(p).mtimeMs);
    } catch {
      // no WAL
    }
  }
  return new Date(t > 0 ? t : Date.now()).toISOString();
}

/** readDatabase of the adapter contract for one chat store: what changed since `cursor`, in batches. */
export async function* readChatStore(file: TranscriptFile, cursorValue: unknown, env: DatabaseEnvironment): AsyncIterable<DatabaseBatch> {
  const previous = cursorOf(cursorValue);
  const planIssues: ParseIssue[] = [];
  const p = await readSqlite(file.path, env.sqliteWasmPath, (db) => plan(db, file, previous, planIssues));
  if (!p) {
    if (planIssues.length > 0) {
      yield { ops: [], issues: planIssues, cursor: previous };
    }
    return;
  }
  const cur: ChatStoreCursor = p.withdraw || !previous ? { v: 1, root: p.root, n: 0, pending: {}, known: {} } : { ...previous, root: previous.root, pending: { ...previous.pending }, known: { ...previous.known } };
  const bound = storeTime(file.path);
  let at = p.from;
  let first = true;
  do {
    const r: Reading = { file, cur, sessionId: p.session.id, cwd: p.session.cwd, ops: [], issues: first ? planIssues : [], bound, ...(p.createdIso ? { createdIso: p.createdIso } : {}) };
    if (first) {
      r.ops.push({ op: 'session', session: p.session }, ...(p.withdraw ? [{ op: 'rewind', sessionId: p.session.id } as const] : []));
    }
    first = false;
    const page = p.ids.slice(at, at + messagesPerBatch);
    const rows = page.length === 0 ? [] : await readSqlite(file.path, env.sqliteWasmPath, (db) => {
      const sizes = db.all('SELECT id, length(data) AS n FROM blobs WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify(page)]);
      const size = new Map(sizes.map((s) => [String(s.id), Number(s.n)]));
      // At least one message per batch, however large; then as many as fit in batchChars.
      let total = 0;
      let count = 0;
      while (count < page.length && (count === 0 || total + (size.get(page[count]) ?? 0) <= batchChars)) {
        total += size.get(page[count]) ?? 0;
        count++;
      }
      const wanted = page.slice(0, count);
      const data = new Map(db.all('SELECT id, data FROM blobs WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify(wanted)]).map((row) => [String(row.id), bytesOf(row.data)]));
      return wanted.map((id) => ({ id, data: data.get(id) }));
    });
    rows.forEach(({ id, data }, k) => {
      const position = at + k;
      if (!data) {
        r.issues.push({ kind: 'missing-field', file: file.path, message: `message blob ${id} is missing` });
        return;
      }
      let message: unknown;
      try {
        message = JSON.parse(Buffer.from(data).toString('utf8'));
      } catch {
        r.issues.push({ kind: 'invalid-json', file: file.path, message: `message blob ${id} is not JSON` });
        return;
      }
      if (!isObject(message)) {
        r.issues.push({ kind: 'unknown-record', file: file.path, message: `message blob ${id} is not a message` });
        return;
      }
      messageOps(r, position, id, message);
    });
    at += rows.length;
    cur.n = at;
    if (at > 0) {
      cur.last = p.ids[at - 1];
    }
    if (at >= p.ids.length) {
      cur.root = p.root;
    } else {
      // Not all of this root is read yet: a reading stopped here continues from `n` of the same list.
      cur.root = previous?.root ?? '';
    }
    yield { ops: r.ops, issues: r.issues, cursor: JSON.parse(JSON.stringify(cur)) as ChatStoreCursor };
  } while (at < p.ids.length);
}
