// What the restore preview, its confirmation and its notifications say, and which changes a choice amounts to. Pure
// (no `vscode`): restorePicks.ts turns these into QuickPick items and dialogs, so the texts are unit-tested.
import type { PlannedFile, RestoreAction, RestorePlan } from '../../core/checkpoints/checkpointPlan';
import { contentWithHunks, type RestoreHunk } from '../../core/checkpoints/hunkRestore';
import type { RestoreRecord } from '../../restore/restoreRecord';
import { displayPath, type PathContext } from '../paths';
import { pluralize } from '../../core/plural';
import { relativeTime, truncate } from '../sessionLabels';

/** The hunks of one file the person chose (indexes into restoreHunks(current, checkpoint)). */
export interface HunkChoice {
  chosen: ReadonlySet<number>;
  total: number;
}

export interface PreviewItem {
  path: string;
  action: RestoreAction;
  label: string;
  description: string;
  detail?: string;
  /** Only write / create / delete can be picked; the rest are listed so nothing is hidden. */
  selectable: boolean;
  /** Initially checked: every change except conflicts, which need an explicit choice. */
  picked: boolean;
  conflict: boolean;
}

const actionIcon: Record<RestoreAction, string> = {
  write: '$(edit)',
  create: '$(new-file)',
  delete: '$(trash)',
  unchanged: '$(check)',
  unrestorable: '$(circle-slash)',
};

const actionText: Record<RestoreAction, string> = {
  write: 'write',
  create: 'create',
  delete: 'delete',
  unchanged: 'unchanged',
  unrestorable: 'not restorable',
};

const order: Record<RestoreAction, number> = { write: 0, create: 0, delete: 0, unchanged: 1, unrestorable: 2 };

export function isChange(action: RestoreAction): boolean {
  return action === 'write' || action === 'create' || action === 'delete';
}

export function hunkSummary(choice: HunkChoice | undefined): string | undefined {
  if (!choice || choice.chosen.size === choice.total) {
    return undefined;
  }
  return `${choice.chosen.size} of ${pluralize(choice.total, 'hunk')}`;
}

export function previewItems(plan: RestorePlan, paths: PathContext, hunks: ReadonlyMap<string, HunkChoice> = new Map()): PreviewItem[] {
  const items = plan.files.map((f): PreviewItem => {
    const selectable = isChange(f.action);
    const parts = [actionText[f.action]];
    const partial = hunkSummary(hunks.get(f.path));
    if (partial) {
      parts.push(partial);
    }
    if (f.conflict && selectable) {
      parts.push('$(warning) conflict');
    }
    let detail: string | undefined;
    if (f.action === 'unrestorable') {
      detail = `Not restored: ${f.reason ?? 'the transcripts do not record its content'}`;
    } else if (f.action === 'unchanged') {
      detail = 'Already as it was before this prompt';
    } else if (f.conflict) {
      detail = 'Changed since the session last wrote it: restoring drops that change. Unchecked until you check it.';
    }
    return {
      path: f.path,
      action: f.action,
      label: `${actionIcon[f.action]} ${displayPath(f.path, paths)}`,
      description: parts.join(' · '),
      ...(detail !== undefined ? { detail } : {}),
      selectable,
      picked: selectable && !f.conflict,
      conflict: f.conflict,
    };
  });
  return items.sort((a, b) => order[a.action] - order[b.action]);
}

export function previewTitle(beforePrompt: number, sessionName: string): string {
  return `Restore before prompt ${beforePrompt} of ${truncate(sessionName, 60)}`;
}

/**
 * The changes a choice amounts to: the picked files, each with the content its chosen hunks give. A file whose
 * chosen hunks change nothing is dropped; one that ends up absent is a delete, one that was absent a create.
 */
