// The pack archive: dedupe, reopen, damage (a torn tail, flipped bytes) reported as missing, never served, and a full
// disk that leaves whole records on disk and the rest pending.
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { hashContent, PackBlobArchive } from '../../../src/store/blobArchive';
import { StorageError } from '../../../src/store/storageError';
import { limitWrites } from '../helpers/writeBudget';

test('blobs are deduplicated, survive a reopen, and come back byte for byte', () => {
  const dir = mkdtempSync(join(tmpdir(), 'at-packs-'));
  const a = new PackBlobArchive(dir);
  const texts = ['', 'hello\n', 'héllo ✦ 日本語\r\n', 'x'.repeat(1_000_000)];
  const hashes = texts.map((t) => a.put(t));
  assert.equal(a.put('hello\n'), hashes[1]);
  assert.equal(hashes[2], hashContent(Buffer.from(texts[2], 'utf8')));
  a.sync();
  a.close();
  const b = new PackBlobArchive(dir);
  assert.deepEqual(hashes.map((h) => b.get(h)), texts);
  assert.equal(b.size, 4);
  b.put('second run');
  b.close();
  assert.equal(readdirSync(dir).length, 2, 'each process run appends to a pack of its own');
  assert.equal(new PackBlobArchive(dir).get(hashContent('second run')), 'second run');
});

test('a torn tail and a damaged record are detected, the rest still served', () => {
  const dir = mkdtempSync(join(tmpdir(), 'at-packs-'));
  const a = new PackBlobArchive(dir);
  const good = a.put('good content\n');
  const bad = a.put('will be damaged\n');
  a.close();
  const pack = join(dir, readdirSync(dir)[0]);
  const bytes = readFileSync(pack);
  const at = bytes.indexOf('will be damaged');
  bytes[at] = 'W'.charCodeAt(0);
  writeFileSync(pack, bytes);
  appendFileSync(pack, 'ATB1 0123 garbage-without-length');
  const b = new PackBlobArchive(dir);
  assert.equal(b.damagedRecords, 1);
  assert.equal(b.get(good), 'good content\n');
  assert.equal(b.get(bad), undefined, 'a blob whose bytes do not match its hash is never served');
  assert.equal(b.has(bad), false);
});

test('records are buffered but readable at once, written in order, and on disk after sync()', () => {
  const dir = mkdtempSync(join(tmpdir(), 'at-packs-'));
  const a = new PackBlobArchive(dir);
  const first = a.put('first\n');
  assert.equal(a.get(first), 'first\n', 'a blob put a moment ago is served before any sync');
  // Enough to pass the pending-write limit several times, interleaved with reads.
  const many = Array.from({ length: 40 }, (_, i) => `${i}:`.padEnd(300_000, String.fromCharCode(97 + (i % 26))));
  const hashes = many.map((t, i) => {
    const h = a.put(t);
    if (i % 7 === 0) {
      assert.equal(a.get(h), t);
    }
    return h;
  });
  a.sync();
  const onDisk = new PackBlobArchive(dir);
  assert.deepEqual(hashes.map((h) => onDisk.get(h)), many, 'sync() wrote every pending record');
  assert.equal(onDisk.get(first), 'first\n');
  assert.equal(onDisk.damagedRecords, 0);
  a.close();
});

test('a content seen again is recognised without a second record, even after the archive lost it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'at-packs-'));
  const a = new PackBlobArchive(dir);
  const text = 'same content\n'.repeat(1000);
  const h = a.put(text);
  assert.equal(a.put(`${text}`), h);
  assert.equal(a.bytesWritten, Buffer.byteLength(text), 'stored once');
  a.close();
  assert.equal(new PackBlobArchive(dir).get(h), text);
});

test('a pack write that does not fit is taken back and kept pending: sync fails, then succeeds once there is room', () => {
  const dir = mkdtempSync(join(tmpdir(), 'at-persist-packs-'));
  const a = new PackBlobArchive(dir);
  const first = a.put('stored before the disk filled\n');
  a.sync();
  const texts = Array.from({ length: 5 }, (_, i) => `${i}`.padEnd(50_000, 'y'));
  const lift = limitWrites(60_000, 16_384);
  let hashes: string[];
  try {
    hashes = texts.map((t) => a.put(t));
    assert.throws(() => a.sync(), StorageError);
    assert.equal(a.get(hashes[4]), texts[4], 'a pending record is still served');
    assert.equal(new PackBlobArchive(dir).damagedRecords, 0, 'what is on disk ends in a whole record');
  } finally {
    lift();
  }
  a.sync();
  const reopened = new PackBlobArchive(dir);
  assert.deepEqual(hashes.map((h) => reopened.get(h)), texts);
  assert.equal(reopened.get(first), 'stored before the disk filled\n');
  assert.equal(reopened.damagedRecords, 0);
  a.close();
});

test('reopening indexes every record whatever its size, headers straddling the scan window included, and a torn tail after them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'at-packs-'));
  const a = new PackBlobArchive(dir);
  // Sizes around the 64 KB scan window: runs of small records, bodies ending just before and after a window's end.
  const texts: string[] = [];
  for (let i = 0; i < 3_000; i++) {
    const size = i % 97 === 0 ? 65_000 + (i % 300) : i % 13 === 0 ? 1_000 + i : 10 + (i % 50);
    texts.push(`${i}:${'y'.repeat(size)}`);
  }
  const hashes = texts.map((t) => a.put(t));
  a.close();
  const b = new PackBlobArchive(dir);
  assert.equal(b.size, texts.length);
  assert.equal(b.damagedRecords, 0);
  assert.deepEqual(hashes.map((h) => b.get(h)), texts);
  b.close();
  const pack = join(dir, readdirSync(dir)[0]);
  appendFileSync(pack, 'ATB1 ' + '0'.repeat(64) + ' 500\npartial');
  const c = new PackBlobArchive(dir);
  assert.equal(c.size, texts.length);
  assert.equal(c.damagedRecords, 1);
  assert.equal(c.get(hashes[hashes.length - 1]), texts[texts.length - 1]);
});

test('getMany reads stored records together, checked: damaged, missing and still-pending ones are left to get()', () => {
  const dir = mkdtempSync(join(tmpdir(), 'at-packs-'));
  const a = new PackBlobArchive(dir);
  // Small records between large ones: near each other they are read together, far apart (a body larger than the
  // distance read at once) apart.
  const texts = Array.from({ length: 300 }, (_, i) => (i % 50 === 49 ? `big ${i}\n${'y'.repeat(200_000)}` : `patch ${i} é\n`));
  const hashes = texts.map((t) => a.put(t));
  const damaged = a.put('will be damaged\n');
  a.close();
  const pack = join(dir, readdirSync(dir)[0]);
  const bytes = readFileSync(pack);
  bytes[bytes.indexOf('will be damaged')] = 'W'.charCodeAt(0);
  writeFileSync(pack, bytes);
  const b = new PackBlobArchive(dir);
  const absent = hashContent('never stored');
  const pending = b.put('written by this process, not yet on disk');
  const got = b.getMany([...hashes, hashes[0], damaged, absent, pending]);
  assert.deepEqual(
    hashes.map((h) => got.get(h)),
    texts,
  );
  assert.equal(got.size, texts.length, 'the damaged, missing and pending records are not answered');
  assert.equal(b.damage().corrupt.length, 0, 'getMany reports nothing itself');
  assert.equal(b.get(damaged), undefined);
  assert.deepEqual(b.damage().corrupt, [damaged], 'get() reports the damaged record');
  assert.equal(b.get(pending), 'written by this process, not yet on disk');
  b.close();
});
