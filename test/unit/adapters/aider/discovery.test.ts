// Discovery in the workspace (not HOME): the git root's history, a workspace folder below it, the file the
// environment or `.aider.conf.yml` names, a decoy project outside the workspace; the watch scope.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { aiderAgent } from '../../../../src/adapters/aider/aiderAgent';
import { aiderDefaultRoots } from '../../../../src/adapters/aider/paths';
import { discoverAiderHistories } from '../../../../src/adapters/aider/discovery';
import type { ParseIssue } from '../../../../src/core/ops';

const root = mkdtempSync(join(tmpdir(), 'at-aider-disc-'));
after(() => rmSync(root, { recursive: true, force: true }));
const repo = join(root, 'repo');
const sub = join(repo, 'packages/web');
const decoy = join(root, 'decoy');
for (const d of [join(repo, '.git'), sub, join(decoy, '.git')]) mkdirSync(d, { recursive: true });
for (const d of [repo, decoy]) writeFileSync(join(d, '.aider.chat.history.md'), '\n# aider chat started at 2025-01-01 00:00:00\n');

test('roots: the workspace folders and their git roots, and the folder of an absolute AIDER_CHAT_HISTORY_FILE', () => {
  assert.deepEqual(aiderDefaultRoots({ home: '/home/u', env: {}, workspaceFolders: [sub] }), [sub, repo]);
  assert.deepEqual(aiderDefaultRoots({ home: '/home/u', env: { AIDER_CHAT_HISTORY_FILE: '/logs/aider.md' }, workspaceFolders: [repo] }), [repo, '/logs']);
  assert.deepEqual(aiderDefaultRoots({ home: '/home/u', env: {} }), [], 'no workspace, nothing (never HOME)');
});

test('the history at the git root of a workspace folder is found; the decoy project is not', async () => {
  const issues: ParseIssue[] = [];
  const found = await discoverAiderHistories(aiderDefaultRoots({ home: root, env: {}, workspaceFolders: [sub] }), [sub], issues, {});
  assert.deepEqual(issues, []);
  assert.deepEqual(found, [{ agent: 'aider', path: join(repo, '.aider.chat.history.md'), mode: 'append', cwdHint: repo }]);
  const both = await discoverAiderHistories([repo, decoy], [sub], [], {});
  assert.deepEqual(both.map((f) => f.path), [join(repo, '.aider.chat.history.md')], 'a root outside the workspace gives nothing');
});

test('another history file named by the environment or by .aider.conf.yml; the watch scope', async () => {
  writeFileSync(join(repo, 'env-history.md'), '');
  writeFileSync(join(repo, 'conf-history.md'), '');
  writeFileSync(join(repo, '.aider.conf.yml'), 'model: gpt-4o\nchat-history-file: "conf-history.md"  # per project\n');
  const found = await discoverAiderHistories([repo], [repo], [], { AIDER_CHAT_HISTORY_FILE: 'env-history.md' });
  assert.deepEqual(
    found.map((f) => f.path),
    ['.aider.chat.history.md', 'conf-history.md', 'env-history.md'].map((n) => join(repo, n)),
  );
  assert.equal(aiderAgent.watch.relevant(['.aider.chat.history.md']), 'transcript');
  assert.equal(aiderAgent.watch.relevant(['.aider.conf.yml']), 'layout');
  assert.equal(aiderAgent.watch.relevant(['src', '.aider.chat.history.md']), undefined);
  assert.equal(aiderAgent.watch.relevant(['README.md']), undefined);
  assert.equal(aiderAgent.watch.descend(['src']), false, 'a workspace tree is not watched below its root');
});
