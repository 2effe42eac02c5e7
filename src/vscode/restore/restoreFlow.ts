// The editor's checkpoint restore: preview (files, diffs, hunks), confirmation, unsaved editors, the "before restore"
// record, one undoable WorkspaceEdit with a byte check, and Undo Restore. The planning is the CLI's
// (src/restore/restorePlanner) and so are the records: they live in the CLI's cache folder for the workspace folder
// ($XDG_CACHE_HOME/agent-trail/<hash>/restores), so `agent-trail restore --undo <id>` and Undo Restore see each
// other's restores. Public methods never throw: every outcome is logged, failures are shown.
import { pluralize } from '../../core/plural';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { DisposableStore } from '../disposableStore';
import { plannedChanges, type PlannedFile } from '../../core/checkpoints/checkpointPlan';
import { restoreHunks } from '../../core/checkpoints/hunkRestore';
import type { IndexService } from '../../indexer/indexService';
import { pathsOnDisk } from '../../restore/editRoutes';
import { changedSinceSnapshot, RestoreRefused, safeTargets, saveBeforeRestore, withoutUntouched, type SkippedFile } from '../../restore/restoreApply';
import { workspaceCacheDir } from '../../restore/restoreCache';
import { buildRestorePlan, type PlannedRestore } from '../../restore/restorePlanner';
import { listRecords, writeRecord, type RestoreRecord } from '../../restore/restoreRecord';
import { checkUndo, UndoConflict, undoRestore, type UndoOptions, type UndoResult } from '../../restore/restoreUndo';
import type { SessionCheckpointData } from '../../store/checkpointQueries';
import type { Log } from '../log';
import { baseName, displayPath, type PathContext } from '../paths';
import { firstLine, relativeTime, sessionDescription, sessionLabel } from '../sessionLabels';
import { CheckpointDocuments, checkpointScheme } from './checkpointDocuments';
import { applyRestoreEdit } from './restoreEdit';
import { pickFiles, pickHunks } from './restorePicks';
import { changedFileItems, checkpointContent, chosenChanges, confirmation, editLabel, previewItems, previewTitle, restoredMessage, skippedMessage, undoConflictQuestion, undoItems, undoneMessage, type HunkChoice } from './restorePreview';
import { dirtyDocuments, settleUnsavedEditors } from './unsavedEditors';

const component = 'restore';

export interface RestoreResult {
  undoId: string;
  /** Absolute paths written, created or deleted. */
  files: string[];
}

export interface CheckpointRef {
  sessionKey: string;
  beforePrompt: number;
}

/** Shown where restore is refused in an untrusted workspace (also used by the hover and the timeline). */
export const untrustedMessage = 'Agent Trail restores checkpoints only in trusted workspaces: restoring writes files the agents’ transcripts describe.';

class UserError extends Error {}

