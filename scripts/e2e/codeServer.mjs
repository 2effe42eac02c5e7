// Starts and stops code-server (the real VS Code workbench in a browser, with the real Node extension host) for the
// dev loop and the e2e tests. Local only: 127.0.0.1, no auth, no telemetry, no marketplace, no config file.
// Stopping goes through the ChildProcess we spawned (its own process group), never by process name.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { explainFailure } from './failureSummary.mjs';
import { withoutNpmScriptEnv } from './npmScriptEnv.mjs';
import { codeServerEntry, node24Path } from './provision.mjs';
import { ProvisionError } from './provisionError.mjs';

/** Settings that open a clean window: no welcome page, trust prompt, chat, tips, update checks or telemetry. */
export const workbenchSettings = {
  'security.workspace.trust.enabled': false, 'security.workspace.trust.startupPrompt': 'never',
  'workbench.startupEditor': 'none', 'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false, 'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden', 'workbench.layoutControl.enabled': false,
  'extensions.ignoreRecommendations': true, 'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'update.showReleaseNotes': false,
  'chat.disableAIFeatures': true, 'chat.commandCenter.enabled': false,
  'git.enabled': false, 'git.autoRepositoryDetection': false, 'npm.fetchOnlinePackageInfo': false,
  'typescript.disableAutomaticTypeAcquisition': true, 'editor.codeLens': true, 'editor.hover.delay': 100,
  'files.simpleDialog.enable': true, 'window.restoreWindows': 'none', 'window.commandCenter': false,
  'workbench.editor.enablePreview': false,
};

/**
 * Writes User/settings.json before the server starts. Existing keys are kept (a persistent dev profile), but ours
 * win, so telemetry and update checks stay off. A file we cannot parse (JSONC comments) is replaced.
 */
export function writeSettings(userDataDir, extra = {}) {
  const dir = join(userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'settings.json');
  let existing = {};
  try {
    existing = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    existing = {};
  }
  writeFileSync(file, `${JSON.stringify({ ...existing, ...workbenchSettings, ...extra }, null, 2)}\n`);
}

function listenOnce(port) {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const chosen = server.address().port;
      server.close(() => resolve(chosen));
    });
  });
}

/** A free port on 127.0.0.1, or `wanted` itself when it is free. */
export async function pickPort(wanted) {
  try {
    return await listenOnce(wanted ?? 0);
  } catch (e) {
    if (e.code === 'EADDRINUSE') throw new ProvisionError(`port ${wanted} on 127.0.0.1 is in use: stop what uses it or choose another with --port N (0 picks a free one)`);
    throw e;
  }
}

/**
 * The environment of the server, which the extension host and the workbench's terminals inherit (so HOME decides
 * which transcripts it reads). Without what npm set for `npm start` itself: a terminal must not claim to be inside
 * that npm script, nor put this repo's node_modules/.bin first on PATH.
 */
function serverEnv({ home, env, stateDir }) {
  const out = { ...withoutNpmScriptEnv(process.env), ...env, EXTENSIONS_GALLERY: '{}' };
  // code-server writes its own state under XDG dirs; keep that in the run's folder, not the user's home.
  out.XDG_CONFIG_HOME = join(stateDir, 'xdg-config');
  out.XDG_DATA_HOME = join(stateDir, 'xdg-data');
  if (home) {
    out.HOME = home;
    // A fake HOME must not be bypassed by the agents' own overrides pointing at the real data.
    for (const v of ['CLAUDE_CONFIG_DIR', 'CODEX_HOME', 'GEMINI_CLI_HOME', 'PI_CODING_AGENT_DIR', 'PI_CODING_AGENT_SESSION_DIR', 'QWEN_HOME', 'QWEN_RUNTIME_DIR', 'COPILOT_HOME', 'CLINE_DIR', 'CLINE_DATA_DIR', 'CLINE_SESSION_DATA_DIR', 'OPENCODE_DB', 'CURSOR_CONFIG_DIR']) delete out[v];
  }
  delete out.VSCODE_IPC_HOOK_CLI;
  delete out.NODE_TEST_CONTEXT; // set by node --test; the server's Node must not act as a test child
  delete out.NODE_OPTIONS;
  return out;
}

/**
 * Installs a .vsix into extensionsDir with code-server's own CLI (the same code path as "Install from VSIX").
 */
