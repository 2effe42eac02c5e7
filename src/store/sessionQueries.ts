// Read side of the index: what the Sessions view, the CLI and (later) blame and the timeline ask for.
import type { AgentId, FileChangeOp, Session, SessionDetail, Step } from '../core/model';
import type { ChangedFileSummary, CommandSummary, PromptFileDiff, PromptOutline, PromptSummary, SessionOutline, SessionSummary, VersionedPrompt } from '../core/readModel';
import type { SqlValue } from 'sql.js';
import { shellWrites } from '../core/checkpoints/shellWrites';
import { internalize, previewLength } from './blobRefs';
import { stepColumns, stepOf } from './storedStep';
import { workspaceSessionKeys } from './workspaceSessions';
import type { IndexStore } from './indexStore';
import { otherBranchMarks } from '../core/promptBranches';
import { promptTreeOf } from './promptTreeColumn';
import { applyRecordedPatch } from './recordedPatch';

function firstLine(text: string, max = 100): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  const t = line.trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

const summaryColumns = `SELECT s.*,
  (SELECT COUNT(*) FROM prompts p WHERE p.session_key = s.key) AS prompt_count,
  (SELECT COUNT(DISTINCT f.path) FROM file_changes f WHERE f.session_key = s.key) AS files_changed,
  (SELECT COUNT(*) FROM commands c WHERE c.session_key = s.key) AS command_count,
  (SELECT p.text FROM prompts p WHERE p.session_key = s.key AND p.text <> '' ORDER BY p.idx LIMIT 1) AS first_prompt
FROM sessions s`;

