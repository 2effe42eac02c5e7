// Restore never writes outside the workspace folders: `..`, absolute paths elsewhere and symlinks leading out are
// refused, by resolveSafeTarget and by applyRestore (which checks every target before touching anything).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { planRestore } from '../../../src/core/checkpoints/checkpointPlan';
import { resolveSafeTarget } from '../../../src/restore/pathSafety';
import { applyRestore, RestoreRefused } from '../../../src/restore/restoreApply';
import { undoRestore } from '../../../src/restore/restoreUndo';

function setup(): { ws: string; outside: string; cache: string } {
  const root = mkdtempSync(join(tmpdir(), 'at-safety-'));
  const ws = join(root, 'ws');
  const outside = join(root, 'outside');
  mkdirSync(join(ws, 'src'), { recursive: true });
  mkdirSync(outside);
  return { ws, outside, cache: join(root, 'cache') };
}

test('a path inside the workspace is accepted, also when it does not exist yet', () => {
  const { ws } = setup();
  const r = resolveSafeTarget(join(ws, 'src/new/deep.txt'), [ws]);
  assert.deepEqual(r, { ok: true, path: join(ws, 'src/new/deep.txt'), folder: ws });
  assert.equal(resolveSafeTarget('src/a.txt', [ws]).ok, true);
});

test('.. segments are refused, even when they would end up inside', () => {
  const { ws } = setup();
  assert.equal(resolveSafeTarget(join(ws, '..', 'outside', 'x'), [ws]).ok, false);
  assert.equal(resolveSafeTarget(`${ws}/src/../a.txt`, [ws]).ok, false);
  assert.equal(resolveSafeTarget('../x', [ws]).ok, false);
});

test('absolute paths outside every folder are refused, and the folder itself is not a file target', () => {
  const { ws, outside } = setup();
  assert.equal(resolveSafeTarget(join(outside, 'x'), [ws]).ok, false);
  assert.equal(resolveSafeTarget('/etc/passwd', [ws]).ok, false);
  assert.equal(resolveSafeTarget(ws, [ws]).ok, false);
  assert.equal(resolveSafeTarget(`${ws}-sibling/x`, [ws]).ok, false);
});

test('symlinks that lead out of the workspace are refused (directory and file links, existing or not)', () => {
  const { ws, outside } = setup();
  symlinkSync(outside, join(ws, 'link-dir'));
  writeFileSync(join(outside, 'secret.txt'), 'secret');
  symlinkSync(join(outside, 'secret.txt'), join(ws, 'link-file'));
  symlinkSync(join(outside, 'missing'), join(ws, 'dangling'));
  assert.equal(resolveSafeTarget(join(ws, 'link-dir', 'x.txt'), [ws]).ok, false);
  assert.equal(resolveSafeTarget(join(ws, 'link-dir', 'new', 'x.txt'), [ws]).ok, false);
  assert.equal(resolveSafeTarget(join(ws, 'link-file'), [ws]).ok, false);
  assert.equal(resolveSafeTarget(join(ws, 'dangling'), [ws]).ok, false);
  // A link that stays inside is fine.
  symlinkSync(join(ws, 'src'), join(ws, 'inner'));
  assert.equal(resolveSafeTarget(join(ws, 'inner', 'a.txt'), [ws]).ok, true);
});

test('applyRestore refuses a plan with an escaping target before touching any file', () => {
  const { ws, outside, cache } = setup();
  symlinkSync(outside, join(ws, 'link-dir'));
  writeFileSync(join(ws, 'a.txt'), 'now');
  const plan = planRestore(
    {
      beforePrompt: 1,
      files: [
        { path: join(ws, 'a.txt'), state: { kind: 'content', content: 'then' }, lastAfter: 'now', conflict: false, firstPrompt: 1 },
        { path: join(ws, 'link-dir', 'evil.txt'), state: { kind: 'content', content: 'x' }, lastAfter: undefined, conflict: false, firstPrompt: 1 },
      ],
    },
    new Map([[join(ws, 'a.txt'), 'now']]),
  );
  assert.throws(() => applyRestore(plan, { cacheDir: cache, folders: [ws], sessionKey: 's' }), RestoreRefused);
  assert.equal(readFileSync(join(ws, 'a.txt'), 'utf8'), 'now');
  assert.equal(existsSync(join(outside, 'evil.txt')), false);
});

test('restore writes, creates (with folders) and deletes; undo brings back the exact bytes and removes what it created', () => {
  const { ws, cache } = setup();
  const binary = Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x0d, 0x0a]);
  writeFileSync(join(ws, 'bin.dat'), binary);
  writeFileSync(join(ws, 'gone.txt'), 'delete me\r\n');
  const plan = planRestore(
    {
      beforePrompt: 2,
      files: [
        { path: join(ws, 'bin.dat'), state: { kind: 'content', content: 'text now' }, lastAfter: undefined, conflict: false, firstPrompt: 2 },
        { path: join(ws, 'gone.txt'), state: { kind: 'absent' }, lastAfter: undefined, conflict: false, firstPrompt: 2 },
        { path: join(ws, 'new/dir/made.txt'), state: { kind: 'content', content: 'made' }, lastAfter: null, conflict: false, firstPrompt: 3 },
        { path: join(ws, 'lost.txt'), state: { kind: 'unknown', reason: 'not recorded' }, lastAfter: undefined, conflict: false, firstPrompt: 2 },
      ],
    },
    new Map<string, string | null>([
      [join(ws, 'bin.dat'), binary.toString('utf8')],
      [join(ws, 'gone.txt'), 'delete me\r\n'],
      [join(ws, 'new/dir/made.txt'), null],
      [join(ws, 'lost.txt'), null],
    ]),
  );
  assert.deepEqual(
    plan.files.map((f) => [f.action, f.reason]),
    [
      ['write', undefined],
      ['delete', undefined],
      ['create', undefined],
      ['unrestorable', 'not recorded'],
    ],
  );
  const { undoId } = applyRestore(plan, { cacheDir: cache, folders: [ws], sessionKey: 's' });
  assert.equal(readFileSync(join(ws, 'bin.dat'), 'utf8'), 'text now');
  assert.equal(existsSync(join(ws, 'gone.txt')), false);
  assert.equal(readFileSync(join(ws, 'new/dir/made.txt'), 'utf8'), 'made');
  assert.equal(existsSync(join(ws, 'lost.txt')), false);
  undoRestore(undoId, cache, [ws]);
  assert.ok(readFileSync(join(ws, 'bin.dat')).equals(binary));
  assert.equal(readFileSync(join(ws, 'gone.txt'), 'utf8'), 'delete me\r\n');
  assert.equal(existsSync(join(ws, 'new')), false);
  assert.throws(() => undoRestore(undoId, cache, [ws]), /already undone/);
});
