// The Gemini CLI 0.4–0.24 write_file/replace rules (legacyEdits.ts), case by case, as read from the CLI's source
// (write-file.ts getCorrectedFileContent, editCorrector.ts ensureCorrectEdit/trimPairIfPossible, edit.ts
// applyReplacement/calculateReplacement), and the recorded patch that carries them to blame and restore.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  applyLegacyGeminiPatch,
  legacyReplacePatch,
  legacyReplaceResult,
  legacyWritePatch,
  legacyWriteResult,
  type LegacyReplace,
} from '../../../../src/adapters/geminiCli/legacyEdits';
import { timelineDiff } from '../../../../src/core/timeline/timelineDiff';
import { recordedPatchOps } from '../../../../src/store/recordedPatchOps';
import { applyRecordedPatch } from '../../../../src/store/recordedPatch';

describe('write_file overwrite (the old content is the corrector\'s old_string)', () => {
  test('old content with surrounding whitespace: both sides trimmed, the new content loses its final newline', () => {
    assert.equal(legacyWriteResult('# Notes\n', '# Notes\n\nMore.\n'), '# Notes\n\nMore.');
    assert.equal(legacyWriteResult('  indented', '\tnew\n'), 'new');
  });
  test('old content without surrounding whitespace, empty, or only whitespace: written as given', () => {
    assert.equal(legacyWriteResult('# Notes', 'new\n'), 'new\n');
    assert.equal(legacyWriteResult('', 'new\n'), 'new\n');
    assert.equal(legacyWriteResult('\n\n', 'new\n'), 'new\n');
  });
  test('content the corrector would unescape: a model call may have rewritten it, so unknown', () => {
    for (const content of ['console.log("a\\nb");\n', "it\\'s", 'a\\\\b', 'line\\\nnext', 'tab\\there', 'q\\"', 'tick\\`']) {
      assert.equal(legacyWriteResult('x\n', content), undefined, JSON.stringify(content));
    }
    // A backslash before anything else is left alone by the corrector.
    assert.equal(legacyWriteResult('x', 'C:\\Users\\me'), 'C:\\Users\\me');
  });
});

describe('replace (every 0.4–0.24 implementation must agree)', () => {
  const edit = (old_string: string, new_string: string, extra: Partial<LegacyReplace> = {}): LegacyReplace => ({ old_string, new_string, expected: 1, replacements: 1, ...extra });

  test('a plain replacement, also one whose strings end in the same newline', () => {
    assert.equal(legacyReplaceResult('a\nb\nc\n', edit('b', 'B')), 'a\nB\nc\n');
    assert.equal(legacyReplaceResult('a\nb\nc\n', edit('b\n', 'B\n')), 'a\nB\nc\n');
    assert.equal(legacyReplaceResult('x y x y\n', edit('y', 'z', { expected: 2, replacements: 2 })), 'x z x z\n');
  });
  test('the trimmed pair (0.4–0.23) would differ from the literal one (0.24): unknown', () => {
    // old has a leading space the new string lacks: EditTool replaces "b"→"B" and keeps the space, 0.24 drops it.
    assert.equal(legacyReplaceResult('a b\n', edit(' b', 'B')), undefined);
  });
  test('a replacement that changes whether the file ends in a newline: 0.24 restores it, older builds do not', () => {
    assert.equal(legacyReplaceResult('a\nb', edit('b', 'b\n')), undefined);
    // Dropping the final newline with the text: EditTool's trimmed pair keeps it, as 0.24 restores it.
    assert.equal(legacyReplaceResult('a\nb\n', edit('b\n', 'c')), 'a\nc\n');
  });
  test('$ sequences: 0.4 read them as replacement patterns, later builds literally', () => {
    assert.equal(legacyReplaceResult('price\n', edit('price', '$&$&')), undefined);
    assert.equal(legacyReplaceResult('price\n', edit('price', 'cost $5')), 'cost $5\n');
  });
  test('counts that do not match, CRLF, correctable new strings, an empty old string: unknown', () => {
    assert.equal(legacyReplaceResult('b b\n', edit('b', 'c')), undefined, 'two occurrences, one expected');
    assert.equal(legacyReplaceResult('b\n', edit('b', 'c', { replacements: 2 })), undefined, 'result text reports another count');
    assert.equal(legacyReplaceResult('a\r\nb\r\n', edit('b', 'c')), undefined);
    assert.equal(legacyReplaceResult('a\nb\n', edit('b', 'c\\n')), undefined);
    assert.equal(legacyReplaceResult('a\nb\n', edit('', 'c')), undefined);
    assert.equal(legacyReplaceResult('a\n', edit('b', 'c')), undefined, 'not in the content at all');
  });
});

describe('the recorded patch', () => {
  test('write and replace patches replay through the shared patch applier, forward only', () => {
    const write = legacyWritePatch('# New\n');
    assert.equal(applyRecordedPatch('# Old\n', write), '# New');
    assert.equal(applyRecordedPatch('# Old', write), '# New\n');
    assert.equal(recordedPatchOps.apply('# Old\n', write), '# New');
    assert.equal(recordedPatchOps.reverse('# New', write), undefined, 'the old content cannot be recovered');
    const replace = legacyReplacePatch({ old_string: 'b', new_string: 'B', expected: 1, replacements: 1 });
    assert.equal(applyRecordedPatch('a\nb\n', replace), 'a\nB\n');
    assert.equal(applyRecordedPatch('a\nc\n', replace), undefined);
  });
  test('contents that look like diffs or apply_patch sections stay arguments', () => {
    const content = '@@ -1,1 +1,1 @@\n-a\n+b\n*** Update File: x\n';
    const patch = legacyWritePatch(content);
    assert.equal(patch.split('\n').length, 2, 'the arguments are one JSON line');
    assert.equal(applyRecordedPatch('old', patch), content);
  });
  test('damaged patches give nothing', () => {
    const patch = legacyWritePatch('x');
    assert.equal(applyLegacyGeminiPatch('a', patch.split('\n')[0]), undefined);
    assert.equal(applyLegacyGeminiPatch('a', `${patch.split('\n')[0]}\n{not json`), undefined);
    assert.equal(applyLegacyGeminiPatch('a', `${patch.split('\n')[0]}\n{"content":5}`), undefined);
    assert.equal(applyLegacyGeminiPatch('a', legacyReplacePatch({ old_string: 'a', new_string: 'b', expected: 1, replacements: 1 }).replace('"expected":1', '"expected":"1"')), undefined);
  });
  test('the timeline says what the patch records instead of calling it apply_patch', () => {
    const shown = timelineDiff({ path: '/r/README.md', op: 'update', patch: legacyWritePatch('x\n') }, '/r');
    assert.equal(shown.diff, undefined);
    assert.match(shown.message ?? '', /^Recorded only as: Gemini CLI before 0\.25 wrote the whole file/);
    const codex = timelineDiff({ path: '/r/a.js', op: 'update', patch: '*** Update File: a.js\n@@\n-a\n+b\n' }, '/r');
    assert.equal(codex.message, 'Recorded as a patch without line numbers (apply_patch).');
  });
});
