// `agent-trail checkpoints` and `agent-trail restore`: the checkpoint engine (src/core/checkpoints) on the index,
// with the file I/O of src/restore. Reasons go to stderr; exit 1 when something could not be done.
import { createInterface } from 'node:readline/promises';
import { CheckpointResolver } from '../core/checkpoints/checkpointModel';
import { plannedChanges } from '../core/checkpoints/checkpointPlan';
import { displayPath } from '../core/paths';
import type { IndexEngine } from '../indexer/indexEngine';
import { readCurrentFiles } from '../restore/currentFiles';
import { applyRestore } from '../restore/restoreApply';
import { buildRestorePlan } from '../restore/restorePlanner';
import { undoRestore } from '../restore/restoreUndo';
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
  process.stdout.write(opts.json ? `${JSON.stringify({ ...shown, undoId: result.undoId }, null, 2)}\n` : `${planText(shown)}Restored ${changes.length} file${changes.length === 1 ? '' : 's'}. Undo: agent-trail restore --undo ${result.undoId}\n`);
  if (opts.json) {
    process.stderr.write(`agent-trail: undo with: agent-trail restore --undo ${result.undoId}\n`);
  }
  return 0;
}

export function undoCommand(id: string, cacheDir: string, folders: readonly string[], json: boolean): number {
  let result;
  try {
    result = undoRestore(id, cacheDir, folders);
  } catch (err) {
    return fail(`cannot undo ${id}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const out = { undoId: id, restored: result.restored.map((p) => displayPath(p, folders)), removed: result.removed.map((p) => displayPath(p, folders)) };
  process.stdout.write(json ? `${JSON.stringify(out, null, 2)}\n` : `Undid restore ${id}: ${out.restored.length} file(s) put back, ${out.removed.length} removed.\n`);
  return 0;
}
