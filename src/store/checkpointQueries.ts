// Reads one session's file history for checkpoints: its file_changes rows (and those of its subagents, credited to
// the parent prompt running at the time), Claude file-history backups as known "before" states of their prompt, and
// the files its shell commands changed (content unknown). Read-only.
import type { FileEvent, FileHistory, Recorded } from '../core/checkpoints/checkpointModel';
import { shellWrites } from '../core/checkpoints/shellWrites';
import type { SqlValue } from 'sql.js';
import { withSubagents, type IndexStore } from './indexStore';

export interface CheckpointPrompt {
  index: number;
  id: string;
  text: string;
  timestamp: string;
}

export interface SessionCheckpointData {
  sessionKey: string;
  cwd: string;
  prompts: CheckpointPrompt[];
  histories: FileHistory[];
}

interface Placed {
  path: string;
  event: FileEvent;
  ts: string;
  seq: number;
  ord: number;
  /** Recorded by the session itself (not one of its subagents). */
  own: boolean;
}

export class CheckpointQueries {
  constructor(private readonly store: IndexStore) {}

  sessionData(sessionKey: string): SessionCheckpointData | undefined {
    const session = this.store.one('SELECT cwd FROM sessions WHERE key = ?', [sessionKey]);
    if (!session) {
      return undefined;
    }
    const cwd = String(session.cwd);
    const prompts = this.store
      .all('SELECT id, idx, text, ts FROM prompts WHERE session_key = ? ORDER BY idx', [sessionKey])
      .map((p): CheckpointPrompt => ({ index: Number(p.idx), id: String(p.id), text: String(p.text), timestamp: String(p.ts) }));
    const promptIndex = new Map(prompts.map((p) => [p.id, p.index]));
    // Subagents run inside one of the parent's prompts: the one started last before their record.
    const promptAt = (ts: string): number => {
      let idx = prompts[0]?.index ?? 1;
      for (const p of prompts) {
        if (p.timestamp !== '' && p.timestamp <= ts) {
          idx = p.index;
        }
      }
      return idx;
    };
    const indexFor = (key: SqlValue, promptId: SqlValue, ts: string): number => (key === sessionKey ? (promptIndex.get(String(promptId)) ?? promptAt(ts)) : promptAt(ts));
    // Set when a content the DB refers to is not in the archive: it was recorded, so the archive lost it.
    let lost = false;
    const damage = `the archive ${this.store.archive.location} is damaged: content recorded for this file is missing from it`;
    const content = (column: SqlValue): Recorded => {
      if (column === null) {
        return undefined;
      }
      if (column === '') {
        return null;
      }
      const value = this.store.archive.get(String(column));
      lost ||= value === undefined;
      return value;
    };
    const placed: Placed[] = [];
    const { sql: sessionFilter, params } = withSubagents(sessionKey);
    for (const r of this.store.all(`SELECT session_key, prompt_id, seq, ord, path, op, move_path, before_blob, after_blob, patch_blob, ts FROM file_changes WHERE ${sessionFilter}`, params)) {
      const ts = String(r.ts);
      const idx = indexFor(r.session_key, r.prompt_id, ts);
      lost = false;
      const patchText = r.patch_blob === null ? undefined : (content(r.patch_blob) ?? undefined);
      const base = { ts, seq: Number(r.seq), ord: Number(r.ord), own: r.session_key === sessionKey };
      let before = content(r.before_blob);
      let after = content(r.after_blob);
      const damaged = lost ? { archiveDamage: damage } : {};
      if (r.op === 'create' && before === undefined) {
        before = null;
      }
      if (r.op === 'delete' && after === undefined) {
        after = null;
      }
      const path = String(r.path);
      if (typeof r.move_path === 'string' && r.move_path !== path) {
        const to = r.move_path;
        placed.push({ ...base, path, event: { promptIndex: idx, kind: 'edit', before, after: null, ...(patchText !== undefined ? { patch: patchText } : {}), movedTo: to, ...damaged } });
        placed.push({ ...base, path: to, event: { promptIndex: idx, kind: 'edit', before: null, after, ...(patchText !== undefined ? { patch: patchText } : {}), movedFrom: path, ...damaged } });
        continue;
      }
      placed.push({ ...base, path, event: { promptIndex: idx, kind: 'edit', before, after, ...(patchText !== undefined ? { patch: patchText } : {}), ...damaged } });
    }
    for (const r of this.store.all(`SELECT session_key, prompt_id, seq, command, ts FROM commands WHERE ${sessionFilter}`, params)) {
      const ts = String(r.ts);
      const command = String(r.command);
      for (const path of shellWrites(command, cwd)) {
        placed.push({ path, ts, seq: Number(r.seq), ord: 0, own: r.session_key === sessionKey, event: { promptIndex: indexFor(r.session_key, r.prompt_id, ts), kind: 'shell', before: undefined, after: undefined, command } });
      }
    }
    placed.sort((a, b) => a.event.promptIndex - b.event.promptIndex || (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0) || a.seq - b.seq || a.ord - b.ord);
    const byPath = new Map<string, Placed[]>();
    for (const p of placed) {
      const list = byPath.get(p.path) ?? [];
      list.push(p);
      byPath.set(p.path, list);
    }
    for (const b of this.store.all('SELECT prompt_id, path, blob, status, ts FROM backups WHERE session_key = ?', [sessionKey])) {
      if (b.status !== 'ok' && b.status !== 'absent') {
        continue;
      }
      lost = false;
      const backup = b.status === 'absent' ? null : content(b.blob);
      const backupLost = lost;
      const idx = promptIndex.get(String(b.prompt_id));
      const backupTs = String(b.ts);
      // A backup holds the file as it was when it was taken: at the prompt's start (before all of its changes), or
      // right before the session's own first edit of a file it did not track yet — after any change a subagent
      // (whose edits Claude does not track) made earlier in that prompt. So it describes the first change of the
      // prompt that is the session's own or came after the backup.
      const first = byPath.get(String(b.path))?.find((p) => p.event.promptIndex === idx && (p.own || p.ts >= backupTs));
      // A shell change gets it only when the backup was taken before the command ran (OpenCode's backups are the
      // prompt's start, from its summary: they know what a shell command of the prompt changed).
      if (backup !== undefined && first && (first.event.kind === 'edit' || first.ts >= backupTs)) {
        first.event.backup = backup;
      }
      if (backupLost && first) {
        first.event.archiveDamage = damage;
      }
    }
    return { sessionKey, cwd, prompts, histories: [...byPath].map(([path, list]) => ({ path, events: list.map((p) => p.event) })) };
  }
}
