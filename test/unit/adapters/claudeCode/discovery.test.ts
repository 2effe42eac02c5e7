import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { claudeCodeAdapter } from '../../../../src/adapters/claudeCode/claudeCodeAdapter';
import { sanitizeProjectPath } from '../../../../src/adapters/claudeCode/discovery';
import type { ParseIssue } from '../../../../src/core/ops';
import { recorded, recordedDir, run } from './claudeFixtures';

async function discover(roots: string[], folders: string[]): Promise<{ files: Array<{ path: string; parentSessionId?: string }>; issues: ParseIssue[] }> {
  const issues: ParseIssue[] = [];
  const files = await claudeCodeAdapter.discover(roots, folders, issues);
  assert.ok(files.every((f) => f.agent === 'claude-code' && f.mode === 'append'));
  return { files: files.map((f) => (f.parentSessionId ? { path: f.path, parentSessionId: f.parentSessionId } : { path: f.path })), issues };
}

describe('sanitizeProjectPath', () => {
  it('replaces every non-alphanumeric character like Claude does', () => {
    assert.equal(sanitizeProjectPath('/Users/alice/my_app.v2'), '-Users-alice-my-app-v2');
    assert.equal(sanitizeProjectPath('C:\\Users\\me\\proj'), 'C--Users-me-proj');
    assert.equal(sanitizeProjectPath('/tmp/ünï code'), '-tmp--n--code');
    // Per UTF-16 code unit, as in Claude's JavaScript: an emoji becomes two dashes.
    assert.equal(sanitizeProjectPath('/a/\u{1F600}b'), '-a---b');
  });
});

describe('defaultRoots', () => {
  it('honours CLAUDE_CONFIG_DIR, else ~/.claude', () => {
    assert.deepEqual(claudeCodeAdapter.defaultRoots({ home: '/home/u', env: {} }), ['/home/u/.claude']);
    assert.deepEqual(claudeCodeAdapter.defaultRoots({ home: '/home/u', env: { CLAUDE_CONFIG_DIR: '/cfg/claude' } }), ['/cfg/claude']);
    assert.deepEqual(claudeCodeAdapter.defaultRoots({ home: '/home/u', env: { CLAUDE_CONFIG_DIR: '' } }), ['/home/u/.claude']);
  });
});

