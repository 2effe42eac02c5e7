// The restore preview's texts and choices (src/vscode/restore/restorePreview, restoreArgs): what each file item says,
// which start checked, what a choice of files and hunks writes, the confirmation, and the command arguments.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RestorePlan } from '../../../src/core/checkpoints/checkpointPlan';
import { restoreHunks } from '../../../src/core/checkpoints/hunkRestore';
import type { RestoreRecord } from '../../../src/restore/restoreRecord';
import { blameHoverMarkdown, hoverCommands } from '../../../src/vscode/blame/blameHoverMarkdown';
import { checkpointArgs } from '../../../src/vscode/restore/restoreArgs';
import { changedFileItems, chosenChanges, confirmation, editLabel, hunkItems, previewItems, restoredMessage, skippedMessage, undoConflictQuestion, undoItems, undoneMessage, unsavedQuestion, type HunkChoice } from '../../../src/vscode/restore/restorePreview';
import { attribution } from './blameFixtures';

const paths = { workspaceFolders: ['/ws'], home: '/home/u' };

const plan: RestorePlan = {
  beforePrompt: 2,
  files: [
    { path: '/ws/src/a.ts', action: 'write', content: 'one\nTWO\nthree\nFOUR\n', conflict: false },
    { path: '/ws/b.ts', action: 'create', content: 'b\n', conflict: true },
    { path: '/ws/c.ts', action: 'delete', conflict: false },
    { path: '/ws/same.ts', action: 'unchanged', conflict: false },
    { path: '/ws/shell.ts', action: 'unrestorable', conflict: false, reason: 'changed by a shell command in prompt 2 (sed -i …)' },
  ],
};
const current = new Map<string, string | null>([
  ['/ws/src/a.ts', 'one\ntwo\nthree\nfour\n'],
  ['/ws/b.ts', null],
  ['/ws/c.ts', 'c\n'],
  ['/ws/same.ts', 's\n'],
]);

describe('restore preview', () => {
  it('lists every file with its action; conflicts and non-changes start unchecked, and only changes are selectable', () => {
    const items = previewItems(plan, paths);
    assert.deepEqual(
      items.map((i) => [i.label, i.description, i.selectable, i.picked]),
      [
        ['$(edit) src/a.ts', 'write', true, true],
        ['$(new-file) b.ts', 'create · $(warning) conflict', true, false],
        ['$(trash) c.ts', 'delete', true, true],
        ['$(check) same.ts', 'unchanged', false, false],
        ['$(circle-slash) shell.ts', 'not restorable', false, false],
      ],
    );
    assert.match(items[1].detail ?? '', /Changed since the session last wrote it.*Unchecked until you check it/);
    assert.equal(items[4].detail, 'Not restored: changed by a shell command in prompt 2 (sed -i …)');
  });

  it('shows and applies a hunk choice', () => {
    const hunks = restoreHunks(current.get('/ws/src/a.ts') ?? null, plan.files[0].content ?? null);
    assert.equal(hunks.length, 2);
    const choice = new Map<string, HunkChoice>([['/ws/src/a.ts', { chosen: new Set([1]), total: 2 }]]);
    assert.equal(previewItems(plan, paths, choice)[0].description, 'write · 1 of 2 hunks');
    const changes = chosenChanges(plan, new Set(['/ws/src/a.ts', '/ws/c.ts', '/ws/same.ts', '/ws/shell.ts']), choice, current);
    assert.deepEqual(
      changes.map((c) => [c.path, c.action, c.content]),
      [
        ['/ws/src/a.ts', 'write', 'one\ntwo\nthree\nFOUR\n'],
        ['/ws/c.ts', 'delete', undefined],
      ],
    );
    // No hunk of a file chosen: the file is not part of the restore.
    const none = chosenChanges(plan, new Set(['/ws/src/a.ts']), new Map([['/ws/src/a.ts', { chosen: new Set<number>(), total: 2 }]]), current);
    assert.deepEqual(none, []);
    assert.deepEqual(
      hunkItems(hunks).map((h) => [h.label, h.description, h.detail]),
      [
        ['Replace line 2', '−1 +1', '− two  ⏎  + TWO'],
        ['Replace line 4', '−1 +1', '− four  ⏎  + FOUR'],
      ],
    );
    assert.deepEqual(
      hunkItems(restoreHunks(null, 'x\n')).map((h) => h.label),
      ['Create the file'],
    );
    assert.deepEqual(
      hunkItems(restoreHunks('1\n', '0\n1\n')).map((h) => h.label),
      ['Insert before line 1'],
    );
  });

  it('confirms by naming what is written, created and deleted', () => {
    const changes = chosenChanges(plan, new Set(['/ws/src/a.ts', '/ws/b.ts', '/ws/c.ts']), new Map(), current);
    const c = confirmation(changes, 2, 'Add a divide function', paths, new Map([['/ws/src/a.ts', { chosen: new Set([0]), total: 2 }]]));
    assert.equal(c.message, 'Restore 3 files to before prompt 2 of “Add a divide function”?');
    assert.equal(
      c.detail,
      [
        'Write (1):',
        '  src/a.ts (1 of 2 hunks)',
        'Create (1):',
        '  b.ts — overwrites changes made since the session',
        'Delete (1):',
        '  c.ts',
        '',
        'The current contents are saved first; Agent Trail: Undo Restore brings them back.',
      ].join('\n'),
    );
    assert.equal(c.button, 'Restore');
  });

  it('says what happened, and asks about unsaved editors with both ways out', () => {
    assert.equal(restoredMessage(1, 3, 'Fix the parser'), 'Restored 1 file to before prompt 3 of Fix the parser');
    assert.equal(editLabel(3), 'Agent Trail: restore before prompt 3');
    const one = unsavedQuestion(['/ws/src/a.ts'], paths, 'Restore');
    assert.deepEqual([one.message, one.save, one.discard], ['src/a.ts has unsaved changes.', 'Save and Restore', 'Discard and Restore']);
    const two = unsavedQuestion(['/ws/a', '/ws/b'], paths, 'Undo');
    assert.equal(two.message, '2 files have unsaved changes.');
    assert.match(two.detail, /^a\nb\n\nUndoing the restore replaces their content/);
    assert.equal(undoneMessage({ restored: 2, removed: 1, kept: 0 }), 'Undid the restore: 2 files put back, 1 file removed.');
    assert.equal(undoneMessage({ restored: 1, removed: 0, kept: 1 }), 'Undid the restore: 1 file put back, 1 file left as it is.');
  });

  it('lists restores to undo with their session, time and files', () => {
    const records: RestoreRecord[] = [
      { id: 'r2', createdAt: '2026-01-02T00:00:00.000Z', sessionKey: 'claude-code:s1', beforePrompt: 2, files: [{ path: '/ws/a.ts' }, { path: '/ws/b.ts' }], createdDirs: [] },
    ];
    const items = undoItems(records, paths, new Map([['claude-code:s1', 'Add a divide function']]), Date.parse('2026-01-02T01:00:00Z'));
    assert.equal(items[0].label, 'Before prompt 2 of Add a divide function');
    assert.match(items[0].description, /2 files$/);
    assert.equal(items[0].detail, 'a.ts, b.ts');
    const redo = undoItems([{ ...records[0], id: 'r3', undoOf: 'r2' }], paths, new Map([['claude-code:s1', 'Add a divide function']]), Date.parse('2026-01-02T01:00:00Z'));
    assert.equal(redo[0].label, 'Redo the restore before prompt 2 of Add a divide function');
  });

  it('asks before an undo overwrites files changed since the restore, and names what was left alone', () => {
    const one = undoConflictQuestion([{ path: '/ws/src/a.ts', reason: 'edited since the restore' }], paths);
    assert.equal(one.message, 'src/a.ts changed since the restore.');
    assert.match(one.detail, /^src\/a\.ts — edited since the restore\n\nUndoing puts back the content from before the restore and replaces that change\. The current content is saved first, so the undo can be undone/);
    assert.deepEqual([one.overwrite, one.choose], ['Undo Anyway', 'Choose Files…']);
    const two = undoConflictQuestion([{ path: '/ws/a' }, { path: '/ws/b', reason: 'deleted since the restore' }], paths);
    assert.equal(two.message, '2 files changed since the restore.');
    assert.match(two.detail, /^a\nb — deleted since the restore\n\n.*replaces those changes/);
    assert.deepEqual(changedFileItems([{ path: '/ws/src/a.ts' }], paths), [{ path: '/ws/src/a.ts', label: 'src/a.ts', description: 'changed since the restore' }]);
    assert.equal(skippedMessage([], paths, 'restored'), undefined);
    assert.equal(skippedMessage([{ path: '/ws/a', reason: 'it changed' }], paths, 'restored'), 'Not restored: a: it changed.');
    assert.equal(skippedMessage([{ path: '/ws/a', reason: 'it changed' }, { path: '/ws/b' }, { path: '/ws/c' }], paths, 'undone'), 'Not undone: a: it changed (and 2 more files; see the log).');
  });
});