/** The sessions list's order: newest first, then by key (as `ORDER BY updated_at DESC, key`). */
function newestFirst(a: SessionSummary, b: SessionSummary): number {
  if (a.updatedAt !== b.updatedAt) {
    return a.updatedAt < b.updatedAt ? 1 : -1;
  }
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function summaryOf(r: Record<string, SqlValue>): SessionSummary | undefined {
  const promptCount = Number(r.prompt_count);
  if (promptCount === 0 && Number(r.command_count) === 0 && Number(r.files_changed) === 0) {
    // Metadata-only files (a title record, an aborted start) are not sessions anyone worked in.
    return undefined;
  }
  const title = r.title !== null && String(r.title).trim() !== '' ? String(r.title) : firstLine(String(r.first_prompt ?? '')) || '(no prompt)';
  const summary: SessionSummary = {
    key: String(r.key),
    agent: String(r.agent) as AgentId,
    id: String(r.id),
    title,
    cwd: String(r.cwd),
    startedAt: String(r.started_at),
    updatedAt: String(r.updated_at),
    models: JSON.parse(String(r.models)) as string[],
    promptCount,
    filesChanged: Number(r.files_changed),
    commandCount: Number(r.command_count),
    sources: JSON.parse(String(r.sources)) as string[],
  };
  if (r.parent_id !== null) {
    summary.parentSessionId = String(r.parent_id);
  }
  if (r.cli_version !== null) {
    summary.cliVersion = String(r.cli_version);
  }
  const tree = promptTreeOf(r.prompt_tree);
  if (tree) {
    summary.promptTree = tree;
  }
  return summary;
}

export class SessionQueries {
  /**
   * Every session's summary as last read, newest first, and the store's session version then: the Sessions view
   * lists again on every change, and summarizing 2,000 sessions took 50–90 ms of the index worker (more than an
   * appended record may take to show), while a change usually touches one session. Only sessions changed since are
   * read again (IndexStore.sessionsChangedSince).
   */
  private summaries: { version: number; byKey: Map<string, SessionSummary>; ordered: SessionSummary[] } | undefined;

  constructor(private readonly store: IndexStore) {}

  /** Sessions that belong to `folders` (workspaceSessions.ts), newest first. */
  listSessions(folders: readonly string[], agents?: readonly AgentId[]): SessionSummary[] {
    const members = workspaceSessionKeys(this.store, folders);
    return this.allSummaries()
      .filter((s) => members.has(s.key) && (!agents || agents.length === 0 || agents.includes(s.agent)))
      .map((s) => ({ ...s, models: [...s.models], sources: [...s.sources] }));
  }

  private allSummaries(): SessionSummary[] {
    const cached = this.summaries;
    if (!cached) {
      const { version } = this.store.sessionsChangedSince(Number.MAX_SAFE_INTEGER);
      const byKey = new Map<string, SessionSummary>();
      for (const r of this.store.all(summaryColumns, [])) {
        const s = summaryOf(r);
        if (s) {
          byKey.set(s.key, s);
        }
      }
      const ordered = [...byKey.values()].sort(newestFirst);
      this.summaries = { version, byKey, ordered };
      return ordered;
    }
    const { version, keys } = this.store.sessionsChangedSince(cached.version);
    if (keys.length === 0) {
      return cached.ordered;
    }
    for (const key of keys) {
      cached.byKey.delete(key);
    }
    // Chunked: SQLite limits the number of bound parameters.
    for (let i = 0; i < keys.length; i += 500) {
      const chunk = keys.slice(i, i + 500);
      for (const r of this.store.all(`${summaryColumns} WHERE s.key IN (${chunk.map(() => '?').join(', ')})`, chunk)) {
        const s = summaryOf(r);
        if (s) {
          cached.byKey.set(s.key, s);
        }
      }
    }
    cached.version = version;
    cached.ordered = [...cached.byKey.values()].sort(newestFirst);
    return cached.ordered;
  }

  /** Distinct changed paths of a session (rename targets included), in first-change order. */
  changedPaths(sessionKey: string): string[] {
    return collectChangedPaths(this.store.all('SELECT session_key, path, move_path FROM file_changes WHERE session_key = ? ORDER BY seq, ord', [sessionKey])).get(sessionKey) ?? [];
  }

  /** changedPaths of every session that changed a file, in one query (listing thousands of sessions). */
  changedPathsBySession(): Map<string, string[]> {
    return collectChangedPaths(this.store.all('SELECT session_key, path, move_path FROM file_changes ORDER BY session_key, seq, ord', []));
  }

  listPrompts(sessionKey: string): PromptSummary[] {
    const prompts = this.store.all('SELECT id, idx, text, ts FROM prompts WHERE session_key = ? ORDER BY idx', [sessionKey]);
    const changes = this.store.all('SELECT prompt_id, path, op, move_path FROM file_changes WHERE session_key = ? ORDER BY seq, ord', [sessionKey]);
    const reads = this.store.all('SELECT prompt_id, path FROM reads WHERE session_key = ? ORDER BY seq, ord', [sessionKey]);
    // The output's start from the step (inline, or the preview its archive reference keeps): the commands table
    // held a copy of it, 3% of the DB.
    const commands = this.store.all(
      `SELECT c.prompt_id, c.step_id, c.command, c.exit_code, c.failed, c.ts,
         CASE json_type(s.data, '$.command.output') WHEN 'text' THEN json_extract(s.data, '$.command.output') ELSE json_extract(s.data, '$.command.output.preview') END AS output
       FROM commands c LEFT JOIN steps s ON s.session_key = c.session_key AND s.id = c.step_id WHERE c.session_key = ? ORDER BY c.seq`,
      [sessionKey],
    );
    const stepCounts = this.store.all('SELECT prompt_id, COUNT(*) AS n FROM steps WHERE session_key = ? GROUP BY prompt_id', [sessionKey]);
    const tree = promptTreeOf(this.store.one('SELECT prompt_tree FROM sessions WHERE key = ?', [sessionKey])?.prompt_tree);
    const branches = otherBranchMarks(prompts.map((p) => ({ id: String(p.id), index: Number(p.idx) })), tree);
    return prompts.map((p) => {
      const id = String(p.id);
      const otherBranch = branches.get(id);
      return {
        ...(otherBranch !== undefined ? { otherBranch } : {}),
        sessionKey,
        id,
        index: Number(p.idx),
        text: String(p.text),
        timestamp: String(p.ts),
        filesChanged: summarizeChanges(changes.filter((c) => c.prompt_id === id).map((c) => ({ path: String(c.path), op: String(c.op) as FileChangeOp, movePath: c.move_path === null ? undefined : String(c.move_path) }))),
        filesRead: [...new Set(reads.filter((r) => r.prompt_id === id).map((r) => String(r.path)))],
        commands: commands
          .filter((c) => c.prompt_id === id)
          .map(
            (c): CommandSummary => ({
              stepId: String(c.step_id),
              command: String(c.command),
              exitCode: c.exit_code === null ? null : Number(c.exit_code),
              failed: Number(c.failed) === 1,
              outputPreview: typeof c.output === 'string' ? c.output.slice(0, previewLength) : '',
              timestamp: String(c.ts),
            }),
          ),
        stepCount: Number(stepCounts.find((s) => s.prompt_id === id)?.n ?? 0),
      };
    });
  }

  /**
   * A prompt's net change to one file. Contents are replayed over the whole session in order, so a patch
   * whose base content is known from an earlier exact state (a create, an earlier Write) becomes exact too.
   */
  promptFileDiff(sessionKey: string, promptId: string, path: string): PromptFileDiff {
    const rows = this.store.all(
      'SELECT prompt_id, path, op, move_path, before_blob, after_blob, patch_blob FROM file_changes WHERE session_key = ? AND (path = ? OR move_path = ?) ORDER BY seq, ord',
      [sessionKey, path, path],
    );
    const content = (column: SqlValue): string | null | undefined => {
      if (column === null) {
        return undefined;
      }
      return column === '' ? null : this.store.archive.get(String(column));
    };
    let current: string | null | undefined;
    let before: string | null | undefined;
    let after: string | null | undefined;
    let seen = false;
    const patches: string[] = [];
    for (const r of rows) {
      const inPrompt = r.prompt_id === promptId;
      const recordedBefore = content(r.before_blob);
      const base = recordedBefore !== undefined ? recordedBefore : current;
      if (inPrompt && !seen) {
        before = base;
        seen = true;
      }
      let next: string | null | undefined = content(r.after_blob);
      const patchText = content(r.patch_blob) ?? undefined;
      if (next === undefined && typeof patchText === 'string' && typeof base === 'string') {
        const applied = applyRecordedPatch(base, patchText);
        next = applied;
      }
      if (next === undefined && r.op === 'delete') {
        next = null;
      }
      if (inPrompt && typeof patchText === 'string') {
        patches.push(patchText);
      }
      current = next;
      if (inPrompt) {
        after = next;
      }
    }
    return { path, before, after, patches };
  }

  sessionDetail(sessionKey: string): SessionDetail | undefined {
    const session = this.sessionRow(sessionKey);
    return session && { ...session, prompts: this.sessionPrompts(sessionKey, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER).map(({ version: _version, ...p }) => p) };
  }

  /**
   * The prompts whose index is in [from, to], with their steps and the archived bodies they reference read back:
   * the timeline loads a long session a range at a time, reading only the blobs of what it shows.
   */
  sessionPrompts(sessionKey: string, from: number, to: number): VersionedPrompt[] {
    const s = this.store.one('SELECT id FROM sessions WHERE key = ?', [sessionKey]);
    if (!s) {
      return [];
    }
    const prompts: VersionedPrompt[] = this.store
      .all('SELECT id, idx, text, ts FROM prompts WHERE session_key = ? AND idx BETWEEN ? AND ? ORDER BY idx', [sessionKey, from, to])
      .map((p) => ({ sessionId: String(s.id), id: String(p.id), index: Number(p.idx), text: String(p.text), timestamp: String(p.ts), steps: [], version: '' }));
    if (prompts.length === 0) {
      return prompts;
    }
    const byId = new Map(prompts.map((p) => [p.id, p]));
    const whole = prompts.length === Number(this.store.one('SELECT COUNT(*) AS n FROM prompts WHERE session_key = ?', [sessionKey])?.n ?? 0);
    // A range joins through prompts (steps_order leads with prompt_id); the whole session reads steps alone.
    const rows = whole
      ? this.store.all(`SELECT ${stepColumns()}, octet_length(data) AS len FROM steps WHERE session_key = ? ORDER BY seq`, [sessionKey])
      : this.store.all(
          `SELECT ${stepColumns('s')}, octet_length(s.data) AS len FROM prompts p JOIN steps s ON s.session_key = p.session_key AND s.prompt_id = p.id
           WHERE p.session_key = ? AND p.idx BETWEEN ? AND ? ORDER BY s.seq`,
          [sessionKey, from, to],
        );
    const lengths = new Map<string, number>();
    for (const r of rows) {
      const id = String(r.prompt_id);
      byId.get(id)?.steps.push(internalize(this.store.archive, stepOf(r)) as Step);
      lengths.set(id, (lengths.get(id) ?? 0) + Number(r.len));
    }
    for (const p of prompts) {
      p.version = promptVersion(p.steps.length, lengths.get(p.id) ?? 0);
    }
    return prompts;
  }

  /** One step with its archived bodies (a diff or a whole output the timeline asks for), undefined when gone. */
  sessionStep(sessionKey: string, stepId: string): Step | undefined {
    const r = this.store.one(`SELECT ${stepColumns()} FROM steps WHERE session_key = ? AND id = ?`, [sessionKey, stepId]);
    return r ? (internalize(this.store.archive, stepOf(r)) as Step) : undefined;
  }

  /**
   * A session's prompts without their steps (PromptOutline): counts and classes come from step metadata read
   * inside SQLite (json_extract), file changes and commands from their derived tables; no archived body is read.
   * The classes mirror core/timeline/timelineModel.ts's toolStep (a test holds them equal on every recorded session).
   */
  sessionOutline(sessionKey: string): SessionOutline | undefined {
    const session = this.sessionRow(sessionKey);
    if (!session) {
      return undefined;
    }
    // Counted inside SQLite from each step's JSON (SQLite keeps the parse between the json_* calls on one text): a
    // row per prompt comes back, not one per step. The CASE mirrors timelineModel's toolStep: a step with a command
    // (or a shell kind) is a command, else one with file changes (or an edit kind) is an edit.
    const isCommand = `(json_type(data, '$.command') IS NOT NULL OR json_extract(data, '$.kind') IS 'shell')`;
    const counts = this.store.all(
      `SELECT prompt_id, COUNT(*) AS n, SUM(octet_length(data)) AS len, SUM(type = 'tool') AS tools,
         SUM(type = 'tool' AND ${isCommand}) AS commands,
         SUM(type = 'tool' AND NOT ${isCommand} AND (COALESCE(json_array_length(data, '$.fileChanges'), 0) > 0 OR json_extract(data, '$.kind') IN ('edit', 'write', 'delete'))) AS edits,
         SUM(type = 'tool' AND (json_extract(data, '$.result.isError') = 1 OR (${isCommand} AND json_extract(data, '$.command.exitCode') <> 0))) AS failures
       FROM steps WHERE session_key = ? GROUP BY prompt_id`,
      [sessionKey],
    );
    const byId = new Map<string, PromptOutline>();
    const prompts: PromptOutline[] = this.store.all('SELECT id, idx, text, ts FROM prompts WHERE session_key = ? ORDER BY idx', [sessionKey]).map((r) => {
      const p: PromptOutline = { id: String(r.id), index: Number(r.idx), text: String(r.text), timestamp: String(r.ts), stepCount: 0, toolCalls: 0, edits: 0, commands: 0, failures: 0, version: promptVersion(0, 0), changes: [], commandLines: [] };
      byId.set(p.id, p);
      return p;
    });
    for (const r of counts) {
      const p = byId.get(String(r.prompt_id));
      if (p) {
        p.stepCount = Number(r.n);
        p.toolCalls = Number(r.tools);
        p.edits = Number(r.edits);
        p.commands = Number(r.commands);
        p.failures = Number(r.failures);
        p.version = promptVersion(Number(r.n), Number(r.len));
      }
    }
    const events: { seq: number; ord: number; prompt: PromptOutline; add: () => void }[] = [];
    // Command lines from their table (whole, even archived ones); the cwd a command recorded only matters to the
    // files it writes, so it is read (from the step) only for the commands that name one.
    const writing: { line: { command: string; cwd?: string }; stepId: string }[] = [];
    for (const r of this.store.all('SELECT prompt_id, step_id, seq, command FROM commands WHERE session_key = ?', [sessionKey])) {
      const p = byId.get(String(r.prompt_id));
      if (p) {
        const line: { command: string; cwd?: string } = { command: String(r.command) };
        if (shellWrites(line.command, session.cwd).length > 0) {
          writing.push({ line, stepId: String(r.step_id) });
        }
        events.push({ seq: Number(r.seq), ord: Number.MAX_SAFE_INTEGER, prompt: p, add: () => p.commandLines.push(line) });
      }
    }
    for (const w of writing) {
      const cwd = this.store.one(`SELECT json_extract(data, '$.command.cwd') AS cwd FROM steps WHERE session_key = ? AND id = ?`, [sessionKey, w.stepId])?.cwd;
      if (typeof cwd === 'string') {
        w.line.cwd = cwd;
      }
    }
    // File changes in step order with the commands (a prompt's changed files are listed in the order they happened);
    // a change makes its step an edit unless the step is a command (the CASE above), which filesChanged counts.
    const files = new Set<string>();
    const changeRows = this.store.all(
      `SELECT f.prompt_id, f.seq, f.ord, f.path, f.move_path, t.type = 'tool' AND json_type(t.data, '$.command') IS NULL AND COALESCE(json_extract(t.data, '$.kind'), '') <> 'shell' AS edit
       FROM file_changes f JOIN steps t ON t.session_key = f.session_key AND t.id = f.step_id WHERE f.session_key = ?`,
      [sessionKey],
    );
    for (const r of changeRows) {
      const change: { path: string; movePath?: string } = { path: String(r.path) };
      if (r.move_path !== null) {
        change.movePath = String(r.move_path);
      }
      if (Number(r.edit) === 1) {
        files.add(change.movePath ?? change.path);
      }
      const p = byId.get(String(r.prompt_id));
      if (p) {
        events.push({ seq: Number(r.seq), ord: Number(r.ord), prompt: p, add: () => p.changes.push(change) });
      }
    }
    events.sort((a, b) => a.seq - b.seq || a.ord - b.ord);
    for (const e of events) {
      e.add();
    }
    return { ...session, prompts, filesChanged: files.size };
  }

  /** The session's own fields (no prompts), undefined when it is not in the index. */
  private sessionRow(sessionKey: string): Session | undefined {
    const s = this.store.one('SELECT * FROM sessions WHERE key = ?', [sessionKey]);
    if (!s) {
      return undefined;
    }
    const session: Session = {
      agent: String(s.agent) as AgentId,
      id: String(s.id),
      cwd: String(s.cwd),
      startedAt: String(s.started_at),
      updatedAt: String(s.updated_at),
      models: JSON.parse(String(s.models)) as string[],
      sources: JSON.parse(String(s.sources)) as string[],
    };
    if (s.title !== null) {
      session.title = String(s.title);
    }
    if (s.parent_id !== null) {
      session.parentSessionId = String(s.parent_id);
    }
    if (s.cli_version !== null) {
      session.cliVersion = String(s.cli_version);
    }
    const tree = promptTreeOf(s.prompt_tree);
    if (tree) {
      session.promptTree = tree;
    }
    return session;
  }

  issueCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.store.all('SELECT kind, count FROM issue_counts', [])) {
      out[String(r.kind)] = Number(r.count);
    }
    return out;
  }

  counts(): { sources: number; sessions: number; prompts: number; steps: number } {
    const n = (table: string): number => Number(this.store.one(`SELECT COUNT(*) AS n FROM ${table}`, [])?.n ?? 0);
    return { sources: n('sources'), sessions: n('sessions'), prompts: n('prompts'), steps: n('steps') };
  }
}

