// Undoes a restore from its record: every file it touched gets its saved bytes, mode and link back, files it created
// are removed (and the folders it created, when empty). Undo never overwrites later work silently: each file is
// compared with what the restore wrote, and one changed since (or one a record too old to say) is overwritten only
// when the caller says so. Whatever undo overwrites is saved first as a new record, so the undo can be undone.
// Paths are checked again: the record is a file anyone could edit.
import { pluralize } from '../core/plural';
import { mkdirSync, readdirSync, readFileSync, rmdirSync, symlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readFileState, sameState, sha256, type FileState } from './fileState';
import { removeEntry, writeKeepingLinks } from './linkedWrite';
import { resolveSafeTarget } from './pathSafety';
import { changedSinceSnapshot, missingDirs, newRecordId, savedFile, savedState, type SkippedFile } from './restoreApply';
import { readRecord, writeRecord, type RestoreRecord, type SavedFile } from './restoreRecord';

/** ready: as the restore left it; already: as before the restore; changed: neither; unknown: an old record. */
export type UndoFileState = 'ready' | 'already' | 'changed' | 'unknown';

export interface UndoFileCheck {
  path: string;
  state: UndoFileState;
  /** Why a file is `changed` or `unknown`. */
  reason?: string;
}

/** Undo was asked not to overwrite files changed since the restore, and there are some: nothing was written. */
export class UndoConflict extends Error {
  constructor(readonly files: readonly UndoFileCheck[]) {
    super(`${pluralize(files.length, 'file')} changed since the restore: ${files.map((f) => f.path).join(', ')}`);
  }
}

export interface UndoOptions {
  /** Files changed since the restore (or unknown) to overwrite anyway: all, or these paths. */
  overwrite?: 'all' | ReadonlySet<string>;
  /** Leave changed files not named in `overwrite` as they are and undo the rest (else UndoConflict, nothing written). */
  keepOthers?: boolean;
  now?: Date;
  /** Runs once the new record is saved, before the first write (tests write to a file in that window). */
  afterSnapshot?: (record: RestoreRecord) => void;
}

export interface UndoResult {
  undoId: string;
  /** Files given their saved bytes (or link) back. */
  restored: string[];
  /** Files the restore had created, removed. */
  removed: string[];
  /** Files already as they were before the restore. */
  alreadyBack: string[];
  /** Files changed since the restore, left as they are (not chosen to overwrite). */
  kept: SkippedFile[];
  /** Files that changed while the undo ran, left as they are. */
  skipped: SkippedFile[];
  /** Files recreated as a separate file: they had other hard links when the restore removed them. */
  separated: string[];
  /** The record of what this undo overwrote (undo it to redo the restore); undefined when it wrote nothing. */
  redoId?: string;
}

function describeChange(now: FileState, f: SavedFile): string {
  if (f.writtenSymlink !== undefined && now.symlink !== f.writtenSymlink) {
    return now.symlink === undefined ? `no longer the symlink to ${f.writtenSymlink}` : `now a symlink to ${now.symlink}, not ${f.writtenSymlink}`;
  }
  if (f.writtenSymlink === undefined && now.symlink !== undefined) {
    return `replaced by a symlink to ${now.symlink} since the restore`;
  }
  if (now.bytes === null) {
    return 'deleted since the restore';
  }
  return f.writtenSha256 === null ? 'created again since the restore' : 'edited since the restore';
}

/** The path is as the restore left it. */
function asLeft(now: FileState, f: SavedFile): boolean {
  if ((now.symlink ?? null) !== (f.writtenSymlink ?? null)) {
    return false;
  }
  return f.writtenSha256 === null ? now.bytes === null : now.bytes !== null && sha256(now.bytes) === f.writtenSha256;
}

/** What undoing `record` would find, file by file. Throws when a path is not safe to write. */
export function checkUndo(record: RestoreRecord, folders: readonly string[]): UndoFileCheck[] {
  return record.files.map((f) => {
    const safe = resolveSafeTarget(f.path, folders);
    if (!safe.ok) {
      throw new Error(safe.reason);
    }
    let now: FileState;
    try {
      now = readFileState(f.path);
    } catch (err) {
      return { path: f.path, state: 'changed', reason: `cannot read it: ${err instanceof Error ? err.message : String(err)}` };
    }
    if (sameState(now, savedState(f))) {
      return { path: f.path, state: 'already' };
    }
    if (f.writtenSha256 === undefined) {
      return { path: f.path, state: 'unknown', reason: 'the record (from an older version) does not say what the restore wrote, so a later edit cannot be told apart' };
    }
    return asLeft(now, f) ? { path: f.path, state: 'ready' } : { path: f.path, state: 'changed', reason: describeChange(now, f) };
  });
}

/** What putting `f` back leaves at its path (for the new record's hash), and how. */
interface PutBack {
  f: SavedFile;
  /** The file before the undo writes it (saved in the new record). */
  now: FileState;
  /** The bytes readable at the path afterwards (null: nothing there). */
  bytes: Buffer | null;
  /** Only the link is recreated: the restore removed the link and never touched its target. */
  linkOnly: boolean;
}