describe('restore command arguments', () => {
  it('accepts explicit arguments and one object; anything else is no checkpoint', () => {
    assert.deepEqual(checkpointArgs(['claude-code:s1', 2]), { sessionKey: 'claude-code:s1', beforePrompt: 2 });
    assert.deepEqual(checkpointArgs(['k', '3', ['/ws/a', '/ws/b']]), { sessionKey: 'k', beforePrompt: 3, paths: ['/ws/a', '/ws/b'] });
    assert.deepEqual(checkpointArgs(['k', 1, '/ws/a']), { sessionKey: 'k', beforePrompt: 1, paths: ['/ws/a'] });
    assert.deepEqual(checkpointArgs([{ sessionKey: 'k', promptIndex: 4, path: '/ws/a' }]), { sessionKey: 'k', beforePrompt: 4, paths: ['/ws/a'] });
    assert.equal(checkpointArgs([]), undefined);
    assert.equal(checkpointArgs(['k']), undefined);
    assert.equal(checkpointArgs(['k', 0]), undefined);
    assert.equal(checkpointArgs(['k', 1.5]), undefined);
    assert.equal(checkpointArgs([{ sessionKey: 'k' }]), undefined);
  });
});

describe('blame hover restore link', () => {
  it('links Restore this file only when asked (trusted workspaces), with key, prompt number and path', () => {
    const a = attribution({});
    const input = { attribution: a, path: '/ws/src/calc.js', paths, now: Date.parse('2026-01-02T00:00:00Z') };
    assert.doesNotMatch(blameHoverMarkdown(input), /Restore this file/);
    const md = blameHoverMarkdown({ ...input, restore: true });
    const m = /\[\$\(discard\) Restore this file to before this prompt\]\(command:agentTrail\.restoreFile\?([^ )]+)/.exec(md);
    assert.ok(m);
    assert.deepEqual(JSON.parse(decodeURIComponent(m[1])), [a.sessionKey, a.promptIndex, '/ws/src/calc.js']);
    assert.ok(hoverCommands.includes('agentTrail.restoreFile'));
  });
});
