// The plan both the CLI and the editor restore from (src/restore/restorePlanner), and the shared "before restore"
// record (saveBeforeRestore / listRecords): unsafe paths become unrestorable, the file scope is checked, conflicts
// are flagged, and a record plus undo bring every byte back.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FileHistory } from '../../../src/core/checkpoints/checkpointModel';
import { applyRestore, RestoreRefused, safeTargets, saveBeforeRestore } from '../../../src/restore/restoreApply';
import { workspaceCacheDir } from '../../../src/restore/restoreCache';
import { buildRestorePlan } from '../../../src/restore/restorePlanner';
import { listRecords } from '../../../src/restore/restoreRecord';
import { undoRestore } from '../../../src/restore/restoreUndo';
import type { SessionCheckpointData } from '../../../src/store/checkpointQueries';

function setup(): { ws: string; outside: string; data: SessionCheckpointData } {
  const root = mkdtempSync(join(tmpdir(), 'at-planner-'));
  const ws = join(root, 'ws');
  const outside = join(root, 'outside');
  mkdirSync(ws);
  mkdirSync(outside);
  writeFileSync(join(ws, 'a.txt'), 'A2\r\n');
  writeFileSync(join(ws, 'new.txt'), 'N\n');
  writeFileSync(join(ws, 'shell.txt'), 'S\n');
  writeFileSync(join(outside, 'x.txt'), 'X1\n');
  symlinkSync(outside, join(ws, 'link'));
  const histories: FileHistory[] = [
    {
      path: join(ws, 'a.txt'),
      events: [
        { promptIndex: 1, kind: 'edit', before: 'A0\r\n', after: 'A1\r\n' },
        { promptIndex: 2, kind: 'edit', before: 'A1\r\n', after: 'A2\r\n' },
      ],
    },
    { path: join(ws, 'new.txt'), events: [{ promptIndex: 2, kind: 'edit', before: null, after: 'N\n' }] },
    { path: join(ws, 'gone.txt'), events: [{ promptIndex: 2, kind: 'edit', before: 'G\n', after: null }] },
    { path: join(ws, 'shell.txt'), events: [{ promptIndex: 2, kind: 'shell', before: undefined, after: undefined, command: 'sed -i s/x/y/ shell.txt' }] },
    { path: join(ws, 'link', 'x.txt'), events: [{ promptIndex: 2, kind: 'edit', before: 'X0\n', after: 'X1\n' }] },
    { path: join(outside, 'x.txt'), events: [{ promptIndex: 2, kind: 'edit', before: 'X0\n', after: 'X1\n' }] },
  ];
  const prompts = [1, 2].map((index) => ({ index, id: `p${index}`, text: `prompt ${index}`, timestamp: `2026-01-0${index}T00:00:00Z` }));
  return { ws, outside, data: { sessionKey: 'claude-code:s1', cwd: ws, prompts, histories } };
}

test('plans every file: write, create, delete, unrestorable for shell changes and unsafe paths', () => {
  const { ws, outside, data } = setup();
  const r = buildRestorePlan(data, 2, [ws]);
  assert.ok(r.ok);
  const byPath = new Map(r.plan.files.map((f) => [f.path, f]));
  assert.deepEqual([byPath.get(join(ws, 'a.txt'))?.action, byPath.get(join(ws, 'a.txt'))?.content], ['write', 'A1\r\n']);
  assert.equal(byPath.get(join(ws, 'new.txt'))?.action, 'delete');
  assert.deepEqual([byPath.get(join(ws, 'gone.txt'))?.action, byPath.get(join(ws, 'gone.txt'))?.content], ['create', 'G\n']);
  assert.equal(byPath.get(join(ws, 'shell.txt'))?.action, 'unrestorable');
  assert.match(byPath.get(join(ws, 'shell.txt'))?.reason ?? '', /shell command/);
  assert.equal(byPath.get(join(ws, 'link', 'x.txt'))?.action, 'unrestorable');
  assert.match(byPath.get(join(ws, 'link', 'x.txt'))?.reason ?? '', /outside the workspace/);
  assert.equal(byPath.get(join(outside, 'x.txt'))?.action, 'unrestorable');
  assert.ok(r.plan.files.every((f) => f.action !== 'unrestorable' || f.content === undefined));
  assert.ok(r.plan.files.every((f) => !f.conflict));
});