/** How `f` is put back, or why it cannot be; reads the file now (for the new record), which may throw. */
function putBackPlan(f: SavedFile, folders: readonly string[]): PutBack | string {
  const now = readFileState(f.path);
  if (f.symlink !== undefined) {
    const target = resolve(dirname(f.path), f.symlink);
    const safe = resolveSafeTarget(target, folders);
    if (!safe.ok) {
      return `the symlink to ${f.symlink} is not recreated: ${safe.reason}`;
    }
    if (f.writtenSha256 === null) {
      let bytes: Buffer | null;
      try {
        bytes = readFileSync(target);
      } catch {
        return `the symlink to ${f.symlink} is not recreated: ${target} is gone`;
      }
      return { f, now, bytes, linkOnly: true };
    }
  }
  return { f, now, bytes: f.base64 === undefined ? null : Buffer.from(f.base64, 'base64'), linkOnly: false };
}

/** Makes the path what the record saved: the link (recreated when needed), the bytes through it, or the file. */
function putBack({ f, bytes, linkOnly }: PutBack, folders: readonly string[]): void {
  if (f.symlink !== undefined) {
    const now = readFileState(f.path);
    if (now.symlink !== f.symlink) {
      removeEntry(f.path);
      mkdirSync(dirname(f.path), { recursive: true });
      symlinkSync(f.symlink, f.path);
    }
    if (!linkOnly && bytes !== null) {
      writeKeepingLinks(f.path, bytes, folders, f.mode);
    }
    return;
  }
  if (bytes === null) {
    removeEntry(f.path);
    return;
  }
  if (readFileState(f.path).symlink !== undefined) {
    // A regular file was here before the restore: a symlink put there since is replaced, its target left alone.
    removeEntry(f.path);
  }
  mkdirSync(dirname(f.path), { recursive: true });
  writeKeepingLinks(f.path, bytes, folders, f.mode);
}

export function undoRestore(id: string, cacheDir: string, folders: readonly string[], opts: UndoOptions = {}): UndoResult {
  const record = readRecord(cacheDir, id);
  if (record.undoneAt) {
    throw new Error(`restore ${id} was already undone at ${record.undoneAt}`);
  }
  const checks = checkUndo(record, folders);
  const overwrite = (path: string): boolean => opts.overwrite === 'all' || (opts.overwrite?.has(path) ?? false);
  const conflicts = checks.filter((c) => (c.state === 'changed' || c.state === 'unknown') && !overwrite(c.path));
  if (conflicts.length > 0 && !opts.keepOthers) {
    throw new UndoConflict(conflicts);
  }
  const out: UndoResult = { undoId: id, restored: [], removed: [], alreadyBack: [], kept: [], skipped: [], separated: [] };
  const plans: PutBack[] = [];
  record.files.forEach((f, i) => {
    const c = checks[i];
    if (c.state === 'already') {
      out.alreadyBack.push(f.path);
    } else if (c.state !== 'ready' && !overwrite(f.path)) {
      out.kept.push({ path: f.path, reason: c.reason ?? 'changed since the restore' });
    } else {
      let plan: PutBack | string;
      try {
        plan = putBackPlan(f, folders);
      } catch (err) {
        plan = `cannot read it: ${err instanceof Error ? err.message : String(err)}`;
      }
      if (typeof plan === 'string') {
        out.skipped.push({ path: f.path, reason: plan });
      } else {
        plans.push(plan);
      }
    }
  });
  const now = opts.now ?? new Date();
  if (plans.length > 0) {
    // What the undo overwrites, saved first: undoing this record redoes the restore (or brings back a later edit).
    const redo: RestoreRecord = {
      id: newRecordId(now),
      createdAt: now.toISOString(),
      sessionKey: record.sessionKey,
      beforePrompt: record.beforePrompt,
      files: plans.map((p) => savedFile(p.f.path, p.now, { bytes: p.bytes, ...(p.f.symlink !== undefined ? { symlink: p.f.symlink } : {}) })),
      createdDirs: [...new Set(plans.filter((p) => p.bytes !== null || p.f.symlink !== undefined).flatMap((p) => missingDirs(dirname(p.f.path))))],
      undoOf: id,
    };
    writeRecord(cacheDir, redo);
    opts.afterSnapshot?.(redo);
    const untouched = new Set<string>();
    plans.forEach((p, i) => {
      const changedMeanwhile = changedSinceSnapshot(p.f.path, redo.files[i]);
      if (changedMeanwhile !== undefined) {
        out.skipped.push({ path: p.f.path, reason: changedMeanwhile });
        untouched.add(p.f.path);
        return;
      }
      try {
        putBack(p, folders);
      } catch (err) {
        out.skipped.push({ path: p.f.path, reason: `not put back: ${err instanceof Error ? err.message : String(err)}` });
        return;
      }
      if (p.bytes === null && p.f.symlink === undefined) {
        out.removed.push(p.f.path);
      } else {
        out.restored.push(p.f.path);
        if (p.f.writtenSha256 === null && p.f.nlink !== undefined && p.f.nlink > 1) {
          out.separated.push(p.f.path);
        }
      }
    });
    const files = redo.files.filter((f) => !untouched.has(f.path));
    writeRecord(cacheDir, { ...redo, files, ...(files.length === 0 ? { undoneAt: now.toISOString() } : {}) });
    if (files.length > 0) {
      out.redoId = redo.id;
    }
  }
  for (const dir of [...record.createdDirs].reverse()) {
    try {
      if (readdirSync(dir).length === 0) {
        rmdirSync(dir);
      }
    } catch {
      // Already gone or not empty: someone else uses it now.
    }
  }
  const kept = [...out.kept, ...out.skipped].map((k) => k.path);
  writeRecord(cacheDir, { ...record, undoneAt: now.toISOString(), ...(out.redoId !== undefined ? { undoneBy: out.redoId } : {}), ...(kept.length > 0 ? { kept } : {}) });
  return out;
}
