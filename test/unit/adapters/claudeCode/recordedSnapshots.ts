// Checks a recorded fixture's file changes against the work-tree snapshots taken during the run: every
// recorded `after` must be the file right after that model response's tool calls, every `before` the file
// right before them, and a change known only by its patch must turn the one into the other.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ToolCallStep } from '../../../../src/core/model';
import { applyRecordedPatch } from '../../../../src/store/recordedPatch';
import { readIfExists, scriptedCalls, type Recorded, type ScriptedStep } from './claudeFixtures';

interface IndexEntry {
  snapshot: string;
  turn: number;
  step: number;
  scripted: ScriptedStep;
}

function stepIndex(fx: Recorded): IndexEntry[] {
  return readFileSync(join(fx.dir, 'step-snapshots/index.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as IndexEntry);
}

/** The tree right before the first model response of `turn`. */
function turnStart(fx: Recorded, turn: number, overrides: Readonly<Record<number, string>>): string {
  const override = overrides[turn];
  if (override !== undefined) {
    return join(fx.dir, override);
  }
  const userEdit = join(fx.dir, 'snapshots', `turn-${turn}-user-edit`);
  return existsSync(userEdit) ? userEdit : join(fx.dir, 'snapshots', `turn-${turn - 1}`);
}

/**
 * Asserts every file change of `tools` (all in mock turn `turn`) against the snapshots; returns how many
 * changes had a known `after`.
 */
export function assertChangesMatchSnapshots(
  fx: Recorded,
  turn: number,
  tools: readonly ToolCallStep[],
  overrides: Readonly<Record<number, string>> = {},
): number {
  const index = stepIndex(fx);
  let checked = 0;
  for (const t of tools) {
    for (const change of t.fileChanges) {
      const sameCall = (c: { name: string; input: Record<string, unknown> }, exact: boolean): boolean =>
        c.name === t.name &&
        String(c.input.file_path).replace('${CWD}', fx.repo) === change.path &&
        (!exact || Object.entries(c.input).every(([k, v]) => JSON.stringify(v).split('${CWD}').join(fx.repo) === JSON.stringify((t.input as Record<string, unknown>)[k])));
      let entry = index.filter((e) => e.turn === turn && scriptedCalls(e.scripted).some((c) => sameCall(c, false)));
      if (entry.length > 1) {
        // The same file edited several times in one prompt: the call's own input tells them apart.
        entry = entry.filter((e) => scriptedCalls(e.scripted).some((c) => sameCall(c, true)));
      }
      assert.equal(entry.length, 1, `one scripted step for ${t.name} ${change.path} in turn ${turn}`);
      const { step } = entry[0];
      const rel = relative(fx.repo, change.path);
      const afterDir = join(fx.dir, 'step-snapshots', `turn-${turn}-step-${step}`);
      const beforeDir = step > 1 ? join(fx.dir, 'step-snapshots', `turn-${turn}-step-${step - 1}`) : turnStart(fx, turn, overrides);
      if (change.after === undefined) {
        // Files over 10,000 characters: Claude records no original, only the exact patch of the edit.
        assert.ok(change.patch !== undefined, `${t.name} ${rel}: after or patch is known`);
        assert.equal(applyRecordedPatch(readIfExists(join(beforeDir, rel)) ?? '', change.patch), readIfExists(join(afterDir, rel)), `${t.name} ${rel}: patch turns ${beforeDir} into ${afterDir}`);
      } else {
        assert.equal(change.after, readIfExists(join(afterDir, rel)), `${t.name} ${rel}: after = ${afterDir}`);
      }
      if (change.before !== undefined) {
        assert.equal(change.before, readIfExists(join(beforeDir, rel)), `${t.name} ${rel}: before = ${beforeDir}`);
        assert.equal(change.op, change.before === null ? 'create' : 'update');
      }
      checked++;
    }
  }
  return checked;
}
