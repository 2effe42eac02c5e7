// Applies index operations to the sql.js DB with the same rules as the in-memory fold (src/core/merge.ts),
// archives bodies and journals every batch. Query methods live in sessionQueries.ts.
import { readFileSync } from 'node:fs';
import type { Database, SqlValue, Statement } from 'sql.js';
import type { TranscriptFile } from '../adapters/adapter';
import type { Logger } from '../core/logger';
import type { Step, ToolCallStep } from '../core/model';
import { mergeSession, mergeStep, touchSession, type SessionRecord } from '../core/merge';
import type { IndexOp, StepPatch } from '../core/ops';
import type { BlobArchive } from './blobArchive';
import { externalizeFileChange, externalizeLarge, isBlobRef, shortPreviewLength, type BlobRef, type StoredFileChange } from './blobRefs';
import { basename } from 'node:path';
import type { Journal, JournalMark, JournalStamp } from './journal';
import type { StoredOp, StoredStepPatch } from './storedOps';
import { stepColumns, stepOf, storedStepData } from './storedStep';
import { promptTreeColumn, promptTreeOf } from './promptTreeColumn';

export interface SourceCursor {
  path: string;
  agent: string;
  mode: TranscriptFile['mode'];
  size: number;
  mtimeMs: number;
  ino: number;
  /** Hash of the first bytes: a file replaced by another of the same or larger size is detected by it. */
  head: string;
  offset: number;
  lineNo: number;
  state: unknown;
  status: 'ok' | 'missing';
}

/** A content reference as a column: NULL = unknown, '' = absent (null), else the blob hash. */
function refColumn(ref: BlobRef | null | undefined): string | null {
  if (ref === undefined) {
    return null;
  }
  return ref === null ? '' : ref.$blob;
}

export function sessionKey(agent: string, id: string): string {
  return `${agent}:${id}`;
}

/**
 * SQL matching the rows of a session and of its subagents (whose ids are `<session id>:<agent id>`), with the
 * parameters it takes. A range, never a pattern built from data: a LIKE pattern over 50,000 bytes is an error ("LIKE
 * or GLOB pattern too complex", session ids come from transcripts), and LIKE ignores ASCII case. Text compares
 * byte-wise (BINARY collation, UTF-8), so exactly the keys starting with `key:` lie in [`key:`, `key;`): ';' is the
 * byte after ':'. The range also lets SQLite use the indexes on session_key.
 */
export function withSubagents(key: string, column = 'session_key'): { sql: string; params: [string, string, string] } {
  return { sql: `(${column} = ? OR (${column} >= ? AND ${column} < ?))`, params: [key, `${key}:`, `${key};`] };
}

type Row = Record<string, SqlValue>;

/** A backup's content: as the parse source read it, else read now; throws when it could not be read. */
function backupText(path: string, read: { text: string } | { error: string } | undefined): string {
  if (read === undefined) {
    return readFileSync(path, 'utf8');
  }
  if ('error' in read) {
    throw new Error(read.error);
  }
  return read.text;
}

/** Characters of a read's result kept in the index. */
const readPreviewLength = 2048;

/**
 * sql.js copies a bound JS string into wasm memory one code point at a time (twice: to measure, then to encode),
 * which dominated indexing. Long texts are bound as UTF-8 bytes instead (Buffer.from is native) and the statement
 * turns them back into TEXT with `CAST(? AS TEXT)`; that cast is a no-op for the short strings passed as they are.
 */
function longText(text: string): SqlValue {
  return text.length < 128 ? text : Buffer.from(text, 'utf8');
}

/**
 * What the store knows of one session's prompts (and, for a session the DB did not have, its steps), so applying an
 * operation does not ask SQLite first: loaded with one query the first time a pass touches the session, then kept
 * up to date by the inserts themselves. Only IndexStore writes these tables.
 */
