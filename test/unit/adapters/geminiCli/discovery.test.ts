// Discovery: which chats belong to a workspace, on the recorded Gemini homes and on built layouts for the
// project-id eras (slug + .project_root, projects.json only, legacy sha256 dirs) and the file variants.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { geminiCliAdapter } from '../../../../src/adapters/geminiCli/geminiCliAdapter';
import type { ParseIssue } from '../../../../src/core/ops';
import { recordedGemini, type RecordedGemini } from './recordedFixtures';

test('defaultRoots: ~/.gemini, or $GEMINI_CLI_HOME/.gemini (Gemini treats it as the home directory)', () => {
  assert.deepEqual(geminiCliAdapter.defaultRoots({ home: '/home/u', env: {} }), [path.join('/home/u', '.gemini')]);
  assert.deepEqual(geminiCliAdapter.defaultRoots({ home: '/home/u', env: { GEMINI_CLI_HOME: '/srv/g' } }), [path.join('/srv/g', '.gemini')]);
  assert.deepEqual(geminiCliAdapter.defaultRoots({ home: '/home/u', env: { GEMINI_CLI_HOME: '' } }), [path.join('/home/u', '.gemini')]);
});

const recorded = [
  recordedGemini('gemini-print', 'gemini-print', 'gemini-print/gemini-home', 'gemini-print.json'),
  recordedGemini('gemini-print-same-minute', 'gemini-print-same-minute', 'gemini-print-same-minute/gemini-home', 'gemini-print.json'),
  recordedGemini('gemini-tui', 'gemini-tui', 'gemini-tui/gemini-home', 'gemini-tui.json'),
  recordedGemini('gemini-tui-rewind', 'gemini-tui-rewind', 'gemini-tui-rewind/gemini-home', 'gemini-tui-rewind.json'),
  recordedGemini('multi-agent/gemini', 'multi-agent/gemini', 'multi-agent/home/.gemini', 'multi-gemini.json'),
  recordedGemini('multi-agent/other-gemini', 'multi-agent/other-gemini', 'multi-agent/home/.gemini', 'multi-other-gemini.json'),
].filter((r): r is RecordedGemini => r !== undefined);

for (const run of recorded) {
  describe(`discovery on recorded ${run.name}`, () => {
    test('the workspace at the recorded repo path gets exactly its chats, with the project root as cwdHint', async () => {
      const issues: ParseIssue[] = [];
      const files = await geminiCliAdapter.discover([run.geminiHome], [run.repo], issues);
      assert.deepEqual(issues, []);
      assert.deepEqual(
        files.map((f) => f.path),
        run.transcripts,
      );
      assert.ok(files.length > 0);
      for (const f of files) {
        assert.equal(f.agent, 'gemini-cli');
        assert.equal(f.mode, 'append');
        assert.equal(f.cwdHint, run.repo);
        assert.equal(f.parentSessionId, undefined);
      }
    });

    test('a parent folder of the project matches, and so does a subfolder (the session may have worked in it); a sibling or another path do not', async () => {
      const issues: ParseIssue[] = [];
      const parent = path.dirname(run.repo);
      assert.deepEqual((await geminiCliAdapter.discover([run.geminiHome], [parent], issues)).length >= run.transcripts.length, true);
      // Only candidates: the index keeps a session started above the workspace when it touched files inside it.
      assert.deepEqual(
        (await geminiCliAdapter.discover([run.geminiHome], [path.join(run.repo, 'lib')], issues)).map((f) => f.path),
        run.transcripts,
      );
      assert.deepEqual(await geminiCliAdapter.discover([run.geminiHome], [`${run.repo}-other`], issues), []);
      assert.deepEqual(await geminiCliAdapter.discover([run.geminiHome], ['/somewhere/else'], issues), []);
      assert.deepEqual(issues, []);
    });
  });
}

