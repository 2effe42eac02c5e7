import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { debounce } from '../../../src/vscode/debounce';

describe('debounce', () => {
  it('batches a burst into one call after the quiet period', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    const calls: number[][] = [];
    const d = debounce<number>((args) => calls.push(args), 100, 500);
    d(1);
    t.mock.timers.tick(50);
    d(2);
    t.mock.timers.tick(99);
    assert.deepEqual(calls, []);
    t.mock.timers.tick(1);
    assert.deepEqual(calls, [[1, 2]]);
  });

  it('fires no later than maxWait into a continuous burst', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    const calls: number[][] = [];
    const d = debounce<number>((args) => calls.push(args), 100, 300);
    for (let i = 0; i < 10; i++) {
      d(i);
      t.mock.timers.tick(50);
    }
    assert.ok(calls.length >= 1, 'a steady stream still refreshes');
    assert.deepEqual(calls[0], [0, 1, 2, 3, 4, 5]);
  });

  it('keeps runs at least minGap apart, as long as the last run asks', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    const calls: number[][] = [];
    let gap = 1000;
    const d = debounce<number>((args) => calls.push(args), 100, 500, () => gap);
    d(1);
    t.mock.timers.tick(100);
    assert.deepEqual(calls, [[1]], 'the first run is not held back');
    d(2);
    t.mock.timers.tick(500);
    d(3);
    t.mock.timers.tick(499);
    assert.deepEqual(calls, [[1]], 'not before 1000 ms after the first run (at 100 ms), though the burst is quiet and old');
    t.mock.timers.tick(1);
    assert.deepEqual(calls, [[1], [2, 3]]);
    gap = 0;
    d(4);
    t.mock.timers.tick(100);
    assert.deepEqual(calls, [[1], [2, 3], [4]], 'a smaller gap applies at once');
  });

  it('runs a lone call after a quiet spell at once (quietMs), and debounces the burst that may follow as before', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    const calls: number[][] = [];
    const d = debounce<number>((args) => calls.push(args), 100, 500, () => 0, 5);
    d(1);
    t.mock.timers.tick(5);
    assert.deepEqual(calls, [[1]], 'a lone change (one appended record) is not held back for the debounce');
    // The burst goes on: the next calls are debounced (trailing, 100 ms), not run early again.
    t.mock.timers.tick(20);
    d(2);
    t.mock.timers.tick(50);
    d(3);
    t.mock.timers.tick(99);
    assert.deepEqual(calls, [[1]]);
    t.mock.timers.tick(1);
    assert.deepEqual(calls, [[1], [2, 3]]);
    // Calls within the early window join the early run instead of pushing it back.
    t.mock.timers.tick(1000);
    d(4);
    t.mock.timers.tick(3);
    d(5);
    t.mock.timers.tick(2);
    assert.deepEqual(calls, [[1], [2, 3], [4, 5]]);
  });

  it('flushes and cancels', () => {
    const fn = mock.fn((_args: string[]) => undefined);
    const d = debounce<string>(fn, 1000);
    d('a');
    d.flush();
    assert.equal(fn.mock.callCount(), 1);
    d('b');
    d.cancel();
    d.flush();
    assert.equal(fn.mock.callCount(), 1);
  });
});
