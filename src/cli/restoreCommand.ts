// `agent-trail checkpoints` and `agent-trail restore`: the checkpoint engine (src/core/checkpoints) on the index,
// with the file I/O of src/restore. Reasons go to stderr; exit 1 when something could not be done.
import { pluralize } from '../core/plural';
import { createInterface } from 'node:readline/promises';
import { CheckpointResolver } from '../core/checkpoints/checkpointModel';
import { plannedChanges } from '../core/checkpoints/checkpointPlan';
import { displayPath } from '../core/paths';
import type { IndexEngine } from '../indexer/indexEngine';
import { readCurrentFiles } from '../restore/currentFiles';
import { applyRestore } from '../restore/restoreApply';
import { buildRestorePlan } from '../restore/restorePlanner';
import { UndoConflict, undoRestore } from '../restore/restoreUndo';
import { recordedPatchOps } from '../store/recordedPatchOps';
import type { CliOptions } from './args';
import { checkpointJson, checkpointsText, planJson, planText } from './checkpointOutput';
import { printError } from './terminalText';

function fail(message: string): number {
  printError(message);
  return 1;
}

export async function checkpointsCommand(engine: IndexEngine, sessionKey: string, folders: readonly string[], json: boolean): Promise<number> {
  const data = await engine.checkpointData(sessionKey);
  if (!data) {
    return fail('the session disappeared while reading');
  }
  const current = readCurrentFiles(
    data.histories.map((h) => h.path),
    folders,
  );
  const resolver = new CheckpointResolver(data.histories, recordedPatchOps, current.contents);
  const list = data.prompts.map((p) => checkpointJson(p, resolver.checkpoint(p.index), folders));
  process.stdout.write(json ? `${JSON.stringify(list, null, 2)}\n` : checkpointsText(list));
  return 0;
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export async function restoreCommand(engine: IndexEngine, sessionKey: string, opts: CliOptions, folders: readonly string[], cacheDir: string): Promise<number> {
  const data = await engine.checkpointData(sessionKey);
  if (!data) {
    return fail('the session disappeared while reading');
  }
  const n = opts.beforePrompt ?? 0;
  const planned = buildRestorePlan(data, n, folders, opts.restoreFiles);
  if (!planned.ok) {
    return fail(planned.reason);
  }
  const { plan } = planned;
  const shown = planJson(plan, folders);
  for (const f of shown.files.filter((x) => x.action === 'unrestorable')) {
    printError(`not restorable: ${f.path}: ${f.reason ?? 'unknown content'}`);
  }
  if (opts.dryRun) {
    process.stdout.write(opts.json ? `${JSON.stringify(shown, null, 2)}\n` : planText(shown));
    return 0;
  }
  const changes = plannedChanges(plan);
  const conflicts = changes.filter((f) => f.conflict);
  if (conflicts.length > 0 && !opts.force) {
    for (const f of conflicts) {
      printError(`conflict: ${displayPath(f.path, folders)} changed since the session last wrote it`);
    }
    return fail('not restored: rerun with --force to overwrite those changes (undo stays available)');
  }
  if (changes.length === 0) {
    process.stdout.write(opts.json ? `${JSON.stringify({ ...shown, undoId: null }, null, 2)}\n` : planText(shown));
    return 0;
  }
  if (!opts.yes) {
    if (!process.stdin.isTTY) {
      return fail('not restored: no terminal to confirm on; pass --yes (see --dry-run for the plan)');
    }
    process.stderr.write(planText(shown));
    if (!(await confirm(`Restore ${changes.length} file${changes.length === 1 ? '' : 's'}? [y/N] `))) {
      return fail('not restored');
    }
  }
  const result = applyRestore(plan, { cacheDir, folders, sessionKey });
  const skipped = result.skipped.map((f) => ({ path: displayPath(f.path, folders), reason: f.reason }));
  const done = result.changed.length;
  process.stdout.write(
    opts.json
      ? `${JSON.stringify({ ...shown, undoId: result.undoId, skipped }, null, 2)}\n`
      : `${planText(shown)}Restored ${done} file${done === 1 ? '' : 's'}. Undo: agent-trail restore --undo ${result.undoId}\n`,
  );
  if (opts.json) {
    process.stderr.write(`agent-trail: undo with: agent-trail restore --undo ${result.undoId}\n`);
  }
  return reportSkipped(skipped, 'not restored');
}

/** Files left alone although planned: named on stderr, and exit 1 (something could not be done). */
function reportSkipped(skipped: readonly { path: string; reason: string }[], what: string): number {
  for (const f of skipped) {
    process.stderr.write(`agent-trail: ${what}: ${f.path}: ${f.reason}\n`);
  }
  return skipped.length > 0 ? 1 : 0;
}

export function undoCommand(id: string, cacheDir: string, folders: readonly string[], json: boolean, force: boolean): number {
  let result;
  try {
    result = undoRestore(id, cacheDir, folders, force ? { overwrite: 'all' } : {});
  } catch (err) {
    if (err instanceof UndoConflict) {
      for (const f of err.files) {
        process.stderr.write(`agent-trail: changed since the restore: ${displayPath(f.path, folders)}: ${f.reason ?? 'changed'}\n`);
      }
      return fail(`not undone (nothing was changed): rerun with --force to overwrite ${err.files.length === 1 ? 'that file' : 'those files'} (the current content is saved first, so the undo can be undone)`);
    }
    return fail(`cannot undo ${id}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const shown = (paths: readonly string[]): string[] => paths.map((p) => displayPath(p, folders));
  const skipped = [...result.kept, ...result.skipped].map((f) => ({ path: displayPath(f.path, folders), reason: f.reason }));
  const out = {
    undoId: id,
    restored: shown(result.restored),
    removed: shown(result.removed),
    alreadyBack: shown(result.alreadyBack),
    separated: shown(result.separated),
    skipped,
    redoId: result.redoId ?? null,
  };
  if (json) {
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    const lines = [`Undid restore ${id}: ${pluralize(out.restored.length, 'file')} put back, ${out.removed.length} removed${out.alreadyBack.length > 0 ? `, ${out.alreadyBack.length} already as before` : ''}.`];
    for (const p of out.separated) {
      lines.push(`${p}: recreated as a separate file (the restore removed one of its hard links; the others were not relinked)`);
    }
    if (result.redoId !== undefined) {
      lines.push(`Undo this undo: agent-trail restore --undo ${result.redoId}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return reportSkipped(skipped, 'not undone');
}