test('multi-agent home: the decoy gemini session of other-repo is not returned for demo-repo, and vice versa', async (t) => {
  const mine = recordedGemini('multi-agent/gemini', 'multi-agent/gemini', 'multi-agent/home/.gemini', 'multi-gemini.json');
  const decoy = recordedGemini('multi-agent/other-gemini', 'multi-agent/other-gemini', 'multi-agent/home/.gemini', 'multi-other-gemini.json');
  if (!mine || !decoy) {
    t.skip('multi-agent not recorded');
    return;
  }
  const issues: ParseIssue[] = [];
  assert.notEqual(mine.repo, decoy.repo);
  assert.ok(decoy.transcripts.length > 0);
  const all = await geminiCliAdapter.discover([mine.geminiHome], [path.dirname(mine.repo)], issues);
  assert.deepEqual(all.map((f) => f.path).sort(), [...mine.transcripts, ...decoy.transcripts].sort());
  const forMine = await geminiCliAdapter.discover([mine.geminiHome], [mine.repo], issues);
  assert.deepEqual(forMine.map((f) => f.path), mine.transcripts);
  const forDecoy = await geminiCliAdapter.discover([mine.geminiHome], [decoy.repo], issues);
  assert.deepEqual(forDecoy.map((f) => [f.path, f.cwdHint]), decoy.transcripts.map((p) => [p, decoy.repo]));
  assert.deepEqual(issues, []);
});