describe('discover (synthetic layout)', () => {
  const root = mkdtempSync(join(tmpdir(), 'claude-discover-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const projects = join(root, '.claude', 'projects');
  const workspace = join(root, 'work', 'demo-repo');
  const sanitized = sanitizeProjectPath(workspace);
  const touch = (rel: string): string => {
    const p = join(projects, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, '');
    return p;
  };
  const main = touch(`${sanitized}/s1.jsonl`);
  const oldAgent = touch(`${sanitized}/agent-e1c84ba5.jsonl`);
  const sub = touch(`${sanitized}/s1/subagents/agent-a1.jsonl`);
  const workflow = touch(`${sanitized}/s1/subagents/workflows/run1/agent-w1.jsonl`);
  touch(`${sanitized}/s1/subagents/agent-a1.meta.json`);
  touch(`${sanitized}/s1/tool-results/toolu_1.txt`);
  const inSubfolder = touch(`${sanitized}-packages-app/s2.jsonl`);
  touch(`${sanitizeProjectPath(join(root, 'work', 'other'))}/s3.jsonl`);
  touch(`${sanitizeProjectPath(join(root, 'work', 'demo'))}/s4.jsonl`);
  mkdirSync(join(projects, sanitized, 'memory'), { recursive: true });
  // Long paths: Claude keeps 200 characters and adds a hash we cannot recompute.
  const longWorkspace = join(root, 'work', 'x'.repeat(220));
  const longDir = `${sanitizeProjectPath(longWorkspace).slice(0, 200)}-1abc2de`;
  const long = touch(`${longDir}/s5.jsonl`);

  it('finds main, subagent (both layouts) and subfolder transcripts of a folder, nothing else', async () => {
    const { files, issues } = await discover([join(root, '.claude')], [workspace]);
    assert.deepEqual(issues, []);
    assert.deepEqual(
      files,
      [
        { path: oldAgent },
        { path: sub, parentSessionId: 's1' },
        { path: workflow, parentSessionId: 's1' },
        { path: main },
        { path: inSubfolder },
      ].sort((a, b) => (a.path < b.path ? -1 : 1)),
    );
  });

  it('matches long folder names by their 200-character prefix', async () => {
    const { files } = await discover([join(root, '.claude')], [longWorkspace]);
    assert.deepEqual(files, [{ path: long }]);
  });

  it('also matches the resolved path of a symlinked folder', async () => {
    const link = join(root, 'link-to-repo');
    mkdirSync(workspace, { recursive: true });
    symlinkSync(workspace, link);
    const { files } = await discover([join(root, '.claude')], [link]);
    assert.ok(files.some((f) => f.path === main));
  });

  it('reports a missing root as an io issue instead of throwing', async () => {
    const { files, issues } = await discover([join(root, 'nope')], [workspace]);
    assert.deepEqual(files, []);
    assert.equal(issues.length, 1);
    assert.equal(issues[0].kind, 'io');
  });
});

describe('discover (recorded homes)', () => {
  it('claude-decoy: the lossy directory name yields both sessions; the recorded cwd tells them apart', async () => {
    const fx = recorded('claude-decoy', 'claude-decoy.json');
    assert.ok(fx);
    const mainRepo = '/tmp/agent-trail-fixtures/claude-print/demo-repo';
    const idOf = (name: string): string => readFileSync(join(recordedDir, name, 'session-id.txt'), 'utf8').trim();
    const expected = new Map([
      [mainRepo, idOf('claude-print')],
      [fx.repo, idOf('claude-decoy')],
    ]);
    for (const [folder, id] of expected) {
      const issues: ParseIssue[] = [];
      const files = await claudeCodeAdapter.discover([fx.claudeRoot], [folder], issues);
      assert.deepEqual(issues, []);
      assert.equal(files.length, 2);
      const belonging = run(files).sessions.filter((s) => s.cwd === folder || s.cwd.startsWith(`${folder}/`));
      assert.equal(belonging.length, 1);
      assert.equal(belonging[0].id, id);
      assert.equal(belonging[0].cwd, folder);
    }
  });

  it('claude-subagent: the parent and its subagent transcript', async () => {
    const fx = recorded('claude-subagent', 'claude-subagent.json');
    assert.ok(fx);
    const issues: ParseIssue[] = [];
    const files = await claudeCodeAdapter.discover([fx.claudeRoot], [fx.repo], issues);
    assert.deepEqual(issues, []);
    assert.deepEqual(
      files.map((f) => f.path).sort(),
      fx.transcripts.map((f) => f.path).sort(),
    );
    assert.equal(files.filter((f) => f.parentSessionId !== undefined).length, 1);
  });

  it('multi-agent: only the Claude transcript of demo-repo, none for the other repo', async () => {
    const claudeRoot = join(recordedDir, 'multi-agent/home/.claude');
    const issues: ParseIssue[] = [];
    const files = await claudeCodeAdapter.discover([claudeRoot], ['/tmp/agent-trail-fixtures/multi-agent/demo-repo'], issues);
    assert.deepEqual(issues, []);
    assert.equal(files.length, 1);
    assert.ok(files[0].path.endsWith('.jsonl'));
    assert.deepEqual(await claudeCodeAdapter.discover([claudeRoot], ['/tmp/agent-trail-fixtures/multi-agent/other-repo'], issues), []);
  });
});

describe('discover: sessions started in a parent folder (recorded claude-monorepo-v2.1.332)', () => {
  const root = join(recordedDir, 'claude-monorepo-v2.1.332', 'claude-home');
  const repo = '/tmp/agent-trail-fixtures/claude-monorepo-v2.1.332/monorepo';

  it('a package folder finds the session started at the monorepo root; a sibling of the root does not', async () => {
    const atRoot = await discover([root], [repo]);
    assert.equal(atRoot.files.length, 1);
    assert.deepEqual(await discover([root], [join(repo, 'packages', 'app')]), atRoot);
    assert.deepEqual(await discover([root], [join(repo, 'packages', 'app', 'src', 'deeper')]), atRoot);
    assert.deepEqual((await discover([root], [`${repo}-other`])).files, []);
    assert.deepEqual((await discover([root], ['/somewhere/else'])).files, []);
  });
});
