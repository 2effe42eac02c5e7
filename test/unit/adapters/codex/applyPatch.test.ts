// The apply_patch grammar parser and applier, on the cases Codex's own parser/applier tests pin down
// (codex-rs/apply-patch/src/{parser.rs,lib.rs,seek_sequence.rs}).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyPatchSection, applyUpdateChunks, parseApplyPatch, type PatchHunk } from '../../../../src/adapters/codex/applyPatch';
import { changesFromPatch, patchFromShell } from '../../../../src/adapters/codex/toolCalls';

function hunks(patch: string): PatchHunk[] {
  const parsed = parseApplyPatch(patch);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  return parsed.hunks;
}

function apply(original: string, patch: string): string {
  const [hunk] = hunks(patch);
  assert.equal(hunk.type, 'update');
  const result = applyUpdateChunks(original, hunk.type === 'update' ? hunk.chunks : []);
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.content;
}

describe('parseApplyPatch', () => {
  it('parses add, delete and update-with-move sections', () => {
    const parsed = hunks(
      '*** Begin Patch\n*** Add File: path/add.py\n+abc\n+def\n*** Delete File: path/delete.py\n*** Update File: path/update.py\n*** Move to: path/update2.py\n@@ def f():\n-    pass\n+    return 123\n*** End Patch',
    );
    assert.equal(parsed.length, 3);
    assert.deepEqual(parsed[0], { type: 'add', path: 'path/add.py', contents: 'abc\ndef\n', text: '*** Add File: path/add.py\n+abc\n+def\n' });
    assert.deepEqual(parsed[1], { type: 'delete', path: 'path/delete.py', text: '*** Delete File: path/delete.py\n' });
    assert.deepEqual(parsed[2], {
      type: 'update',
      path: 'path/update.py',
      movePath: 'path/update2.py',
      chunks: [{ context: 'def f():', oldLines: ['    pass'], newLines: ['    return 123'], isEndOfFile: false }],
      text: '*** Update File: path/update.py\n*** Move to: path/update2.py\n@@ def f():\n-    pass\n+    return 123\n',
    });
  });

  it('accepts a first chunk without @@, padded markers, CRLF lines and a heredoc wrapper', () => {
    assert.deepEqual(hunks('*** Begin Patch\n*** Update File: file2.py\n import foo\n+bar\n*** End Patch')[0], {
      type: 'update',
      path: 'file2.py',
      chunks: [{ oldLines: ['import foo'], newLines: ['import foo', 'bar'], isEndOfFile: false }],
      text: '*** Update File: file2.py\n import foo\n+bar\n',
    });
    assert.equal(hunks('*** Begin Patch \n*** Add File: foo\n+hi\n *** End Patch\n').length, 1);
    const crlf = hunks('*** Begin Patch\r\n*** Add File: foo\r\n+hi\r\n*** End Patch\r\n');
    assert.equal(crlf[0].type === 'add' && crlf[0].contents, 'hi\n');
    const heredoc = hunks("<<'EOF'\n*** Begin Patch\n*** Add File: foo\n+hi\n*** End Patch\nEOF\n");
    assert.equal(heredoc[0].type === 'add' && heredoc[0].contents, 'hi\n');
  });

  it('splits an update into chunks at each @@ and keeps the End of File marker', () => {
    const [h] = hunks('*** Begin Patch\n*** Update File: a.txt\n@@\n foo\n-bar\n+BAR\n@@ baz\n-qux\n+QUX\n*** End of File\n*** End Patch');
    assert.ok(h.type === 'update');
    assert.deepEqual(h.chunks, [
      { oldLines: ['foo', 'bar'], newLines: ['foo', 'BAR'], isEndOfFile: false },
      { context: 'baz', oldLines: ['qux'], newLines: ['QUX'], isEndOfFile: true },
    ]);
  });

  it('rejects what Codex rejects, without throwing', () => {
    const cases: Array<[string, RegExp]> = [
      ['bad', /first line/],
      ['*** Begin Patch\nbad', /last line/],
      ['*** Begin Patch\n*** Update File: test.py\n*** End Patch', /is empty/],
      ['*** Begin Patch\n*** Frobnicate File: x\n*** End Patch', /not a valid hunk header/],
      ['*** Begin Patch\n*** Update File: a\n@@\n-x\n+y\n@@@\n*** End Patch', /Expected update hunk/],
      ['', /first line/],
    ];
    for (const [patch, message] of cases) {
      const parsed = parseApplyPatch(patch);
      assert.equal(parsed.ok, false, patch);
      assert.match(parsed.ok ? '' : parsed.error, message);
    }
    assert.deepEqual(parseApplyPatch('*** Begin Patch\n*** End Patch'), { ok: true, hunks: [] });
  });
});