interface KnownPrompts {
  /** Prompt id -> idx. */
  ids: Map<string, number>;
  maxIdx: number;
  /** The prompt with the highest idx (SessionFold.promptFor's "latest"). */
  lastId: string | undefined;
  /**
   * Step ids of a session that had no prompts when loaded: every step hangs off a prompt (promptFor inserts one
   * first), so such a session had no steps either and all of its steps are the ones inserted since. Undefined when
   * the session already had rows: the steps table is asked.
   */
  stepIds: Set<string> | undefined;
}

/** Sessions whose prompts are kept in memory at most (a bound on memory; more are read again from the DB). */
const knownPromptsLimit = 2_000;

interface PendingStep {
  key: string;
  seq: number;
  step: Step;
  isNew: boolean;
  fileChanges: boolean;
  command: boolean;
  reads: boolean;
}

export class IndexStore {
  private readonly statements = new Map<string, Statement>();
  /** The next step's seq; read on the first new step (the MAX scans the steps index, which a read-only run never needs). */
  private nextSeq: number | undefined;
  private readonly sessionCache = new Map<string, SessionRecord>();
  private readonly dirtySessions = new Set<string>();
  /**
   * Steps touched in the current transaction, written once at its end: a tool call and its result usually
   * arrive in the same batch, so this saves a read-modify-write per step.
   */
  private readonly stepCache = new Map<string, PendingStep>();
  /** Counts changes to session data; each session's last change is stamped with it (see sessionsChangedSince). */
  private sessionVersion = 0;
  private readonly sessionChangedAt = new Map<string, number>();
  private readonly knownPrompts = new Map<string, KnownPrompts>();

  constructor(
    readonly db: Database,
    readonly archive: BlobArchive,
    private readonly journal: Journal | undefined,
    private readonly log: Logger,
  ) {}

  // ---- low-level helpers -------------------------------------------------------------------------

  private takeSeq(): number {
    if (this.nextSeq === undefined) {
      const max = this.one('SELECT MAX(seq) AS m FROM steps', []);
      this.nextSeq = (typeof max?.m === 'number' ? max.m : 0) + 1;
    }
    return this.nextSeq++;
  }

  private stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  run(sql: string, params: SqlValue[]): void {
    const s = this.stmt(sql);
    s.run(params);
  }

  all(sql: string, params: SqlValue[]): Row[] {
    const s = this.stmt(sql);
    s.bind(params);
    const rows: Row[] = [];
    try {
      // getAsObject() asks wasm for every column's name on every row: the names are taken once per query instead
      // (listing thousands of sessions or transcripts spent most of its time there).
      let names: string[] | undefined;
      while (s.step()) {
        names ??= s.getColumnNames();
        const values = s.get();
        const row: Row = {};
        for (let i = 0; i < names.length; i++) {
          row[names[i]] = values[i];
        }
        rows.push(row);
      }
    } finally {
      s.reset();
    }
    return rows;
  }

  one(sql: string, params: SqlValue[]): Row | undefined {
    return this.all(sql, params)[0];
  }

  /** Inside beginGroup(): transactions are savepoints of the group's one transaction. */
  private grouped = false;

  /**
   * Starts one transaction that the following transaction() calls are savepoints of, until endGroup(): a pass over
   * thousands of small transcripts commits once per group instead of once per batch (a commit writes every page the
   * transaction changed, the same index pages each time). A failing transaction() still takes back only its own
   * changes. Only in memory until the DB is saved, like any commit: end the group before saving.
   */
  beginGroup(): void {
    if (!this.grouped) {
      this.run('BEGIN', []);
      this.grouped = true;
    }
  }

  endGroup(): void {
    if (this.grouped) {
      this.grouped = false;
      this.run('COMMIT', []);
    }
  }