export class RestoreFlow implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly documents = new CheckpointDocuments();
  private busy = false;

  constructor(
    private readonly index: IndexService,
    private readonly log: Log,
    private readonly folders: () => readonly string[],
  ) {
    this.disposables.push(this.documents, vscode.workspace.registerTextDocumentContentProvider(checkpointScheme, this.documents));
  }

  /** Preview, confirm and restore the checkpoint "before prompt N" (only `paths` when given). */
  restoreCheckpoint(sessionKey: string, beforePrompt: number, paths?: readonly string[]): Promise<RestoreResult | undefined> {
    return this.guarded(`Unable to restore before prompt ${beforePrompt}`, true, () => this.restore(sessionKey, beforePrompt, paths));
  }

  restoreFile(sessionKey: string, beforePrompt: number, path: string): Promise<RestoreResult | undefined> {
    return this.restoreCheckpoint(sessionKey, beforePrompt, [path]);
  }

  /** Undoes restore `id`, or the latest not yet undone one of this workspace (a pick when there are several). */
  undoRestore(id?: string): Promise<boolean> {
    return this.guarded('Unable to undo the restore', true, () => this.undo(id)).then((r) => r ?? false);
  }

  /** The multi-file diff of the checkpoint "before prompt N" against the files now. */
  compareCheckpoint(sessionKey: string, beforePrompt: number): Promise<void> {
    return this.guarded(`Unable to compare with the checkpoint before prompt ${beforePrompt}`, false, () => this.compare(sessionKey, beforePrompt));
  }

  /** The palette's way to name a checkpoint: a session, then one of its prompts. */
  async pickCheckpoint(purpose = 'Restore Checkpoint'): Promise<CheckpointRef | undefined> {
    const sessions = await this.index.listSessions();
    if (sessions.length === 0) {
      void vscode.window.showInformationMessage('Agent Trail has found no agent session in this workspace.');
      return undefined;
    }
    const now = Date.now();
    const session = await vscode.window.showQuickPick(
      sessions.map((s) => ({ label: sessionLabel(s), description: sessionDescription(s, now), key: s.key })),
      { title: `${purpose}: Session`, placeHolder: 'The session of the checkpoint', matchOnDescription: true },
    );
    if (!session) {
      return undefined;
    }
    const data = await this.index.checkpointData(session.key);
    if (!data || data.prompts.length === 0) {
      void vscode.window.showInformationMessage('This session has no prompts.');
      return undefined;
    }
    const prompt = await vscode.window.showQuickPick(
      data.prompts.map((p) => ({ label: `Before prompt ${p.index}`, description: relativeTime(p.timestamp, now), detail: firstLine(p.text, 200), index: p.index })),
      { title: `${purpose}: ${session.label}`, placeHolder: 'Every file as it was just before this prompt changed it', matchOnDetail: true },
    );
    return prompt ? { sessionKey: session.key, beforePrompt: prompt.index } : undefined;
  }

  dispose(): void {
    this.disposables.dispose();
  }

  private pathContext(): PathContext {
    return { workspaceFolders: this.folders(), home: homedir() };
  }

  private async guarded<T>(failure: string, writes: boolean, run: () => Promise<T>): Promise<T | undefined> {
    if (writes && !vscode.workspace.isTrusted) {
      this.log.info(`${failure}: the workspace is not trusted`, component);
      const choice = await vscode.window.showWarningMessage(untrustedMessage, 'Manage Workspace Trust');
      if (choice) {
        await vscode.commands.executeCommand('workbench.trust.manage');
      }
      return undefined;
    }
    if (writes && this.busy) {
      void vscode.window.showInformationMessage('Agent Trail is already restoring; finish that first.');
      return undefined;
    }
    this.busy ||= writes;
    try {
      return await run();
    } catch (err) {
      if (err instanceof UserError || err instanceof RestoreRefused) {
        this.log.warn(`${failure}: ${err.message}`, component);
        void vscode.window.showErrorMessage(`${failure}: ${err.message}`);
      } else {
        void this.log.reportError(err, component, failure);
      }
      return undefined;
    } finally {
      if (writes) {
        this.busy = false;
      }
    }
  }

  private async loadPlan(sessionKey: string, beforePrompt: number, paths?: readonly string[]): Promise<{ data: SessionCheckpointData; planned: PlannedRestore; folders: readonly string[] }> {
    const folders = this.folders();
    if (folders.length === 0) {
      throw new UserError('open a folder first (restore writes only inside the workspace folders)');
    }
    if (!Number.isInteger(beforePrompt) || beforePrompt < 1) {
      throw new UserError(`${String(beforePrompt)} is not a prompt number`);
    }
    const data = await this.index.checkpointData(sessionKey);
    if (!data) {
      throw new UserError(`the index has no session ${sessionKey}`);
    }
    const planned = buildRestorePlan(data, beforePrompt, folders, paths);
    if (!planned.ok) {
      throw new UserError(planned.reason);
    }
    return { data, planned, folders };
  }

  private async sessionName(sessionKey: string, data: SessionCheckpointData): Promise<string> {
    try {
      const summary = (await this.index.listSessions()).find((s) => s.key === sessionKey);
      if (summary) {
        return sessionLabel(summary);
      }
    } catch (err) {
      this.log.debug(`No session summary for ${sessionKey}: ${String(err)}`, component);
    }
    return firstLine(data.prompts[0]?.text ?? '', 60) || sessionKey;
  }

  private async restore(sessionKey: string, beforePrompt: number, paths?: readonly string[]): Promise<RestoreResult | undefined> {
    let { data, planned, folders } = await this.loadPlan(sessionKey, beforePrompt, paths);
    const ctx = this.pathContext();
    const name = await this.sessionName(sessionKey, data);
    const what = `before prompt ${beforePrompt} of ${sessionKey}${paths && paths.length > 0 ? ` (${pluralize(paths.length, 'file')})` : ''}`;

    // Unsaved edits first: saving them changes what the plan starts from, so plan again after.
    const candidates = planned.plan.files.filter((f) => f.action !== 'unrestorable').map((f) => f.path);
    const hadUnsaved = dirtyDocuments(candidates).length > 0;
    if (!(await settleUnsavedEditors(candidates, ctx, 'Restore', this.log))) {
      return undefined;
    }
    if (hadUnsaved) {
      ({ data, planned, folders } = await this.loadPlan(sessionKey, beforePrompt, paths));
    }
    const { plan, current } = planned;
    const unrestorable = plan.files.filter((f) => f.action === 'unrestorable');
    for (const f of unrestorable) {
      this.log.info(`Not restorable: ${displayPath(f.path, ctx)}: ${f.reason ?? 'unknown content'}`, component);
    }
    if (plannedChanges(plan).length === 0) {
      this.log.info(`Restore ${what}: nothing to do (${unrestorable.length} not restorable)`, component);
      if (unrestorable.length > 0) {
        const first = unrestorable[0];
        const more = unrestorable.length > 1 ? ` (and ${pluralize(unrestorable.length - 1, 'more file', 'more files')}; see the log)` : '';
        void vscode.window.showWarningMessage(`Nothing restored: ${displayPath(first.path, ctx)} cannot be restored: ${first.reason ?? 'the transcripts do not record its content'}${more}.`);
      } else {
        void vscode.window.showInformationMessage(`Nothing to restore: every file is already as it was before prompt ${beforePrompt}.`);
      }
      return undefined;
    }

    // The preview: files, their diffs and hunks, until accepted or cancelled.
    const hunks = new Map<string, HunkChoice>();
    let picked: Set<string> | undefined;
    const byPath = new Map(plan.files.map((f) => [f.path, f]));
    for (;;) {
      const outcome = await pickFiles(previewTitle(beforePrompt, name), previewItems(plan, ctx, hunks), picked, (path) => {
        const f = byPath.get(path);
        if (f) {
          void this.openFileDiff(f, beforePrompt, true).catch((err: unknown) => this.log.error(err, component, `Unable to open the diff of ${path}`));
        }
      });
      if (outcome.kind === 'cancel') {
        this.log.info(`Restore ${what}: cancelled in the preview`, component);
        return undefined;
      }
      picked = outcome.picked;
      if (outcome.kind === 'accept') {
        break;
      }
      const f = byPath.get(outcome.path);
      if (!f) {
        continue;
      }
      const fileHunks = restoreHunks(current.contents.get(f.path) ?? null, checkpointContent(f));
      const choice = await pickHunks(displayPath(f.path, ctx), fileHunks, hunks.get(f.path));
      if (choice) {
        hunks.set(f.path, choice);
        if (choice.chosen.size === 0) {
          picked.delete(f.path);
        } else {
          picked.add(f.path);
        }
      }
    }
    const changes = chosenChanges(plan, picked, hunks, current.contents);
    if (changes.length === 0) {
      this.log.info(`Restore ${what}: no file chosen`, component);
      void vscode.window.showInformationMessage('Nothing restored: no file was chosen.');
      return undefined;
    }
    const confirm = confirmation(changes, beforePrompt, name, ctx, hunks);
    if ((await vscode.window.showWarningMessage(confirm.message, { modal: true, detail: confirm.detail }, confirm.button)) !== confirm.button) {
      this.log.info(`Restore ${what}: not confirmed`, component);
      return undefined;
    }
    return this.apply(sessionKey, beforePrompt, name, changes, current.contents, folders);
  }

  private async apply(sessionKey: string, beforePrompt: number, name: string, changes: readonly PlannedFile[], planned: ReadonlyMap<string, string | null>, folders: readonly string[]): Promise<RestoreResult | undefined> {
    const ctx = this.pathContext();
    // Every target is checked before anything is written; one unsafe path refuses the whole restore.
    const targets = safeTargets(changes, folders);
    if (!(await settleUnsavedEditors(pathsOnDisk(targets.map((t) => t.path)), ctx, 'Restore', this.log))) {
      return undefined;
    }
    // The plan (and any hunk choice) was made against these contents; a file changed meanwhile is not overwritten.
    for (const t of targets) {
      const now = existsSync(t.path) ? readFileSync(t.path, 'utf8') : null;
      if (now !== (planned.get(t.file.path) ?? null)) {
        throw new UserError(`${displayPath(t.path, ctx)} changed while the preview was open; nothing was restored. Run the restore again.`);
      }
    }
    const cacheDir = workspaceCacheDir(targets[0].folder, process.env, homedir());
    const record = saveBeforeRestore(targets, { cacheDir, sessionKey, beforePrompt });
    this.log.info(`Restore ${record.id}: saved the state of ${pluralize(targets.length, 'file')} to ${cacheDir}`, component);
    // Right before the edit: a file written to since the record was saved is left alone (else those lines would be
    // in neither the record nor the file).
    const skipped: SkippedFile[] = [];
    const live = targets.filter((t, i) => {
      const reason = changedSinceSnapshot(t.path, record.files[i]);
      if (reason !== undefined) {
        skipped.push({ path: t.path, reason });
      }
      return reason === undefined;
    });
    try {
      skipped.push(...(live.length > 0 ? await applyRestoreEdit(live, editLabel(beforePrompt), folders, this.log) : []));
    } catch (err) {
      if (targets.every((t, i) => changedSinceSnapshot(t.path, record.files[i]) === undefined)) {
        // Nothing changed: the record must not look like something to undo.
        writeRecord(cacheDir, { ...record, undoneAt: new Date().toISOString() });
      }
      throw err;
    }
    // Files left alone by the re-check were never touched: undo must not consider them. A failed write stays in the
    // record (it may have changed the file half way; undo compares first).
    const untouched = new Set(skipped.filter((f) => !live.some((t) => t.path === f.path)).map((f) => f.path));
    if (untouched.size > 0) {
      writeRecord(cacheDir, withoutUntouched(record, untouched));
    }
    const done = targets.filter((t) => !skipped.some((f) => f.path === t.path));
    for (const t of done) {
      this.log.info(`Restore ${record.id}: ${t.file.action} ${displayPath(t.path, ctx)}`, component);
    }
    for (const f of skipped) {
      this.log.warn(`Restore ${record.id}: not restored: ${displayPath(f.path, ctx)}: ${f.reason}`, component);
    }
    const notDone = skippedMessage(skipped, ctx, 'restored');
    if (notDone) {
      void vscode.window.showWarningMessage(notDone);
    }
    if (done.length === 0) {
      return undefined;
    }
    const message = restoredMessage(done.length, beforePrompt, name);
    this.log.info(`${message} (undo: Agent Trail: Undo Restore, or agent-trail restore --undo ${record.id})`, component);
    void vscode.window.showInformationMessage(message, 'Undo Restore').then((choice) => {
      if (choice === 'Undo Restore') {
        void this.undoRestore(record.id);
      }
    });
    return { undoId: record.id, files: done.map((t) => t.path) };
  }

  private records(): { record: RestoreRecord; cacheDir: string }[] {
    const dirs = [...new Set(this.folders().map((f) => workspaceCacheDir(f, process.env, homedir())))];
    return dirs
      .flatMap((cacheDir) => listRecords(cacheDir).map((record) => ({ record, cacheDir })))
      .filter((r) => !r.record.undoneAt)
      .sort((a, b) => (a.record.createdAt < b.record.createdAt ? 1 : a.record.createdAt > b.record.createdAt ? -1 : 0));
  }

  private async undo(id?: string): Promise<boolean> {
    const open = this.records();
    let chosen = id === undefined ? undefined : open.find((r) => r.record.id === id);
    if (id !== undefined && !chosen) {
      throw new UserError(`restore ${id} is not in this workspace or was already undone`);
    }
    if (!chosen) {
      if (open.length === 0) {
        void vscode.window.showInformationMessage('There is no restore to undo in this workspace.');
        return false;
      }
      if (open.length === 1) {
        chosen = open[0];
      } else {
        const names = new Map<string, string>();
        try {
          for (const s of await this.index.listSessions()) {
            names.set(s.key, sessionLabel(s));
          }
        } catch (err) {
          this.log.debug(`No session names for the undo list: ${String(err)}`, component);
        }
        const items = undoItems(
          open.map((r) => r.record),
          this.pathContext(),
          names,
          Date.now(),
        ).map((item, i) => ({ ...item, entry: open[i] }));
        const pick = await vscode.window.showQuickPick(items, { title: 'Undo Restore', placeHolder: 'The restore to undo (newest first)', matchOnDetail: true });
        if (!pick) {
          return false;
        }
        chosen = pick.entry;
      }
    }
    const { record, cacheDir } = chosen;
    const ctx = this.pathContext();
    if (!(await settleUnsavedEditors(pathsOnDisk(record.files.map((f) => f.path)), ctx, 'Undo', this.log))) {
      return false;
    }
    const folders = this.folders();
    // Never overwrite later work silently: files changed since the restore are overwritten only when the person says.
    const changed = checkUndo(record, folders).filter((c) => c.state === 'changed' || c.state === 'unknown');
    let options: UndoOptions = {};
    if (changed.length > 0) {
      const q = undoConflictQuestion(changed, ctx);
      const choice = await vscode.window.showWarningMessage(q.message, { modal: true, detail: q.detail }, q.overwrite, q.choose);
      if (choice === q.overwrite) {
        options = { overwrite: 'all' };
      } else if (choice === q.choose) {
        const picked = await vscode.window.showQuickPick(changedFileItems(changed, ctx), {
          title: 'Undo Restore: files changed since the restore',
          placeHolder: 'Check the files to put back anyway; unchecked ones keep their current content',
          canPickMany: true,
          ignoreFocusOut: true,
        });
        if (!picked) {
          this.log.info(`Undo ${record.id}: cancelled (files changed since the restore)`, component);
          return false;
        }
        options = { overwrite: new Set(picked.map((p) => p.path)), keepOthers: true };
      } else {
        this.log.info(`Undo ${record.id}: cancelled (files changed since the restore)`, component);
        return false;
      }
    }
    let result: UndoResult;
    try {
      result = undoRestore(record.id, cacheDir, folders, options);
    } catch (err) {
      if (err instanceof UndoConflict) {
        throw new UserError(`${displayPath(err.files[0].path, ctx)} changed just now; nothing was undone. Run Undo Restore again.`);
      }
      throw err;
    }
    const kept = [...result.kept, ...result.skipped];
    for (const f of kept) {
      this.log.info(`Undo ${record.id}: left as it is: ${displayPath(f.path, ctx)}: ${f.reason}`, component);
    }
    const message = undoneMessage({ restored: result.restored.length, removed: result.removed.length, kept: kept.length });
    this.log.info(`Undo ${record.id}: ${message}${result.redoId !== undefined ? ` (undo this undo: agent-trail restore --undo ${result.redoId})` : ''}`, component);
    const notDone = skippedMessage(result.skipped, ctx, 'undone');
    if (notDone) {
      void vscode.window.showWarningMessage(notDone);
    }
    const redoId = result.redoId;
    if (redoId === undefined) {
      void vscode.window.showInformationMessage(message);
    } else {
      void vscode.window.showInformationMessage(message, 'Undo This Undo').then((choice) => {
        if (choice === 'Undo This Undo') {
          void this.undoRestore(redoId);
        }
      });
    }
    return true;
  }

  private async compare(sessionKey: string, beforePrompt: number): Promise<void> {
    const { planned } = await this.loadPlan(sessionKey, beforePrompt);
    const changes = plannedChanges(planned.plan);
    const unrestorable = planned.plan.files.filter((f) => f.action === 'unrestorable').length;
    const note = unrestorable > 0 ? ` (${pluralize(unrestorable, 'file')} cannot be restored and are not shown)` : '';
    this.log.info(`Compare before prompt ${beforePrompt} of ${sessionKey}: ${pluralize(changes.length, 'file')} differ${note}`, component);
    if (changes.length === 0) {
      void vscode.window.showInformationMessage(`Every file the checkpoint before prompt ${beforePrompt} restores is already as it was${note}.`);
      return;
    }
    if (changes.length === 1) {
      await this.openFileDiff(changes[0], beforePrompt, false);
      return;
    }
    const resources = changes.map((f) => {
      const { left, right } = this.sides(f, beforePrompt);
      return [vscode.Uri.file(f.path), left, right];
    });
    await vscode.commands.executeCommand('vscode.changes', `Before prompt ${beforePrompt} ↔ Current`, resources);
  }

  /** Checkpoint on the left, the file now on the right (an empty document for an absent side). */
  private sides(f: PlannedFile, beforePrompt: number): { left: vscode.Uri; right: vscode.Uri } {
    const cp = checkpointContent(f);
    const left = this.documents.uriFor(f.path, cp === null ? `absent before prompt ${beforePrompt}` : `before prompt ${beforePrompt}`, cp ?? '');
    const right = existsSync(f.path) ? vscode.Uri.file(f.path) : this.documents.uriFor(f.path, 'absent now', '');
    return { left, right };
  }

  /** `preview`: current on the left and the checkpoint on the right (what restoring does), kept behind the picker. */
  private async openFileDiff(f: PlannedFile, beforePrompt: number, preview: boolean): Promise<void> {
    const { left, right } = this.sides(f, beforePrompt);
    const name = baseName(f.path);
    if (preview) {
      await vscode.commands.executeCommand('vscode.diff', right, left, `${name}: Current ↔ Before prompt ${beforePrompt}`, { preview: true, preserveFocus: true });
    } else {
      await vscode.commands.executeCommand('vscode.diff', left, right, `${name}: Before prompt ${beforePrompt} ↔ Current`);
    }
  }
}