export function chosenChanges(plan: RestorePlan, picked: ReadonlySet<string>, hunks: ReadonlyMap<string, HunkChoice>, current: ReadonlyMap<string, string | null>): PlannedFile[] {
  const out: PlannedFile[] = [];
  for (const f of plan.files) {
    if (!isChange(f.action) || !picked.has(f.path)) {
      continue;
    }
    const choice = hunks.get(f.path);
    if (!choice || choice.chosen.size === choice.total) {
      out.push(f);
      continue;
    }
    const now = current.get(f.path) ?? null;
    const target = checkpointContent(f);
    const content = contentWithHunks(now, target, choice.chosen);
    if (content === now) {
      continue;
    }
    if (content === null) {
      out.push({ path: f.path, action: 'delete', conflict: f.conflict });
    } else {
      out.push({ path: f.path, action: now === null ? 'create' : 'write', content, conflict: f.conflict });
    }
  }
  return out;
}

/** What a planned change puts at its path (null: absent). */
export function checkpointContent(f: PlannedFile): string | null {
  return f.action === 'delete' ? null : (f.content ?? null);
}

export interface Confirmation {
  message: string;
  detail: string;
  button: string;
}

export function confirmation(changes: readonly PlannedFile[], beforePrompt: number, sessionName: string, paths: PathContext, hunks: ReadonlyMap<string, HunkChoice> = new Map()): Confirmation {
  const lines: string[] = [];
  const group = (action: RestoreAction, title: string): void => {
    const files = changes.filter((f) => f.action === action);
    if (files.length === 0) {
      return;
    }
    lines.push(`${title} (${files.length}):`);
    for (const f of files) {
      const partial = hunkSummary(hunks.get(f.path));
      lines.push(`  ${displayPath(f.path, paths)}${partial ? ` (${partial})` : ''}${f.conflict ? ' — overwrites changes made since the session' : ''}`);
    }
  };
  group('write', 'Write');
  group('create', 'Create');
  group('delete', 'Delete');
  lines.push('', 'The current contents are saved first; Agent Trail: Undo Restore brings them back.');
  return {
    message: `Restore ${pluralize(changes.length, 'file')} to before prompt ${beforePrompt} of “${truncate(sessionName, 80)}”?`,
    detail: lines.join('\n'),
    button: 'Restore',
  };
}

export function restoredMessage(count: number, beforePrompt: number, sessionName: string): string {
  return `Restored ${pluralize(count, 'file')} to before prompt ${beforePrompt} of ${truncate(sessionName, 80)}`;
}

export function editLabel(beforePrompt: number): string {
  return `Agent Trail: restore before prompt ${beforePrompt}`;
}

export interface UnsavedQuestion {
  message: string;
  detail: string;
  save: string;
  discard: string;
}

export function unsavedQuestion(files: readonly string[], paths: PathContext, verb: 'Restore' | 'Undo'): UnsavedQuestion {
  const shown = files.map((f) => displayPath(f, paths));
  return {
    message: files.length === 1 ? `${shown[0]} has unsaved changes.` : `${files.length} files have unsaved changes.`,
    detail: `${files.length === 1 ? '' : `${shown.join('\n')}\n\n`}${verb === 'Restore' ? 'Restoring' : 'Undoing the restore'} replaces ${files.length === 1 ? 'its' : 'their'} content. Save the changes first (they are kept in the before-restore record), or discard them?`,
    save: `Save and ${verb}`,
    discard: `Discard and ${verb}`,
  };
}

export interface HunkItem {
  index: number;
  label: string;
  description: string;
  detail: string;
}

const maxHunkDetail = 300;

function lineRange(start: number, count: number): string {
  return count <= 1 ? `line ${start}` : `lines ${start}–${start + count - 1}`;
}

