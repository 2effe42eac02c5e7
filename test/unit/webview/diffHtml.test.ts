// diff2html is the one producer of HTML the page inserts as markup: its output must escape every line and name.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { html } from 'diff2html';

const evil = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">';
const diff = `--- a/src/${evil}.ts
+++ b/src/${evil}.ts
@@ -1,2 +1,2 @@
-${evil}
+</textarea><svg onload="window.__pwned=1">
 ${evil} & "quotes"
`;

for (const outputFormat of ['line-by-line', 'side-by-side'] as const) {
  test(`diff2html escapes line content and file names (${outputFormat})`, () => {
    const out = html(diff, { outputFormat, drawFileList: false, matching: 'lines' });
    // diff2html draws its own icons (<svg class="d2h-icon">); no tag may carry anything from the diff.
    const tags = out.match(/<[^>]*>/g) ?? [];
    assert.deepEqual(tags.filter((tag) => /pwned|<script|<img|textarea|onload|onerror/i.test(tag)), []);
    assert.match(out, /&lt;script&gt;window.__pwned=1&lt;\/script&gt;/);
    // …and all of it is there as text (line matching may split a line into <ins>/<del> pieces).
    const text = out.replace(/<[^>]*>/g, '').replace(/&(lt|gt|quot|amp|#x27|#x2F|#39);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', amp: '&', '#x27': "'", '#x2F': '/', '#39': "'" })[e] ?? '');
    assert.ok(text.includes('</textarea><svg onload="window.__pwned=1">'));
    assert.ok(text.includes(`${evil} & "quotes"`));
    assert.ok(!/\sstyle="[^"]+"/.test(out), 'no non-empty inline style');
  });
}
