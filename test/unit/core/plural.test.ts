import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UndoConflict } from '../../../src/restore/restoreUndo';
import { pluralize } from '../../../src/core/plural';

test('counts read as words: one file, two files, never "file(s)"', () => {
  assert.equal(pluralize(1, 'file'), '1 file');
  assert.equal(pluralize(0, 'file'), '0 files');
  assert.equal(pluralize(2, 'copy', 'copies'), '2 copies');
  assert.equal(new UndoConflict([{ path: 'a.js', state: 'changed' } as never]).message, '1 file changed since the restore: a.js');
});