  transaction<T>(fn: () => T): T {
    const grouped = this.grouped;
    // Prepared once like every statement here: exec() parses and compiles BEGIN and COMMIT again on every batch.
    this.run(grouped ? 'SAVEPOINT batch' : 'BEGIN', []);
    try {
      const result = fn();
      this.flushSteps();
      this.flushSessions();
      this.run(grouped ? 'RELEASE batch' : 'COMMIT', []);
      return result;
    } catch (err) {
      if (!grouped) {
        this.db.exec('ROLLBACK');
      } else {
        try {
          this.db.exec('ROLLBACK TO batch; RELEASE batch');
        } catch (rollbackErr) {
          // SQLite ended the whole transaction itself (out of memory): the group's earlier batches are gone from the
          // DB too. Their cursors went with them, so the next pass reads those transcripts again.
          this.grouped = false;
          this.log.warn(`[store] a failed batch took back its whole group: ${rollbackErr instanceof Error ? rollbackErr.message : String(rollbackErr)}`);
        }
      }
      this.sessionCache.clear();
      // Inserts taken back: what was learned since the transaction began is no longer true.
      this.knownPrompts.clear();
      this.dirtySessions.clear();
      this.stepCache.clear();
      throw err;
    }
  }

  /** Makes archived blobs and journals durable; called before the DB that references them is persisted. */
  syncFiles(): void {
    this.archive.sync();
    this.journal?.sync();
  }

  /** Prepared statements must be freed before export()/close(). */
  freeStatements(): void {
    for (const s of this.statements.values()) {
      s.free();
    }
    this.statements.clear();
  }

  // ---- sources ------------------------------------------------------------------------------------

  getSource(path: string): SourceCursor | undefined {
    const r = this.one('SELECT * FROM sources WHERE path = ?', [path]);
    if (!r) {
      return undefined;
    }
    return {
      path: String(r.path),
      agent: String(r.agent),
      mode: r.mode === 'whole' || r.mode === 'database' ? r.mode : 'append',
      size: Number(r.size),
      mtimeMs: Number(r.mtime_ms),
      ino: Number(r.ino),
      head: String(r.head),
      offset: Number(r.offset),
      lineNo: Number(r.line_no),
      state: r.state === null ? undefined : (JSON.parse(String(r.state)) as unknown),
      status: r.status === 'missing' ? 'missing' : 'ok',
    };
  }

  putSource(c: SourceCursor): void {
    this.run(
      `INSERT INTO sources (path, agent, mode, size, mtime_ms, ino, head, offset, line_no, state, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), ?)
       ON CONFLICT(path) DO UPDATE SET agent = excluded.agent, mode = excluded.mode, size = excluded.size,
         mtime_ms = excluded.mtime_ms, ino = excluded.ino, head = excluded.head, offset = excluded.offset,
         line_no = excluded.line_no, state = excluded.state, status = excluded.status`,
      [c.path, c.agent, c.mode, c.size, c.mtimeMs, c.ino, c.head, c.offset, c.lineNo, c.state === undefined ? null : longText(JSON.stringify(c.state)), c.status],
    );
  }

  sourcePaths(): string[] {
    return this.all('SELECT path FROM sources', []).map((r) => String(r.path));
  }

  /** Every transcript's cursor identity (one query): what tells a pass whether there is anything to read. */
  sourceStamps(): Map<string, Pick<SourceCursor, 'size' | 'mtimeMs' | 'ino' | 'status'>> {
    const out = new Map<string, Pick<SourceCursor, 'size' | 'mtimeMs' | 'ino' | 'status'>>();
    for (const r of this.all('SELECT path, size, mtime_ms, ino, status FROM sources', [])) {
      out.set(String(r.path), { size: Number(r.size), mtimeMs: Number(r.mtime_ms), ino: Number(r.ino), status: r.status === 'missing' ? 'missing' : 'ok' });
    }
    return out;
  }

  markSourceMissing(path: string): void {
    this.run("UPDATE sources SET status = 'missing' WHERE path = ?", [path]);
  }

  // ---- journals ---------------------------------------------------------------------------------

