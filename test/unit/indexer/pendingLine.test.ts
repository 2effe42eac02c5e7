import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PendingLine } from '../../../src/indexer/pendingLine';

test('a pending line collects its parts in order, hands them over with the last one, then starts empty', () => {
  const line = new PendingLine(1_000_000);
  const parts = Array.from({ length: 300 }, (_, i) => Buffer.from(`part ${i};`.repeat(100)));
  for (const part of parts) {
    line.append(part);
  }
  assert.equal(line.length, parts.reduce((n, b) => n + b.length, 0));
  const whole = line.take(Buffer.from('end'));
  assert.equal(whole.toString(), `${parts.map(String).join('')}end`);
  assert.equal(line.length, 0);
  const last = Buffer.from('alone');
  assert.equal(line.take(last), last, 'nothing collected: the last part is the line, not a copy');
});
