// Source rules of the timeline webview that keep transcript text from becoming markup and keep the page within its
// CSP: the only innerHTML is diff2html's escaped output, no inline styles, no eval, no default exports.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const dir = join(__dirname, '../../../../webview/src');
const sources = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f, code: readFileSync(join(dir, f), 'utf8').replace(/^\s*(\/\/|\*|\/\*).*$/gm, '') }));

test('the webview sources exist', () => {
  assert.ok(sources.some((s) => s.file === 'main.ts'));
});

test('innerHTML only for diff2html output; no other HTML parsing', () => {
  const offenders = sources.filter((s) => /innerHTML|outerHTML\s*=|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment/.test(s.code));
  assert.deepEqual(offenders.map((s) => s.file), ['diffView.ts']);
  assert.equal(sources.find((s) => s.file === 'diffView.ts')?.code.match(/innerHTML/g)?.length, 1);
});

test('no inline styles, eval, navigation or default exports', () => {
  for (const { file, code } of sources) {
    assert.ok(!/\.style\s*[.=[]|setAttribute\(\s*['"]style|cssText/.test(code), `${file}: inline style`);
    assert.ok(!/\beval\(|new Function\(|setTimeout\(\s*['"`]/.test(code), `${file}: eval`);
    // Links are shown as text: no <a>, no href attribute, no navigation API.
    assert.ok(!/el\(\s*['"]a['"]|createElement\(\s*['"]a['"]|['"]href['"]|\bhref\s*:\s*[^s]|location\.|window\.open\(/.test(code.replace(/href: (string|node\.href|link\.href|auto\[1\])/g, '')), `${file}: navigation`);
    assert.ok(!/export default/.test(code), `${file}: default export`);
  }
});
