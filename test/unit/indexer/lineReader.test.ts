import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ParseIssue } from '../../../src/core/ops';
import { readLines, type LineBatch, type LineReaderOptions } from '../../../src/indexer/lineReader';
import { headBytes, headHashSync } from '../../../src/indexer/transcriptHashes';

async function collect(path: string, from = 0, fromLine = 0, opts: LineReaderOptions = { maxLineBytes: 1000, batchBytes: 64, chunkBytes: 16 }): Promise<{ batches: LineBatch[]; issues: ParseIssue[] }> {
  const issues: ParseIssue[] = [];
  const batches: LineBatch[] = [];
  for await (const b of readLines(path, from, fromLine, opts, issues)) {
    batches.push(b);
  }
  return { batches, issues };
}

test('consumes only complete lines; a partial last line waits for its newline', async () => {
  const p = join(mkdtempSync(join(tmpdir(), 'at-lr-')), 't.jsonl');
  writeFileSync(p, '{"a":1}\n{"b":2}\r\n{"c":');
  const { batches } = await collect(p);
  const lines = batches.flatMap((b) => b.lines);
  assert.deepEqual(lines.map((l) => [l.text, l.offset, l.lineNo]), [['{"a":1}', 0, 1], ['{"b":2}', 8, 2]]);
  const end = batches[batches.length - 1].endOffset;
  assert.equal(end, 17);
  appendFileSync(p, '3}\n');
  const next = await collect(p, end, 2);
  assert.deepEqual(next.batches.flatMap((b) => b.lines).map((l) => [l.text, l.offset, l.lineNo]), [['{"c":3}', 17, 3]]);
});

test('lines over the limit are skipped and reported, the rest still read (also across chunk borders)', async () => {
  const p = join(mkdtempSync(join(tmpdir(), 'at-lr-')), 't.jsonl');
  writeFileSync(p, `{"a":1}\n${'y'.repeat(5000)}\n{"b":2}\n`);
  const { batches, issues } = await collect(p);
  assert.deepEqual(batches.flatMap((b) => b.lines).map((l) => [l.text, l.lineNo]), [['{"a":1}', 1], ['{"b":2}', 3]]);
  assert.equal(issues.length, 1);
  assert.equal(issues[0].kind, 'oversized-line');
  assert.equal(issues[0].line, 2);
});

test('multi-byte characters split across chunks decode intact', async () => {
  const p = join(mkdtempSync(join(tmpdir(), 'at-lr-')), 't.jsonl');
  const text = '{"t":"héllo → wörld ✦ 日本語"}';
  writeFileSync(p, `${text}\n${text}\n`);
  const { batches } = await collect(p, 0, 0, { maxLineBytes: 1000, batchBytes: 1, chunkBytes: 3 });
  assert.deepEqual(batches.flatMap((b) => b.lines).map((l) => l.text), [text, text]);
});

test('a missing file is an io issue, not an exception', async () => {
  const { batches, issues } = await collect('/nonexistent/dir/file.jsonl');
  assert.equal(batches.length, 0);
  assert.equal(issues[0].kind, 'io');
});

test('at the end of the file, what follows the last newline is handed over as an unconsumed tail', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'at-lr-'));
  const p = join(dir, 't.jsonl');
  writeFileSync(p, '{"a":1}\n{"b":2}\r\n{"c":3}\r');
  const { batches } = await collect(p);
  const last = batches[batches.length - 1];
  assert.deepEqual(batches.flatMap((b) => b.lines).map((l) => l.text), ['{"a":1}', '{"b":2}']);
  assert.equal(last.endOffset, 17, 'the tail is not consumed');
  assert.equal(last.endLineNo, 2);
  assert.deepEqual(last.tail, { text: '{"c":3}', offset: 17, lineNo: 3 });
  assert.ok(batches.slice(0, -1).every((b) => b.tail === undefined), 'only the last batch carries it');
  // Read again from the cursor: the tail alone (no complete line) is still reported.
  const again = await collect(p, 17, 2);
  assert.deepEqual(again.batches.map((b) => [b.lines.length, b.endOffset, b.tail?.text]), [[0, 17, '{"c":3}']]);
  // A file ending in a newline has no tail; an oversized last line is no tail either.
  const q = join(dir, 'u.jsonl');
  writeFileSync(q, '{"a":1}\n');
  assert.equal((await collect(q)).batches[0].tail, undefined);
  writeFileSync(q, `{"a":1}\n{"b":"${'x'.repeat(2000)}"}`);
  const big = await collect(q);
  assert.equal(big.batches[big.batches.length - 1].tail, undefined);
});

