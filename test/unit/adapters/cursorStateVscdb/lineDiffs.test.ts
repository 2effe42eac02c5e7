// Cursor's checkpoint diffs against a file's V0 (Monaco line-range mappings) and its file URIs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pathOfFileUri, pathOfUri } from '../../../../src/adapters/cursor/stateVscdb/fileUris';
import { applyDiffWrtV0 } from '../../../../src/adapters/cursor/stateVscdb/lineDiffs';

const range = (start: number, end: number, modified: string[]): unknown => ({ original: { startLineNumber: start, endLineNumberExclusive: end }, modified });

describe('Cursor line-range diffs against V0', () => {
  it('replaces, inserts and deletes lines, from the last range to the first', () => {
    const v0 = 'a\nb\nc\nd\n';
    assert.equal(applyDiffWrtV0(v0, [range(2, 3, ['B', 'B2']), range(4, 4, ['inserted']), range(5, 5, ['end'])]), 'a\nB\nB2\nc\ninserted\nd\nend\n');
    assert.equal(applyDiffWrtV0(v0, [range(1, 3, [])]), 'c\nd\n');
    assert.equal(applyDiffWrtV0(v0, []), v0);
    assert.equal(applyDiffWrtV0('x\r\ny\r\n', [range(2, 3, ['Y'])]), 'x\r\nY\r\n');
  });

  it('refuses a diff that is malformed, overlapping, or names lines V0 does not have', () => {
    assert.equal(applyDiffWrtV0('a\n', [range(5, 7, ['x'])]), undefined);
    assert.equal(applyDiffWrtV0('a\nb\nc\n', [range(1, 3, ['x']), range(2, 4, ['y'])]), undefined);
    assert.equal(applyDiffWrtV0('a\n', [{ original: { startLineNumber: 1 }, modified: ['x'] }]), undefined);
    assert.equal(applyDiffWrtV0('a\n', 'not a diff'), undefined);
  });
});

describe('Cursor file URIs', () => {
  it('reads file URI strings and serialized URI objects; other schemes name no file here', () => {
    assert.equal(pathOfFileUri('file:///Users/me/dir%20with%20spaces/a.ts'), '/Users/me/dir with spaces/a.ts');
    assert.equal(pathOfFileUri('file:///c%3A/Dev/proj/a.ts'), 'c:/Dev/proj/a.ts');
    assert.equal(pathOfFileUri('vscode-remote://ssh-remote+box/home/a.ts'), undefined);
    assert.equal(pathOfUri({ $mid: 1, fsPath: '/w/a.ts', path: '/w/a.ts', scheme: 'file' }), '/w/a.ts');
    assert.equal(pathOfUri({ _fsPath: '/w/b.ts', scheme: 'file' }), '/w/b.ts');
    assert.equal(pathOfUri({ path: '/w/c.ts', scheme: 'file' }), '/w/c.ts');
    assert.equal(pathOfUri({ path: '/w/c.ts', scheme: 'vscode-remote' }), undefined);
    assert.equal(pathOfUri('/abs/d.ts'), '/abs/d.ts');
  });
});