  /** Records that the DB holds the journal of `source` as it is on disk now (call in the transaction that applied it). */
  noteJournal(source: string): void {
    if (!this.journal) {
      return;
    }
    const name = basename(this.journal.fileFor(source));
    const stamp = this.journal.stamp(name);
    if (stamp) {
      this.setJournalApplied(name, stamp);
    }
  }

  setJournalApplied(name: string, stamp: JournalStamp): void {
    this.run('INSERT INTO journal_applied (name, size, ino) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET size = excluded.size, ino = excluded.ino', [name, stamp.size, stamp.ino]);
  }

  /** What of each journal file the DB holds (see the journal_applied table). */
  journalsApplied(): Map<string, JournalStamp> {
    return new Map(this.all('SELECT name, size, ino FROM journal_applied', []).map((r) => [String(r.name), { size: Number(r.size), ino: Number(r.ino) }] as const));
  }

  addIssueCounts(counts: Record<string, number>): void {
    for (const [kind, n] of Object.entries(counts)) {
      this.run(
        'INSERT INTO issue_counts (kind, count) VALUES (?, ?) ON CONFLICT(kind) DO UPDATE SET count = count + excluded.count',
        [kind, n],
      );
    }
  }

  // ---- operations ---------------------------------------------------------------------------------

  /**
   * Archives bodies, journals and applies a batch parsed from `file` (`mark`: how far into the transcript the batch
   * reaches, journaled with it). Returns the keys of the sessions it touched. Call inside `transaction()`: a batch
   * the journal could not take fails the transaction.
   */
  applyParsed(file: TranscriptFile, ops: readonly IndexOp[], journalMode: 'append' | 'none', mark?: JournalMark): Set<string> {
    const stored = ops.map((op) => this.toStored(op));
    const stamp = this.journal && journalMode !== 'none' ? this.journal.append({ source: file.path, agent: file.agent, mode: file.mode }, stored, mark) : undefined;
    if (stamp) {
      // The append's own stamp: what noteJournal would stat, without a stat per batch.
      this.setJournalApplied(stamp.name, { size: stamp.size, ino: stamp.ino });
    }
    return this.applyStored(file.agent, file.path, stored);
  }

  /** Applies already-archived operations (from the journal during a rebuild, or from applyParsed). */
  applyStored(agent: string, source: string, ops: readonly StoredOp[]): Set<string> {
    const touched = new Set<string>();
    for (const op of ops) {
      const key = sessionKey(agent, op.op === 'session' ? op.session.id : op.sessionId);
      touched.add(key);
      this.applyOne(key, agent, source, op);
    }
    if (touched.size > 0) {
      // Stamped whether or not the transaction commits: a reader that looks again at a session that did not
      // change after all loses nothing.
      this.sessionVersion++;
      for (const key of touched) {
        this.sessionChangedAt.set(key, this.sessionVersion);
      }
    }
    return touched;
  }

  /**
   * Every change to session data goes through applyStored. The sessions changed after `version` (a value this
   * returned before; 0 at first) and the version now, so a reader can keep what it read and look again only at those.
   */
  sessionsChangedSince(version: number): { version: number; keys: string[] } {
    const keys: string[] = [];
    if (version < this.sessionVersion) {
      for (const [key, at] of this.sessionChangedAt) {
        if (at > version) {
          keys.push(key);
        }
      }
    }
    return { version: this.sessionVersion, keys };
  }

  /** Ids of recent read-kind tool calls, so their results (arriving in a later patch) are recognized. */
  private readonly readSteps = new Set<string>();

