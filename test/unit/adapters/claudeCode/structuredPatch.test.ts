// src/core/structuredPatch.ts (agent-independent; tested here because Claude's edits are its first user).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatPatch, structuredPatch } from 'diff';
import { applyHunks, formatHunks, reverseHunks, type PatchHunk } from '../../../../src/core/structuredPatch';
import { jsonlFiles, publicDir, recordedDir } from './claudeFixtures';

/** Deterministic pseudo-random texts: few distinct lines so diffs have context, with and without final newline. */
function texts(seed: number, count: number): string[] {
  let x = seed;
  const next = (): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x;
  };
  const out: string[] = ['', '\n', 'a', 'a\n'];
  for (let i = 0; i < count; i++) {
    const lines = Array.from({ length: next() % 25 }, () => ['alpha', 'beta', 'gamma', '', '  x = 1;', 'delta $& $1'][next() % 6]);
    out.push(lines.join('\n') + (next() % 3 === 0 ? '' : '\n'));
  }
  return out;
}

describe('applyHunks', () => {
  const samples = texts(7, 60);

  it('turns old into new for jsdiff structured patches (context 3 and 0)', () => {
    let pairs = 0;
    for (const a of samples) {
      for (const b of samples.slice(0, 30)) {
        for (const context of [3, 0]) {
          const hunks = structuredPatch('f', 'f', a, b, '', '', { context }).hunks as PatchHunk[];
          assert.equal(applyHunks(a, hunks), b, JSON.stringify({ a, b, context }));
          // And the reverse patch undoes it.
          assert.equal(applyHunks(b, reverseHunks(hunks)), a, JSON.stringify({ a, b, context, reverse: true }));
          pairs++;
        }
      }
    }
    assert.ok(pairs > 3000);
  });

  it('refuses hunks whose context or removed lines do not match', () => {
    const hunks = structuredPatch('f', 'f', 'one\ntwo\nthree\n', 'one\n2\nthree\n').hunks as PatchHunk[];
    assert.equal(applyHunks('one\nTWO\nthree\n', hunks), undefined);
    assert.equal(applyHunks('zero\none\ntwo\nthree\n', hunks), undefined, 'no fuzzy relocation');
    assert.equal(applyHunks('one\ntwo\nthree', hunks), undefined, 'final newline must match');
    assert.equal(applyHunks('one\n', [{ oldStart: 1, oldLines: 2, newStart: 1, newLines: 1, lines: ['-one'] }]), undefined, 'line counts must match');
  });

  it('accepts the unified-diff spelling of an insertion into an empty file', () => {
    assert.equal(applyHunks('', [{ oldStart: 0, oldLines: 0, newStart: 1, newLines: 2, lines: ['+a', '+b'] }]), 'a\nb\n');
  });
});

describe('formatHunks', () => {
  it('prints what jsdiff prints', () => {
    for (const [a, b] of [
      ['a\nb\n', 'a\nx\nb\n'],
      ['', 'x\n'],
      ['x\n', ''],
      ['a\nb', 'a\nc'],
    ]) {
      const patch = structuredPatch('f', 'f', a, b, '', '');
      const expected = formatPatch(patch).split('\n').slice(2).join('\n');
      assert.equal(formatHunks('f', patch.hunks as PatchHunk[]), expected);
    }
  });
});

describe('real Claude structured patches', () => {
  it('apply exactly to originalFile and agree with the recorded edit', () => {
    const files = [...jsonlFiles(publicDir), ...jsonlFiles(recordedDir).filter((f) => /[\\/]projects[\\/]/.test(f))];
    let applied = 0;
    for (const file of files) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line.includes('"structuredPatch"')) {
          continue;
        }
        const r = (JSON.parse(line) as { toolUseResult?: Record<string, unknown> }).toolUseResult;
        const hunks = r?.structuredPatch as PatchHunk[] | undefined;
        const original = (r?.originalFile ?? r?.originalFileContents) as string | null | undefined;
        if (!hunks || hunks.length === 0 || typeof original !== 'string') {
          continue;
        }
        const after = applyHunks(original, hunks);
        assert.notEqual(after, undefined, `${join(file)}: patch applies`);
        if (typeof r?.content === 'string') {
          assert.equal(after, r.content);
        }
        if (typeof r?.newString === 'string') {
          assert.ok(after?.includes(r.newString));
        }
        applied++;
      }
    }
    assert.ok(applied >= 10, `applied ${applied}`);
  });
});
