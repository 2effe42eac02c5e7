import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodeDiffQuery,
  diffDocumentContent,
  encodeDiffQuery,
  patchDocument,
  planPromptDiff,
} from '../../../src/vscode/diffPresentation';

const base = { path: '/w/src/a.ts', patches: [] as string[] };

describe('diff document references', () => {
  it('round-trips through a URI query, including awkward characters', () => {
    const ref = { sessionKey: 'codex:1&2=3', promptId: 'p#1', path: '/w/a b/c?.ts', side: 'after' as const };
    assert.deepEqual(decodeDiffQuery(encodeDiffQuery(ref)), ref);
  });

  it('rejects incomplete or unknown references', () => {
    assert.equal(decodeDiffQuery('session=a&prompt=b&file=c&side=middle'), undefined);
    assert.equal(decodeDiffQuery(''), undefined);
  });
});

describe('planPromptDiff', () => {
  it('diffs when both sides are known', () => {
    assert.deepEqual(planPromptDiff({ ...base, before: 'a', after: 'b' }, 3), { kind: 'diff', title: 'a.ts · Prompt #3' });
  });

  it('marks sides that did not exist', () => {
    assert.equal(planPromptDiff({ ...base, before: null, after: 'b' }, 1).kind, 'diff');
    assert.match((planPromptDiff({ ...base, before: null, after: 'b' }, 1) as { title: string }).title, /did not exist/);
    assert.match((planPromptDiff({ ...base, before: 'a', after: null }, 1) as { title: string }).title, /deleted/);
  });

  it('falls back to the recorded patches when a side is unknown', () => {
    assert.deepEqual(planPromptDiff({ ...base, before: undefined, after: undefined, patches: ['@@'] }, 2), {
      kind: 'patch',
      title: 'a.ts · Prompt #2 (recorded patch)',
    });
  });

  it('says so when nothing was recorded', () => {
    assert.equal(planPromptDiff({ ...base, before: undefined, after: undefined }, 1).kind, 'none');
  });
});

describe('document contents', () => {
  it('serves each side, empty for missing ones', () => {
    const diff = { ...base, before: null, after: 'new\n' };
    assert.equal(diffDocumentContent(diff, 'before'), '');
    assert.equal(diffDocumentContent(diff, 'after'), 'new\n');
  });

  it('joins several patches with headers', () => {
    assert.equal(patchDocument({ ...base, before: undefined, after: undefined, patches: ['one'] }), 'one\n');
    const doc = patchDocument({ ...base, before: undefined, after: undefined, patches: ['one\n', 'two'] });
    assert.match(doc, /change 1 of 2 ──\none\n/);
    assert.match(doc, /change 2 of 2 ──\ntwo\n$/);
  });
});
