// Applies a restore plan. Every target is checked (pathSafety) before anything is touched; then the current state
// of every file to be changed is saved as the undo record (with what the restore will write there), and only then
// are files written, created or deleted — each one only if it is still as the record saw it, so lines written to a
// file meanwhile are never lost (the file is skipped and reported instead). Links stay links (linkedWrite).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { plannedChanges, type PlannedFile, type RestorePlan } from '../core/checkpoints/checkpointPlan';
import { readFileState, sameState, sha256, type FileState } from './fileState';
import { removeEntry, writeKeepingLinks } from './linkedWrite';
import { resolveSafeTarget } from './pathSafety';
import { writeRecord, type RestoreRecord, type SavedFile } from './restoreRecord';

export interface ApplyOptions {
  cacheDir: string;
  folders: readonly string[];
  sessionKey: string;
  now?: Date;
  /** Runs once the record is saved, before the first write (tests use it to write to a file in that window). */
  afterSnapshot?: (record: RestoreRecord) => void;
}

/** A file the restore (or undo) left alone although it was planned, and why. */
export interface SkippedFile {
  path: string;
  reason: string;
}

export interface ApplyResult {
  undoId: string;
  /** The planned changes that were made. */
  changed: PlannedFile[];
  skipped: SkippedFile[];
}

export class RestoreRefused extends Error {}

export function newRecordId(now: Date): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace('.', '')}-${randomBytes(3).toString('hex')}`;
}

/** Directories that `mkdir -p` of `dir` would create, outermost first. */
export function missingDirs(dir: string): string[] {
  const out: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    out.unshift(d);
    if (dirname(d) === d) {
      break;
    }
  }
  return out;
}

export interface RestoreTarget {
  file: PlannedFile;
  /** The checked absolute path. */
  path: string;
  /** The workspace folder it is in. */
  folder: string;
}

/** Every file the plan changes, each checked by pathSafety; one unsafe path refuses the whole restore. */
export function safeTargets(files: readonly PlannedFile[], folders: readonly string[]): RestoreTarget[] {
  return files.map((f) => {
    const safe = resolveSafeTarget(f.path, folders);
    if (!safe.ok) {
      throw new RestoreRefused(safe.reason);
    }
    return { file: f, path: safe.path, folder: safe.folder };
  });
}

export interface RecordOptions {
  cacheDir: string;
  sessionKey: string;
  beforePrompt: number;
  now?: Date;
  undoOf?: string;
}

/** A file as the record saved it, for comparing with the file now. */
export function savedState(f: SavedFile): FileState {
  return { bytes: f.base64 === undefined ? null : Buffer.from(f.base64, 'base64'), ...(f.symlink !== undefined ? { symlink: f.symlink } : {}) };
}

/** What a restore (or undo) leaves at a path: the bytes readable there (null: nothing), and the link it stays. */
export interface LeftState {
  bytes: Uint8Array | null;
  symlink?: string;
}

/** The record's entry for a file now in `state`, which the restore (or undo) will turn into `left`. */
export function savedFile(path: string, state: FileState, left: LeftState): SavedFile {
  return {
    path,
    ...(state.bytes !== null ? { base64: state.bytes.toString('base64'), mode: state.mode } : {}),
    ...(state.symlink !== undefined ? { symlink: state.symlink } : {}),
    ...(state.nlink !== undefined && state.nlink > 1 ? { nlink: state.nlink } : {}),
    writtenSha256: left.bytes === null ? null : sha256(left.bytes),
    ...(left.symlink !== undefined ? { writtenSymlink: left.symlink } : {}),
  };
}

/** The bytes a planned change leaves at its path (null: removed). */
export function plannedBytes(file: PlannedFile): Buffer | null {
  return file.action === 'delete' ? null : Buffer.from(file.content ?? '', 'utf8');
}

function snapshot(path: string): FileState {
  try {
    return readFileState(path);
  } catch (err) {
    throw new RestoreRefused(`cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Saves the "before restore" record of `targets` (their bytes, modes and links now, or absent; and the hash of what
 * each will get) and the folders writing them will create. Shared by the CLI (which then writes the files itself)
 * and the editor (which writes through a WorkspaceEdit): both must have the record on disk before the first byte
 * changes.
 */
