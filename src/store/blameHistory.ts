// What prompt blame replays for one file (blameModel.ts's FileHistory), read from the index: the recorded edits of
// the file and of the paths it was renamed from, Claude's file-history backups of those paths, and the shell commands
// of the workspace's sessions. Read-only. The file's rows come through the path index; renames, backups and commands
// are looked up per in-scope session (their tables are not indexed by what blame asks, the session key bounds it).
import type { SqlValue, Statement } from 'sql.js';
import type { FileEditEvent, FileHistory, FileHistoryEvent, FileStateEvent, ObservedSession, PromptOrigin, ShellRun } from '../core/blame/blameModel';
import type { AgentId, FileChangeOp } from '../core/model';
import { containingFolder, normalizePath } from '../core/paths';
import { isBlobRef } from './blobRefs';
import type { IndexStore } from './indexStore';
import type { Observation } from './observationLog';
import { workspaceSessionKeys } from './workspaceSessions';

interface ScopedSession {
  agent: AgentId;
  id: string;
  title?: string;
  /** Raw `models` column, parsed only when no text step of the prompt names a model. */
  models: string;
}

interface PromptInfo {
  index: number;
  text: string;
  ts: string;
}

/**
 * Where an event sorts. Time comes first: `seq` is the order rows were indexed (transcript after transcript), so it
 * orders the steps of one session but says nothing about sessions of different agents taking turns on a file.
 */
interface Position {
  ms: number;
  seq: number;
  ord: number;
}

interface ChangeRow {
  sessionKey: string;
  stepId: string;
  promptId: string;
  seq: number;
  ord: number;
  path: string;
  op: string;
  movePath?: string;
  beforeBlob: SqlValue;
  afterBlob: SqlValue;
  patchBlob: SqlValue;
  ts: string;
  tool: string;
  kind: string;
  pos: Position;
}

interface RenameRow {
  from: string;
  pos: Position;
}

/**
 * How long after a command's recorded end a change it made may still be seen: the extension's watcher reports and
 * debounces, and the end is the result record's time, not the process's exit.
 */
const observedAfterEndMs = 2_000;
/** A command with no recorded end (Gemini records none) is taken to run at most this long. */
const openRunMs = 10 * 60_000;

const fileOps: ReadonlySet<string> = new Set<FileChangeOp>(['create', 'update', 'delete', 'rename']);

function comparePositions(a: Position, b: Position): number {
  // -Infinity - -Infinity is NaN, which is falsy: two unknown times fall through to the step order.
  return a.ms - b.ms || a.seq - b.seq || a.ord - b.ord;
}

/**
 * A path as the index compares it. Drive letters are folded because VS Code reports `c:` where agents record `C:`;
 * the rest stays case-sensitive (the stored paths are what the agents wrote).
 */
function pathKey(p: string): string {
  const n = normalizePath(p);
  return /^[A-Za-z]:/.test(n) ? n[0].toLowerCase() + n.slice(1) : n;
}

/** The spellings a stored path may have for `p` (both drive-letter cases), for exact-match index lookups. */
function spellings(p: string): string[] {
  const n = normalizePath(p);
  return /^[A-Za-z]:/.test(n) ? [n[0].toUpperCase() + n.slice(1), n[0].toLowerCase() + n.slice(1)] : [n];
}

