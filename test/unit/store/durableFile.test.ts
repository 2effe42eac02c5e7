// The one durable-write helper: every byte written (short writes continued, a write that makes no progress is a
// full disk), whole-file replacement that leaves the previous file and no temporary file on failure, appends that are
// taken back when they do not fit, private permissions whatever the umask. Restore records go through it too.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readRecord, writeRecord, type RestoreRecord } from '../../../src/restore/restoreRecord';
import { appendDurably, writeAll, writeFileAtomic } from '../../../src/store/durableFile';
import { StorageError } from '../../../src/store/storageError';
import { limitWrites } from '../helpers/writeBudget';

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'at-persist-durable-'));
}

/** Runs `fn` with writes limited to `budget` bytes, each write call given at most `chunk` bytes. */
function withDisk<T>(budget: number, chunk: number, fn: () => T): T {
  const lift = limitWrites(budget, chunk);
  try {
    return fn();
  } finally {
    lift();
  }
}

test('short writes are continued until every byte is written', () => {
  const d = dir();
  const data = Buffer.from('0123456789'.repeat(1000));
  withDisk(Infinity, 7, () => writeFileAtomic(join(d, 'f'), data));
  assert.deepEqual(readFileSync(join(d, 'f')), data);
  withDisk(Infinity, 5, () => appendDurably(join(d, 'f'), 'tail\n'));
  assert.equal(readFileSync(join(d, 'f'), 'utf8'), `${data.toString()}tail\n`);
});

test('a real full device (/dev/full) is an ENOSPC error, not a silent short write', (t) => {
  let fd: number;
  try {
    fd = openSync('/dev/full', 'w');
  } catch {
    t.skip('no /dev/full on this system');
    return;
  }
  try {
    assert.throws(() => writeAll(fd, Buffer.from('x'.repeat(10_000))), (err: NodeJS.ErrnoException) => err.code === 'ENOSPC');
  } finally {
    closeSync(fd);
  }
});

test('a replacement that does not fit leaves the previous file and no temporary file, and says which file', () => {
  const d = dir();
  const file = join(d, 'index.db');
  writeFileAtomic(file, 'previous good content');
  assert.throws(
    () => withDisk(100, 64, () => writeFileAtomic(file, Buffer.alloc(10_000, 1))),
    (err: unknown) => err instanceof StorageError && err.failure === 'write' && err.code === 'ENOSPC' && err.message.startsWith(`cannot write ${file}: `),
  );
  assert.equal(readFileSync(file, 'utf8'), 'previous good content');
  assert.deepEqual(readdirSync(d), ['index.db']);
});

test('an append that does not fit is taken back whole; the next one starts on a clean line', () => {
  const d = dir();
  const file = join(d, 'journal.jsonl');
  appendDurably(file, '{"a":1}\n');
  assert.throws(() => withDisk(10, 4, () => appendDurably(file, `${JSON.stringify({ b: 'x'.repeat(1000) })}\n`)), StorageError);
  assert.equal(readFileSync(file, 'utf8'), '{"a":1}\n');
  assert.equal(appendDurably(file, '{"c":3}\n'), 16);
  assert.equal(readFileSync(file, 'utf8'), '{"a":1}\n{"c":3}\n');
});

test('files are created 0600 whatever the umask', () => {
  const d = dir();
  const old = process.umask(0o022);
  try {
    writeFileAtomic(join(d, 'a'), 'x');
    appendDurably(join(d, 'b'), 'x');
  } finally {
    process.umask(old);
  }
  assert.equal(statSync(join(d, 'a')).mode & 0o777, 0o600);
  assert.equal(statSync(join(d, 'b')).mode & 0o777, 0o600);
  writeFileAtomic(join(d, 'c'), 'x', { mode: 0o640 });
  assert.equal(statSync(join(d, 'c')).mode & 0o777, 0o640, 'an explicit mode is set exactly');
});

test('a restore record on a full disk (1 MB tmpfs): an error, the previous record intact, no temporary file', (t) => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    t.skip('mounting a tmpfs needs root on Linux');
    return;
  }
  const mount = dir();
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount], { stdio: 'ignore' });
  } catch {
    t.skip('cannot mount a tmpfs here');
    return;
  }
  try {
    const record: RestoreRecord = { id: 'r1', createdAt: '2030-01-01T00:00:00.000Z', sessionKey: 'claude-code:s', beforePrompt: 2, files: [], createdDirs: [] };
    writeRecord(mount, record);
    const st = statfsSync(mount);
    writeFileSync(join(mount, 'filler'), Buffer.alloc(st.bavail * st.bsize - 8192));
    const big: RestoreRecord = { ...record, files: [{ path: '/w/big.bin', base64: Buffer.alloc(200_000, 7).toString('base64') }] };
    assert.throws(() => writeRecord(mount, big));
    assert.deepEqual(readRecord(mount, 'r1'), record, 'the previous record is intact');
    assert.deepEqual(readdirSync(join(mount, 'restores')), ['r1.json'], 'no temporary file left');
    rmSync(join(mount, 'filler'));
    writeRecord(mount, big);
    assert.deepEqual(readRecord(mount, 'r1'), big, 'written once there is room');
  } finally {
    execFileSync('umount', ['-l', mount], { stdio: 'ignore' });
    rmSync(mount, { recursive: true, force: true });
  }
});