  /**
   * What a read returned is the file's content at that moment, not history: it is kept as a preview. Edits,
   * commands and everything else are archived whole.
   */
  private trimReadResult(sessionId: string, patch: StepPatch): StepPatch {
    const id = `${sessionId}\u0000${patch.id}`;
    if (patch.kind === 'read') {
      if (this.readSteps.size > 10_000) {
        this.readSteps.clear();
      }
      this.readSteps.add(id);
    }
    const isRead = patch.kind === 'read' || this.readSteps.has(id);
    if (!isRead || !patch.result || patch.result.text.length <= readPreviewLength) {
      return patch;
    }
    const text = patch.result.text;
    return {
      ...patch,
      result: { ...patch.result, text: `${text.slice(0, readPreviewLength)}\n[agent-trail: ${text.length - readPreviewLength} more characters of file content read by the agent are not archived]` },
    };
  }

  private toStored(op: IndexOp): StoredOp {
    switch (op.op) {
      case 'step': {
        const { fileChanges, input, result, command, ...rest } = this.trimReadResult(op.sessionId, op.step);
        const step: StoredStepPatch = { ...rest };
        const memo = new Map<string, BlobRef>();
        if (fileChanges) {
          step.fileChanges = fileChanges.map((c) => externalizeFileChange(this.archive, c, memo));
        }
        // Short previews: the command list shows the start of a command's output, nothing shows these.
        if (input !== undefined) {
          step.input = externalizeLarge(this.archive, input, memo, shortPreviewLength);
        }
        if (result) {
          step.result = externalizeLarge(this.archive, result, memo, shortPreviewLength) as typeof result;
        }
        if (command) {
          step.command = externalizeLarge(this.archive, command, memo) as typeof command;
        }
        return { op: 'step', sessionId: op.sessionId, step };
      }
      case 'fileBackup': {
        let blob: string | null = null;
        let status: 'ok' | 'absent' | 'missing' = 'absent';
        if (op.backupPath !== null) {
          try {
            blob = this.archive.put(backupText(op.backupPath, op.backup));
            status = 'ok';
          } catch (err) {
            status = 'missing';
            this.log.debug(`[store] backup ${op.backupPath} unreadable: ${err instanceof Error ? err.message : String(err)}`);
          }
        }
        return { op: 'fileBackup', sessionId: op.sessionId, promptId: op.promptId, path: op.path, version: op.version, timestamp: op.timestamp, blob, status };
      }
      default:
        return op;
    }
  }

  private session(key: string, agent: string, id: string): SessionRecord | undefined {
    let s = this.sessionCache.get(key);
    if (!s) {
      const r = this.one('SELECT * FROM sessions WHERE key = ?', [key]);
      if (r) {
        s = {
          agent: String(r.agent) as SessionRecord['agent'],
          id: String(r.id),
          cwd: String(r.cwd),
          title: r.title === null ? undefined : String(r.title),
          titlePriority: Number(r.title_priority),
          startedAt: String(r.started_at),
          updatedAt: String(r.updated_at),
          models: JSON.parse(String(r.models)) as string[],
          parentSessionId: r.parent_id === null ? undefined : String(r.parent_id),
          cliVersion: r.cli_version === null ? undefined : String(r.cli_version),
          promptTree: promptTreeOf(r.prompt_tree),
          sources: JSON.parse(String(r.sources)) as string[],
        };
        this.sessionCache.set(key, s);
      }
    }
    if (!s && id) {
      s = mergeSession(undefined, { agent: agent as SessionRecord['agent'], id }, '');
      this.sessionCache.set(key, s);
      this.dirtySessions.add(key);
    }
    return s;
  }

  private flushSessions(): void {
    for (const key of this.dirtySessions) {
      const s = this.sessionCache.get(key);
      if (!s) {
        continue;
      }
      this.run(
        `INSERT INTO sessions (key, agent, id, cwd, title, title_priority, started_at, updated_at, models, parent_id, cli_version, sources, prompt_tree)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET cwd = excluded.cwd, title = excluded.title, title_priority = excluded.title_priority,
           started_at = excluded.started_at, updated_at = excluded.updated_at, models = excluded.models,
           parent_id = excluded.parent_id, cli_version = excluded.cli_version, sources = excluded.sources,
           prompt_tree = excluded.prompt_tree`,
        [key, s.agent, s.id, s.cwd, s.title ?? null, s.titlePriority, s.startedAt, s.updatedAt, JSON.stringify(s.models), s.parentSessionId ?? null, s.cliVersion ?? null, JSON.stringify(s.sources), promptTreeColumn(s.promptTree)],
      );
    }
    this.dirtySessions.clear();
    // The cache only lives for one transaction: other writers (a rebuild) never see stale records.
    this.sessionCache.clear();
  }

