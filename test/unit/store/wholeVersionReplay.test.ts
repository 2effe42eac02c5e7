// Blame's replay of whole-version histories (Gemini CLI records the file before and after every edit, and its diff):
// with content identities (the archive's hashes) the replay rebuilds each recorded after from the diff and proves it
// by hash instead of reading, decoding and splitting it, and skips a recorded before it already holds. The answers
// must be exactly those of the replay that reads every content, including where a recorded content is not what the
// diff gives (the file changed between edits, a diff that disagrees with the recorded after, one it cannot apply).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPatch } from 'diff';
import { BlameEngine } from '../../../src/core/blame/blameEngine';
import type { FileEditEvent, FileHistory } from '../../../src/core/blame/blameModel';
import { hashContent } from '../../../src/store/blobArchive';
import { applyRecordedPatch, applyRecordedPatchToLines } from '../../../src/store/recordedPatch';

const path = '/w/big.ts';
const reference = new BlameEngine(applyRecordedPatch);
const withIds = new BlameEngine(applyRecordedPatch, applyRecordedPatchToLines, hashContent);

interface Reads {
  before: number;
  after: number;
}

/** Deterministic pseudo-random numbers (the same history every run). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

interface Version {
  before: string;
  after: string;
  patch: string;
}

/** An edit's event whose contents are counted when read, as the index's lazy contents are. */
function event(i: number, v: Version, reads: Reads, ids: boolean): FileEditEvent {
  const timestamp = new Date(Date.UTC(2026, 0, 1, 10, 0, i)).toISOString();
  const e: FileEditEvent = {
    kind: 'edit',
    seq: i,
    ord: 0,
    timestamp,
    path,
    op: 'update',
    patch: v.patch,
    origin: { agent: 'gemini-cli', sessionKey: 'gemini-cli:s', sessionId: 's', promptId: `p${i}`, promptIndex: i + 1, prompt: `prompt ${i}`, toolCallId: `c${i}`, tool: 'replace', via: 'edit', timestamp },
  };
  // Read from the archive on first access, then held (blameHistory.ts's lazyContent).
  for (const key of ['before', 'after'] as const) {
    Object.defineProperty(e, key, {
      enumerable: true,
      configurable: true,
      get: () => {
        reads[key]++;
        Object.defineProperty(e, key, { value: v[key], enumerable: true, writable: true });
        return v[key];
      },
    });
  }
  if (ids) {
    e.beforeId = hashContent(v.before);
    e.afterId = hashContent(v.after);
  }
  return e;
}

type Anomaly = 'none' | 'changed-between' | 'diff-disagrees' | 'no-final-newline' | 'crlf';

/** `edits` edits of a `lines`-line file, each rewriting, inserting or deleting a few lines; `anomalies` by edit. */
function versions(seed: number, lines: number, edits: number, anomalies: Record<number, Anomaly> = {}): Version[] {
  const rand = random(seed);
  let next = 0;
  const line = (): string => `  const v${next++} = f(${Math.floor(rand() * 1e6)});`;
  let current = Array.from({ length: lines }, line);
  const out: Version[] = [];
  for (let e = 0; e < edits; e++) {
    const anomaly = anomalies[e] ?? 'none';
    if (anomaly === 'changed-between') {
      // Someone else changed the file after the previous edit: this edit's before is not the previous after.
      current = [...current.slice(0, 3), 'typed by hand', ...current.slice(3)];
    }
    const at = Math.floor(rand() * (current.length - 4));
    const removed = Math.floor(rand() * 3);
    const added = Array.from({ length: Math.floor(rand() * 3) + (removed === 0 ? 1 : 0) }, line);
    const nextLines = [...current.slice(0, at), ...added, ...current.slice(at + removed)];
    const eol = anomaly === 'crlf' ? '\r\n' : '\n';
    const before = `${current.join(eol)}${eol}`;
    let after = `${nextLines.join(eol)}${anomaly === 'no-final-newline' ? '' : eol}`;
    const patch = createPatch('big.ts', before, after, 'Current', 'Proposed', { context: 3 });
    if (anomaly === 'diff-disagrees') {
      // The recorded after is not what the diff gives (the content written was changed after the diff was made).
      after = after.replace(nextLines[nextLines.length - 1], 'changed after the diff');
      nextLines[nextLines.length - 1] = 'changed after the diff';
    }
    out.push({ before, after, patch });
    current = anomaly === 'no-final-newline' || anomaly === 'crlf' ? splitBack(after) : nextLines;
  }
  return out;
}

