// The archive journal: appends with marks, readings from the start as generations (the previous one dropped only
// when provably contained), side files of a crashed reading kept, torn lines counted, version 1 journals read.
import assert from 'node:assert/strict';
import { appendFileSync, closeSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { batchesOf, Journal, journalFsync, type JournalHeader } from '../../../src/store/journal';
import type { StoredOp } from '../../../src/store/storedOps';

const whole: Omit<JournalHeader, 'v'> = { source: '/home/u/.gemini/tmp/p/chats/session-1.json', agent: 'gemini-cli', mode: 'whole' };
const appendHeader: Omit<JournalHeader, 'v'> = { source: '/home/u/.claude/projects/p/s.jsonl', agent: 'claude-code', mode: 'append' };
const batch = (...ids: string[]): StoredOp[] => ids.map((id) => ({ op: 'prompt', sessionId: 's', id, text: id, timestamp: '2026-01-01T00:00:00.000Z' }));

function reread(j: Journal, header: Omit<JournalHeader, 'v'>, batches: StoredOp[][], held = false): boolean {
  j.beginReread(header);
  for (const b of batches) {
    j.append(header, b, { sha256: 'x' });
  }
  return j.endReread(header.source, true, () => held);
}

test('a whole document read again: the previous generation is dropped when the new one contains it, kept when not', () => {
  const dir = mkdtempSync(join(tmpdir(), 'at-journal-'));
  const j = new Journal(dir);
  assert.equal(reread(j, whole, [batch('p1')]), false, 'nothing to drop the first time');
  assert.equal(reread(j, whole, [batch('p1', 'p2')]), true, 'grew: the old reading is contained');
  assert.deepEqual(j.readAll().map((e) => batchesOf(e.generations)), [[batch('p1', 'p2')]]);
  // Rewritten shorter (a rewind, a user's edit): p2 is no longer in the document, the archive keeps it.
  assert.equal(reread(j, whole, [batch('p1')]), false);
  assert.equal(reread(j, whole, [batch('p1', 'p3')]), true, 'only the latest generation is compared');
  const [entry] = j.readAll();
  assert.deepEqual(entry.generations.map((g) => g.batches), [[batch('p1', 'p2')], [batch('p1', 'p3')]]);
  assert.deepEqual(readdirSync(dir).filter((n) => !n.endsWith('.jsonl')), [], 'no side or temporary file left');
  j.sync();
});

test('an append transcript read again: dropped when the transcript still holds the previous reading; a failed reading drops nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'at-journal-'));
  const j = new Journal(dir);
  j.append(appendHeader, batch('a'), { offset: 10, head: 'h' });
  j.append(appendHeader, batch('b'), { offset: 20, head: 'h' });
  j.append(appendHeader, []);
  let marks: unknown[] = [];
  j.beginReread(appendHeader);
  j.append(appendHeader, batch('x'), { offset: 5, head: 'h2' });
  assert.equal(
    j.endReread(appendHeader.source, true, (m) => {
      marks.push(m);
      return false;
    }),
    false,
  );
  assert.deepEqual(marks, [{ offset: 20, head: 'h' }], 'asked about the end of the previous reading');
  assert.deepEqual(j.readAll()[0].generations.map((g) => g.batches), [[batch('a'), batch('b')], [batch('x')]]);
  // Read again and the transcript holds it: the last generation is replaced, the earlier one stays.
  assert.equal(reread(j, appendHeader, [batch('y')], true), true);
  assert.deepEqual(j.readAll()[0].generations.map((g) => g.batches), [[batch('a'), batch('b')], [batch('y')]]);
  // A reading that failed part way never drops anything.
  j.beginReread(appendHeader);
  j.append(appendHeader, batch('z'), { offset: 3, head: 'h3' });
  marks = [];
  assert.equal(j.endReread(appendHeader.source, false, () => true), false);
  assert.deepEqual(j.readAll()[0].generations.map((g) => g.batches), [[batch('a'), batch('b')], [batch('y')], [batch('z')]]);
});