test('before prompt 1 restores the older content; conflicts are flagged', () => {
  const { ws, data } = setup();
  writeFileSync(join(ws, 'a.txt'), 'edited by hand\n');
  const r = buildRestorePlan(data, 1, [ws], ['a.txt']);
  assert.ok(r.ok);
  assert.deepEqual(
    r.plan.files.map((f) => [f.path, f.action, f.content, f.conflict]),
    [[join(ws, 'a.txt'), 'write', 'A0\r\n', true]],
  );
});

test('the file scope: relative or absolute, must be part of the checkpoint, never outside', () => {
  const { ws, data } = setup();
  const abs = buildRestorePlan(data, 2, [ws], [join(ws, 'new.txt')]);
  assert.ok(abs.ok);
  assert.deepEqual(abs.plan.files.map((f) => f.path), [join(ws, 'new.txt')]);
  const missing = buildRestorePlan(data, 2, [ws], ['other.txt']);
  assert.ok(!missing.ok);
  assert.match(missing.reason, /other\.txt is not part of the checkpoint before prompt 2/);
  const climbing = buildRestorePlan(data, 2, [ws], ['../outside/x.txt']);
  assert.ok(!climbing.ok);
  assert.match(climbing.reason, /\.\./);
  const noPrompt = buildRestorePlan(data, 3, [ws]);
  assert.ok(!noPrompt.ok);
  assert.match(noPrompt.reason, /no prompt 3 \(it has 2\)/);
});

test('the shared record: saved before writing, listed newest first, undone byte for byte', () => {
  const { ws, data } = setup();
  const cache = mkdtempSync(join(tmpdir(), 'at-planner-cache-'));
  const r = buildRestorePlan(data, 2, [ws]);
  assert.ok(r.ok);
  assert.throws(() => safeTargets([{ path: '/etc/passwd', action: 'write', content: 'x', conflict: false }], [ws]), RestoreRefused);
  const first = applyRestore(r.plan, { cacheDir: cache, folders: [ws], sessionKey: data.sessionKey, now: new Date('2026-01-01T00:00:00Z') });
  assert.equal(readFileSync(join(ws, 'a.txt'), 'utf8'), 'A1\r\n');
  assert.equal(existsSync(join(ws, 'new.txt')), false);
  assert.equal(readFileSync(join(ws, 'gone.txt'), 'utf8'), 'G\n');
  // A second record (as the editor writes it, without applying) is listed first.
  const targets = safeTargets([{ path: join(ws, 'a.txt'), action: 'write', content: 'A0\r\n', conflict: false }], [ws]);
  assert.equal(targets[0].folder, ws);
  const second = saveBeforeRestore(targets, { cacheDir: cache, sessionKey: data.sessionKey, beforePrompt: 1, now: new Date('2026-01-02T00:00:00Z') });
  assert.deepEqual(listRecords(cache).map((x) => x.id), [second.id, first.undoId]);
  assert.equal(Buffer.from(second.files[0].base64 ?? '', 'base64').toString('utf8'), 'A1\r\n');
  undoRestore(first.undoId, cache, [ws]);
  assert.equal(readFileSync(join(ws, 'a.txt'), 'utf8'), 'A2\r\n');
  assert.equal(readFileSync(join(ws, 'new.txt'), 'utf8'), 'N\n');
  assert.equal(existsSync(join(ws, 'gone.txt')), false);
  assert.ok(listRecords(cache).find((x) => x.id === first.undoId)?.undoneAt);
  assert.deepEqual(listRecords(join(cache, 'nope')), []);
});

test('the editor and the CLI use the same cache folder for a workspace', () => {
  const a = workspaceCacheDir('/w/project', { XDG_CACHE_HOME: '/c' }, '/home/u');
  assert.match(a, /^\/c\/agent-trail\/[0-9a-f]{16}$/);
  assert.equal(workspaceCacheDir('/w/project', {}, '/home/u'), a.replace('/c/', '/home/u/.cache/'));
  assert.notEqual(workspaceCacheDir('/w/other', { XDG_CACHE_HOME: '/c' }, '/home/u'), a);
});
