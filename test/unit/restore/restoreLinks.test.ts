// Links stay links (issue 11, item 13), on the Gemini CLI 0.61.0 print recording: before prompt 3 the restore writes
// README.md, before prompt 2 notes.js, before prompt 1 it writes README.md and deletes notes.js. Here README.md is a
// symlink into the workspace, notes.js has a second hard link or is a symlink: the restore writes through the
// symlink and in place of the hard-linked file, undo brings back links, bytes and modes exactly; a symlink leading
// out of the workspace is not restorable. The editor's planning (editRoutes) makes the same choices.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { editRoutes, pathsOnDisk } from '../../../src/restore/editRoutes';
import { applyRestore, safeTargets } from '../../../src/restore/restoreApply';
import { buildRestorePlan } from '../../../src/restore/restorePlanner';
import { undoRestore } from '../../../src/restore/restoreUndo';
import { recordedWorkspace } from '../helpers/recordedWorkspace';

const fixture = 'gemini-print';
const snapshot = (dir: string, file: string): string => readFileSync(join(process.cwd(), 'test/fixtures/recorded', fixture, 'snapshots', dir, file), 'utf8');

test('a symlink inside the workspace is written through and stays a link; undo is exact', async () => {
  const w = await recordedWorkspace(fixture, 'at-restore-link1-');
  const readme = join(w.ws, 'README.md');
  const real = join(w.ws, 'docs', 'README.real.md');
  mkdirSync(join(w.ws, 'docs'));
  renameSync(readme, real);
  symlinkSync('docs/README.real.md', readme);
  chmodSync(real, 0o640);
  const final = readFileSync(real, 'utf8');
  const planned = buildRestorePlan(w.data, 3, [w.ws]);
  assert.ok(planned.ok);
  assert.deepEqual(planned.plan.files.map((f) => [f.path, f.action]), [[readme, 'write']]);
  const { undoId, skipped } = applyRestore(planned.plan, { cacheDir: w.cache, folders: [w.ws], sessionKey: w.data.sessionKey });
  assert.deepEqual(skipped, []);
  assert.ok(lstatSync(readme).isSymbolicLink(), 'README.md is still a symlink');
  assert.equal(readlinkSync(readme), 'docs/README.real.md');
  assert.equal(readFileSync(real, 'utf8'), snapshot('turn-2', 'README.md'), 'the target holds the checkpoint');
  assert.equal(statSync(real).mode & 0o777, 0o640, 'the target keeps its mode');
  undoRestore(undoId, w.cache, [w.ws]);
  assert.ok(lstatSync(readme).isSymbolicLink(), 'still a symlink after undo');
  assert.equal(readlinkSync(readme), 'docs/README.real.md');
  assert.equal(readFileSync(real, 'utf8'), final);
  assert.equal(statSync(real).mode & 0o777, 0o640);
});

test('a hard-linked file is written in place: its other link sees the restore and the undo', async () => {
  const w = await recordedWorkspace(fixture, 'at-restore-link2-');
  const notes = join(w.ws, 'notes.js');
  const other = join(w.ws, 'notes-link.js');
  linkSync(notes, other);
  chmodSync(notes, 0o600);
  const final = readFileSync(notes, 'utf8');
  const ino = statSync(notes).ino;
  const planned = buildRestorePlan(w.data, 2, [w.ws], ['notes.js']);
  assert.ok(planned.ok);
  assert.deepEqual(planned.plan.files.map((f) => [f.path, f.action]), [[notes, 'write']]);
  const { undoId } = applyRestore(planned.plan, { cacheDir: w.cache, folders: [w.ws], sessionKey: w.data.sessionKey });
  assert.equal(statSync(notes).ino, ino, 'the same file');
  assert.equal(statSync(notes).nlink, 2, 'still linked');
  assert.equal(readFileSync(other, 'utf8'), snapshot('turn-2-user-edit', 'notes.js'), 'the other link sees the restored content');
  undoRestore(undoId, w.cache, [w.ws]);
  assert.equal(statSync(notes).ino, ino);
  assert.equal(statSync(notes).nlink, 2);
  assert.equal(readFileSync(other, 'utf8'), final);
  assert.equal(statSync(notes).mode & 0o777, 0o600, 'the mode is kept');
});