test('a reading cut short by a crash is kept as a generation; a torn last line is counted; version 1 journals are read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'at-journal-'));
  const j = new Journal(dir);
  j.append(appendHeader, batch('a'), { offset: 10, head: 'h' });
  j.beginReread(appendHeader);
  j.append(appendHeader, batch('b'), { offset: 10, head: 'h' });
  // The process dies here: the side file stays. The next writer (under the lock) keeps it.
  const side = readdirSync(dir).find((n) => n.endsWith('.gen'));
  assert.ok(side);
  appendFileSync(join(dir, side), '[{"op":"prompt","sessi');
  const next = new Journal(dir);
  assert.equal(next.recover(), 1);
  assert.deepEqual(next.readAll()[0].generations.map((g) => g.batches), [[batch('a')], [batch('b')]]);
  assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.gen')), []);

  const [name] = readdirSync(dir);
  appendFileSync(join(dir, name), '[{"op":"prompt","sessi');
  assert.equal(next.readAll()[0].damagedLines, 1);

  // Version 1: a header and batches, no generation lines; one generation that a mark cannot vouch for.
  rmSync(join(dir, name));
  writeFileSync(join(dir, name), `${JSON.stringify({ v: 1, ...appendHeader })}\n${JSON.stringify(batch('old'))}\n`);
  const [v1] = next.readAll();
  assert.deepEqual(v1.generations, [{ marked: false, batches: [batch('old')] }]);
  assert.equal(reread(next, appendHeader, [batch('new')], true), false, 'the transcript holding the new reading says nothing about the old one');
  assert.ok(statSync(join(dir, name)).size > 0);
  assert.deepEqual(batchesOf(next.readAll()[0].generations), [batch('old'), batch('new')]);
});

test('group commit: settle() fsyncs every journal written, several at once, and sync() then has nothing left', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'at-journal-'));
  const j = new Journal(dir);
  const real = journalFsync.run;
  const synced: string[] = [];
  let running = 0;
  let most = 0;
  journalFsync.run = async (path, fd) => {
    running++;
    most = Math.max(most, running);
    await new Promise((r) => setTimeout(r, 5));
    await real(path, fd);
    synced.push(path);
    running--;
  };
  try {
    const headers = Array.from({ length: 20 }, (_, i) => ({ ...appendHeader, source: `/t/${i}.jsonl` }));
    for (const h of headers) {
      j.append(h, batch('a'), { offset: 1, head: 'h' });
    }
    assert.equal(j.unsyncedCount, 20);
    await j.settle();
    assert.equal(j.unsyncedCount, 0);
    assert.deepEqual([...synced].sort(), headers.map((h) => j.fileFor(h.source)).sort(), 'each journal once');
    assert.ok(most > 1 && most <= 4, `at most 4 at once, more than one: ${most}`);
    // syncAhead while indexing: nothing until a burst's worth waits (each fsync handed over wakes a thread)...
    synced.length = 0;
    most = 0;
    for (const h of headers.slice(0, 6)) {
      j.append(h, batch('b'), { offset: 2, head: 'h' });
    }
    j.syncAhead();
    assert.equal(running, 0, 'six journals wait for more');
    await j.settle();
    assert.equal(j.unsyncedCount, 0);
    assert.equal(synced.length, 6);
    assert.ok(most <= 4);
    // ...then one burst of 16 at once, in the background; nothing appended meanwhile, so all are durable.
    synced.length = 0;
    most = 0;
    for (const h of headers) {
      j.append(h, batch('c'), { offset: 3, head: 'h' });
    }
    j.syncAhead();
    assert.equal(running, 16);
    await j.settle();
    assert.equal(j.unsyncedCount, 0);
    assert.equal(synced.length, 20);
  } finally {
    journalFsync.run = real;
  }
});

