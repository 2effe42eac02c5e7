// An OpenCode edit's diff with its shared indentation stripped (as recorded in opencode-big-file-v1.18.33) is made
// exact again from the edit's own oldString/newString, or refused: never a patch that is not what the edit did.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyPatch } from 'diff';
import { exactEditPatch } from '../../../../src/adapters/opencode/editPatch';

const header = 'Index: /r/a.js\n===================================================================\n--- /r/a.js\n+++ /r/a.js\n';

describe('OpenCode edit patch', () => {
  const file = 'const x = {\n  a: 1,\n  b: 2,\n  c: 3,\n};\n';
  const expected = 'const x = {\n  a: 1,\n  b: 20,\n  c: 3,\n};\n';

  it('puts back the indentation the diff stripped, checked against oldString/newString', () => {
    // What OpenCode stores for replacing "  b: 2," by "  b: 20," (its display trim took the shared two spaces).
    const stripped = `${header}@@ -2,3 +2,3 @@\n a: 1,\n-b: 2,\n+b: 20,\n c: 3,\n`;
    assert.equal(applyPatch(file, stripped), false, 'as stored, the diff matches nothing');
    const patch = exactEditPatch(stripped, '  b: 2,', '  b: 20,');
    assert.equal(applyPatch(file, patch ?? ''), expected);
  });

  it('leaves an unstripped diff as it is', () => {
    const diff = `${header}@@ -1,3 +1,3 @@\n const x = {\n   a: 1,\n-  b: 2,\n+  b: 20,\n`;
    assert.equal(exactEditPatch(diff, '  b: 2,', '  b: 20,'), diff);
  });

  it('refuses when the removed and added lines disagree on the prefix, or do not hold the edit', () => {
    const stripped = `${header}@@ -2,3 +2,3 @@\n a: 1,\n-b: 2,\n+b: 20,\n c: 3,\n`;
    assert.equal(exactEditPatch(stripped, '  b: 2,', '\tb: 20,'), undefined);
    assert.equal(exactEditPatch(stripped, '  b: 2,', '  b: 21,'), undefined);
  });
});
