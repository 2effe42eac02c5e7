// `npm run package [-- --out FILE]`: packs the extension (the npm script builds it first) into
// dist-vsix/agent-trail.vsix, or FILE, with @vscode/vsce. vsce opens the output file without creating its folder,
// so on a fresh clone (dist-vsix/ is git-ignored) it failed with "ENOENT … dist-vsix/agent-trail.vsix".
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { repoRoot } from './e2e/fixtures.mjs';
import { runMain } from './e2e/provision.mjs';
import { ProvisionError } from './e2e/provisionError.mjs';

const defaultVsix = join(repoRoot, 'dist-vsix', 'agent-trail.vsix');

await runMain(async () => {
  const args = process.argv.slice(2);
  let out = defaultVsix;
  for (let i = 0; i < args.length; i++) {
    // Relative to where npm was run, like every path given to npm start.
    if (args[i] === '--out' && args[i + 1]) out = resolve(process.env.INIT_CWD || process.cwd(), args[++i]);
    else throw new ProvisionError(`unknown argument ${args[i]} (usage: npm run package [-- --out FILE])`);
  }
  mkdirSync(dirname(out), { recursive: true });
  // Relative README links stay as they are: the manifest's repository is not a forge vsce knows, and it refuses to
  // guess their base URL. Dependencies are bundled by the build, so none are packed.
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '-o', out], { cwd: repoRoot, stdio: 'inherit' });
  if (r.error || r.status !== 0) throw new ProvisionError(`vsce package failed (${r.error?.message ?? `exit ${r.status}`}); its output is above`);
});
