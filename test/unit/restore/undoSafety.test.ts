// Undo never destroys later work (issue 11, item 1). On a real recording (Codex 0.171.0 exec: before prompt 2 the
// restore writes, creates src/legacy.js — deleted by the session in prompt 2 — and deletes what the session created):
// a file edited after the restore, or one the restore created and the person then changed, makes undo refuse (nothing
// written) unless told to overwrite; what undo overwrites is saved as a new record, so the undo can be undone; a
// record from before this was tracked is "unknown" (refused unless overwriting). The CLI says the same with exit 1
// and --force.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { applyRestore } from '../../../src/restore/restoreApply';
import { buildRestorePlan } from '../../../src/restore/restorePlanner';
import { readRecord, recordFile } from '../../../src/restore/restoreRecord';
import { undoRestore } from '../../../src/restore/restoreUndo';
import { recordedWorkspace, type RecordedWorkspace } from '../helpers/recordedWorkspace';

const fixture = 'codex-exec-v0.171.0';

/** Every file of the plan: its bytes now (null: absent). */
function tree(ws: string, paths: readonly string[]): Map<string, string | null> {
  return new Map(paths.map((p) => [relative(ws, p), existsSync(p) ? readFileSync(p, 'utf8') : null]));
}

async function restored(prefix: string): Promise<RecordedWorkspace & { undoId: string; paths: string[]; final: Map<string, string | null>; after: Map<string, string | null> }> {
  const w = await recordedWorkspace(fixture, prefix);
  const planned = buildRestorePlan(w.data, 2, [w.ws]);
  assert.ok(planned.ok);
  const changes = planned.plan.files.filter((f) => ['write', 'create', 'delete'].includes(f.action));
  const paths = changes.map((f) => f.path);
  // The shapes this test is about: a write, a create and a delete.
  assert.deepEqual([...new Set(changes.map((f) => f.action))].sort(), ['create', 'delete', 'write'], JSON.stringify(changes.map((f) => [relative(w.ws, f.path), f.action])));
  const final = tree(w.ws, paths);
  const { undoId } = applyRestore(planned.plan, { cacheDir: w.cache, folders: [w.ws], sessionKey: w.data.sessionKey });
  return { ...w, undoId, paths, final, after: tree(w.ws, paths) };
}

function pathOf(w: { ws: string; paths: string[] }, action: string, plan: Map<string, string | null>, final: Map<string, string | null>): string {
  // created: absent in the final tree, present after the restore; written: present in both.
  const p = w.paths.find((x) => {
    const rel = relative(w.ws, x);
    return action === 'create' ? final.get(rel) === null && plan.get(rel) !== null : final.get(rel) !== null && plan.get(rel) !== null;
  });
  assert.ok(p, `a ${action}d file`);
  return p;
}

test('undo refuses when a restored file was edited since, and writes nothing', async () => {
  const w = await restored('at-restore-undo1-');
  const written = pathOf(w, 'write', w.after, w.final);
  appendFileSync(written, '// a line typed after the restore\n');
  const edited = readFileSync(written, 'utf8');
  assert.throws(() => undoRestore(w.undoId, w.cache, [w.ws]), (err: Error) => err.message.includes(written) && /changed since the restore/.test(err.message));
  assert.equal(readFileSync(written, 'utf8'), edited, 'the edit is still there');
  for (const [rel, content] of w.after) {
    if (join(w.ws, rel) !== written) {
      assert.equal(existsSync(join(w.ws, rel)) ? readFileSync(join(w.ws, rel), 'utf8') : null, content, `${rel} untouched by the refused undo`);
    }
  }
  assert.equal(readRecord(w.cache, w.undoId).undoneAt, undefined, 'the restore can still be undone');
});

test('a file the restore created and the person then changed is not deleted', async () => {
  const w = await restored('at-restore-undo2-');
  const created = pathOf(w, 'create', w.after, w.final);
  writeFileSync(created, 'rewritten by hand\n');
  assert.throws(() => undoRestore(w.undoId, w.cache, [w.ws]), /changed since the restore/);
  assert.equal(readFileSync(created, 'utf8'), 'rewritten by hand\n');
});

