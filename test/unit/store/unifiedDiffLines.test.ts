// Blame's line-level replay of unified diffs (unifiedDiffLines.ts) against jsdiff, the one way patches are applied:
// wherever it answers, it answers jsdiff's text exactly; it keeps the unchanged lines' objects; it leaves every case
// it does not mirror (a hunk away from its stated line, Windows line endings, "\ No newline" markers) to jsdiff;
// and the blame engine replays the same attributions with it as without it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPatch, parsePatch } from 'diff';
import { BlameEngine } from '../../../src/core/blame/blameEngine';
import type { FileEditEvent, FileHistory } from '../../../src/core/blame/blameModel';
import { splitLines } from '../../../src/core/blame/lineDiff';
import { applyRecordedPatch, applyRecordedPatchToLines } from '../../../src/store/recordedPatch';
import { applyUnifiedDiffToLines, plainHunks } from '../../../src/store/unifiedDiffLines';

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

/** Repeated short lines on purpose: context that also matches elsewhere is where patch placement gets subtle. */
function randomText(rand: () => number, n: number): string[] {
  return Array.from({ length: n }, () => ['a', 'b', 'c', '', `x${Math.floor(rand() * 50)}`][Math.floor(rand() * 5)]);
}

function mutate(rand: () => number, lines: string[]): string[] {
  const copy = lines.slice();
  const edits = 1 + Math.floor(rand() * 3);
  for (let k = 0; k < edits; k++) {
    const at = Math.floor(rand() * (copy.length + 1));
    const removed = Math.floor(rand() * 3);
    copy.splice(at, removed, ...randomText(rand, Math.floor(rand() * 3)));
  }
  return copy;
}