function splitBack(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines;
}

function histories(vs: Version[]): { plain: FileHistory; ided: FileHistory; plainReads: Reads; idReads: Reads } {
  const plainReads = { before: 0, after: 0 };
  const idReads = { before: 0, after: 0 };
  return {
    plain: { path, events: vs.map((v, i) => event(i, v, plainReads, false)), shellRuns: [] },
    ided: { path, events: vs.map((v, i) => event(i, v, idReads, true)), shellRuns: [] },
    plainReads,
    idReads,
  };
}

test('a whole-version history is replayed from its diffs, reading only the first before, with the same answers', () => {
  const vs = versions(1, 400, 120);
  const { plain, ided, idReads } = histories(vs);
  const expected = reference.replay(plain);
  const got = withIds.replay(ided);
  assert.deepEqual(got, expected);
  assert.equal(got.content, vs[vs.length - 1].after);
  assert.deepEqual(idReads, { before: 1, after: 0 }, 'the recorded contents are proven by hash, not read');
  const content = vs[vs.length - 1].after;
  assert.deepEqual(withIds.blame(got, content, []), reference.blame(expected, content, []));
  assert.ok(got.origins.some((o) => o !== null) && got.origins.some((o) => o === null));
});

test('where a recorded content is not what the replay holds or the diff gives, it is read, and the answers stay the same', () => {
  const anomalies: Record<number, Anomaly> = { 10: 'changed-between', 20: 'diff-disagrees', 30: 'no-final-newline', 31: 'no-final-newline' };
  const vs = versions(2, 200, 50, anomalies);
  const { plain, ided, idReads } = histories(vs);
  const expected = reference.replay(plain);
  assert.deepEqual(withIds.replay(ided), expected);
  // Edit 10's before (changed by hand), 21's before (after a recorded after the replay did not hold as it was
  // rebuilt: it was read, so it is held), the afters of 20 (disagrees) and 30/31 (no final newline: jsdiff's rules).
  assert.ok(idReads.before >= 2 && idReads.before <= 4, `before read ${idReads.before} times`);
  assert.ok(idReads.after >= 2 && idReads.after <= 4, `after read ${idReads.after} times`);
  // The hand-typed line is nobody's.
  assert.equal(expected.origins[expected.lines.indexOf('typed by hand')], null);
});

test('Windows line endings are left to the replay that reads them', () => {
  const vs = versions(3, 50, 10, { 0: 'crlf', 1: 'crlf', 2: 'crlf' });
  const { plain, ided } = histories(vs);
  assert.deepEqual(withIds.replay(ided), reference.replay(plain));
});

test('many random histories with every anomaly: the same answers as the replay that reads every content', () => {
  const kinds: Anomaly[] = ['changed-between', 'diff-disagrees', 'no-final-newline', 'crlf'];
  for (let seed = 10; seed < 40; seed++) {
    const rand = random(seed);
    const anomalies: Record<number, Anomaly> = {};
    for (let k = 0; k < 4; k++) {
      anomalies[Math.floor(rand() * 30)] = kinds[Math.floor(rand() * kinds.length)];
    }
    const vs = versions(seed, 60, 30, anomalies);
    const { plain, ided } = histories(vs);
    const expected = reference.replay(plain);
    const got = withIds.replay(ided);
    assert.deepEqual(got, expected, `seed ${seed}`);
    const content = vs[vs.length - 1].after;
    assert.deepEqual(withIds.blame(got, content, []), reference.blame(expected, content, []), `seed ${seed}`);
  }
});
