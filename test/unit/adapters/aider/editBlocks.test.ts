// The edit formats of aider's coders (editBlocks.ts names the source of each).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { intendedEdits } from '../../../../src/adapters/aider/editBlocks';

test('SEARCH/REPLACE: the file on the line before the fence, inside it (diff-fenced), or the previous block\'s', () => {
  const reply = [
    'Here:',
    '',
    'src/a.py',
    '```python',
    '<<<<<<< SEARCH',
    'a = 1',
    '=======',
    'a = 2',
    '>>>>>>> REPLACE',
    '```',
    '',
    '```',
    'src/b.py',
    '<<<<<<< SEARCH',
    '=======',
    'new',
    '>>>>>>> REPLACE',
    '```',
    '',
    '<<<<<<< SEARCH',
    'x',
    '=======',
    '>>>>>>> REPLACE',
  ].join('\n');
  assert.deepEqual(intendedEdits(reply, 'diff'), [
    { format: 'search-replace', path: 'src/a.py', search: 'a = 1', replace: 'a = 2' },
    { format: 'search-replace', path: 'src/b.py', search: '', replace: 'new' },
    { format: 'search-replace', path: 'src/b.py', search: 'x', replace: '' },
  ]);
});

test('whole files only in the whole format; udiff fences only in udiff', () => {
  const whole = 'Updated:\n\nhello.py\n```python\nprint("hi")\n```\n';
  assert.deepEqual(intendedEdits(whole, 'whole'), [{ format: 'whole', path: 'hello.py', content: 'print("hi")\n' }]);
  assert.deepEqual(intendedEdits(whole, 'diff'), [], 'code shown in a diff-format reply is not an edit');
  const udiff = '```diff\n--- a/src/x.py\n+++ b/src/x.py\n@@ ... @@\n-a\n+b\n--- src/y.py\n+++ src/y.py\n@@ ... @@\n+c\n```\n';
  assert.deepEqual(intendedEdits(udiff, 'udiff'), [
    { format: 'udiff', path: 'src/x.py', diff: '--- a/src/x.py\n+++ b/src/x.py\n@@ ... @@\n-a\n+b' },
    { format: 'udiff', path: 'src/y.py', diff: '--- src/y.py\n+++ src/y.py\n@@ ... @@\n+c' },
  ]);
  assert.deepEqual(intendedEdits(udiff, 'diff'), []);
});
