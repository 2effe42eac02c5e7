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
