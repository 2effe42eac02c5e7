// A listener's failure is logged in the channel, with what failed, instead of thrown into the editor's event loop.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Log } from '../../../src/vscode/log';
import { safeListener } from '../../../src/vscode/safeListener';

test('a listener that throws is logged as what failed, and passes its arguments through', () => {
  const logged: [unknown, string, string | undefined][] = [];
  const log = { error: (err: unknown, component: string, context?: string) => logged.push([err, component, context]) } as unknown as Log;
  const seen: number[] = [];
  const listener = safeListener(log, 'observe', 'Unable to follow an edit', (n: number) => {
    seen.push(n);
    if (n > 1) {
      throw new Error('boom');
    }
  });
  listener(1);
  assert.doesNotThrow(() => listener(2));
  assert.deepEqual(seen, [1, 2]);
  assert.equal(logged.length, 1);
  assert.equal((logged[0][0] as Error).message, 'boom');
  assert.deepEqual(logged[0].slice(1), ['observe', 'Unable to follow an edit']);
});
