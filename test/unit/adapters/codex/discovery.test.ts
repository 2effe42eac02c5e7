// Discovery: Codex homes are not grouped by project, so the recorded cwd in each rollout's first line decides.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { codexAdapter } from '../../../../src/adapters/codex/codexAdapter';
import type { ParseIssue } from '../../../../src/core/ops';
import { fixtureExists, loadFixture } from './recordedFixture';

async function discover(roots: string[], folders: string[]): Promise<{ paths: string[]; issues: ParseIssue[]; modes: string[] }> {
  const issues: ParseIssue[] = [];
  const files = await codexAdapter.discover(roots, folders, issues);
  return { paths: files.map((f) => f.path).sort(), issues, modes: files.map((f) => f.mode) };
}

describe('codex discovery on recorded homes', () => {
  it('finds only the rollouts of the workspace in a shared CODEX_HOME', { skip: !fixtureExists('multi-agent/codex', 'multi-agent/home/.codex') || !fixtureExists('multi-agent/other', 'multi-agent/home/.codex') }, async () => {
    const mine = loadFixture('multi-agent/codex', 'multi-agent/home/.codex');
    const other = loadFixture('multi-agent/other', 'multi-agent/home/.codex');
    assert.notEqual(mine.repoPath, other.repoPath);

    const forMine = await discover([mine.home], [mine.repoPath]);
    assert.deepEqual(forMine.issues, []);
    assert.deepEqual(forMine.paths, mine.rollouts);

    const forOther = await discover([mine.home], [other.repoPath]);
    assert.deepEqual(forOther.paths, other.rollouts);

    const both = await discover([mine.home], [mine.repoPath, other.repoPath]);
    assert.deepEqual(both.paths, [...mine.rollouts, ...other.rollouts].sort());

    // A sibling folder whose name is a prefix of the repo's is not the repo.
    assert.deepEqual((await discover([mine.home], [mine.repoPath.slice(0, -2)])).paths, []);
    // The parent folder contains both sessions' cwds.
    assert.deepEqual((await discover([mine.home], [join(mine.repoPath, '..')])).paths.length, 2);
  });

  const ownHomes = [
    'codex-exec',
    'codex-tui',
    'codex-exec-v0.171.0',
    'codex-tui-v0.171.0',
    'codex-big-file-v0.171.0',
    'codex-code-mode-v0.145.0',
    'codex-code-mode-tui-v0.145.0',
    'codex-code-mode-v0.171.0',
  ].map((dir) => [dir, `${dir}/codex-home`] as const);
  it('finds the exec and TUI sessions in their own homes (0.145.0, 0.169.0 and 0.171.0)', { skip: !ownHomes.every(([dir, home]) => fixtureExists(dir, home)) }, async () => {
    for (const [dir, home] of ownHomes) {
      const fx = loadFixture(dir, home);
      const found = await discover([fx.home], [fx.repoPath]);
      assert.deepEqual(found.paths, fx.rollouts);
      assert.deepEqual(found.modes, ['append']);
      assert.deepEqual((await discover([fx.home], ['/somewhere/else'])).paths, []);
    }
  });
});

