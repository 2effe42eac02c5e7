// A file written to while a restore or an undo runs (issue 11, item 6), on the Gemini CLI 0.61.0 print recording:
// before prompt 1 the restore writes README.md and deletes notes.js. Lines appended after the undo snapshot was taken
// and before the file is replaced were in neither the record nor the file; now each file is re-checked right before
// it is replaced, and one that changed is left alone and reported (the rest is restored, and undo leaves it alone).
// The same holds for undo, against the snapshot of its own record.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyRestore } from '../../../src/restore/restoreApply';
import { buildRestorePlan } from '../../../src/restore/restorePlanner';
import { readRecord } from '../../../src/restore/restoreRecord';
import { undoRestore } from '../../../src/restore/restoreUndo';
import { recordedWorkspace } from '../helpers/recordedWorkspace';

const fixture = 'gemini-print';
const snapshot = (dir: string, file: string): string => readFileSync(join(process.cwd(), 'test/fixtures/recorded', fixture, 'snapshots', dir, file), 'utf8');
const appended = '// appended by another program while the restore ran\n';

test('a file appended to after the undo snapshot is not replaced: skipped, reported, and its lines kept', async () => {
  const w = await recordedWorkspace(fixture, 'at-restore-race1-');
  const notes = join(w.ws, 'notes.js');
  const readme = join(w.ws, 'README.md');
  const finalNotes = readFileSync(notes, 'utf8');
  const finalReadme = readFileSync(readme, 'utf8');
  const planned = buildRestorePlan(w.data, 1, [w.ws]);
  assert.ok(planned.ok);
  const result = applyRestore(planned.plan, {
    cacheDir: w.cache,
    folders: [w.ws],
    sessionKey: w.data.sessionKey,
    afterSnapshot: () => appendFileSync(notes, appended),
  });
  assert.equal(readFileSync(notes, 'utf8'), finalNotes + appended, 'the appended line is kept (notes.js is not deleted)');
  assert.deepEqual(result.skipped.map((s) => s.path), [notes]);
  assert.match(result.skipped[0].reason, /changed after its state was saved for undo/);
  assert.deepEqual(result.changed.map((f) => f.path), [readme]);
  assert.equal(readFileSync(readme, 'utf8'), snapshot('turn-0', 'README.md'), 'the other file is restored');
  assert.deepEqual(readRecord(w.cache, result.undoId).files.map((f) => f.path), [readme], 'the record leaves the skipped file out');
  const undone = undoRestore(result.undoId, w.cache, [w.ws]);
  assert.deepEqual(undone.kept, []);
  assert.equal(readFileSync(readme, 'utf8'), finalReadme);
  assert.equal(readFileSync(notes, 'utf8'), finalNotes + appended, 'undo leaves the skipped file alone');
});

test('a restore whose every file changed meanwhile leaves nothing to undo', async () => {
  const w = await recordedWorkspace(fixture, 'at-restore-race2-');
  const readme = join(w.ws, 'README.md');
  const planned = buildRestorePlan(w.data, 3, [w.ws]);
  assert.ok(planned.ok);
  const result = applyRestore(planned.plan, { cacheDir: w.cache, folders: [w.ws], sessionKey: w.data.sessionKey, afterSnapshot: () => appendFileSync(readme, appended) });
  assert.deepEqual(result.changed, []);
  assert.ok(readFileSync(readme, 'utf8').endsWith(appended));
  assert.ok(readRecord(w.cache, result.undoId).undoneAt, 'an empty record is not offered for undo');
});

test('undo re-checks too: a file written to after the undo saved it is left alone and reported', async () => {
  const w = await recordedWorkspace(fixture, 'at-restore-race3-');
  const notes = join(w.ws, 'notes.js');
  const readme = join(w.ws, 'README.md');
  const finalNotes = readFileSync(notes, 'utf8');
  const planned = buildRestorePlan(w.data, 1, [w.ws]);
  assert.ok(planned.ok);
  const { undoId } = applyRestore(planned.plan, { cacheDir: w.cache, folders: [w.ws], sessionKey: w.data.sessionKey });
  const undone = undoRestore(undoId, w.cache, [w.ws], { afterSnapshot: () => appendFileSync(readme, appended) });
  assert.deepEqual(undone.skipped.map((s) => s.path), [readme]);
  assert.equal(readFileSync(readme, 'utf8'), snapshot('turn-0', 'README.md') + appended, 'the appended line is kept');
  assert.equal(readFileSync(notes, 'utf8'), finalNotes, 'the other file is put back');
  assert.ok(undone.redoId);
  assert.deepEqual(readRecord(w.cache, undone.redoId).files.map((f) => f.path), [notes], "the undo's record leaves the skipped file out");
  assert.deepEqual(readRecord(w.cache, undoId).kept, [readme]);
  assert.equal(existsSync(notes), true);
});