export function saveBeforeRestore(targets: readonly RestoreTarget[], opts: RecordOptions): RestoreRecord {
  const saved: SavedFile[] = targets.map(({ file, path }) => {
    const state = snapshot(path);
    const bytes = plannedBytes(file);
    // Written through a symlink, the path stays that link; a removal removes the link itself.
    return savedFile(path, state, { bytes, ...(bytes !== null && state.symlink !== undefined ? { symlink: state.symlink } : {}) });
  });
  const createdDirs = [...new Set(targets.filter((t) => t.file.action !== 'delete').flatMap((t) => missingDirs(dirname(t.path))))];
  const now = opts.now ?? new Date();
  const record: RestoreRecord = {
    id: newRecordId(now),
    createdAt: now.toISOString(),
    sessionKey: opts.sessionKey,
    beforePrompt: opts.beforePrompt,
    files: saved,
    createdDirs,
    ...(opts.undoOf !== undefined ? { undoOf: opts.undoOf } : {}),
  };
  writeRecord(opts.cacheDir, record);
  return record;
}

/**
 * The re-check right before a file is replaced: undefined when it is still as the record saw it, else why it is
 * left alone. Whatever was written to it after the snapshot is in neither the record nor the restored file otherwise.
 */
export function changedSinceSnapshot(path: string, saved: SavedFile): string | undefined {
  let now: FileState;
  try {
    now = readFileState(path);
  } catch (err) {
    return `cannot read it: ${err instanceof Error ? err.message : String(err)}`;
  }
  return sameState(now, savedState(saved)) ? undefined : 'it changed after its state was saved for undo (something wrote to it meanwhile); left as it is';
}

/** Writes (or removes) one planned file, keeping links; throws when the file cannot be written. */
export function writePlanned(path: string, bytes: Buffer | null, folders: readonly string[], mode?: number): void {
  if (bytes === null) {
    removeEntry(path);
    return;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeKeepingLinks(path, bytes, folders, mode);
}

/**
 * The record without the files the re-check left untouched; one with nothing left is not something to undo. A file
 * whose write failed stays in it: a failure half way may have changed it, and undo compares before it writes.
 */
export function withoutUntouched(record: RestoreRecord, untouched: ReadonlySet<string>): RestoreRecord {
  const files = record.files.filter((f) => !untouched.has(f.path));
  return { ...record, files, ...(files.length === 0 ? { undoneAt: new Date().toISOString() } : {}) };
}

export function applyRestore(plan: RestorePlan, opts: ApplyOptions): ApplyResult {
  const changes = plannedChanges(plan);
  const targets = safeTargets(changes, opts.folders);
  const record = saveBeforeRestore(targets, { cacheDir: opts.cacheDir, sessionKey: opts.sessionKey, beforePrompt: plan.beforePrompt, now: opts.now });
  opts.afterSnapshot?.(record);
  const changed: PlannedFile[] = [];
  const skipped: SkippedFile[] = [];
  const untouched = new Set<string>();
  targets.forEach(({ file, path }, i) => {
    const changedMeanwhile = changedSinceSnapshot(path, record.files[i]);
    if (changedMeanwhile !== undefined) {
      skipped.push({ path, reason: changedMeanwhile });
      untouched.add(path);
      return;
    }
    try {
      writePlanned(path, plannedBytes(file), opts.folders);
      changed.push(file);
    } catch (err) {
      skipped.push({ path, reason: `not written: ${err instanceof Error ? err.message : String(err)}` });
    }
  });
  if (untouched.size > 0) {
    writeRecord(opts.cacheDir, withoutUntouched(record, untouched));
  }
  return { undoId: record.id, changed, skipped };
}
