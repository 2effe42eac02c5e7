// `npm run demo [-- --port N]`: the Sessions view on the recorded fixtures, no agent needed. Recreates the
// recorded repos at their recorded paths (/tmp/agent-trail-fixtures/…, which the transcripts contain), builds a
// HOME from the recorded agent data (Claude Code, Codex, Gemini CLI in one repo, a decoy session in another, and
// three more Claude recordings), and opens all those repos as one multi-root workspace.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildExtension, serve } from './e2e/devServer.mjs';
import { parseArgs } from './e2e/devServerArgs.mjs';
import { extractMultiAgentRepos, extractRecordingRepo, extraClaudeFixtures, makeHome } from './e2e/fixtures.mjs';
import { cacheDir, runMain } from './e2e/provision.mjs';

await runMain(async () => {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log('usage: npm run demo [-- [--port N]]');
    return;
  }
  buildExtension('[demo]');
  const folders = [{ name: 'multi-agent', path: extractMultiAgentRepos() }];
  for (const name of extraClaudeFixtures) folders.push({ name, path: extractRecordingRepo(name) });
  const demoDir = join(cacheDir(), 'demo');
  // Rebuilt on every run: the demo always starts from the recorded state.
  const home = makeHome(join(demoDir, 'home'), { claudeFixtures: extraClaudeFixtures });
  const workspaceFile = join(demoDir, 'agent-trail-demo.code-workspace');
  writeFileSync(workspaceFile, `${JSON.stringify({ folders, settings: {} }, null, 2)}\n`);
  console.log(`[demo] workspace: ${folders.map((f) => f.path).join(', ')}`);
  await serve({ folder: workspaceFile, port: args.port, home, profile: 'demo', label: '[demo]' });
});
