// What `npm start` and `npm run demo` share: build, provision, link the working tree into a persistent extensions
// dir, serve a folder with code-server until Ctrl-C.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { startCodeServer } from './codeServer.mjs';
import { repoRoot } from './fixtures.mjs';
import { cacheDir, provision } from './provision.mjs';
import { ProvisionError } from './provisionError.mjs';

export function buildExtension(label = '[start]') {
  console.log(`${label} building the extension (node esbuild.mjs)`);
  const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new ProvisionError('the extension does not build (see the errors above)');
}

/**
 * Symlinks the working tree as an installed extension, so a rebuild plus a window reload picks up changes with no
 * packing. code-server only scans the folder when extensions.json is missing, so that file is dropped whenever the
 * link changes (the scan re-lists every extension folder present, so nothing else is lost).
 */
export function linkExtension(extensionsDir) {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const prefix = `${pkg.publisher}.${pkg.name}-`.toLowerCase();
  const linkPath = join(extensionsDir, `${prefix}${pkg.version}`);
  mkdirSync(extensionsDir, { recursive: true });
  let changed = false;
  for (const name of readdirSync(extensionsDir)) {
    const p = join(extensionsDir, name);
    if (name.toLowerCase().startsWith(prefix) && p !== linkPath) {
      rmSync(p, { recursive: true, force: true }); // an older version of ourselves (link or unpacked vsix)
      changed = true;
    }
  }
  let current;
  try {
    current = lstatSync(linkPath).isSymbolicLink() ? readlinkSync(linkPath) : 'not a link';
  } catch {
    current = undefined;
  }
  if (current !== repoRoot) {
    rmSync(linkPath, { recursive: true, force: true });
    symlinkSync(repoRoot, linkPath, 'dir');
    changed = true;
  }
  if (changed) rmSync(join(extensionsDir, 'extensions.json'), { force: true });
  return linkPath;
}

/**
 * Serves `folder` (or a .code-workspace file) on 127.0.0.1 until SIGINT/SIGTERM. `profile` names the persistent
 * user-data and extensions dirs under the cache, so `start` and `demo` do not share window state.
 */
export async function serve({ folder, port, home, profile, label = '[start]' }) {
  if (!existsSync(folder)) throw new ProvisionError(`${folder} does not exist`);
  provision({ log: (line) => console.log(line) });
  const base = join(cacheDir(), profile);
  const extensionsDir = join(base, 'extensions');
  const linked = linkExtension(extensionsDir);
  console.log(`${label} extension linked: ${linked} -> ${repoRoot}`);
  const logPath = join(base, 'code-server.log');
  const log = createWriteStream(logPath, { flags: 'a' });
  const server = await startCodeServer({
    folder, port, home, userDataDir: join(base, 'user-data'), extensionsDir, onOutput: (t) => log.write(t),
  });
  console.log(`${label} code-server log: ${logPath}`);
  if (home) console.log(`${label} extension host HOME: ${home}`);
  console.log(`\n  Agent Trail is running: ${server.url}\n\n  (127.0.0.1 only, no auth. After \`npm run build\`, reload the window to load the new code. Ctrl-C stops.)\n`);
  let stopping = false;
  const stop = async (why) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${label} ${why}: stopping code-server`);
    await server.stop();
    log.end();
    process.exit(0);
  };
  process.on('SIGINT', () => stop('interrupted'));
  process.on('SIGTERM', () => stop('terminated'));
  server.child.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${label} code-server exited on its own (${signal ?? code}); see ${logPath}`);
      process.exit(1);
    }
  });
}