describe('discovery on built layouts', () => {
  const base = mkdtempSync(path.join(tmpdir(), 'gemini-discovery-'));
  const root = path.join(base, 'home/.gemini');
  const ws = path.join(base, 'ws');
  const projA = path.join(ws, 'a');
  const projB = path.join(ws, 'b');
  const projC = path.join(ws, 'c');
  const projCSub = path.join(projC, 'sub');
  const outside = path.join(base, 'elsewhere');
  for (const d of [projA, projB, projCSub, outside]) {
    mkdirSync(d, { recursive: true });
  }
  const sha = (p: string): string => createHash('sha256').update(p).digest('hex');
  const meta = (id: string): string => `${JSON.stringify({ sessionId: id, projectHash: 'h', startTime: '2026-01-01T00:00:00.000Z', lastUpdated: '2026-01-01T00:00:00.000Z' })}\n`;
  const put = (rel: string, text: string): string => {
    const p = path.join(root, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, text);
    return p;
  };
  // ≥ 0.29: slug dir with its ownership marker.
  put('tmp/a/.project_root', projA);
  const aJsonl = put('tmp/a/chats/session-2026-01-01T00-00-aaaaaaaa.jsonl', meta('aaaaaaaa-1'));
  const aMigratedJson = put('tmp/a/chats/session-2026-01-02T00-00-bbbbbbbb.json', '{}');
  const aMigratedJsonl = put('tmp/a/chats/session-2026-01-02T00-00-bbbbbbbb.jsonl', meta('bbbbbbbb-1'));
  const aLegacy = put('tmp/a/chats/session-2026-01-03T00-00-cccccccc.json', '{}');
  const aSub = put('tmp/a/chats/aaaaaaaa-1/sub-session-1.jsonl', meta('sub-session-1'));
  put('tmp/a/chats/notes.txt', 'not a chat');
  put('tmp/a/chats/session-2026-01-04T00-00-dddddddd.jsonl.tmp-123', 'partial rewrite');
  put('tmp/a/logs.json', '[]');
  // Slug only in projects.json (marker missing).
  const bJsonl = put('tmp/b/chats/session-2026-01-05T00-00-eeeeeeee.jsonl', meta('eeeeeeee-1'));
  put('projects.json', JSON.stringify({ projects: { [projB]: 'b', [outside]: 'x' } }));
  // ≤ 0.28: sha256(project root) dirs, for a workspace folder and for a direct subfolder of one.
  const cJsonl = put(`tmp/${sha(projC)}/chats/session-2026-01-06T00-00-ffffffff.json`, '{}');
  const cSubJsonl = put(`tmp/${sha(projCSub)}/chats/session-2026-01-07T00-00-99999999.json`, '{}');
  // Another project in every era: must never be returned.
  put('tmp/x/chats/session-2026-01-08T00-00-00000000.jsonl', meta('x'));
  put('tmp/other/.project_root', outside);
  put('tmp/other/chats/session-2026-01-09T00-00-11111111.jsonl', meta('o'));
  put(`tmp/${sha(outside)}/chats/session-2026-01-10T00-00-22222222.json`, '{}');
  put('tmp/bin/rg', 'binary');

  test('slug dir: jsonl (append), legacy json (whole), a migrated json skipped for its jsonl, subagents', async () => {
    const issues: ParseIssue[] = [];
    const files = await geminiCliAdapter.discover([root], [projA], issues);
    assert.deepEqual(issues, []);
    assert.deepEqual(
      files.map((f) => [f.path, f.mode, f.cwdHint, f.parentSessionId]),
      [
        [aSub, 'append', projA, 'aaaaaaaa-1'],
        [aJsonl, 'append', projA, undefined],
        [aMigratedJsonl, 'append', projA, undefined],
        [aLegacy, 'whole', projA, undefined],
      ],
    );
    assert.ok(!files.some((f) => f.path === aMigratedJson));
  });

  test('projects.json maps a slug without marker; legacy hash dirs match a folder or its direct subfolder', async () => {
    const issues: ParseIssue[] = [];
    const files = await geminiCliAdapter.discover([root], [ws], issues);
    assert.deepEqual(issues, []);
    const byPath = new Map(files.map((f) => [f.path, f]));
    assert.equal(byPath.get(bJsonl)?.cwdHint, projB);
    assert.equal(byPath.get(cJsonl)?.cwdHint, projC);
    assert.equal(byPath.get(cJsonl)?.mode, 'whole');
    // ws/c/sub is two levels below the folder: its hash is not tried (documented limit).
    assert.equal(byPath.get(cSubJsonl), undefined);
    assert.equal(files.length, 6);
    assert.ok(files.every((f) => f.cwdHint?.startsWith(ws)));
  });

  test('only the folder asked for: b is not returned for a; c/sub is returned for c', async () => {
    const issues: ParseIssue[] = [];
    assert.deepEqual((await geminiCliAdapter.discover([root], [projB], issues)).map((f) => f.path), [bJsonl]);
    const c = await geminiCliAdapter.discover([root], [projC], issues);
    assert.deepEqual(c.map((f) => [f.path, f.cwdHint]).sort(), [[cJsonl, projC], [cSubJsonl, projCSub]].sort());
    assert.deepEqual(await geminiCliAdapter.discover([root], [], issues), []);
    assert.deepEqual(issues, []);
  });

  test('missing or unreadable roots and a corrupt projects.json are issues, never throws', async () => {
    const issues: ParseIssue[] = [];
    const files = await geminiCliAdapter.discover([path.join(base, 'nope/.gemini'), root], [projA], issues);
    assert.equal(files.length, 4, 'the good root is still searched');
    assert.deepEqual(issues.map((i) => i.kind), ['io']);
    assert.equal(issues[0].file, path.join(base, 'nope/.gemini/tmp'));

    const broken = path.join(base, 'broken/.gemini');
    mkdirSync(path.join(broken, 'tmp/b/chats'), { recursive: true });
    writeFileSync(path.join(broken, 'projects.json'), '{"projects": {');
    writeFileSync(path.join(broken, 'tmp/b/chats/session-x.jsonl'), meta('s'));
    const issues2: ParseIssue[] = [];
    assert.deepEqual(await geminiCliAdapter.discover([broken], [projB], issues2), []);
    assert.deepEqual(issues2.map((i) => i.kind), ['invalid-json']);
  });
});