  private touch(key: string, agent: string, id: string, source: string, timestamp: string | undefined): void {
    const s = this.session(key, agent, id);
    if (!s) {
      return;
    }
    touchSession(s, timestamp);
    if (source && !s.sources.includes(source)) {
      s.sources.push(source);
    }
    this.dirtySessions.add(key);
  }

  private applyOne(key: string, agent: string, source: string, op: StoredOp): void {
    switch (op.op) {
      case 'session': {
        const merged = mergeSession(this.session(key, agent, op.session.id), op.session, source);
        this.sessionCache.set(key, merged);
        this.dirtySessions.add(key);
        return;
      }
      case 'prompt': {
        if (this.promptsOf(key).ids.has(op.id)) {
          this.run('UPDATE prompts SET text = CAST(? AS TEXT), ts = CASE WHEN ts = \'\' THEN ? ELSE ts END WHERE session_key = ? AND id = ?', [longText(op.text), op.timestamp, key, op.id]);
        } else {
          this.insertPrompt(key, op.id, op.text, op.timestamp);
        }
        this.touch(key, agent, op.sessionId, source, op.timestamp);
        return;
      }
      case 'step': {
        this.applyStep(key, op.sessionId, op.step);
        this.touch(key, agent, op.sessionId, source, op.step.timestamp);
        return;
      }
      case 'rewind': {
        // The rewind works on the tables: write pending steps first.
        this.flushSteps();
        this.rewind(key, op.recordId);
        return;
      }
      case 'fileBackup': {
        this.run(
          `INSERT INTO backups (session_key, prompt_id, path, version, blob, status, ts) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(session_key, prompt_id, path) DO UPDATE SET version = excluded.version, blob = excluded.blob,
             status = excluded.status, ts = excluded.ts`,
          [key, op.promptId, op.path, op.version, op.blob, op.status, op.timestamp],
        );
        this.touch(key, agent, op.sessionId, source, undefined);
        return;
      }
    }
  }

  private promptsOf(key: string): KnownPrompts {
    let known = this.knownPrompts.get(key);
    if (!known) {
      if (this.knownPrompts.size >= knownPromptsLimit) {
        this.knownPrompts.clear();
      }
      known = { ids: new Map(), maxIdx: 0, lastId: undefined, stepIds: undefined };
      for (const r of this.all('SELECT id, idx FROM prompts WHERE session_key = ?', [key])) {
        const idx = Number(r.idx);
        known.ids.set(String(r.id), idx);
        if (idx > known.maxIdx || known.lastId === undefined) {
          known.maxIdx = idx;
          known.lastId = String(r.id);
        }
      }
      if (known.ids.size === 0) {
        known.stepIds = new Set();
      }
      this.knownPrompts.set(key, known);
    }
    return known;
  }

  private insertPrompt(key: string, id: string, text: string, ts: string): void {
    const known = this.promptsOf(key);
    const idx = known.maxIdx + 1;
    this.run('INSERT INTO prompts (session_key, id, idx, text, ts) VALUES (?, ?, ?, CAST(? AS TEXT), ?)', [key, id, idx, longText(text), ts]);
    known.ids.set(id, idx);
    known.maxIdx = idx;
    known.lastId = id;
  }

