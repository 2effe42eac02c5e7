// The writes under restore and undo: writeFileAtomic (store/durableFile.ts, shared with the index) puts every byte down or leaves the old file (and no temporary file),
// with the mode asked for whatever the umask; an in-place write keeps the inode; restore records — which hold file
// contents, a 0600 .env among them — are 0600 in a 0700 folder, and older, wider ones are tightened (issue 11, item
// 12, the restore-record part); two checkpoint paths that are one file are not both written.
import assert from 'node:assert/strict';
import { chmodSync, closeSync, existsSync, linkSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeAll, writeFileAtomic } from '../../../src/store/durableFile';
import { writeInPlace } from '../../../src/restore/linkedWrite';
import { applyRestore } from '../../../src/restore/restoreApply';
import { buildRestorePlan } from '../../../src/restore/restorePlanner';
import { listRecords, recordFile, restoresDir, writeRecord } from '../../../src/restore/restoreRecord';
import { recordedWorkspace } from '../helpers/recordedWorkspace';

const scratch = (name: string): string => mkdtempSync(join(tmpdir(), `at-restore-writes-${name}-`));

test('writeFileAtomic: the mode asked for (not filtered by the umask), or the umask\'s for a file of the user\'s', () => {
  const dir = scratch('mode');
  writeFileAtomic(join(dir, 'a'), Buffer.from('a'), { mode: 0o640 });
  assert.equal(statSync(join(dir, 'a')).mode & 0o777, 0o640);
  writeFileAtomic(join(dir, 'secret'), Buffer.from('s'), { mode: 0o600 });
  assert.equal(statSync(join(dir, 'secret')).mode & 0o777, 0o600);
  const umask = process.umask(0o022);
  try {
    writeFileAtomic(join(dir, 'plain'), Buffer.from('p'), { mode: 'umask' });
  } finally {
    process.umask(umask);
  }
  assert.equal(statSync(join(dir, 'plain')).mode & 0o777, 0o644);
  assert.deepEqual(readdirSync(dir).sort(), ['a', 'plain', 'secret'], 'no temporary file left');
});

test('writeFileAtomic: a failed rename leaves the old entry and no temporary file', () => {
  const dir = scratch('fail');
  const target = join(dir, 'taken');
  mkdirSync(target);
  writeFileSync(join(target, 'inside'), 'x');
  assert.throws(() => writeFileAtomic(target, Buffer.from('new')));
  assert.deepEqual(readdirSync(dir), ['taken'], 'the temporary file is removed');
  assert.equal(readFileSync(join(target, 'inside'), 'utf8'), 'x');
});

test('writeAll: a full device is an error, never a silent short write', { skip: !existsSync('/dev/full') }, () => {
  const fd = openSync('/dev/full', 'w');
  try {
    assert.throws(() => writeAll(fd, Buffer.alloc(64 * 1024, 1), 0), /ENOSPC/);
  } finally {
    closeSync(fd);
  }
});

test('writeInPlace: same inode, longer and shorter content, the mode given', () => {
  const dir = scratch('inplace');
  const a = join(dir, 'a');
  writeFileSync(a, 'one two three\n');
  linkSync(a, join(dir, 'b'));
  const ino = statSync(a).ino;
  writeInPlace(a, Buffer.from('1\n'));
  assert.equal(readFileSync(join(dir, 'b'), 'utf8'), '1\n', 'truncated to the new length');
  writeInPlace(a, Buffer.from('a much longer line than before\n'), 0o600);
  assert.equal(readFileSync(join(dir, 'b'), 'utf8'), 'a much longer line than before\n');
  assert.equal(statSync(a).ino, ino);
  assert.equal(statSync(join(dir, 'b')).mode & 0o777, 0o600);
});

test('restore records are 0600 in a 0700 folder, even for a 0600 .env restored under umask 022', async () => {
  const w = await recordedWorkspace('gemini-print', 'at-restore-writes-rec-');
  // README.md stands in for a secret file: 0600, and the record holds its bytes.
  chmodSync(join(w.ws, 'README.md'), 0o600);
  const planned = buildRestorePlan(w.data, 3, [w.ws]);
  assert.ok(planned.ok);
  const umask = process.umask(0o022);
  let undoId: string;
  try {
    ({ undoId } = applyRestore(planned.plan, { cacheDir: w.cache, folders: [w.ws], sessionKey: w.data.sessionKey }));
  } finally {
    process.umask(umask);
  }
  assert.equal(statSync(recordFile(w.cache, undoId)).mode & 0o777, 0o600);
  assert.equal(statSync(restoresDir(w.cache)).mode & 0o777, 0o700);
  assert.equal(statSync(join(w.ws, 'README.md')).mode & 0o777, 0o600, 'the restored file keeps its own mode');
  assert.deepEqual(readdirSync(restoresDir(w.cache)), [`${undoId}.json`]);
});

test('records written by an older version (0644 in 0755) are tightened when listed', () => {
  const cache = scratch('old');
  const dir = restoresDir(cache);
  mkdirSync(dir, { mode: 0o755 });
  chmodSync(dir, 0o755);
  const record = { id: 'old-1', createdAt: '2026-01-01T00:00:00.000Z', sessionKey: 's', beforePrompt: 1, files: [], createdDirs: [] };
  writeFileSync(join(dir, 'old-1.json'), JSON.stringify(record), { mode: 0o644 });
  chmodSync(join(dir, 'old-1.json'), 0o644);
  assert.deepEqual(listRecords(cache).map((r) => r.id), ['old-1']);
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  assert.equal(statSync(join(dir, 'old-1.json')).mode & 0o777, 0o600);
  writeRecord(cache, { ...record, id: 'new-1' });
  assert.equal(statSync(recordFile(cache, 'new-1')).mode & 0o777, 0o600);
});

test('a symlink to a file the same restore writes is not written twice: it is reported as not restorable', async () => {
  const w = await recordedWorkspace('gemini-print', 'at-restore-writes-dup-');
  // A history for a second path that is a symlink to README.md, as if the agent had written through it too.
  const alias = join(w.ws, 'README.alias.md');
  symlinkSync('README.md', alias);
  const readme = w.data.histories.find((h) => h.path === join(w.ws, 'README.md'));
  assert.ok(readme);
  const data = { ...w.data, histories: [...w.data.histories, { ...readme, path: alias }] };
  const planned = buildRestorePlan(data, 3, [w.ws]);
  assert.ok(planned.ok);
  const byPath = new Map(planned.plan.files.map((f) => [f.path, f]));
  assert.equal(byPath.get(join(w.ws, 'README.md'))?.action, 'write');
  assert.equal(byPath.get(alias)?.action, 'unrestorable');
  assert.match(byPath.get(alias)?.reason ?? '', /the same file as README\.md/);
});