function str(value: SqlValue | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function parseTime(ts: string): number {
  return ts === '' ? NaN : Date.parse(ts);
}

/** `json_extract(data, a, b, …)` answers a JSON array (one parse of the step instead of one per field). */
function jsonFields(value: SqlValue): unknown[] {
  if (typeof value !== 'string') {
    return [];
  }
  try {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

/**
 * When a command finished: the later of its start plus the recorded duration and its result's own timestamp (Codex
 * can record a near-zero duration for a command whose output came much later). A result timestamp equal to the start
 * is a copy of it (Gemini), not an end.
 */
function endTime(startedAt: string, durationMs: unknown, resultTs: unknown): string | undefined {
  const start = parseTime(startedAt);
  const byDuration = typeof durationMs === 'number' && Number.isFinite(durationMs) && durationMs >= 0 && !Number.isNaN(start) ? start + durationMs : NaN;
  const result = typeof resultTs === 'string' && resultTs !== startedAt ? parseTime(resultTs) : NaN;
  if (!Number.isNaN(result) && !(result < start) && !(result < byDuration)) {
    return String(resultTs);
  }
  return Number.isNaN(byDuration) ? undefined : new Date(byDuration).toISOString();
}

/** Gathers one file's history; a class so the per-call caches (statements, blobs, prompts, models) have a home. */
class HistoryReader {
  private readonly statements = new Map<string, Statement>();
  private readonly blobs = new Map<string, string | undefined>();
  private readonly prompts = new Map<string, PromptInfo | undefined>();
  private readonly textModels = new Map<string, Map<string, { seq: number; model: string }[]>>();
  private readonly models = new Map<string, string[]>();
  private renames: Map<string, RenameRow[]> | undefined;
  private scope: string | undefined;
  readonly sessions = new Map<string, ScopedSession>();
  /** Sessions in the index, in scope or not. */
  private indexed = 0;

  constructor(
    private readonly store: IndexStore,
    workspaceFolders: readonly string[],
  ) {
    const members = workspaceFolders.length > 0 ? workspaceSessionKeys(store, workspaceFolders) : undefined;
    for (const [key, agent, id, title, models] of this.rows('SELECT key, agent, id, title, models FROM sessions', [])) {
      this.indexed++;
      if (members && !members.has(str(key))) {
        continue;
      }
      const session: ScopedSession = { agent: str(agent) as AgentId, id: str(id), models: str(models) };
      if (typeof title === 'string' && title.trim() !== '') {
        session.title = title;
      }
      this.sessions.set(str(key), session);
    }
  }

  /**
   * Positional rows through statements of this call (freed by close()). IndexStore.all builds an object per row,
   * which reads every column name again; for the thousands of rows of a busy workspace that is most of the time.
   */
  private rows(sql: string, params: SqlValue[]): SqlValue[][] {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.store.db.prepare(sql);
      this.statements.set(sql, s);
    }
    s.bind(params);
    const out: SqlValue[][] = [];
    try {
      while (s.step()) {
        out.push(s.get());
      }
    } finally {
      s.reset();
    }
    return out;
  }

  /** Statements must be freed before the DB is exported or closed. */
  close(): void {
    for (const s of this.statements.values()) {
      s.free();
    }
    this.statements.clear();
  }

  // ---- contents ----------------------------------------------------------------------------------

  /**
   * Whether a content column holds a content: NULL = not recorded, '' = the file did not exist (known: null), a
   * hash = known while the archive has the blob (a damaged one reads as unknown, never as a fragment).
   */
  private known(column: SqlValue): boolean {
    return column === '' || (typeof column === 'string' && this.store.archive.has(column));
  }

  /**
   * Consecutive edits share contents (an edit's `before` is usually the previous one's `after`); reading each blob
   * once also hands the engine the same string object twice, so its equality checks are pointer compares.
   */
  private blob(hash: string): string | undefined {
    if (this.blobs.has(hash)) {
      return this.blobs.get(hash);
    }
    const value = this.store.archive.get(hash);
    this.blobs.set(hash, value);
    return value;
  }

  /**
   * Reads the patches of `rows` together, into the blob cache: the replay reads nearly every one (a file edited
   * 1,000 times by Claude Code has 1,000), and the archive reads records stored near each other at once.
   */
  prefetchPatches(rows: readonly ChangeRow[]): void {
    const archive = this.store.archive;
    if (!archive.getMany) {
      return;
    }
    const hashes = rows.map((r) => r.patchBlob).filter((h): h is string => typeof h === 'string' && h !== '' && !this.blobs.has(h));
    for (const [hash, content] of archive.getMany(hashes)) {
      this.blobs.set(hash, content);
    }
  }

  /**
   * Sets `event[key]` to the content of a column, read from the archive on first access. A long-lived file has
   * hundreds of full versions (1,000 Claude edits of a 5,000-line file are ~200 MB to read, hash-check and decode)
   * while gathering must stay interactive; the engine reads what its replay needs. NULL leaves the field absent.
   */
  private lazyContent(event: FileEditEvent, key: 'before' | 'after' | 'patch', column: SqlValue): void {
    if (column === null) {
      return;
    }
    const hash = String(column);
    if (hash === '') {
      if (key !== 'patch') {
        event[key] = null;
      }
      return;
    }
    const read = this.blobs.get(hash);
    if (read !== undefined) {
      // Already read (prefetchPatches): a plain field, no accessor to go through.
      event[key] = read;
      return;
    }
    const settle = (value: string | undefined): void => {
      Object.defineProperty(event, key, { value, enumerable: true, configurable: true, writable: true });
    };
    Object.defineProperty(event, key, {
      enumerable: true,
      configurable: true,
      get: (): string | undefined => {
        const value = this.blob(hash);
        settle(value);
        return value;
      },
      set: settle,
    });
  }

  // ---- prompts and models ------------------------------------------------------------------------

  private prompt(sessionKey: string, promptId: string): PromptInfo | undefined {
    const key = `${sessionKey}\u0000${promptId}`;
    if (this.prompts.has(key)) {
      return this.prompts.get(key);
    }
    const [r] = this.rows('SELECT idx, text, ts FROM prompts WHERE session_key = ? AND id = ?', [sessionKey, promptId]);
    return this.knownPrompt(sessionKey, promptId, r?.[0] ?? null, r?.[1] ?? null, r?.[2] ?? null);
  }

  /** Caches a prompt row read along with something else (idx NULL: no such prompt). */
  private knownPrompt(sessionKey: string, promptId: string, idx: SqlValue, text: SqlValue, ts: SqlValue): PromptInfo | undefined {
    const info = idx === null ? undefined : { index: Number(idx), text: str(text), ts: str(ts) };
    this.prompts.set(`${sessionKey}\u0000${promptId}`, info);
    return info;
  }

  /**
   * Tool steps carry no model (only assistant text does), so a call is credited to the model of the nearest text
   * of the same prompt: the one before it (same response or an earlier one), else the first after it (a response
   * that was only tool calls, then the summary). Else the session's first model.
   */
  private model(sessionKey: string, promptId: string, seq: number): string | undefined {
    const models = this.sessionModels(sessionKey);
    if (models.length <= 1) {
      // The session's models are collected from its steps: with one model there is nothing to look up.
      return models[0];
    }
    let byPrompt = this.textModels.get(sessionKey);
    if (!byPrompt) {
      byPrompt = new Map();
      for (const [prompt, stepSeq, model] of this.rows("SELECT prompt_id, seq, json_extract(data, '$.model') FROM steps WHERE session_key = ? AND type = 'text' ORDER BY seq", [sessionKey])) {
        if (typeof model === 'string' && model !== '') {
          const list = byPrompt.get(str(prompt)) ?? [];
          list.push({ seq: Number(stepSeq), model });
          byPrompt.set(str(prompt), list);
        }
      }
      this.textModels.set(sessionKey, byPrompt);
    }
    let before: string | undefined;
    for (const t of byPrompt.get(promptId) ?? []) {
      if (t.seq > seq) {
        return before ?? t.model;
      }
      before = t.model;
    }
    return before ?? models[0];
  }

  private sessionModels(sessionKey: string): string[] {
    let models = this.models.get(sessionKey);
    if (!models) {
      try {
        const parsed = JSON.parse(this.sessions.get(sessionKey)?.models ?? '[]') as unknown;
        models = Array.isArray(parsed) ? parsed.filter((m): m is string => typeof m === 'string' && m !== '') : [];
      } catch {
        models = [];
      }
      this.models.set(sessionKey, models);
    }
    return models;
  }

  /** A step without a usable timestamp sorts at its prompt's time (steps never precede their prompt). */
  private position(sessionKey: string, promptId: string, ts: string, seq: number, ord: number): Position {
    let ms = parseTime(ts);
    if (Number.isNaN(ms)) {
      ms = parseTime(this.prompt(sessionKey, promptId)?.ts ?? '');
    }
    return { ms: Number.isNaN(ms) ? -Infinity : ms, seq, ord };
  }

  origin(sessionKey: string, promptId: string, seq: number): PromptOrigin {
    const session = this.sessions.get(sessionKey);
    const prompt = this.prompt(sessionKey, promptId);
    const origin: PromptOrigin = {
      agent: session?.agent ?? (sessionKey.slice(0, sessionKey.indexOf(':')) as AgentId),
      sessionKey,
      sessionId: session?.id ?? sessionKey.slice(sessionKey.indexOf(':') + 1),
      promptId,
      promptIndex: prompt?.index ?? 0,
      prompt: prompt?.text ?? '',
    };
    if (session?.title !== undefined) {
      origin.sessionTitle = session.title;
    }
    const model = this.model(sessionKey, promptId, seq);
    if (model !== undefined) {
      origin.model = model;
    }
    return origin;
  }

  // ---- file changes ------------------------------------------------------------------------------

  private changesAt(path: string): ChangeRow[] {
    const out: ChangeRow[] = [];
    for (const spelling of spellings(path)) {
      const rows = this.rows(
        // With each change its prompt (a file edited 1,000 times has as many prompts to look up).
        // The step's tool name and kind are columns of the change (written with it), not parsed from its JSON.
        // The path is the spelling asked for (an exact match): not read back 1,000 times.
        `SELECT f.session_key, f.step_id, f.prompt_id, f.seq, f.ord, f.op, f.move_path, f.before_blob, f.after_blob, f.patch_blob, f.ts,
           f.tool, f.tool_kind, p.idx, p.text, p.ts
         FROM file_changes f LEFT JOIN prompts p ON p.session_key = f.session_key AND p.id = f.prompt_id
         WHERE f.path = ?`,
        [spelling],
      );
      for (const [sessionKey, stepId, promptId, seq, ord, op, movePath, beforeBlob, afterBlob, patchBlob, ts, tool, kind, promptIdx, promptText, promptTs] of rows) {
        const key = str(sessionKey);
        if (!this.sessions.has(key)) {
          continue;
        }
        this.knownPrompt(key, str(promptId), promptIdx, promptText, promptTs);
        const row: ChangeRow = {
          sessionKey: key,
          stepId: str(stepId),
          promptId: str(promptId),
          seq: Number(seq),
          ord: Number(ord),
          path: spelling,
          op: str(op),
          beforeBlob,
          afterBlob,
          patchBlob,
          ts: str(ts),
          tool: nonEmpty(tool) ?? 'unknown',
          kind: nonEmpty(kind) ?? 'other',
          pos: this.position(key, str(promptId), str(ts), Number(seq), Number(ord)),
        };
        if (typeof movePath === 'string' && movePath !== '') {
          row.movePath = movePath;
        }
        out.push(row);
      }
    }
    return out;
  }

  /** The in-scope session keys as one JSON array, for `session_key IN (SELECT value FROM json_each(?))`. */
  private scopeKeys(): string {
    this.scope ??= JSON.stringify([...this.sessions.keys()]);
    return this.scope;
  }

  /**
   * Renames of the in-scope sessions, by target path: read once per call, in one statement through the session
   * index (one statement per session cost more than the rows: a workspace has hundreds of sessions and few renames).
   */
  private renamesInto(path: string): RenameRow[] {
    if (!this.renames) {
      const renames = new Map<string, RenameRow[]>();
      const rows = this.rows('SELECT session_key, prompt_id, seq, ord, path, move_path, ts FROM file_changes WHERE session_key IN (SELECT value FROM json_each(?)) AND move_path IS NOT NULL', [this.scopeKeys()]);
      for (const [sessionKey, promptId, seq, ord, from, target, ts] of rows) {
        if (typeof target !== 'string' || target === '') {
          continue;
        }
        const list = renames.get(pathKey(target)) ?? [];
        list.push({ from: str(from), pos: this.position(str(sessionKey), str(promptId), str(ts), Number(seq), Number(ord)) });
        renames.set(pathKey(target), list);
      }
      this.renames = renames;
    }
    return this.renames.get(pathKey(path)) ?? [];
  }

  /**
   * The rows of `path` and, back through renames, of every path it had before. A former path contributes only
   * what happened up to the rename that carried it here: a later file of the same name is another file.
   * Also returns, per path key, the position up to which that path belongs to the lineage (undefined: all of it).
   */
  lineage(path: string): { rows: ChangeRow[]; until: Map<string, Position | undefined> } {
    const byPath = new Map<string, ChangeRow[]>();
    const until = new Map<string, Position | undefined>();
    const rows = new Map<string, ChangeRow>();
    const visit = (p: string, limit: Position | undefined): void => {
      const key = pathKey(p);
      if (until.has(key)) {
        const seen = until.get(key);
        // Already taken up to a later (or unbounded) point, renames into it included.
        if (seen === undefined || (limit !== undefined && comparePositions(limit, seen) <= 0)) {
          return;
        }
      }
      until.set(key, limit);
      let changes = byPath.get(key);
      if (!changes) {
        changes = this.changesAt(p);
        byPath.set(key, changes);
      }
      for (const r of changes) {
        if (limit === undefined || comparePositions(r.pos, limit) <= 0) {
          rows.set(`${r.sessionKey}\u0000${r.stepId}\u0000${r.ord}`, r);
        }
      }
      // Strictly earlier renames only: positions decrease along the walk, so rename cycles (a→b→a) terminate.
      for (const rename of this.renamesInto(p)) {
        if (limit === undefined || comparePositions(rename.pos, limit) < 0) {
          visit(rename.from, rename.pos);
        }
      }
    };
    visit(path, undefined);
    return { rows: [...rows.values()], until };
  }

  editEvent(r: ChangeRow): FileEditEvent {
    const op: FileChangeOp = fileOps.has(r.op) ? (r.op as FileChangeOp) : 'update';
    // Decided from the columns, so no content is read here.
    const afterKnown = this.known(r.afterBlob);
    const fullAfter = r.afterBlob !== '' && afterKnown;
    const onlyPatch = !afterKnown && r.patchBlob !== '' && this.known(r.patchBlob);
    const via: FileEditEvent['origin']['via'] =
      r.kind === 'write' || (op === 'create' && fullAfter) ? 'write' : onlyPatch || r.tool === 'apply_patch' || r.tool === 'applypatch' ? 'patch' : 'edit';
    const event: FileEditEvent = {
      kind: 'edit',
      seq: r.seq,
      ord: r.ord,
      timestamp: r.ts,
      path: r.path,
      op,
      origin: { ...this.origin(r.sessionKey, r.promptId, r.seq), toolCallId: r.stepId, tool: r.tool, via, timestamp: r.ts },
    };
    if (r.movePath !== undefined) {
      event.movePath = r.movePath;
    }
    this.lazyContent(event, 'before', r.beforeBlob);
    this.lazyContent(event, 'after', r.afterBlob);
    this.lazyContent(event, 'patch', r.patchBlob);
    // Content hashes name contents: the replay compares them instead of reading what it already holds.
    if (typeof r.beforeBlob === 'string' && r.beforeBlob !== '') {
      event.beforeId = r.beforeBlob;
    }
    if (typeof r.afterBlob === 'string' && r.afterBlob !== '') {
      event.afterId = r.afterBlob;
    }
    return event;
  }

  // ---- backups -----------------------------------------------------------------------------------

  /**
   * Claude's file-history backups of the lineage's paths. A backup is the file at the start of its prompt, taken
   * right before the prompt's first edit of it (its time is often a few ms after that edit's tool_use record), so it
   * sorts just before that edit; a backup of a prompt that did not edit the file sorts at its own time.
   */
  backupEvents(rows: readonly ChangeRow[], until: ReadonlyMap<string, Position | undefined>): { event: FileStateEvent; pos: Position }[] {
    const firstEdit = new Map<string, ChangeRow>();
    for (const r of rows) {
      const key = `${r.sessionKey}\u0000${r.promptId}\u0000${pathKey(r.path)}`;
      const seen = firstEdit.get(key);
      if (!seen || comparePositions(r.pos, seen.pos) < 0) {
        firstEdit.set(key, r);
      }
    }
    const paths = [...until.keys()].flatMap((k) => spellings(k));
    const marks = paths.map(() => '?').join(', ');
    const out: { event: FileStateEvent; pos: Position }[] = [];
    // By path, through the key's covering index (path is in it), then kept per in-scope session: one query instead
    // of one per session of the workspace.
    const bySession = new Map<string, SqlValue[][]>();
    for (const [key, ...row] of this.rows(`SELECT session_key, prompt_id, path, blob, status, ts FROM backups WHERE path IN (${marks}) ORDER BY session_key, prompt_id, path`, paths)) {
      const list = bySession.get(str(key)) ?? [];
      list.push(row);
      bySession.set(str(key), list);
    }
    for (const sessionKey of this.sessions.keys()) {
      for (const [prompt, stored, blob, status, ts] of bySession.get(sessionKey) ?? []) {
        if (status === 'missing') {
          continue;
        }
        const content = status === 'absent' ? null : typeof blob === 'string' && blob !== '' ? this.blob(blob) : undefined;
        if (content === undefined) {
          continue;
        }
        const promptId = str(prompt);
        const path = str(stored);
        const first = firstEdit.get(`${sessionKey}\u0000${promptId}\u0000${pathKey(path)}`);
        let pos: Position;
        if (first) {
          const ms = parseTime(str(ts));
          pos = { ms: Number.isNaN(ms) ? first.pos.ms : Math.min(ms, first.pos.ms), seq: first.seq, ord: -1 };
        } else {
          const [start] = this.rows('SELECT MIN(seq) FROM steps WHERE session_key = ? AND prompt_id = ?', [sessionKey, promptId]);
          pos = this.position(sessionKey, promptId, str(ts), typeof start?.[0] === 'number' ? start[0] : 0, -1);
        }
        const limit = until.get(pathKey(path));
        if (limit !== undefined && comparePositions(pos, limit) > 0) {
          continue;
        }
        out.push({ event: { kind: 'state', seq: pos.seq, ord: pos.ord, timestamp: str(ts), path, content, source: 'backup' }, pos });
      }
    }
    return out;
  }

  // ---- shell runs --------------------------------------------------------------------------------

  /**
   * Whether a command of the in-scope sessions contains `text` (one statement over their commands, through the
   * session index: other projects' commands are not read; a command stored as a blob reference is read whole, as
   * shellRuns() reads it).
   */
  someCommandContains(text: string): boolean {
    const candidate = `instr(command, ?) > 0 OR substr(command, 1, 8) = '{"$blob"'`;
    // When most indexed sessions are in scope (the index of a workspace holds little else), reading the table in
    // order costs half of finding each session's commands through the index and each row from there.
    const rows =
      this.sessions.size * 2 >= this.indexed
        ? this.rows(`SELECT session_key, command FROM commands WHERE ${candidate}`, [text]).filter(([key]) => this.sessions.has(str(key)))
        : this.rows(`SELECT session_key, command FROM commands WHERE session_key IN (SELECT value FROM json_each(?)) AND (${candidate})`, [this.scopeKeys(), text]);
    return rows.some(([, command]) => this.commandText(str(command)).includes(text));
  }

  shellRuns(): ShellRun[] {
    const runs: { run: ShellRun; pos: Position }[] = [];
    for (const sessionKey of this.sessions.keys()) {
      // The prompt of each command comes with it: a busy session has a command in most of its prompts, and one
      // lookup per prompt was most of the time here.
      const rows = this.rows(
        `SELECT c.step_id, c.prompt_id, c.seq, c.command, c.ts, json_extract(s.data, '$.name', '$.durationMs', '$.result.timestamp'), p.idx, p.text, p.ts
         FROM commands c LEFT JOIN steps s ON s.session_key = c.session_key AND s.id = c.step_id
           LEFT JOIN prompts p ON p.session_key = c.session_key AND p.id = c.prompt_id
         WHERE c.session_key = ?`,
        [sessionKey],
      );
      for (const [stepId, prompt, stepSeq, command, stepTs, step, promptIdx, promptText, promptTs] of rows) {
        const promptId = str(prompt);
        this.knownPrompt(sessionKey, promptId, promptIdx, promptText, promptTs);
        const seq = Number(stepSeq);
        const ts = str(stepTs);
        const [tool, durationMs, resultTs] = jsonFields(step);
        const run: ShellRun = {
          origin: { ...this.origin(sessionKey, promptId, seq), toolCallId: str(stepId), tool: nonEmpty(tool) ?? 'unknown' },
          command: this.commandText(str(command)),
          startedAt: ts,
          seq,
        };
        const endedAt = endTime(ts, durationMs, resultTs);
        if (endedAt !== undefined) {
          run.endedAt = endedAt;
        }
        runs.push({ run, pos: this.position(sessionKey, promptId, ts, seq, 0) });
      }
    }
    return runs.sort((a, b) => comparePositions(a.pos, b.pos)).map((x) => x.run);
  }

  // ---- observations ------------------------------------------------------------------------------

  /** When the prompt after the run's prompt started in the same session (the run cannot outlast it), else NaN. */
  private nextPromptMs(run: ShellRun): number {
    const [r] = this.rows('SELECT MIN(ts) FROM prompts WHERE session_key = ? AND idx > ?', [run.origin.sessionKey, run.origin.promptIndex]);
    return parseTime(str(r?.[0]));
  }

  /**
   * The session's prompt running at `ms` (the last one started by then, else its first): what an observation made
   * while the session was seen working is credited to (observed attribution). Undefined: the session is not one of
   * the workspace's, or has no prompt yet (the change stays a plain known state until it is indexed).
   */
  private observedRun(by: ObservedSession, ms: number, ts: string): ShellRun | undefined {
    const sessionKey = `${by.agent}:${by.sessionId}`;
    if (!this.sessions.has(sessionKey)) {
      return undefined;
    }
    const prompts = this.rows('SELECT id, ts FROM prompts WHERE session_key = ? ORDER BY idx', [sessionKey]);
    let chosen: string | undefined;
    for (const [id, pts] of prompts) {
      const at = parseTime(str(pts));
      if (chosen === undefined || !(at > ms)) {
        chosen = str(id);
      }
    }
    if (chosen === undefined) {
      return undefined;
    }
    return { origin: { ...this.origin(sessionKey, chosen, Number.MAX_SAFE_INTEGER), toolCallId: 'observed', tool: 'observed change' }, command: '', startedAt: ts, seq: 0, observed: true };
  }

  /**
   * The states of the file the extension saw (observationLog.ts). A state seen while a shell command ran, or just
   * after it ended, is that command's doing (the latest started wins); one seen while a session was observed working
   * (`by`: a Cursor composer generating) is that session's running prompt's; the others are plain known states.
   */
  observedEvents(observations: readonly Observation[], path: string, runs: readonly ShellRun[]): { event: FileStateEvent; pos: Position }[] {
    const windows = runs.map((run) => {
      const start = parseTime(run.startedAt);
      let end: number;
      if (run.endedAt !== undefined) {
        end = parseTime(run.endedAt) + observedAfterEndMs;
      } else {
        const next = this.nextPromptMs(run);
        end = Math.min(start + openRunMs, Number.isNaN(next) ? Infinity : next);
      }
      return { run, start, end };
    });
    const out: { event: FileStateEvent; pos: Position }[] = [];
    observations.forEach((o, i) => {
      const ms = parseTime(o.timestamp);
      if (Number.isNaN(ms)) {
        return;
      }
      // The same change recorded twice, by the shell observer (nobody named) and by a session's observer (named):
      // the named one says whose it is; the plain one first would leave it nothing to claim.
      const next = observations[i + 1];
      if (!o.by && next?.by && next.content === o.content && Math.abs(parseTime(next.timestamp) - ms) <= observedAfterEndMs) {
        return;
      }
      let during: { run: ShellRun; start: number } | undefined;
      for (const w of windows) {
        if (w.start <= ms && ms <= w.end && (!during || w.start >= during.start)) {
          during = w;
        }
      }
      const event: FileStateEvent = { kind: 'state', seq: during?.run.seq ?? 0, ord: i, timestamp: o.timestamp, path, content: o.content, source: 'observed' };
      if (during) {
        event.during = during.run;
      } else if (o.by) {
        const run = this.observedRun(o.by, ms, o.timestamp);
        if (run) {
          event.during = run;
        }
      }
      // Seen after the fact: after any recorded edit of the same millisecond.
      out.push({ event, pos: { ms, seq: Number.MAX_SAFE_INTEGER, ord: i } });
    });
    return out;
  }

  /**
   * The commands table stores a command longer than the inline limit as the JSON of its blob reference (the step's
   * command was externalized before the row was written), and such a heredoc is exactly what blame needs whole.
   */
  private commandText(stored: string): string {
    if (!stored.startsWith('{"$blob"')) {
      return stored;
    }
    try {
      const ref = JSON.parse(stored) as unknown;
      if (isBlobRef(ref)) {
        return this.blob(ref.$blob) ?? ref.preview ?? stored;
      }
    } catch {
      // Not a reference after all: a command that happens to start like one.
    }
    return stored;
  }
}

/**
 * The recorded history of `path` as blame replays it. Sessions count when they belong to `workspaceFolders`
 * (workspaceSessions.ts; every session when none is given). Edit contents are read from the archive when first
 * accessed (see lazyContent), so read them while `store` is open. `headContent` is the caller's (gitHead.ts).
 * `observations` are the states of `path` the extension saw (observationLog.ts), in any order. `shellRuns`: every
 * shell run of those sessions ('all', the default), or none when no command contains the file's base name and there
 * are no observations ('when-one-names-the-file': blame can credit nothing to a run then).
 */
export function fileHistory(
  store: IndexStore,
  path: string,
  workspaceFolders: readonly string[],
  observations: readonly Observation[] = [],
  options: { shellRuns?: 'all' | 'when-one-names-the-file' } = {},
): FileHistory {
  const target = normalizePath(path);
  const reader = new HistoryReader(store, workspaceFolders);
  try {
    const { rows, until } = reader.lineage(target);
    reader.prefetchPatches(rows);
    const positioned: { event: FileHistoryEvent; pos: Position }[] = rows.map((r) => ({ event: reader.editEvent(r), pos: r.pos }));
    positioned.push(...reader.backupEvents(rows, until));
    // Blame credits a line to a shell run only when some run names the file (shellEvidence.ts); observed states
    // need every run (a change seen while any command ran is that command's). Thousands of commands in a busy
    // workspace are otherwise read, with their steps and prompts, for nothing.
    const needed = options.shellRuns !== 'when-one-names-the-file' || observations.length > 0 || reader.someCommandContains(target.slice(target.lastIndexOf('/') + 1));
    const shellRuns = needed ? reader.shellRuns() : [];
    if (observations.length > 0) {
      positioned.push(...reader.observedEvents(observations, target, shellRuns));
    }
    // Equal positions only arise between a state and an edit: the known state comes first.
    positioned.sort((a, b) => comparePositions(a.pos, b.pos) || (a.event.kind === b.event.kind ? 0 : a.event.kind === 'state' ? -1 : 1));
    const history: FileHistory = { path: target, events: positioned.map((p) => p.event), shellRuns };
    const folder = containingFolder(target, workspaceFolders);
    if (folder !== undefined) {
      history.folder = normalizePath(folder);
    }
    return history;
  } finally {
    reader.close();
  }
}