  /** Same rule as SessionFold.promptFor: the named prompt, else the latest, else a placeholder. */
  private promptFor(key: string, sessionId: string, promptId: string | undefined, ts: string): string {
    const known = this.promptsOf(key);
    if (promptId) {
      if (!known.ids.has(promptId)) {
        this.insertPrompt(key, promptId, '', ts);
      }
      return promptId;
    }
    if (known.lastId !== undefined) {
      return known.lastId;
    }
    const id = `${sessionId}:preamble`;
    this.insertPrompt(key, id, '', ts);
    return id;
  }

  private applyStep(key: string, sessionId: string, patch: StoredStepPatch): void {
    const cacheKey = `${key}\u0000${patch.id}`;
    // mergeStep treats field values opaquely, so blob references pass through it unchanged.
    const asPatch = patch as unknown as StepPatch;
    let pending = this.stepCache.get(cacheKey);
    if (!pending) {
      const known = this.promptsOf(key);
      const existing = known.stepIds && !known.stepIds.has(patch.id) ? undefined : this.one(`SELECT ${stepColumns()}, seq FROM steps WHERE session_key = ? AND id = ?`, [key, patch.id]);
      if (existing) {
        const step = mergeStep(stepOf(existing), asPatch, String(existing.prompt_id));
        pending = { key, seq: Number(existing.seq), step, isNew: false, fileChanges: false, command: false, reads: false };
      } else {
        const promptId = this.promptFor(key, sessionId, patch.promptId, patch.timestamp ?? '');
        pending = { key, seq: this.takeSeq(), step: mergeStep(undefined, asPatch, promptId), isNew: true, fileChanges: false, command: false, reads: false };
        // promptFor may have cleared the memo (its bound): the set is the one of the entry now kept, if any.
        this.knownPrompts.get(key)?.stepIds?.add(patch.id);
      }
      this.stepCache.set(cacheKey, pending);
    } else {
      pending.step = mergeStep(pending.step, asPatch, pending.step.promptId);
    }
    pending.fileChanges ||= patch.fileChanges !== undefined;
    // The result decides whether a command without an exit code failed.
    pending.command ||= patch.command !== undefined || patch.result !== undefined;
    pending.reads ||= patch.reads !== undefined;
  }

  private flushSteps(): void {
    for (const p of this.stepCache.values()) {
      const { key, step, seq } = p;
      if (p.isNew) {
        this.run('INSERT INTO steps (session_key, id, prompt_id, seq, type, ts, data) VALUES (?, ?, ?, ?, ?, ?, CAST(? AS TEXT))', [key, step.id, step.promptId, seq, step.type, step.timestamp, longText(storedStepData(step))]);
      } else {
        // ts too: a step's time can arrive with a later patch (mergeStep keeps the first one that is not empty).
        this.run('UPDATE steps SET data = CAST(? AS TEXT), type = ?, ts = ? WHERE session_key = ? AND id = ?', [longText(storedStepData(step)), step.type, step.timestamp, key, step.id]);
      }
      this.writeDerived(key, step, seq, p);
    }
    this.stepCache.clear();
  }

  /** A command line as text: long ones were archived (a heredoc with a whole file in it) and are read back whole. */
  private commandText(command: unknown): string {
    if (typeof command === 'string') {
      return command;
    }
    if (isBlobRef(command)) {
      return this.archive.get(command.$blob) ?? command.preview ?? '';
    }
    return JSON.stringify(command);
  }

