import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineLengths } from '../../../src/vscode/blame/documentLines';
import { remapLines, type LineEdit, type LineState } from '../../../src/vscode/blame/remapLines';

/** A document of `text` whose line i carries the value `text line i`'s own label (or null for blank lines). */
function doc(lines: string[], eol = '\n'): LineState<string> {
  const text = lines.join(eol);
  return { values: lines.map((l) => (l.trim() ? l.trim() : null)), lengths: lineLengths(text) };
}

function edit(startLine: number, startCharacter: number, endLine: number, endCharacter: number, text: string): LineEdit {
  return { startLine, startCharacter, endLine, endCharacter, text };
}

describe('remapLines', () => {
  it('shifts lines down when a line is inserted above (pasted at column 0)', () => {
    const next = remapLines(doc(['a', 'b', 'c']), [edit(1, 0, 1, 0, 'new\n')]);
    assert.deepEqual(next.values, ['a', null, 'b', 'c']);
    assert.deepEqual(next.lengths, [1, 3, 1, 1]);
  });

  it('keeps the line where Enter was pressed at its end; the new line is null', () => {
    const next = remapLines(doc(['fn() {', '  x', '}']), [edit(0, 6, 0, 6, '\n  ')]);
    assert.deepEqual(next.values, ['fn() {', null, 'x', '}']);
    assert.deepEqual(next.lengths, [6, 2, 3, 1]);
  });

  it('Enter in the middle of a line splits it into two changed lines', () => {
    const next = remapLines(doc(['abcd', 'e']), [edit(0, 2, 0, 2, '\n')]);
    assert.deepEqual(next.values, [null, null, 'e']);
    assert.deepEqual(next.lengths, [2, 2, 1]);
  });

  it('Enter at the start of a line moves it down', () => {
    const next = remapLines(doc(['a', 'b']), [edit(1, 0, 1, 0, '\n')]);
    assert.deepEqual(next.values, ['a', null, 'b']);
  });

  it('drops deleted whole lines and moves the rest up', () => {
    const next = remapLines(doc(['a', 'b', 'c', 'd']), [edit(1, 0, 3, 0, '')]);
    assert.deepEqual(next.values, ['a', 'd']);
    assert.deepEqual(next.lengths, [1, 1]);
  });

  it('deleting the last line from the end of the one before keeps that line', () => {
    const next = remapLines(doc(['a', 'bb', 'c']), [edit(1, 2, 2, 1, '')]);
    assert.deepEqual(next.values, ['a', 'bb']);
  });

  it('Backspace on an empty line keeps the line above; joining two non-empty lines changes it', () => {
    assert.deepEqual(remapLines(doc(['a', '', 'b']), [edit(0, 1, 1, 0, '')]).values, ['a', 'b']);
    assert.deepEqual(remapLines(doc(['a', 'b']), [edit(0, 1, 1, 0, '')]).values, [null]);
  });

  it('an edit inside a line makes it null; a change that replaces nothing with nothing keeps it', () => {
    assert.deepEqual(remapLines(doc(['a', 'bbb', 'c']), [edit(1, 1, 1, 1, 'x')]).values, ['a', null, 'c']);
    assert.deepEqual(remapLines(doc(['a', 'bbb', 'c']), [edit(1, 0, 1, 3, 'bbb')]).values, ['a', null, 'c']);
    assert.deepEqual(remapLines(doc(['a', 'bbb', 'c']), [edit(1, 1, 1, 2, '')]).values, ['a', null, 'c']);
    assert.deepEqual(remapLines(doc(['a', 'bbb', 'c']), [edit(1, 1, 1, 1, '')]).values, ['a', 'bbb', 'c']);
  });

  it('a multi-line replacement nulls what it wrote and keeps what it only moved', () => {
    const next = remapLines(doc(['a', 'b', 'c', 'd']), [edit(1, 0, 2, 1, 'x\ny\nz')]);
    assert.deepEqual(next.values, ['a', null, null, null, 'd']);
    assert.deepEqual(next.lengths, [1, 1, 1, 1, 1]);
  });

  it('splitting an empty line keeps one value, not two', () => {
    const state: LineState<string> = { values: ['a', 'blank', 'b'], lengths: [1, 0, 1] };
    assert.deepEqual(remapLines(state, [edit(1, 0, 1, 0, '\n')]).values, ['a', 'blank', null, 'b']);
  });

  it('applies the changes of a multi-change event in order', () => {
    // Multi-cursor typing: VS Code lists the lower change first, so each range is valid when it is applied.
    assert.deepEqual(remapLines(doc(['a', 'b', 'c']), [edit(2, 0, 2, 0, 'x'), edit(0, 0, 0, 0, 'x')]).values, [null, 'b', null]);
    // The second change is in the coordinates the first one left: line 3 is the old line 2.
    assert.deepEqual(remapLines(doc(['a', 'b', 'c']), [edit(0, 0, 0, 0, 'new\n'), edit(3, 1, 3, 1, '!')]).values, [null, 'a', 'b', null]);
  });

  it('counts CRLF (and lone CR) as one line break and lengths without it', () => {
    const state = doc(['a', 'b', 'c'], '\r\n');
    assert.deepEqual(state.lengths, [1, 1, 1]);
    const next = remapLines(state, [edit(1, 0, 1, 0, 'x\r\ny\r\n')]);
    assert.deepEqual(next.values, ['a', null, null, 'b', 'c']);
    assert.deepEqual(next.lengths, [1, 1, 1, 1, 1]);
    assert.deepEqual(remapLines(state, [edit(0, 1, 0, 1, '\r')]).values, ['a', null, 'b', 'c']);
  });

  it('does not change its input', () => {
    const state = doc(['a', 'b']);
    remapLines(state, [edit(0, 0, 1, 0, '')]);
    assert.deepEqual(state.values, ['a', 'b']);
  });

  it('keeps the trailing empty line after a final newline as a line of its own', () => {
    // "a\nb\n" is three document lines; typing on the last, empty one.
    const state: LineState<string> = { values: ['a', 'b', null], lengths: lineLengths('a\nb\n') };
    assert.deepEqual(state.lengths, [1, 1, 0]);
    const next = remapLines(state, [edit(2, 0, 2, 0, 'c\n')]);
    assert.deepEqual(next.values, ['a', 'b', null, null]);
  });
});
