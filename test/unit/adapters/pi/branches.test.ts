// Pi `/tree` branches on the genuine recording pi-branches-v0.73.1 (Pi 0.73.1 TUI): P1, P2 (branch A), `/tree` back
// to P1's answer with a branch summary, P3 and P4 (branch B, where the session ended), a label "cli attempt" on P2.
// The session shows the conversation Pi would resume (P1, P3, P4) and keeps P2 reachable as the other branch; every
// prompt keeps its place in the order things happened on disk (blame and restore: recordedBlame/recordedRestore).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { piAdapter } from '../../../../src/adapters/pi/piAdapter';
import { summaryLine } from '../../../../src/adapters/pi/promptTreeState';
import { promptBranches } from '../../../../src/core/promptBranches';
import { buildTimeline } from '../../../../src/core/timeline/timelineModel';
import { runAdapter } from '../../helpers/parseWithAdapter';
import { appendFile, piRuns } from './recordedFixtures';

const [run] = piRuns('pi-branches-v0.73.1');
/** Prompt entry ids straight from the raw file, in file order (the oracle, not the adapter). */
const raw = readFileSync(run.file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; id: string; parentId: string | null; message?: { role: string } });
const userIds = raw.filter((e) => e.type === 'message' && e.message?.role === 'user').map((e) => e.id);
const [p1, p2, p3, p4] = userIds;

test('the recording branched as scripted: P3 continues P1 (through the branch summary), P2 is left', () => {
  assert.equal(userIds.length, 4);
  const byId = new Map(raw.map((e) => [e.id, e]));
  const summary = byId.get(byId.get(p3)?.parentId ?? '');
  assert.equal(summary?.type, 'branch_summary');
  // Selecting P2's message in `/tree` moved the leaf to P2's parent (P1's last answer); the summary hangs there.
  assert.equal(summary?.parentId, byId.get(p2)?.parentId);
});

test('the session ends on P1 → P3 → P4; P2 is the other branch, with the user\'s label; the same in chunks', () => {
  for (const chunks of [1, 5, 40]) {
    const { sessions, issues } = runAdapter(piAdapter, [appendFile(run.file)], { chunks });
    assert.deepEqual(issues, []);
    const s = sessions[0];
    assert.deepEqual(s.prompts.map((p) => p.id), userIds, 'every prompt, in the order written');
    assert.deepEqual(s.promptTree, {
      parents: { [p1]: null, [p2]: p1, [p3]: p1, [p4]: p3 },
      leaf: p4,
      labels: { [p2]: 'cli attempt' },
      summaries: { [p2]: 'OK' },
    }, `chunks ${chunks}`);
    assert.deepEqual(promptBranches(userIds, s.promptTree), {
      endedOn: [p1, p3, p4],
      others: [{ forkedFrom: p1, promptIds: [p2], label: 'cli attempt' }],
    });
  }
});

test('a linear session has no tree: every prompt is on the one conversation', () => {
  for (const name of ['pi-notes-cli-v0.73.1', 'pi-tui-v0.73.1']) {
    const [linear] = piRuns(name);
    const s = runAdapter(piAdapter, [appendFile(linear.file)]).sessions[0];
    assert.equal(s.promptTree, undefined, name);
    assert.deepEqual(promptBranches(s.prompts.map((p) => p.id), s.promptTree).others, []);
  }
});

test('the leaf is the entry written last: moved back without a new prompt yet, the session ends on P1', () => {
  // Cut right after the branch summary (the user chose the point and got the summary, then quit): Pi resumes there.
  const cut = raw.findIndex((e) => e.type === 'branch_summary');
  const path = join(mkdtempSync(join(tmpdir(), 'pi-branches-')), basename(run.file));
  writeFileSync(path, readFileSync(run.file, 'utf8').split('\n').slice(0, cut + 1).join('\n') + '\n');
  const s = runAdapter(piAdapter, [appendFile(path)]).sessions[0];
  assert.equal(s.promptTree?.leaf, p1);
  assert.deepEqual(promptBranches([p1, p2], s.promptTree), { endedOn: [p1], others: [{ forkedFrom: p1, promptIds: [p2], label: 'OK' }] });
});

test('branch summaries: the model\'s own first line, without Pi\'s preamble and file lists', () => {
  assert.equal(summaryLine('The user explored a different conversation branch before returning here.\nSummary of that exploration:\n\nTried a CLI.\nMore.\n\n<modified-files>\nbin/notes.js\n</modified-files>'), 'Tried a CLI.');
  assert.equal(summaryLine('Plain summary'), 'Plain summary');
  assert.equal(summaryLine('<read-files>\na\n</read-files>'), undefined);
});

test('promptBranches: nested and root branches, labels, and a damaged tree never drops a prompt', () => {
  const tree = { parents: { a: null, b: 'a', c: 'b', d: 'a', e: 'd', f: null, g: 'h', h: 'g' }, leaf: 'c', labels: { e: 'try two' }, summaries: { f: 'restart' } };
  assert.deepEqual(promptBranches(['a', 'b', 'd', 'e', 'f', 'c', 'g', 'h', 'x'], tree), {
    endedOn: ['a', 'b', 'c', 'x'],
    others: [
      { forkedFrom: 'a', promptIds: ['d', 'e'], label: 'try two' },
      { forkedFrom: null, promptIds: ['f'], label: 'restart' },
      { forkedFrom: null, promptIds: ['g', 'h'] },
    ],
  });
  assert.deepEqual(promptBranches(['a', 'b'], undefined), { endedOn: ['a', 'b'], others: [] });
});

test('the timeline keeps every prompt in place and marks P2 as the other branch', () => {
  const s = runAdapter(piAdapter, [appendFile(run.file)]).sessions[0];
  const t = buildTimeline(`pi:${s.id}`, s);
  assert.deepEqual(
    t.prompts.map((p) => [p.index, p.branch]),
    [[1, undefined], [2, 'other branch 1 "cli attempt" · from #1'], [3, undefined], [4, undefined]],
  );
});