export function hunkItems(hunks: readonly RestoreHunk[]): HunkItem[] {
  return hunks.map((h) => {
    const where = h.whole === 'create' ? 'Create the file' : h.whole === 'delete' ? 'Delete the file' : h.currentLines === 0 ? `Insert before line ${h.currentStart}` : `Replace ${lineRange(h.currentStart, h.currentLines)}`;
    const body = [...h.removed.map((l) => `− ${l}`), ...h.added.map((l) => `+ ${l}`)].join('  ⏎  ');
    return {
      index: h.index,
      label: where,
      description: `−${h.removed.length} +${h.added.length}`,
      detail: truncate(body.replace(/\t/g, '  '), maxHunkDetail) || '(empty lines)',
    };
  });
}

export interface UndoItem {
  id: string;
  label: string;
  description: string;
  detail: string;
}

export function undoItems(records: readonly RestoreRecord[], paths: PathContext, sessionNames: ReadonlyMap<string, string>, now: number): UndoItem[] {
  return records.map((r) => {
    const files = r.files.map((f) => displayPath(f.path, paths));
    const what = `prompt ${r.beforePrompt} of ${truncate(sessionNames.get(r.sessionKey) ?? r.sessionKey, 60)}`;
    return {
      id: r.id,
      // A record an undo saved: undoing it redoes that restore (or brings back the edits the undo overwrote).
      label: r.undoOf !== undefined ? `Redo the restore before ${what}` : `Before ${what}`,
      description: `${relativeTime(r.createdAt, now) || r.createdAt} · ${pluralize(files.length, 'file')}`,
      detail: truncate(files.join(', '), 200),
    };
  });
}

export interface UndoCounts {
  restored: number;
  removed: number;
  /** Left as they are: changed since the restore (kept by choice) or while undoing. */
  kept: number;
}

export function undoneMessage(counts: UndoCounts): string {
  const parts = [`${pluralize(counts.restored, 'file')} put back`];
  if (counts.removed > 0) {
    parts.push(`${pluralize(counts.removed, 'file')} removed`);
  }
  if (counts.kept > 0) {
    parts.push(`${pluralize(counts.kept, 'file')} left as ${counts.kept === 1 ? 'it is' : 'they are'}`);
  }
  return `Undid the restore: ${parts.join(', ')}.`;
}

export interface ChangedFile {
  path: string;
  reason?: string;
}

export interface UndoConflictQuestion {
  message: string;
  detail: string;
  overwrite: string;
  choose: string;
}

/** Asked before an undo would overwrite files changed since the restore (or that an old record cannot vouch for). */
export function undoConflictQuestion(files: readonly ChangedFile[], paths: PathContext): UndoConflictQuestion {
  const lines = files.map((f) => `${displayPath(f.path, paths)}${f.reason ? ` — ${f.reason}` : ''}`);
  return {
    message: files.length === 1 ? `${displayPath(files[0].path, paths)} changed since the restore.` : `${files.length} files changed since the restore.`,
    detail: `${lines.join('\n')}\n\nUndoing puts back the content from before the restore and replaces ${files.length === 1 ? 'that change' : 'those changes'}. The current content is saved first, so the undo can be undone (Agent Trail: Undo Restore).`,
    overwrite: 'Undo Anyway',
    choose: 'Choose Files…',
  };
}

export interface ChangedFileItem {
  path: string;
  label: string;
  description: string;
}

export function changedFileItems(files: readonly ChangedFile[], paths: PathContext): ChangedFileItem[] {
  return files.map((f) => ({ path: f.path, label: displayPath(f.path, paths), description: f.reason ?? 'changed since the restore' }));
}

/** Files a restore or an undo left alone, in one line (the log has each with its reason); undefined when none. */
export function skippedMessage(skipped: readonly ChangedFile[], paths: PathContext, verb: 'restored' | 'undone'): string | undefined {
  if (skipped.length === 0) {
    return undefined;
  }
  const first = skipped[0];
  const more = skipped.length > 1 ? ` (and ${pluralize(skipped.length - 1, 'more file')}; see the log)` : '';
  return `Not ${verb}: ${displayPath(first.path, paths)}: ${first.reason ?? 'left as it is'}${more}.`;
}