/** Distinct paths and rename targets per session, in row order. */
function collectChangedPaths(rows: Record<string, SqlValue>[]): Map<string, string[]> {
  const out = new Map<string, { paths: string[]; seen: Set<string> }>();
  for (const r of rows) {
    const key = String(r.session_key);
    let entry = out.get(key);
    if (!entry) {
      entry = { paths: [], seen: new Set() };
      out.set(key, entry);
    }
    for (const p of [r.path, r.move_path]) {
      if (typeof p === 'string' && !entry.seen.has(p)) {
        entry.seen.add(p);
        entry.paths.push(p);
      }
    }
  }
  return new Map([...out].map(([k, v]) => [k, v.paths]));
}

/**
 * A prompt's version: its step count and the bytes of its stored steps (octet_length reads only the record header).
 * A step appended or a result arriving changes it (results add text); a rewrite in place of the same length would
 * not, and the agents do not write those.
 */
function promptVersion(steps: number, chars: number): string {
  return `${steps}.${chars}`;
}

/** Net per-file summary of a prompt's changes, in first-change order. */
function summarizeChanges(changes: { path: string; op: FileChangeOp; movePath?: string }[]): ChangedFileSummary[] {
  const out: ChangedFileSummary[] = [];
  for (const c of changes) {
    const existing = out.find((o) => o.path === c.path || o.movePath === c.path);
    if (!existing) {
      const entry: ChangedFileSummary = { path: c.path, op: c.op, changeCount: 1 };
      if (c.movePath) {
        entry.movePath = c.movePath;
      }
      out.push(entry);
      continue;
    }
    existing.changeCount++;
    if (c.movePath) {
      existing.movePath = c.movePath;
      existing.op = existing.op === 'create' ? 'create' : 'rename';
    } else if (c.op === 'delete') {
      existing.op = 'delete';
    } else if (existing.op === 'delete' && c.op === 'create') {
      existing.op = 'update';
    }
  }
  return out;
}

