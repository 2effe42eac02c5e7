// Which sessions belong to a workspace, on claude-monorepo-v2.1.332 (recorded): Claude Code was started at the
// monorepo's root, cd'd into packages/app during P1, and ended in /tmp (an added directory). The session belongs where
// it was started, and also to each package it worked in when that package alone is open; not to docs/, which it never
// touched.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { claudeCodeAdapter } from '../../../src/adapters/claudeCode/claudeCodeAdapter';
import { BlameEngine } from '../../../src/core/blame/blameEngine';
import { applyRecordedPatch } from '../../../src/store/recordedPatch';
import { runAdapter } from '../helpers/parseWithAdapter';
import { indexRecorded, recordedFixtures } from '../helpers/recordedFixtures';

const name = 'claude-monorepo-v2.1.332';
const dir = join(recordedFixtures, name);
const repo = '/tmp/agent-trail-fixtures/claude-monorepo-v2.1.332/monorepo';
const fixture = { name, roots: { 'claude-code': 'claude-home' } } as const;

function transcript(): string {
  const projects = join(dir, 'claude-home/projects');
  const session = readFileSync(join(dir, 'session-id.txt'), 'utf8').trim();
  return join(projects, '-tmp-agent-trail-fixtures-claude-monorepo-v2-1-332-monorepo', `${session}.jsonl`);
}

describe('a session belongs where it was started', () => {
  it('the last records carry cwd /tmp, the session stays at the monorepo root', () => {
    const text = readFileSync(transcript(), 'utf8').trim().split('\n');
    const cwds = text.map((l) => (JSON.parse(l) as { cwd?: string }).cwd).filter((c) => c !== undefined);
    assert.equal(cwds.at(-1), '/tmp');
    assert.ok(cwds.includes(`${repo}/packages/app`));
    const run = runAdapter(claudeCodeAdapter, [{ agent: 'claude-code', path: transcript(), mode: 'append' }]);
    assert.deepEqual(run.issues, []);
    assert.equal(run.sessions[0].cwd, repo);
    // Relative paths still resolve against the cwd of their own record: the cd'd Bash ran in packages/app.
    const bash = run.sessions[0].prompts[0].steps.find((s) => s.type === 'tool' && s.name === 'Bash');
    assert.equal(bash?.type === 'tool' ? bash.command?.cwd : undefined, repo);
  });
});

describe('sessions started in a parent folder', () => {
  for (const [folder, expected] of [
    ['', 1],
    ['packages/app', 1],
    ['packages/lib', 1],
    ['packages', 1],
    ['docs', 0],
  ] as const) {
    it(`workspace ${folder || '(the monorepo)'}: ${expected} session(s)`, async () => {
      const engine = await indexRecorded(fixture, folder ? join(repo, folder) : repo);
      try {
        assert.equal((await engine.listSessions()).length, expected);
      } finally {
        await engine.dispose();
      }
    });
  }

  it('blame in a package opened alone credits the session started at the root', async () => {
    mkdirSync(join(repo, '..'), { recursive: true });
    execFileSync('tar', ['xzf', join(dir, 'repo.tar.gz'), '-C', join(repo, '..')]);
    const app = join(repo, 'packages/app');
    const engine = await indexRecorded(fixture, app);
    try {
      const path = join(app, 'src/app.js');
      const basis = await engine.blameBasis(path);
      assert.ok(basis);
      const lines = new BlameEngine(applyRecordedPatch).blame(basis.replayed, readFileSync(join(dir, 'snapshots/turn-3/packages/app/src/app.js'), 'utf8'), basis.shellRuns).lines;
      assert.deepEqual(
        lines.map((l) => (l ? `${l.agent} #${l.promptIndex}` : null)),
        [null, null, 'claude-code #1'],
      );
    } finally {
      await engine.dispose();
    }
  });
});