test('a file longer than expected (it grew since its size was taken) is still read to its end, lines across every read', async () => {
  const p = join(mkdtempSync(join(tmpdir(), 'at-lr-')), 't.jsonl');
  const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(i % 97) }));
  writeFileSync(p, `${lines.join('\n')}\n`);
  const opts = { maxLineBytes: 1 << 20, batchBytes: 1 << 20, chunkBytes: 64 * 1024 };
  for (const expectedBytes of [0, 10, 20_000, 64 * 1024 - 1, undefined]) {
    const { batches, issues } = await collect(p, 0, 0, { ...opts, expectedBytes });
    assert.deepEqual(issues, []);
    assert.deepEqual(batches.flatMap((b) => b.lines.map((l) => l.text)), lines, `expectedBytes ${String(expectedBytes)}`);
  }
});

test('long lines over many reads (and a tail after them) come back whole, byte for byte, one after the other', async () => {
  const p = join(mkdtempSync(join(tmpdir(), 'at-lr-')), 't.jsonl');
  // Sizes around the collecting buffer's steps (64 KB, doubling), multi-byte characters cut by the 4 KB reads.
  const long = (n: number, c: string): string => `{"t":"${c.repeat(n)}"}`;
  const lines = [long(70_000, 'é'), '{"short":1}', long(200_000, 'x'), long(300_000, '漢'), long(10, 'z')];
  writeFileSync(p, `${lines.join('\n')}\n${long(150_000, 'ü')}`);
  const { batches, issues } = await collect(p, 0, 0, { maxLineBytes: 2_000_000, batchBytes: 1, chunkBytes: 4096 });
  assert.deepEqual(issues, []);
  assert.deepEqual(batches.flatMap((b) => b.lines).map((l) => l.text), lines);
  assert.equal(batches.at(-1)?.tail?.text, long(150_000, 'ü'));
});

test('a reading from offset 0 hands over the head hash of the bytes it consumed; a reading from further on does not', async () => {
  const p = join(mkdtempSync(join(tmpdir(), 'at-lr-')), 't.jsonl');
  const line = (i: number): string => `${JSON.stringify({ i, pad: 'z'.repeat(90) })}\n`;
  writeFileSync(p, Array.from({ length: 40 }, (_, i) => line(i)).join('') + '{"partial":');
  const opts: LineReaderOptions = { maxLineBytes: 1000, batchBytes: 300, chunkBytes: 4096 };
  const { batches } = await collect(p, 0, 0, opts);
  assert.ok(batches.length > 3);
  for (const b of batches) {
    const length = Math.min(headBytes, b.endOffset);
    // What the storing thread would otherwise open the file again for.
    assert.deepEqual(b.head, { length, digest: headHashSync(p, length) }, `batch ending at ${b.endOffset}`);
  }
  // A file shorter than the head: the mark covers what was consumed, not the partial line after it.
  const small = join(mkdtempSync(join(tmpdir(), 'at-lr-')), 's.jsonl');
  writeFileSync(small, '{"a":1}\n{"b":');
  const one = await collect(small, 0, 0, opts);
  assert.deepEqual(one.batches.map((b) => b.head), [{ length: 8, digest: headHashSync(small, 8) }]);
  const later = await collect(p, batches[0].endOffset, batches[0].lines.length, opts);
  assert.ok(later.batches.length > 0 && later.batches.every((b) => b.head === undefined));
});
