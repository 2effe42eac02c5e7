// The one owner of a component's disposables: reverse order, each once, a throwing one reported and the rest still
// disposed, and a disposable added after the end disposed at once (a late registration must not leak).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DisposableStore } from '../../../src/vscode/disposableStore';

test('disposes in reverse order of adding, each once; a throwing one is reported and does not stop the rest', () => {
  const order: string[] = [];
  const errors: unknown[] = [];
  const store = new DisposableStore((err) => errors.push(err));
  const item = (name: string, fail = false) => ({
    dispose: () => {
      order.push(name);
      if (fail) {
        throw new Error(`${name} failed`);
      }
    },
  });
  store.push(item('watcher'), item('listener', true));
  store.push(item('provider'));
  store.dispose();
  store.dispose();
  assert.deepEqual(order, ['provider', 'listener', 'watcher']);
  assert.deepEqual(errors.map((e) => (e as Error).message), ['listener failed']);
  store.push(item('late'));
  assert.deepEqual(order, ['provider', 'listener', 'watcher', 'late']);
});