test('group commit: a journal appended to while its background fsync runs, or whose fsync failed, stays for sync()', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'at-journal-'));
  const j = new Journal(dir);
  const real = journalFsync.run;
  let release: () => void = () => undefined;
  let started: () => void = () => undefined;
  const isStarted = new Promise<void>((r) => (started = r));
  journalFsync.run = async (path, fd) => {
    started();
    await new Promise<void>((r) => (release = r));
    await real(path, fd);
  };
  try {
    j.append(appendHeader, batch('a'), { offset: 1, head: 'h' });
    const settling = j.settle();
    await isStarted;
    // Written after the fsync began: that fsync may not cover it.
    j.append(appendHeader, batch('b'), { offset: 2, head: 'h' });
    release();
    await settling;
    assert.equal(j.unsyncedCount, 1, 'still to be synced');
    journalFsync.run = (_path, fd) => {
      if (fd !== undefined) {
        closeSync(fd);
      }
      return Promise.reject(new Error('EIO: simulated'));
    };
    await j.settle();
    assert.equal(j.unsyncedCount, 1, 'a failed background fsync leaves the journal for sync(), which reports failures');
    j.sync();
    assert.equal(j.unsyncedCount, 0);
  } finally {
    journalFsync.run = real;
  }
});

test('an append answers with the journal file and its stamp after the write (no stat needed to note it), the header only once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'at-journal-'));
  const j = new Journal(dir);
  const name = j.fileFor(appendHeader.source).slice(dir.length + 1);
  // An empty file (a first append taken back) still gets the header.
  writeFileSync(join(dir, name), '');
  const first = j.append(appendHeader, batch('a'), { offset: 1, head: 'h' });
  const st1 = statSync(join(dir, name));
  assert.deepEqual(first, { name, size: st1.size, ino: st1.ino });
  assert.deepEqual(j.stamp(name), { size: st1.size, ino: st1.ino });
  const second = j.append(appendHeader, batch('b'), { offset: 2, head: 'h' });
  const st2 = statSync(join(dir, name));
  assert.deepEqual(second, { name, size: st2.size, ino: st2.ino });
  assert.equal(j.written, st2.size, 'every byte written is counted');
  const [entry] = j.readAll();
  assert.equal(entry.header.source, appendHeader.source);
  assert.deepEqual(batchesOf(entry.generations), [batch('a'), batch('b')]);
  assert.equal(j.append(appendHeader, []), undefined, 'nothing to write, nothing written');
  j.sync();
});

test('appends go through the journal kept open, which the background fsync closes; a rewritten journal is opened anew', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'at-journal-'));
  const j = new Journal(dir);
  const real = journalFsync.run;
  const handed: (number | undefined)[] = [];
  journalFsync.run = async (path, fd) => {
    handed.push(fd);
    await real(path, fd);
  };
  try {
    j.append(appendHeader, batch('a'), { offset: 1, head: 'h' });
    j.append(appendHeader, batch('b'), { offset: 2, head: 'h' });
    j.syncAhead();
    await j.settle();
    assert.equal(handed.length, 1);
    assert.equal(typeof handed[0], 'number', 'the descriptor of the appends went to the fsync');
    assert.equal(j.unsyncedCount, 0);
    // A reading from the start that contains the previous one: the journal file is replaced (a new inode).
    j.append(appendHeader, batch('c'), { offset: 3, head: 'h' });
    assert.equal(j.beginReread(appendHeader), true);
    j.append(appendHeader, batch('a', 'b', 'c'), { offset: 3, head: 'h' });
    assert.equal(j.endReread(appendHeader.source, true, () => true), true);
    // Appends after it go to the new file, not to the replaced one through a descriptor kept from before.
    j.append(appendHeader, batch('d'), { offset: 4, head: 'h' });
    j.sync();
    const entry = j.readAll()[0];
    assert.deepEqual(batchesOf(entry.generations.slice(-1)), [batch('a', 'b', 'c'), batch('d')]);
    j.closeFiles();
  } finally {
    journalFsync.run = real;
  }
});