  /** Query tables derived from a tool step; rewritten only for the parts the patch changed. */
  private writeDerived(key: string, step: Step, seq: number, changed: { isNew: boolean; fileChanges: boolean; command: boolean; reads: boolean }): void {
    if (step.type !== 'tool') {
      return;
    }
    const tool = step as ToolCallStep;
    if (changed.fileChanges) {
      if (!changed.isNew) {
        this.run('DELETE FROM file_changes WHERE session_key = ? AND step_id = ?', [key, step.id]);
      }
      (tool.fileChanges as unknown as StoredFileChange[]).forEach((c, ord) => {
        this.run(
          'INSERT INTO file_changes (session_key, step_id, prompt_id, seq, ord, path, op, move_path, before_blob, after_blob, patch_blob, ts, tool, tool_kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [key, step.id, step.promptId, seq, ord, c.path, c.op, c.movePath ?? null, refColumn(c.before), refColumn(c.after), refColumn(c.patch), step.timestamp, typeof tool.name === 'string' ? tool.name : '', typeof tool.kind === 'string' ? tool.kind : ''],
        );
      });
    }
    if (changed.command && tool.command) {
      const { exitCode } = tool.command;
      const failed = exitCode !== null ? exitCode !== 0 : tool.result?.isError === true;
      this.run(
        `INSERT INTO commands (session_key, step_id, prompt_id, seq, command, exit_code, failed, ts) VALUES (?, ?, ?, ?, CAST(? AS TEXT), ?, ?, ?)
         ON CONFLICT(session_key, step_id) DO UPDATE SET command = excluded.command, exit_code = excluded.exit_code, failed = excluded.failed`,
        [key, step.id, step.promptId, seq, longText(this.commandText(tool.command.command as unknown)), exitCode, failed ? 1 : 0, step.timestamp],
      );
    }
    if (changed.reads) {
      if (!changed.isNew) {
        this.run('DELETE FROM reads WHERE session_key = ? AND step_id = ?', [key, step.id]);
      }
      tool.reads.forEach((r, ord) => {
        this.run('INSERT INTO reads (session_key, step_id, prompt_id, seq, ord, path, start_line, end_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
          key,
          step.id,
          step.promptId,
          seq,
          ord,
          r.path,
          r.startLine ?? null,
          r.endLine ?? null,
        ]);
      });
    }
  }

  private deleteSteps(key: string, where: string, params: SqlValue[]): void {
    for (const table of ['file_changes', 'commands', 'reads']) {
      this.run(`DELETE FROM ${table} WHERE session_key = ? AND step_id IN (SELECT id FROM steps WHERE session_key = ? AND ${where})`, [key, key, ...params]);
    }
    this.run(`DELETE FROM steps WHERE session_key = ? AND ${where}`, [key, ...params]);
  }

  private rewind(key: string, recordId: string | undefined): void {
    // Deletes prompts and steps: the session's memo is read again from the tables when next needed.
    this.knownPrompts.delete(key);
    if (recordId === undefined) {
      this.deleteSteps(key, '1 = 1', []);
      this.run('DELETE FROM prompts WHERE session_key = ?', [key]);
      return;
    }
    const prompt = this.one('SELECT idx FROM prompts WHERE session_key = ? AND id = ?', [key, recordId]);
    if (prompt) {
      const idx = Number(prompt.idx);
      this.deleteSteps(key, 'prompt_id IN (SELECT id FROM prompts WHERE session_key = ? AND idx >= ?)', [key, idx]);
      this.run('DELETE FROM prompts WHERE session_key = ? AND idx >= ?', [key, idx]);
      return;
    }
    const step = this.one('SELECT prompt_id, seq FROM steps WHERE session_key = ? AND id = ?', [key, recordId]);
    if (!step) {
      this.log.debug(`[store] rewind target ${recordId} not found in ${key}`);
      return;
    }
    const owner = this.one('SELECT idx FROM prompts WHERE session_key = ? AND id = ?', [key, String(step.prompt_id)]);
    const ownerIdx = owner ? Number(owner.idx) : Number.MAX_SAFE_INTEGER;
    this.deleteSteps(key, 'prompt_id = ? AND seq >= ?', [String(step.prompt_id), Number(step.seq)]);
    this.deleteSteps(key, 'prompt_id IN (SELECT id FROM prompts WHERE session_key = ? AND idx > ?)', [key, ownerIdx]);
    this.run('DELETE FROM prompts WHERE session_key = ? AND idx > ?', [key, ownerIdx]);
  }
}