function joined(lines: string[], finalNewline: boolean): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}${finalNewline ? '\n' : ''}`;
}

function viaLines(text: string, patch: string): string | undefined {
  const r = applyUnifiedDiffToLines(splitLines(text), text.endsWith('\n'), patch);
  return r && joined(r.lines, r.finalNewline);
}

test('answers exactly what jsdiff answers, on patches made from the same text and on patches of another text', () => {
  const rand = seeded(12);
  let answered = 0;
  let declined = 0;
  for (let i = 0; i < 3000; i++) {
    const a = randomText(rand, Math.floor(rand() * 30));
    const b = mutate(rand, a);
    const aText = joined(a, rand() < 0.8);
    const bText = joined(b, rand() < 0.8);
    const patch = createPatch('f', aText, bText, '', '', { context: Math.floor(rand() * 4) });
    // Half the time the patch meets a text that moved or changed since it was made.
    const target = rand() < 0.5 ? aText : joined(mutate(rand, a), aText.endsWith('\n'));
    const expected = applyRecordedPatch(target, patch);
    const got = viaLines(target, patch);
    if (got === undefined) {
      declined++;
    } else {
      answered++;
      assert.equal(got, expected, `case ${i}:\n${JSON.stringify(target)}\n${patch}`);
      assert.deepEqual(splitLines(got), applyUnifiedDiffToLines(splitLines(target), target.endsWith('\n'), patch)?.lines);
    }
  }
  // Most patches apply where they say; the rest are jsdiff's (searched for, or "\ No newline" at the end).
  assert.ok(answered > 1000, `answered ${answered}, declined ${declined}`);
  assert.ok(declined > 100, `answered ${answered}, declined ${declined}`);
});

test('keeps the unchanged lines as the same string objects', () => {
  const before = Array.from({ length: 50 }, (_, i) => `line ${i}`);
  const after = before.slice();
  after.splice(20, 2, 'new one', 'new two', 'new three');
  const patch = createPatch('f', `${before.join('\n')}\n`, `${after.join('\n')}\n`);
  const lines = splitLines(`${before.join('\n')}\n`);
  const r = applyUnifiedDiffToLines(lines, true, patch);
  assert.ok(r);
  assert.deepEqual(r.lines, after);
  assert.equal(r.finalNewline, true);
  // Object identity is what makes the line matching after it cheap: same objects, not equal copies.
  assert.ok(r.lines.slice(0, 20).every((l, i) => Object.is(l, lines[i])));
  assert.ok(r.lines.slice(23).every((l, i) => Object.is(l, lines[22 + i])));
});

test('leaves to jsdiff what it does not mirror', () => {
  const text = 'a\nb\nc\nd\ne\n';
  // Stated at line 1 but fits at line 3: jsdiff searches; this does not.
  const moved = '--- f\n+++ f\n@@ -1,2 +1,2 @@\n c\n-d\n+D\n';
  assert.equal(applyRecordedPatch(text, moved), 'a\nb\nc\nD\ne\n');
  assert.equal(applyUnifiedDiffToLines(splitLines(text), true, moved), undefined);
  // Windows line endings in the patch.
  assert.equal(applyUnifiedDiffToLines(splitLines(text), true, '--- f\n+++ f\n@@ -1,1 +1,1 @@\r\n-a\r\n+A\r\n'), undefined);
  // A "\ No newline at end of file" marker.
  const noNewline = createPatch('f', 'a\nb', 'a\nc');
  assert.ok(noNewline.includes('\\ No newline'));
  assert.equal(applyUnifiedDiffToLines(['a', 'b'], false, noNewline), undefined);
  // Codex's apply_patch sections are not unified diffs.
  assert.equal(applyRecordedPatchToLines(['a'], true, '*** Begin Patch\n*** Update File: f\n@@\n-a\n+b\n*** End Patch'), undefined);
});

test('the blame engine replays the same attributions with the line-level patches as without', () => {
  const rand = seeded(99);
  const plain = new BlameEngine(applyRecordedPatch);
  const lineLevel = new BlameEngine(applyRecordedPatch, applyRecordedPatchToLines);
  for (let h = 0; h < 40; h++) {
    let lines = randomText(rand, 40);
    const head = `${lines.join('\n')}\n`;
    const events: FileEditEvent[] = [];
    for (let e = 0; e < 30; e++) {
      const next = mutate(rand, lines);
      const patch = createPatch('/w/f', `${lines.join('\n')}\n`, `${next.join('\n')}\n`);
      const origin = { agent: 'claude-code' as const, sessionKey: 'claude-code:s', sessionId: 's', promptId: `p${e}`, promptIndex: e, prompt: `prompt ${e}`, toolCallId: `t${e}`, tool: 'Edit', via: 'patch' as const, timestamp: `2026-01-01T10:00:${String(e).padStart(2, '0')}.000Z` };
      const event: FileEditEvent = { kind: 'edit', seq: e, ord: 0, timestamp: origin.timestamp, path: '/w/f', op: 'update', patch, origin };
      // Now and then a full recorded state in between, as another agent's edit records it.
      if (rand() < 0.1) {
        event.before = `${lines.join('\n')}\n`;
      }
      events.push(event);
      lines = next;
    }
    const history: FileHistory = { path: '/w/f', events, shellRuns: [], headContent: head };
    const a = plain.replay(history);
    const b = lineLevel.replay(history);
    assert.equal(b.content, a.content);
    assert.deepEqual(b.lines, a.lines);
    assert.deepEqual(b.origins, a.origins);
    assert.deepEqual(b.notes, a.notes);
    const final = `${lines.join('\n')}\n`;
    assert.deepEqual(lineLevel.blame(b, final, []).lines, plain.blame(a, final, []).lines);
  }
});

test('reads plain patches (Claude\'s shape) as jsdiff\'s parsePatch does, and leaves every other shape to it', () => {
  const rand = seeded(7);
  let read = 0;
  for (let i = 0; i < 2000; i++) {
    const a = randomText(rand, Math.floor(rand() * 30));
    const b = mutate(rand, a);
    const made = createPatch('f', joined(a, rand() < 0.8), joined(b, rand() < 0.8), '', '', { context: Math.floor(rand() * 4) });
    // As Claude's structuredPatch is stored: file headers then hunks (or hunks alone), no "Index:" preamble.
    const body = made.slice(made.indexOf('--- '));
    const patch = rand() < 0.5 ? body : body.slice(body.indexOf('@@'));
    const ours = plainHunks(patch);
    if (patch.includes('\\ No newline') || !patch.includes('@@')) {
      assert.equal(ours, undefined, patch);
      continue;
    }
    assert.ok(ours, `case ${i} not read:\n${patch}`);
    read++;
    const theirs = parsePatch(patch)[0].hunks.map((h) => ({ oldStart: h.oldStart, lines: h.lines }));
    assert.deepEqual(ours, theirs, patch);
  }
  assert.ok(read > 1000, `read ${read}`);
  // What parsePatch reads differently, or rejects: an "Index:" preamble, a second file, an empty line inside a
  // hunk, counts that do not match, a "\ No newline" marker, trailing text.
  for (const other of [
    'Index: f\n===\n--- f\n+++ f\n@@ -1 +1 @@\n-a\n+b\n',
    '--- f\n+++ f\n@@ -1 +1 @@\n-a\n+b\n--- g\n+++ g\n@@ -1 +1 @@\n-a\n+b\n',
    '@@ -1,2 +1,2 @@\n\n-a\n+b\n',
    '@@ -1,2 +1,2 @@\n-a\n+b\n',
    '@@ -1 +1 @@\n-a\n+b\n\\ No newline at end of file\n',
    '@@ -1 +1 @@\n-a\n+b\nmore\n',
    '@@ -1,0 +1,0 @@\n',
    '--- f\n@@ -1 +1 @@\n-a\n+b\n',
  ]) {
    assert.equal(plainHunks(other), undefined, other);
  }
});