test('a symlink the restore deletes is removed as a link (its target stays) and recreated by undo', async () => {
  const w = await recordedWorkspace(fixture, 'at-restore-link3-');
  const notes = join(w.ws, 'notes.js');
  const impl = join(w.ws, 'lib', 'notes-impl.js');
  mkdirSync(join(w.ws, 'lib'));
  renameSync(notes, impl);
  symlinkSync('lib/notes-impl.js', notes);
  const implBytes = readFileSync(impl, 'utf8');
  const planned = buildRestorePlan(w.data, 1, [w.ws]);
  assert.ok(planned.ok);
  assert.deepEqual(planned.plan.files.map((f) => [f.path, f.action]).sort(), [
    [join(w.ws, 'README.md'), 'write'],
    [notes, 'delete'],
  ]);
  const { undoId } = applyRestore(planned.plan, { cacheDir: w.cache, folders: [w.ws], sessionKey: w.data.sessionKey });
  assert.equal(existsSync(notes), false);
  assert.equal(readFileSync(impl, 'utf8'), implBytes, 'the target is not touched');
  undoRestore(undoId, w.cache, [w.ws]);
  assert.ok(lstatSync(notes).isSymbolicLink(), 'the link is back');
  assert.equal(readlinkSync(notes), 'lib/notes-impl.js');
  assert.equal(readFileSync(impl, 'utf8'), implBytes);
});

test('a symlink into another workspace folder is written through; one leading out is not restorable', async () => {
  const w = await recordedWorkspace(fixture, 'at-restore-link4-');
  const second = mkdtempSync(join(tmpdir(), 'at-restore-link4-second-'));
  const readme = join(w.ws, 'README.md');
  renameSync(readme, join(second, 'README.md'));
  symlinkSync(join(second, 'README.md'), readme);
  const inBoth = buildRestorePlan(w.data, 3, [w.ws, second]);
  assert.ok(inBoth.ok);
  assert.equal(inBoth.plan.files[0].action, 'write');
  applyRestore(inBoth.plan, { cacheDir: w.cache, folders: [w.ws, second], sessionKey: w.data.sessionKey });
  assert.ok(lstatSync(readme).isSymbolicLink());
  assert.equal(readFileSync(join(second, 'README.md'), 'utf8'), snapshot('turn-2', 'README.md'));
  const onlyFirst = buildRestorePlan(w.data, 3, [w.ws]);
  assert.ok(onlyFirst.ok);
  assert.equal(onlyFirst.plan.files[0].action, 'unrestorable');
  assert.match(onlyFirst.plan.files[0].reason ?? '', /outside the workspace \(symlink\)/);
});

test('the editor plan: a symlink is edited on its target, a hard-linked file written in place, a delete removes the entry', async () => {
  const w = await recordedWorkspace(fixture, 'at-restore-link5-');
  const readme = join(w.ws, 'README.md');
  const real = join(w.ws, 'README.real.md');
  renameSync(readme, real);
  symlinkSync('README.real.md', readme);
  const notes = join(w.ws, 'notes.js');
  linkSync(notes, join(w.ws, 'notes-link.js'));
  const outside = mkdtempSync(join(tmpdir(), 'at-restore-link5-out-'));
  writeFileSync(join(outside, 'x.js'), 'x\n');
  const escaping = join(w.ws, 'escape.js');
  symlinkSync(join(outside, 'x.js'), escaping);
  const targets = safeTargets(
    [
      { path: readme, action: 'write', content: 'r\n', conflict: false },
      { path: notes, action: 'write', content: 'n\n', conflict: false },
      { path: join(w.ws, 'gone.js'), action: 'delete', conflict: false },
      { path: join(w.ws, 'new.js'), action: 'create', content: 'c\n', conflict: false },
    ],
    [w.ws],
  );
  const routes = editRoutes(targets, [w.ws]).map((r) => [r.via, r.via === 'refused' ? r.reason : r.path]);
  assert.deepEqual(routes, [
    ['edit', real],
    ['direct', notes],
    ['edit', join(w.ws, 'gone.js')],
    ['edit', join(w.ws, 'new.js')],
  ]);
  // A link re-pointed out of the workspace after planning is refused when the edit is planned.
  const [late] = editRoutes([{ ...targets[0], path: escaping }], [w.ws]);
  assert.equal(late.via, 'refused');
  assert.deepEqual(pathsOnDisk([readme, notes]), [readme, real, notes]);
});
