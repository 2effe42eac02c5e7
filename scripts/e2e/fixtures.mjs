// Turns the recorded fixtures into something the real extension can open: the repos at the absolute paths the
// transcripts recorded (/tmp/agent-trail-fixtures/<name>/…, written inside every record) and a HOME holding the
// agents' data folders. Used by `npm run demo` and by the e2e tests.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProvisionError } from './provisionError.mjs';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const recordedDir = join(repoRoot, 'test', 'fixtures', 'recorded');
/** Fixed: the recordings ran there, and the transcripts' cwd fields say so. */
export const fixturesRoot = '/tmp/agent-trail-fixtures';
export const multiAgentRepo = join(fixturesRoot, 'multi-agent', 'demo-repo');
/** Claude recordings whose repo can be recreated at its recorded path (claude-decoy shares claude-print's folder). */
export const extraClaudeFixtures = ['claude-print', 'claude-tui', 'claude-shell-edits'];

/**
 * Extracts `archive` into `dest` unless every top-level folder it holds is already there: the recording scripts
 * work in these same folders, and overwriting one while a recording runs would corrupt it.
 */
function untar(archive, dest, topLevel, { fresh = false } = {}) {
  if (fresh) {
    for (const name of topLevel) rmSync(join(dest, name), { recursive: true, force: true });
  } else if (topLevel.every((name) => existsSync(join(dest, name)))) {
    return;
  }
  mkdirSync(dest, { recursive: true });
  const r = spawnSync('tar', ['-xzf', archive, '-C', dest], { encoding: 'utf8' });
  if (r.status !== 0) throw new ProvisionError(`extracting ${archive} failed: ${(r.stderr || r.error?.message || '').trim()}`);
}

/**
 * /tmp/agent-trail-fixtures/multi-agent/{demo-repo,other-repo} as recorded; returns the demo-repo path. `fresh`
 * replaces what an earlier run left there (tests change files in it).
 */
export function extractMultiAgentRepos({ fresh = false } = {}) {
  untar(join(recordedDir, 'multi-agent', 'repos.tar.gz'), join(fixturesRoot, 'multi-agent'), ['demo-repo', 'other-repo'], { fresh });
  return multiAgentRepo;
}

/** /tmp/agent-trail-fixtures/<name>/demo-repo for a single-session recording; returns the repo path. */
export function extractRecordingRepo(name) {
  untar(join(recordedDir, name, 'repo.tar.gz'), join(fixturesRoot, name), ['demo-repo']);
  return join(fixturesRoot, name, 'demo-repo');
}

/**
 * A single-session recording whose repo lives at the cwd its ground truth records (the recorder's own temp folder):
 * its ground truth, and its repo extracted afresh at that path (tests change files in it). Returns the fixture's
 * folder, the ground truth, the workspace path and the prompts' texts.
 */
export function extractRecordedWorkspace(name) {
  const fixture = join(recordedDir, name);
  const truth = JSON.parse(readFileSync(join(fixture, 'ground-truth.json'), 'utf8'));
  const workspace = truth.session.cwd;
  untar(join(fixture, 'repo.tar.gz'), dirname(workspace), [basename(workspace)], { fresh: true });
  return { fixture, truth, workspace, prompts: truth.session.prompts.map((p) => p.text) };
}

/**
 * A fresh HOME for the extension host: a copy of the multi-agent home (Claude, Codex, Gemini and the decoy), plus
 * the Claude projects and file-history of `claudeFixtures`. A copy, because tests append to transcripts.
 */
export function makeHome(dest, { claudeFixtures = [] } = {}) {
  rmSync(dest, { recursive: true, force: true });
  cpSync(join(recordedDir, 'multi-agent', 'home'), dest, { recursive: true });
  for (const name of claudeFixtures) {
    const claudeHome = join(recordedDir, name, 'claude-home');
    for (const sub of ['projects', 'file-history']) {
      const from = join(claudeHome, sub);
      if (!existsSync(from)) continue;
      for (const entry of readdirSync(from)) {
        cpSync(join(from, entry), join(dest, '.claude', sub, entry), { recursive: true });
      }
    }
  }
  return dest;
}