export function installVsix({ vsix, extensionsDir, userDataDir }) {
  mkdirSync(extensionsDir, { recursive: true });
  const r = spawnSync(node24Path(), [codeServerEntry(), '--config', '/dev/null', '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'],
  { encoding: 'utf8', env: { ...withoutNpmScriptEnv(process.env), EXTENSIONS_GALLERY: '{}', XDG_CONFIG_HOME: join(userDataDir, 'xdg-config'), XDG_DATA_HOME: join(userDataDir, 'xdg-data') } });
  if (r.status !== 0 || !/successfully installed/i.test(r.stdout)) {
    throw new ProvisionError(`installing ${vsix} failed: ${explainFailure(r).join(' | ') || `exit ${r.status}`}`);
  }
}

/**
 * Starts code-server on `folder` (a directory, or a .code-workspace file) and resolves once it listens.
 * Returns { url, port, child, stop(), output() }; `url` opens the folder in the workbench.
 */
export async function startCodeServer({ folder, userDataDir, extensionsDir, home, env = {}, port, extraArgs = [], onOutput, readyTimeoutMs = 60_000, settings = {} }) {
  if (!existsSync(codeServerEntry())) throw new ProvisionError('code-server is not provisioned: `npm start` or `npm run test:e2e` provisions it');
  writeSettings(userDataDir, settings);
  mkdirSync(extensionsDir, { recursive: true });
  const chosenPort = await pickPort(port);
  const args = [codeServerEntry(), '--config', '/dev/null', '--bind-addr', `127.0.0.1:${chosenPort}`, '--auth', 'none',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened', ...extraArgs, folder];
  // detached: its own process group, so stop() also reaches the extension host and watchers it forks, and a
  // Ctrl-C in the terminal reaches only us (we then stop it in order).
  const child = spawn(node24Path(), args, { env: serverEnv({ home, env, stateDir: userDataDir }), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  liveGroups.add(child.pid);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  exited.then(() => liveGroups.delete(child.pid));
  const server = { child, port: chosenPort, output: () => output, stop: () => stopProcessGroup(child, exited) };
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new ProvisionError(`code-server did not listen within ${readyTimeoutMs / 1000} s`)), readyTimeoutMs);
    const fail = (err) => { clearTimeout(timer); server.stop().finally(() => reject(err)); };
    const onData = (chunk) => {
      const text = chunk.toString();
      output += text;
      if (output.length > 2_000_000) output = output.slice(-1_000_000); // `npm start` may run for days
      onOutput?.(text);
      if (output.includes('HTTP server listening on')) { clearTimeout(timer); resolve(); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (e) => fail(new ProvisionError(`code-server could not start: ${e.message}`)));
    exited.then(({ code, signal }) => {
      if (!output.includes('HTTP server listening on')) {
        const last = output.trim().split('\n').filter((l) => /error/i.test(l)).pop() ?? output.trim().split('\n').pop() ?? '';
        fail(new ProvisionError(`code-server exited (${signal ?? code}) before listening: ${last}`));
      }
    });
  });
  const base = `http://127.0.0.1:${chosenPort}/`;
  const query = folder.endsWith('.code-workspace') ? 'workspace' : 'folder';
  server.url = `${base}?${query}=${encodeURIComponent(folder)}`;
  server.baseUrl = base;
  return server;
}

// Safety net: the server runs in its own process group, so if this process ends without calling stop() (an
// uncaught error, process.exit in a signal handler), kill the groups we started rather than orphan them.
const liveGroups = new Set();
process.on('exit', () => {
  for (const pid of liveGroups) {
    try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
  }
});

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
    return true;
  } catch {
    return false; // the group is already gone
  }
}

/** SIGTERM to the server's process group, SIGKILL after 5 s; then SIGKILL stragglers of that same group. */
async function stopProcessGroup(child, exited) {
  if (child.exitCode === null && child.signalCode === null) {
    signalGroup(child, 'SIGTERM');
    const timedOut = await Promise.race([exited.then(() => false), new Promise((r) => setTimeout(() => r(true), 5000).unref())]);
    if (timedOut) {
      signalGroup(child, 'SIGKILL');
      await exited;
    }
  }
  // Children (extension host, file watcher) may outlive the main process briefly; give them a moment, then kill.
  for (let i = 0; i < 20 && signalGroup(child, 0); i++) await new Promise((r) => setTimeout(r, 100));
  signalGroup(child, 'SIGKILL');
}
