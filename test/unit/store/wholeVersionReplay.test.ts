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
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveProof } from '../../../src/store/archiveProof';
import { hashContent, MemoryBlobArchive, PackBlobArchive, type BlobArchive } from '../../../src/store/blobArchive';
import { applyRecordedPatch, applyRecordedPatchToLines } from '../../../src/store/recordedPatch';

const path = '/w/big.ts';
const reference = new BlameEngine(applyRecordedPatch);
const withIds = new BlameEngine(applyRecordedPatch, applyRecordedPatchToLines, { isContent: (text, id) => hashContent(text) === id, isSplice: () => undefined });

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

type Anomaly = 'none' | 'changed-between' | 'diff-disagrees' | 'no-final-newline' | 'crlf' | 'non-ascii' | 'new-line-differs' | 'first-line-differs' | 'last-line-differs';

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
    if (anomaly === 'non-ascii') {
      // Char offsets are no longer byte offsets from here on.
      added.push('  // café ☕ 𝄞');
    }
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
    if (anomaly === 'new-line-differs' || anomaly === 'first-line-differs' || anomaly === 'last-line-differs') {
      // The recorded after differs from the diff's by one char, in a line the diff adds or far from it: as long.
      const k = anomaly === 'last-line-differs' ? nextLines.length - 1 : anomaly === 'first-line-differs' || added.length === 0 ? 0 : at;
      nextLines[k] = `${nextLines[k].slice(0, -1)}${nextLines[k].endsWith('#') ? '%' : '#'}`;
      after = `${nextLines.join(eol)}${eol}`;
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

/** The events of `vs` with their contents in `archive`, read from it on first access (as blameHistory.ts does). */
function archivedHistory(vs: Version[], archive: BlobArchive): { history: FileHistory; gets: Reads } {
  const gets = { before: 0, after: 0 };
  const events = vs.map((v, i) => {
    const e = event(i, v, { before: 0, after: 0 }, false);
    for (const key of ['before', 'after'] as const) {
      const id = archive.put(v[key]);
      e[key === 'before' ? 'beforeId' : 'afterId'] = id;
      Object.defineProperty(e, key, {
        enumerable: true,
        configurable: true,
        get: () => {
          gets[key]++;
          const value = archive.get(id);
          Object.defineProperty(e, key, { value, enumerable: true, writable: true });
          return value;
        },
      });
    }
    return e;
  });
  archive.sync();
  return { history: { path, events, shellRuns: [] }, gets };
}

/** A ContentProof over `archive` that counts how each version was proven. */
function countingProof(archive: BlobArchive): { proof: ArchiveProof; calls: { whole: number; spliced: number; undecided: number } } {
  const calls = { whole: 0, spliced: 0, undecided: 0 };
  const proof = new ArchiveProof(() => archive);
  const isContent = proof.isContent.bind(proof);
  const isSplice = proof.isSplice.bind(proof);
  proof.isContent = (text, id) => {
    calls.whole++;
    return isContent(text, id);
  };
  proof.isSplice = (...args) => {
    const r = isSplice(...args);
    if (r === undefined) {
      calls.undecided++;
    } else {
      calls.spliced++;
    }
    return r;
  };
  return { proof, calls };
}

test('the archive proves each rebuilt version by its stored bytes, from the version before: the text of none is built or hashed', () => {
  const vs = versions(4, 300, 80);
  const archive = new PackBlobArchive(mkdtempSync(join(tmpdir(), 'at-proof-')));
  const { history, gets } = archivedHistory(vs, archive);
  const { proof, calls } = countingProof(archive);
  const got = new BlameEngine(applyRecordedPatch, applyRecordedPatchToLines, proof).replay(history);
  assert.deepEqual(got, reference.replay(histories(vs).plain));
  assert.deepEqual(gets, { before: 1, after: 0 }, 'no recorded content read but the first before');
  // The first rebuilt version is compared whole (its before was read, not proven by bytes), every later one as a splice.
  assert.deepEqual(calls, { whole: 1, spliced: 79, undecided: 1 });
});

test('through the archive, with every anomaly and non-ASCII text: the same answers as the replay that reads every content', () => {
  const kinds: Anomaly[] = ['changed-between', 'diff-disagrees', 'no-final-newline', 'crlf', 'non-ascii', 'new-line-differs', 'first-line-differs', 'last-line-differs'];
  for (let seed = 50; seed < 70; seed++) {
    const rand = random(seed);
    const anomalies: Record<number, Anomaly> = {};
    for (let k = 0; k < 4; k++) {
      anomalies[Math.floor(rand() * 30)] = kinds[Math.floor(rand() * kinds.length)];
    }
    const vs = versions(seed, 60, 30, anomalies);
    const expected = reference.replay(histories(vs).plain);
    for (const archive of [new MemoryBlobArchive(), new PackBlobArchive(mkdtempSync(join(tmpdir(), 'at-proof-')))]) {
      const { history } = archivedHistory(vs, archive);
      const got = new BlameEngine(applyRecordedPatch, applyRecordedPatchToLines, new ArchiveProof(() => archive)).replay(history);
      assert.deepEqual(got, expected, `seed ${seed}, ${archive.location}`);
    }
  }
});

test('a version whose stored bytes are damaged is not proven: the replay reads it, the archive reports it, the answers are the reading replay\'s', () => {
  const vs = versions(5, 200, 40);
  const dir = mkdtempSync(join(tmpdir(), 'at-proof-'));
  const archive = new PackBlobArchive(dir);
  const { history } = archivedHistory(vs, archive);
  archive.close();
  // Damage one byte of the recorded after of edit 20, in the pack (the proof reads it unchecked).
  const damaged = vs[20].after;
  const pack = join(dir, readdirSync(dir).filter((n) => n.endsWith('.atb'))[0]);
  const bytes = readFileSync(pack);
  const at = bytes.indexOf(Buffer.from(`${hashContent(damaged)} `)) + 100;
  const newlineAt = bytes.indexOf(0x0a, at) + 1 + 10;
  bytes[newlineAt] = bytes[newlineAt] === 0x41 ? 0x42 : 0x41;
  writeFileSync(pack, bytes);
  const reopened = new PackBlobArchive(dir);
  // The same events, their contents read from the damaged archive.
  const readBack = archivedHistory(vs, new MemoryBlobArchive()).history;
  readBack.events.forEach((e, i) => {
    const original = history.events[i] as FileEditEvent;
    for (const key of ['before', 'after'] as const) {
      const id = key === 'before' ? original.beforeId : original.afterId;
      Object.defineProperty(e, key, { enumerable: true, configurable: true, get: () => (id === undefined ? undefined : reopened.get(id)) });
    }
  });
  const { proof, calls } = countingProof(reopened);
  const got = new BlameEngine(applyRecordedPatch, applyRecordedPatchToLines, proof).replay(readBack);
  assert.ok(calls.spliced > 30, 'proven as splices');
  assert.deepEqual(reopened.damage().corrupt, [hashContent(damaged)], 'the damaged version was read (checked), not trusted');
  // The reading replay of the same damaged archive: a lost recorded after is rebuilt from its diff.
  const lost = histories(vs).plain;
  Object.defineProperty(lost.events[20], 'after', { value: undefined, enumerable: true, writable: true });
  Object.defineProperty(lost.events[21], 'before', { value: undefined, enumerable: true, writable: true });
  assert.deepEqual(got, reference.replay(lost));
});