test('overwriting saves what undo replaces as a new record: undoing that brings the edit back', async () => {
  const w = await restored('at-restore-undo3-');
  const written = pathOf(w, 'write', w.after, w.final);
  appendFileSync(written, '// a line typed after the restore\n');
  const edited = tree(w.ws, w.paths);
  const result = undoRestore(w.undoId, w.cache, [w.ws], { overwrite: 'all' });
  assert.deepEqual(tree(w.ws, w.paths), w.final, 'undo brings the tree from before the restore back');
  assert.ok(result.redoId, 'the undo saved what it overwrote');
  assert.equal(readRecord(w.cache, w.undoId).undoneBy, result.redoId);
  assert.equal(readRecord(w.cache, result.redoId).undoOf, w.undoId);
  const redo = undoRestore(result.redoId, w.cache, [w.ws]);
  assert.deepEqual(tree(w.ws, w.paths), edited, 'undoing the undo brings back the restore and the edit made after it');
  assert.ok(redo.redoId);
});

test('choosing files: the chosen changed file is put back, the others are kept', async () => {
  const w = await restored('at-restore-undo4-');
  const written = pathOf(w, 'write', w.after, w.final);
  const created = pathOf(w, 'create', w.after, w.final);
  appendFileSync(written, '// typed later\n');
  writeFileSync(created, 'rewritten by hand\n');
  const result = undoRestore(w.undoId, w.cache, [w.ws], { overwrite: new Set([written]), keepOthers: true });
  assert.equal(readFileSync(written, 'utf8'), w.final.get(relative(w.ws, written)));
  assert.equal(readFileSync(created, 'utf8'), 'rewritten by hand\n', 'the unchosen file keeps its content');
  assert.deepEqual(result.kept.map((k) => k.path), [created]);
  assert.deepEqual(readRecord(w.cache, w.undoId).kept, [created]);
});

test('an unchanged restore is undone as before, and an undone restore is not undone twice', async () => {
  const w = await restored('at-restore-undo5-');
  const result = undoRestore(w.undoId, w.cache, [w.ws]);
  assert.deepEqual(tree(w.ws, w.paths), w.final);
  assert.deepEqual(result.kept, []);
  assert.throws(() => undoRestore(w.undoId, w.cache, [w.ws]), /already undone/);
});

test('a record from before the restore kept what it wrote: unknown, refused unless overwriting', async () => {
  const w = await restored('at-restore-undo6-');
  const file = recordFile(w.cache, w.undoId);
  const old = JSON.parse(readFileSync(file, 'utf8')) as { files: Record<string, unknown>[] };
  for (const f of old.files) {
    delete f.writtenSha256;
    delete f.writtenSymlink;
  }
  writeFileSync(file, JSON.stringify(old));
  assert.throws(() => undoRestore(w.undoId, w.cache, [w.ws]), /changed since the restore/);
  assert.deepEqual(tree(w.ws, w.paths), w.after, 'nothing written');
  undoRestore(w.undoId, w.cache, [w.ws], { overwrite: 'all' });
  assert.deepEqual(tree(w.ws, w.paths), w.final);
});

const cli = join(process.cwd(), 'dist/cli.js');

function undoCli(w: RecordedWorkspace, id: string, ...extra: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'restore', '--undo', id, '--workspace', w.ws, '--cache-dir', w.cache, ...extra], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: w.ws } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('agent-trail restore --undo refuses a file changed since (exit 1, naming it); --force overwrites and prints the undo of the undo', async () => {
  const w = await restored('at-restore-undo7-');
  const written = pathOf(w, 'write', w.after, w.final);
  appendFileSync(written, '// typed later\n');
  const edited = readFileSync(written, 'utf8');
  const refused = undoCli(w, w.undoId);
  assert.equal(refused.code, 1, refused.stdout);
  assert.match(refused.stderr, new RegExp(`changed since the restore: ${relative(w.ws, written).replace(/[.]/g, '\\.')}`));
  assert.match(refused.stderr, /--force/);
  assert.equal(readFileSync(written, 'utf8'), edited);
  const forced = undoCli(w, w.undoId, '--force', '--json');
  assert.equal(forced.code, 0, forced.stderr);
  const out = JSON.parse(forced.stdout) as { undoId: string; redoId: string | null; restored: string[] };
  assert.equal(out.undoId, w.undoId);
  assert.ok(out.redoId);
  assert.deepEqual(tree(w.ws, w.paths), w.final);
  const redo = undoCli(w, out.redoId);
  assert.equal(redo.code, 0, redo.stderr);
  assert.match(redo.stdout, /Undo this undo: agent-trail restore --undo \S+/);
  assert.equal(readFileSync(written, 'utf8'), edited, 'the edit is back');
});