describe('applyUpdateChunks', () => {
  it('applies several chunks in one file', () => {
    const patch = '*** Begin Patch\n*** Update File: m.txt\n@@\n foo\n-bar\n+BAR\n@@\n baz\n-qux\n+QUX\n*** End Patch';
    assert.equal(apply('foo\nbar\nbaz\nqux\n', patch), 'foo\nBAR\nbaz\nQUX\n');
  });

  it('uses the @@ context line to choose among identical lines', () => {
    const before = 'def f():\n    pass\n\ndef g():\n    pass\n';
    const patch = '*** Begin Patch\n*** Update File: x.py\n@@ def g():\n-    pass\n+    return 1\n*** End Patch';
    assert.equal(apply(before, patch), 'def f():\n    pass\n\ndef g():\n    return 1\n');
  });

  it('anchors End of File chunks at the end', () => {
    const before = 'x\nend\nmiddle\nend\n';
    const patch = '*** Begin Patch\n*** Update File: t.txt\n@@\n-end\n+END\n*** End of File\n*** End Patch';
    assert.equal(apply(before, patch), 'x\nend\nmiddle\nEND\n');
  });

  it('appends pure additions at the end and always ends with a newline', () => {
    assert.equal(apply('a\nb\n', '*** Begin Patch\n*** Update File: f\n@@\n+c\n*** End Patch'), 'a\nb\nc\n');
    assert.equal(apply('no newline', '*** Begin Patch\n*** Update File: f\n@@\n-no newline\n+with newline\n*** End Patch'), 'with newline\n');
  });

  it('matches ignoring trailing, then surrounding whitespace, then typographic punctuation', () => {
    assert.equal(apply('foo   \nbar\n', '*** Begin Patch\n*** Update File: f\n@@\n-foo\n+FOO\n*** End Patch'), 'FOO\nbar\n');
    assert.equal(apply('    foo\nbar\n', '*** Begin Patch\n*** Update File: f\n@@\n-foo\n+FOO\n*** End Patch'), 'FOO\nbar\n');
    assert.equal(apply('a \u2013 b \u201Cq\u201D\n', '*** Begin Patch\n*** Update File: f\n@@\n-a - b "q"\n+done\n*** End Patch'), 'done\n');
  });

  it('deletes lines and reports lines it cannot find', () => {
    assert.equal(apply('a\nb\nc\n', '*** Begin Patch\n*** Update File: f\n@@\n a\n-b\n c\n*** End Patch'), 'a\nc\n');
    const [h] = hunks('*** Begin Patch\n*** Update File: f\n@@\n-missing\n+x\n*** End Patch');
    const result = applyUpdateChunks('a\n', h.type === 'update' ? h.chunks : []);
    assert.equal(result.ok, false);
  });

  it('applies a FileChange section on its own (the `patch` of an update without an exact diff)', () => {
    const [, second] = hunks('*** Begin Patch\n*** Add File: a\n+1\n*** Update File: b\n@@\n-old\n+new\n*** End Patch');
    assert.deepEqual(applyPatchSection('old\nkeep\n', second.text), { ok: true, content: 'new\nkeep\n' });
    assert.deepEqual(applyPatchSection('', '*** Add File: a\n+1\n'), { ok: true, content: '1\n' });
    assert.equal(applyPatchSection('x\n', '*** Update File: b\n').ok, false);
  });
});

describe('apply_patch through tools', () => {
  const patch = "*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** Update File: src/a.js\n*** Move to: lib/a.js\n@@\n-x\n+y\n*** Delete File: old.txt\n*** End Patch";

  it('turns a patch into absolute file changes against the cwd', () => {
    assert.deepEqual(changesFromPatch(patch, '/repo'), [
      { path: '/repo/hello.txt', op: 'create', before: null, after: 'hi\n' },
      { path: '/repo/src/a.js', op: 'rename', patch: '*** Update File: src/a.js\n*** Move to: lib/a.js\n@@\n-x\n+y\n', movePath: '/repo/lib/a.js' },
      { path: '/repo/old.txt', op: 'delete', after: null },
    ]);
    assert.deepEqual(changesFromPatch('*** Begin Patch\n*** Add File: /abs/../abs/x\n+1\n*** End Patch', '/repo'), [
      { path: '/abs/x', op: 'create', before: null, after: '1\n' },
    ]);
    assert.deepEqual(changesFromPatch('not a patch', '/repo'), []);
  });

  it('finds the patch in the shell forms Codex intercepts, and only those', () => {
    assert.deepEqual(patchFromShell(['apply_patch', patch]), { patch });
    assert.deepEqual(patchFromShell(['bash', '-lc', `apply_patch <<'EOF'\n${patch}\nEOF`]), { patch });
    assert.deepEqual(patchFromShell(`cd 'sub dir' && apply_patch <<"PATCH"\n${patch}\nPATCH\n`), { patch, workdir: 'sub dir' });
    assert.equal(patchFromShell(`echo hi && apply_patch <<'EOF'\n${patch}\nEOF`), undefined);
    assert.equal(patchFromShell(['ls', '-la']), undefined);
    assert.equal(patchFromShell('cat apply_patch.txt'), undefined);
  });
});