describe('codex discovery layouts', () => {
  const home = mkdtempSync(join(tmpdir(), 'codex-home-'));
  const write = (rel: string, lines: unknown[]): string => {
    const p = join(home, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
    return p;
  };
  const meta = (cwd: string, extra: object = {}) => ({ timestamp: '2026-01-01T00:00:00.000Z', type: 'session_meta', payload: { id: 'x', cwd, ...extra } });

  const inWs = write('sessions/2026/01/02/rollout-2026-01-02T10-00-00-a.jsonl', [meta('/ws/project')]);
  const inSub = write('sessions/2026/01/02/rollout-2026-01-02T11-00-00-b.jsonl', [meta('/ws/project/packages/app', { base_instructions: { text: 'i'.repeat(300_000) } })]);
  write('sessions/2026/01/03/rollout-2026-01-03T10-00-00-c.jsonl', [meta('/elsewhere')]);
  const archivedFlat = write('archived_sessions/rollout-2025-12-01T10-00-00-d.jsonl', [meta('/ws/project')]);
  const archivedDated = write('archived_sessions/2025/11/30/rollout-2025-11-30T10-00-00-e.jsonl', [meta('/ws/project')]);
  const bare = write('sessions/2025/09/02/rollout-2025-09-02T17-17-41-f.jsonl', [
    { id: 'f', timestamp: '2025-09-02T17:17:41.762Z', instructions: null },
    { record_type: 'state' },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: '<environment_context>\n  <cwd>/ws/project</cwd>\n</environment_context>' }] },
  ]);
  write('sessions/2025/09/03/rollout-2025-09-03T17-17-41-g.jsonl', [
    { id: 'g', timestamp: '2025-09-03T17:17:41.762Z', instructions: null },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: '<environment_context>\n  <cwd>/other/project</cwd>\n</environment_context>' }] },
  ]);
  const unknownCwd = write('sessions/2025/09/04/rollout-2025-09-04T17-17-41-h.jsonl', [{ id: 'h', timestamp: '2025-09-04T17:17:41.762Z' }]);
  const tsEra = write('sessions/rollout-2025-05-01-aaaa.json', ['{"session":{"id":"aaaa"},"items":[]}']);
  write('sessions/2026/01/04/rollout-2026-01-04T10-00-00-i.jsonl', [meta('/ws/project')]);
  write('sessions/2026/01/04/rollout-2026-01-04T10-00-00-i.jsonl.zst', ['compressed copy']);
  const zstOnly = write('sessions/2026/01/05/rollout-2026-01-05T10-00-00-j.jsonl.zst', ['compressed']);
  write('sessions/2026/01/05/notes.txt', ['not a rollout']);
  const subagent = write('sessions/2026/01/06/rollout-2026-01-06T10-00-00-k.jsonl', [
    meta('/ws/project', { source: { subagent: { thread_spawn: { parent_thread_id: 'parent-1', depth: 1 } } } }),
  ]);

  // inSub's first line carries 300 KB of base instructions before its cwd matters.
  it('keeps the workspace rollouts in dated, flat and archived folders, bare era and TS era included', async () => {
    const issues: ParseIssue[] = [];
    const files = await codexAdapter.discover([home], ['/ws/project'], issues);
    const paths = files.map((f) => f.path).sort();
    const expected = [inWs, inSub, archivedFlat, archivedDated, bare, unknownCwd, tsEra, join(home, 'sessions/2026/01/04/rollout-2026-01-04T10-00-00-i.jsonl'), subagent].sort();
    assert.deepEqual(paths, expected);
    assert.equal(files.find((f) => f.path === tsEra)?.mode, 'whole');
    assert.equal(files.find((f) => f.path === subagent)?.parentSessionId, 'parent-1');
    assert.deepEqual(
      issues.map((i) => [i.kind, i.file]),
      [['io', zstOnly]],
      'a compressed rollout without its plain file is reported, not silently skipped',
    );
    assert.match(issues[0].message, /compressed/);
  });

  it('reports a missing home without throwing, and honours CODEX_HOME', async () => {
    const missing = join(home, 'nope');
    const { paths, issues } = await discover([missing], ['/ws/project']);
    assert.deepEqual(paths, []);
    assert.deepEqual(
      issues.map((i) => [i.kind, i.file]),
      [['io', missing]],
    );
    assert.deepEqual(codexAdapter.defaultRoots({ home: '/home/u', env: { CODEX_HOME: '/opt/codex' } }), ['/opt/codex']);
    assert.deepEqual(codexAdapter.defaultRoots({ home: '/home/u', env: {} }), [join('/home/u', '.codex')]);
  });
});
