// Two Copilot CLI sessions in one repo and one HOME (copilot-second-session: notes-cli's session, a hand edit, then a
// second session). Its ground-truth.json knows only the second session, so prompt blame is checked here against
// ground-truth-sessions.json, which names each line's session (`notes:prompt-N`, `second:prompt-N`); `initial` and
// `user-edit-*` lines must be unattributed. Restore is checked for each session's prompts against the recorder's
// snapshots (the second session's, as ground-truth.json gives them).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { BlameEngine } from '../../../../src/core/blame/blameEngine';
import { CheckpointResolver } from '../../../../src/core/checkpoints/checkpointModel';
import { planRestore } from '../../../../src/core/checkpoints/checkpointPlan';
import { readCurrentFiles } from '../../../../src/restore/currentFiles';
import { applyRestore } from '../../../../src/restore/restoreApply';
import { applyRecordedPatch } from '../../../../src/store/recordedPatch';
import { recordedPatchOps } from '../../../../src/store/recordedPatchOps';
import { indexRecorded } from '../../helpers/recordedFixtures';
import { remap } from '../../helpers/recordedWorkspace';
import { changedIn, copilotRun, groundTruth, snapshotFile } from './copilotFixtures';

interface SessionsTruth {
  files: Record<string, { line: number; origin: string; text: string }[]>;
  sessions: { label: string; session_id: string }[];
  steps: { snapshot: string }[];
}

test('copilot-second-session: blame names the right session and prompt for every line of both sessions', async () => {
  const run = copilotRun('copilot-second-session', 'copilot-second-session.json');
  const truth = JSON.parse(readFileSync(path.join(run.dir, 'ground-truth-sessions.json'), 'utf8')) as SessionsTruth;
  const sessionOf = new Map(truth.sessions.map((s) => [s.label, s.session_id]));
  assert.deepEqual([...sessionOf.keys()].sort(), ['notes', 'second']);
  mkdirSync(path.dirname(run.repo), { recursive: true });
  execFileSync('tar', ['xzf', path.join(run.dir, 'repo.tar.gz'), '-C', path.dirname(run.repo)]);
  // Snapshot paths here start with the fixture's folder name (they span the notes-cli recording too).
  const finalTree = path.join(path.dirname(run.dir), truth.steps[truth.steps.length - 1].snapshot);
  const engine = await indexRecorded({ name: path.basename(run.dir), roots: { copilot: 'copilot-home/dot-copilot' } }, run.repo);
  const blamer = new BlameEngine(applyRecordedPatch);
  const mismatches: string[] = [];
  let checked = 0;
  const attributed = new Set<string>();
  try {
    for (const [rel, lines] of Object.entries(truth.files)) {
      const basis = await engine.blameBasis(path.join(run.repo, rel));
      const got = basis ? blamer.blame(basis.replayed, readFileSync(path.join(finalTree, rel), 'utf8'), basis.shellRuns).lines : [];
      for (const t of lines) {
        if (t.text.trim() === '') {
          continue;
        }
        checked++;
        const m = /^(notes|second):prompt-(\d+)$/.exec(t.origin);
        const want = m ? `${sessionOf.get(m[1])} #${m[2]}` : 'null';
        const a = got[t.line - 1] ?? null;
        const actual = a ? `${a.sessionId} #${a.promptIndex}` : 'null';
        if (a) {
          attributed.add(a.sessionId);
        }
        if (actual !== want) {
          mismatches.push(`${rel}:${t.line} ${JSON.stringify(t.text)} expected ${want} (${t.origin}), got ${actual}`);
        }
      }
    }
  } finally {
    await engine.dispose();
  }
  assert.ok(checked > 0);
  assert.equal(attributed.size, 2, 'lines of both sessions');
  assert.deepEqual(mismatches, [], `${mismatches.length} of ${checked} lines differ`);
});

test('copilot-second-session: restore before each prompt of the second session gives the recorder\'s snapshot of every file it changed', async () => {
  const run = copilotRun('copilot-second-session', 'copilot-second-session.json');
  const truth = groundTruth(run);
  const finalTree = path.join(run.dir, 'snapshots/turn-2');
  const engine = await indexRecorded({ name: path.basename(run.dir), roots: { copilot: 'copilot-home/dot-copilot' } }, run.repo);
  const mismatches: string[] = [];
  let compared = 0;
  try {
    const summary = (await engine.listSessions()).find((s) => s.key.endsWith(run.sessionId));
    assert.ok(summary);
    const data = await engine.checkpointData(summary.key);
    assert.ok(data);
    for (const p of [1, 2]) {
      const ws = mkdtempSync(path.join(tmpdir(), 'ad-copilot-restore-ws-'));
      const cache = mkdtempSync(path.join(tmpdir(), 'ad-copilot-restore-cache-'));
      cpSync(finalTree, ws, { recursive: true });
      const histories = remap(data.histories, run.repo, ws);
      const current = readCurrentFiles(
        histories.map((h) => h.path),
        [ws],
      );
      const plan = planRestore(new CheckpointResolver(histories, recordedPatchOps, current.contents).checkpoint(p), current.contents);
      applyRestore(plan, { cacheDir: cache, folders: [ws], sessionKey: summary.key });
      const planned = plan.files.map((f) => path.relative(ws, f.path)).sort();
      const changed = [2, 1].filter((n) => n >= p).flatMap((n) => changedIn(truth, n));
      assert.deepEqual(planned, [...new Set(changed)].sort(), `files in the checkpoint before prompt ${p}`);
      for (const f of plan.files) {
        const rel = path.relative(ws, f.path);
        compared++;
        const want = snapshotFile(run, truth.before_prompt[`prompt-${p}`], rel);
        const got = existsSync(f.path) ? readFileSync(f.path, 'utf8') : null;
        if (got !== want) {
          mismatches.push(`before prompt ${p} ${rel} (${f.action}): expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
        }
      }
    }
  } finally {
    await engine.dispose();
  }
  assert.ok(compared > 0);
  assert.deepEqual(mismatches, []);
});
