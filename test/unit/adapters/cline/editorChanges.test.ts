// Cline's editor results turned into file changes (@cline/core 3.0.65 writes them): the numbered diff as one exact
// hunk, an insert at a line, a create on Windows, and what is not a change or not fully recorded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editedHunk, editorChange } from '../../../../src/adapters/cline/editorChanges';
import { applyRecordedPatch } from '../../../../src/store/recordedPatch';

const edited = (lines: string[]): string => ['Edited /r/a.js', '```diff', ...lines, '```'].join('\n');

test('a replacement\'s numbered lines are one hunk that turns the file before into the file after', () => {
  const before = 'a\nb\nc\nd\n';
  const patch = editedHunk(edited(['-2: b', '-3: c', '+2: B', '+3: x', '+4: C']));
  assert.equal(patch, '@@ -2,2 +2,3 @@\n-b\n-c\n+B\n+x\n+C\n');
  assert.equal(applyRecordedPatch(before, patch ?? ''), 'a\nB\nx\nC\nd\n');
});

test('an insertion (only + lines) and a deletion (only - lines) use the line before the empty range', () => {
  const inserted = editedHunk(edited(['+3: new']));
  assert.equal(inserted, '@@ -2,0 +3,1 @@\n+new\n');
  assert.equal(applyRecordedPatch('a\nb\nc\n', inserted ?? ''), 'a\nb\nnew\nc\n');
  const deleted = editedHunk(edited(['-2: b']));
  assert.equal(deleted, '@@ -2,1 +1,0 @@\n-b\n');
  assert.equal(applyRecordedPatch('a\nb\nc\n', deleted ?? ''), 'a\nc\n');
  // An empty line is "+N: " (a space after the colon) or, trimmed by something on the way, "+N:".
  assert.equal(editedHunk(edited(['+2: ', '+3:'])), '@@ -1,0 +2,2 @@\n+\n+\n');
});

test('a cut diff, numbers out of order, or no diff give no patch (the change stays without content)', () => {
  assert.equal(editedHunk(edited(['-2: b', '+2: B', '... diff truncated (5 more removed, 7 more added lines) ...'])), undefined);
  assert.equal(editedHunk(edited(['-2: b', '-4: d', '+2: B'])), undefined);
  assert.equal(editedHunk(edited(['+2: B', '-2: b'])), undefined);
  assert.equal(editedHunk(edited(['-2: b', '+3: B'])), undefined);
  assert.equal(editedHunk('Edited /r/a.js'), undefined);
  assert.deepEqual(editorChange({ path: '/r/a.js', old_text: 'b', new_text: 'B' }, edited(['-2: b', '... diff truncated (1 more removed, 0 more added lines) ...'])), {
    path: '/r/a.js',
    op: 'update',
  });
});

test('creates keep new_text exactly; on a Windows path Cline wrote CRLF unless the text had CR already', () => {
  assert.deepEqual(editorChange({ path: '/r/a.js', new_text: 'x\ny\n' }, 'File created successfully at: /r/a.js'), {
    path: '/r/a.js',
    op: 'create',
    before: null,
    after: 'x\ny\n',
  });
  assert.deepEqual(editorChange({ path: 'C:\\r\\a.js', new_text: 'x\ny\n' }, 'File created successfully at: C:\\r\\a.js'), {
    path: 'C:/r/a.js',
    op: 'create',
    before: null,
    after: 'x\r\ny\r\n',
  });
  assert.equal(editorChange({ path: 'C:\\r\\a.js', new_text: 'x\r\ny' }, 'File created successfully at: C:\\r\\a.js')?.after, 'x\r\ny');
});

test('insert_line N puts new_text\'s lines before line N', () => {
  const change = editorChange({ path: '/r/a.js', insert_line: 2, new_text: 'p\nq' }, 'Inserted content at line 2 in /r/a.js.');
  assert.equal(change?.op, 'update');
  assert.equal(applyRecordedPatch('a\nb\n', change?.patch ?? ''), 'a\np\nq\nb\n');
});

test('a result that is not a change, or input without a path or new_text, gives none', () => {
  assert.equal(editorChange({ path: '/r/a.js', new_text: 'x' }, 'something else'), undefined);
  assert.equal(editorChange({ new_text: 'x' }, 'File created successfully at: /r/a.js'), undefined);
  assert.equal(editorChange({ path: '/r/a.js' }, 'File created successfully at: /r/a.js'), undefined);
});
