// Applies a restore plan. Every target is checked (pathSafety) before anything is touched; then the current state
// of every file to be changed is saved as the undo record, and only then are files written, created or deleted.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { plannedChanges, type PlannedFile, type RestorePlan } from '../core/checkpoints/checkpointPlan';
import { atomicWrite } from './atomicWrite';
import { resolveSafeTarget } from './pathSafety';
import { writeRecord, type RestoreRecord, type SavedFile } from './restoreRecord';

export interface ApplyOptions {
  cacheDir: string;
  folders: readonly string[];
  sessionKey: string;
  now?: Date;
}

export interface ApplyResult {
  undoId: string;
  changed: PlannedFile[];
}

export class RestoreRefused extends Error {}

function newId(now: Date): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace('.', '')}-${randomBytes(3).toString('hex')}`;
}

/** Directories that `mkdir -p` of `dir` would create, outermost first. */
function missingDirs(dir: string): string[] {
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
}

/**
 * Saves the "before restore" record of `targets` (their bytes and modes now, or absent) and the folders writing them
 * will create. Shared by the CLI (which then writes the files itself) and the editor (which writes through a
 * WorkspaceEdit): both must have the record on disk before the first byte changes.
 */
export function saveBeforeRestore(targets: readonly RestoreTarget[], opts: RecordOptions): RestoreRecord {
  const saved: SavedFile[] = targets.map(({ path }) => {
    if (!existsSync(path)) {
      return { path };
    }
    return { path, base64: readFileSync(path).toString('base64'), mode: statSync(path).mode };
  });
  const createdDirs = [...new Set(targets.filter((t) => t.file.action !== 'delete').flatMap((t) => missingDirs(dirname(t.path))))];
  const now = opts.now ?? new Date();
  const record: RestoreRecord = { id: newId(now), createdAt: now.toISOString(), sessionKey: opts.sessionKey, beforePrompt: opts.beforePrompt, files: saved, createdDirs };
  writeRecord(opts.cacheDir, record);
  return record;
}

export function applyRestore(plan: RestorePlan, opts: ApplyOptions): ApplyResult {
  const changed = plannedChanges(plan);
  const targets = safeTargets(changed, opts.folders);
  const record = saveBeforeRestore(targets, { cacheDir: opts.cacheDir, sessionKey: opts.sessionKey, beforePrompt: plan.beforePrompt, now: opts.now });
  for (const { file, path } of targets) {
    if (file.action === 'delete') {
      rmSync(path, { force: true });
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    const mode = existsSync(path) ? statSync(path).mode : undefined;
    atomicWrite(path, Buffer.from(file.content ?? '', 'utf8'), mode);
  }
  return { undoId: record.id, changed };
}
