// The README's first-run commands, run through npm the way a user runs them in a terminal (userShellEnv: not the
// environment `npm run test:e2e` gives this process). `npm start` and `npm run demo` print a URL that serves the
// workbench and stop on Ctrl-C (SIGINT to their process group, as a terminal sends it); `npm run package` writes
// dist-vsix/agent-trail.vsix on a tree that has no dist-vsix/ yet, as in a fresh clone.
// Provisioning itself is the first step of `npm run test:e2e` (the same code `npm start` runs on first use). The
// servers here use a scratch cache that shares the provisioned Node 24 and code-server, so their profiles
// (user-data, extensions) never touch the developer's own `npm start` profile.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { explainFailure } from '../../scripts/e2e/failureSummary.mjs';
import { repoRoot } from '../../scripts/e2e/fixtures.mjs';
import { cacheDir, codeServerVersion, provision } from '../../scripts/e2e/provision.mjs';
import { userShellEnv } from './helpers/userShell.mjs';

let scratch;
let cache;
const running = new Set();

before(() => {
  provision({ log: (l) => console.log(`[e2e] ${l}`) }); // already done by test:e2e's first step; only checks
  scratch = mkdtempSync(join(tmpdir(), 'agent-trail-firstrun-'));
  cache = join(scratch, 'cache');
  mkdirSync(cache);
  for (const name of ['node24', `code-server-${codeServerVersion}`, 'provisioned.json']) symlinkSync(join(cacheDir(), name), join(cache, name));
}, { timeout: 600_000 });

after(() => {
  for (const child of running) signalGroup(child, 'SIGKILL');
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Runs `npm <args>` in its own process group until it prints "Agent Trail is running: URL". Returns { url, stop },
 * where stop() sends SIGINT to the group, like Ctrl-C in a terminal, and resolves with the exit code and output.
 */
async function startThroughNpm(args) {
  const child = spawn('npm', args, { cwd: repoRoot, env: userShellEnv({ AGENT_TRAIL_CACHE: cache }), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => { running.delete(child); resolve({ code, signal }); }));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm ${args.join(' ')} printed no URL within 120 s:\n${output}`)), 120_000);
    const onData = (chunk) => {
      output += chunk;
      const m = /Agent Trail is running: (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(output);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then(({ code, signal }) => { clearTimeout(timer); reject(new Error(`npm ${args.join(' ')} exited (${signal ?? code}) before printing a URL:\n${output}`)); });
  });
  const stop = async () => {
    signalGroup(child, 'SIGINT');
    const timedOut = await Promise.race([exited.then(() => false), new Promise((r) => setTimeout(() => r(true), 30_000).unref())]);
    if (timedOut) signalGroup(child, 'SIGKILL');
    return { ...(await exited), timedOut, output };
  };
  return { url, stop };
}

/** The page at `url` is code-server's workbench (its configuration element and workbench script). */
async function assertWorkbench(url) {
  const res = await fetch(url);
  assert.equal(res.status, 200, url);
  const html = await res.text();
  assert.match(html, /<meta id="vscode-workbench-web-configuration"/);
  assert.match(html, /static\/out\/vs\/code\/browser\/workbench\/workbench\.js/);
  assert.match(html, new RegExp(`codeServerVersion&quot;:&quot;${codeServerVersion.replace(/\./g, '\\.')}&quot;`));
}

/** Nothing answers on the URL's port any more. */
async function assertStopped(url) {
  await assert.rejects(fetch(url, { signal: AbortSignal.timeout(5_000) }), (e) => /fetch failed/.test(e.message), `${url} still answers`);
}

async function serveAndStop(args, { urlEndsWith }) {
  const server = await startThroughNpm(args);
  let stopped;
  try {
    assert.ok(server.url.endsWith(urlEndsWith), `${server.url} opens ${urlEndsWith}`);
    await assertWorkbench(server.url);
  } finally {
    stopped = await server.stop();
  }
  assert.equal(stopped.timedOut, false, `npm ${args.join(' ')} did not stop on SIGINT:\n${stopped.output}`);
  // The script exits 0; the shell npm ran it in got the SIGINT too and npm re-raises it, as in a terminal.
  assert.ok(stopped.code === 0 || stopped.signal === 'SIGINT', `exit ${stopped.signal ?? stopped.code}:\n${stopped.output}`);
  assert.match(stopped.output, /interrupted: stopping code-server/);
  await assertStopped(server.url);
}

test('npm start -- <folder> serves the workbench on that folder at the URL it prints, and Ctrl-C stops it', { timeout: 180_000 }, async () => {
  const folder = join(scratch, 'some project');
  mkdirSync(folder);
  await serveAndStop(['start', '--', folder], { urlEndsWith: `/?folder=${encodeURIComponent(folder)}` });
});

test('npm run demo serves the workbench on the demo workspace at the URL it prints, and Ctrl-C stops it', { timeout: 180_000 }, async () => {
  await serveAndStop(['run', 'demo'], { urlEndsWith: `/?workspace=${encodeURIComponent(join(cache, 'demo', 'agent-trail-demo.code-workspace'))}` });
});

test('npm run package writes dist-vsix/agent-trail.vsix when dist-vsix/ does not exist (a fresh clone)', { timeout: 180_000 }, () => {
  const outDir = join(repoRoot, 'dist-vsix');
  rmSync(outDir, { recursive: true, force: true }); // git-ignored output of this very command
  const r = spawnSync('npm', ['run', 'package'], { cwd: repoRoot, env: userShellEnv(), encoding: 'utf8' });
  assert.equal(r.status, 0, explainFailure(r).join('\n'));
  const vsix = readFileSync(join(outDir, 'agent-trail.vsix'));
  assert.equal(vsix.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'a zip file');
  // The central directory names every entry uncompressed.
  for (const entry of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/sql-wasm.wasm', 'extension.vsixmanifest']) {
    assert.ok(vsix.includes(Buffer.from(entry)), entry);
  }
});
