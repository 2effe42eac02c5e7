// The Sessions view's grouping of a branched session (Pi `/tree`), on the genuine pi-branches-v0.73.1 recording: the
// session's own rows are the conversation it ended on (P1, P3, P4); P2 sits under "Other branches", named by the
// user's label, with where it forked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { piAdapter } from '../../../src/adapters/pi/piAdapter';
import type { PromptSummary } from '../../../src/core/readModel';
import { sessionPromptGroups } from '../../../src/vscode/sessionBranches';
import { blameHoverMarkdown } from '../../../src/vscode/blame/blameHoverMarkdown';
import { runAdapter } from '../helpers/parseWithAdapter';
import { indexRecorded, recordedCases } from '../helpers/recordedFixtures';
import { attribution } from './blameFixtures';
import { appendFile, piRuns } from '../adapters/pi/recordedFixtures';

const [run] = piRuns('pi-branches-v0.73.1');
const session = runAdapter(piAdapter, [appendFile(run.file)]).sessions[0];
const summaries: PromptSummary[] = session.prompts.map((p) => ({
  sessionKey: `pi:${session.id}`,
  id: p.id,
  index: p.index,
  text: p.text,
  timestamp: p.timestamp,
  filesChanged: [],
  filesRead: [],
  commands: [],
  stepCount: p.steps.length,
}));

test('pi-branches: the ended-on conversation as the session\'s rows, P2 under its label', () => {
  // The store hands prompts over in any order: the rows follow the prompts' order.
  const groups = sessionPromptGroups([...summaries].reverse(), session.promptTree);
  assert.deepEqual(groups.endedOn.map((p) => p.index), [1, 3, 4]);
  assert.deepEqual(
    groups.others.map((b) => ({ ...b, prompts: b.prompts.map((p) => p.index) })),
    [{ id: summaries[1].id, label: 'cli attempt', description: 'from #1 · #2', prompts: [2] }],
  );
});

test('without a label the branch is named by where it starts; a linear session has no other branches', () => {
  const tree = session.promptTree;
  assert.ok(tree);
  const unlabelled = sessionPromptGroups(summaries, { ...tree, labels: undefined, summaries: undefined });
  assert.equal(unlabelled.others[0].label, 'Branch at #2');
  const linear = sessionPromptGroups(summaries, undefined);
  assert.deepEqual(linear.endedOn.map((p) => p.index), [1, 2, 3, 4]);
  assert.deepEqual(linear.others, []);
});

test('through the index: the session carries its tree, P2\'s summary says which branch, and the blame hover tells it', async () => {
  const c = recordedCases.find((x) => x.name === 'pi-branches-v0.73.1');
  assert.ok(c);
  const engine = await indexRecorded(c, run.cwd);
  try {
    const [summary] = await engine.listSessions();
    assert.deepEqual(summary.promptTree, session.promptTree);
    const prompts = await engine.listPrompts(summary.key);
    assert.deepEqual(prompts.map((p) => p.otherBranch), [undefined, 'other branch 1 "cli attempt" · from #1', undefined, undefined]);
    assert.deepEqual(sessionPromptGroups(prompts, summary.promptTree).endedOn.map((p) => p.index), [1, 3, 4]);
    const md = blameHoverMarkdown({ attribution: attribution({ promptIndex: 2, prompt: prompts[1].text }), summary: prompts[1], path: `${run.cwd}/bin/notes.js`, paths: { workspaceFolders: [run.cwd], home: '/home/dev' }, now: Date.now() });
    assert.match(md, /\$\(git-branch\) On other branch 1 "cli attempt" · from \\#1, not the conversation the session ended on/);
    const onPath = blameHoverMarkdown({ attribution: attribution({ promptIndex: 3, prompt: prompts[2].text }), summary: prompts[2], path: `${run.cwd}/src/notes.js`, paths: { workspaceFolders: [run.cwd], home: '/home/dev' }, now: Date.now() });
    assert.doesNotMatch(onPath, /git-branch/);
  } finally {
    await engine.dispose();
  }
});
