// What the CLI says when something is wrong: a cache it cannot create or write is one clear line and exit 1 (it
// used to print results from an index it then failed to save, with a stack trace, and exit 0); the summary of
// skipped records lists their kinds in a fixed order and points CLI users at --verbose, not at a "debug level".
import assert from 'node:assert/strict';
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { accessSync, appendFileSync, chmodSync, chownSync, constants, cpSync, mkdtempSync, readdirSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { issueKinds } from '../../../src/core/ops';

const cli = join(process.cwd(), 'dist/cli.js');
const fixture = join(process.cwd(), 'test/fixtures/recorded/claude-print/claude-home');
const ws = '/tmp/agent-trail-fixtures/claude-print/demo-repo';

function jsonlUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? jsonlUnder(p) : p.endsWith('.jsonl') ? [p] : [];
  });
}

/** A folder everyone may read (mkdtemp makes 0700 ones; the read-only case runs the CLI as another user). */
function sharedTemp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

function claudeHome(): string {
  const home = join(sharedTemp('at-robust-msg-'), 'claude-home');
  cpSync(fixture, home, { recursive: true });
  return home;
}

/**
 * Runs the CLI. `asOther`: as an unprivileged user when this runs as root (root writes into read-only folders);
 * undefined when that is impossible here.
 */
function run(args: string[], home: string, cache: string, asOther = false): SpawnSyncReturns<string> | undefined {
  const argv = [cli, 'sessions', ...args, '--workspace', ws, '--claude-dir', home, '--no-codex', '--no-gemini', '--cache-dir', cache];
  const env = { PATH: process.env.PATH ?? '', HOME: '/nonexistent' };
  if (asOther && process.getuid?.() === 0) {
    const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => {
      try {
        accessSync(p, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
    if (!setpriv) {
      return undefined;
    }
    return spawnSync(setpriv, ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...argv], { encoding: 'utf8', env });
  }
  return spawnSync(process.execPath, argv, { encoding: 'utf8', env });
}

function assertOneClearLine(r: SpawnSyncReturns<string>, folder: string): void {
  assert.equal(r.status, 1, `exit code; stderr: ${r.stderr}`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.ok(lines[0].startsWith('agent-trail: ') && lines[0].includes(folder) && lines[0].includes('--cache-dir'), lines[0]);
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
}

test('a cache folder that cannot be created: one line naming it, exit 1', () => {
  const blocker = join(sharedTemp('at-robust-msg-cache-'), 'a-file');
  writeFileSync(blocker, '');
  const cache = join(blocker, 'cache');
  const r = run([], claudeHome(), cache);
  assert.ok(r);
  assertOneClearLine(r, cache);
  assert.equal(r.stdout, '', 'no results from an index that cannot be kept');
});

test('a read-only cache (left by another user, or a read-only mount): one line naming it, exit 1', (t) => {
  const home = claudeHome();
  const parent = sharedTemp('at-robust-msg-cache-');
  if (process.getuid?.() === 0) {
    chownSync(parent, 65534, 65534);
  }
  const cache = join(parent, 'cache');
  const first = run(['--json'], home, cache, true);
  if (!first) {
    t.skip('running as root without setpriv: root writes into read-only folders');
    return;
  }
  assert.equal(first.status, 0, first.stderr);
  // Something to save on the next run: the index is gone, the archive stays.
  rmSync(join(cache, 'index.db'));
  const readOnly = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) {
        readOnly(join(dir, e.name));
      }
    }
    chmodSync(dir, 0o555);
  };
  readOnly(cache);
  try {
    const r = run([], home, cache, true);
    assert.ok(r);
    assertOneClearLine(r, cache);
  } finally {
    chmodSync(cache, 0o755);
  }
});

test('an index that cannot be saved at the end of a run: one line, exit 1 (not a stack trace and exit 0)', (t) => {
  if (process.getuid?.() !== 0) {
    t.skip('needs root: the DB file must belong to another user than the one running the CLI');
    return;
  }
  // A cache anyone may write to, but whose index.db belongs to root in a sticky folder (like /tmp): the CLI, run as
  // another user, can index into it and write its temporary DB, but not rename that over index.db.
  const home = claudeHome();
  const cache = join(sharedTemp('at-robust-msg-cache-'), 'cache');
  const first = run(['--json'], home, cache);
  assert.ok(first);
  assert.equal(first.status, 0, first.stderr);
  const open = (dir: string): void => {
    chmodSync(dir, 0o777);
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) {
        open(join(dir, e.name));
      }
    }
  };
  open(cache);
  chmodSync(cache, 0o1777);
  // Something new to index, so the run has an index to save.
  const [transcript] = jsonlUnder(join(home, 'projects'));
  cpSync(transcript, join(dirname(transcript), '00000000-0000-4000-8000-000000000000.jsonl'));
  const r = run([], home, cache, true);
  if (!r) {
    t.skip('no setpriv to run the CLI as another user');
    return;
  }
  assert.equal(r.status, 1, r.stderr);
  // Either the storage check at open (the folder is not this user's to make private: store/storageFolder.ts) or the
  // save at the end of the run refuses; both are one line naming the index.
  assert.match(r.stderr, /^agent-trail: (?:error: .*EPERM.*index\.db.* \(details with --verbose\)|the index folder .* is not writable: .*\(EPERM\))$/m);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
});

test('skipped records: kinds in a fixed order, details with --verbose', () => {
  const home = claudeHome();
  const [transcript] = jsonlUnder(join(home, 'projects'));
  // Found in this order: unknown-record, then invalid-json (listed the other way round: data loss first).
  appendFileSync(transcript, '{"type":"a-record-type-from-the-future","sessionId":"x"}\n{"type":"user", cut short\n');
  const cache = join(sharedTemp('at-robust-msg-cache-'), 'cache');
  const r = run([], home, cache);
  assert.ok(r);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^agent-trail: warn: \[index\] skipped or repaired: 1 invalid-json, 1 unknown-record \(details with --verbose\)$/m);
  assert.doesNotMatch(r.stderr, /debug level/);
  const verbose = run(['--verbose'], home, join(sharedTemp('at-robust-msg-cache-'), 'cache'));
  assert.ok(verbose);
  assert.match(verbose.stderr, /agent-trail: debug: \[index\] unknown-record .*:\d+: unknown record type "a-record-type-from-the-future"/);
  assert.match(verbose.stderr, /skipped or repaired: 1 invalid-json, 1 unknown-record \(details above\)/);
  assert.deepEqual(issueKinds.slice(0, 2), ['io', 'invalid-json'], 'data loss first');
});

test('a full disk while the index is saved at the end of a run: one line naming the index, exit 1', (t) => {
  const mount = mkdtempSync(join(tmpdir(), 'at-cli-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount], { stdio: 'ignore' });
  } catch {
    rmSync(mount, { recursive: true, force: true });
    t.skip('mounting a tmpfs needs root on Linux (test/unit/indexer/fullDisk.test.ts simulates the disk instead)');
    return;
  }
  try {
    const home = claudeHome();
    const cache = join(mount, 'cache');
    // Room for the archive's small packs and journals, not for the index DB (over 100 KB for this session).
    const filler = join(mount, 'filler');
    writeFileSync(filler, Buffer.alloc(statfsSync(mount).bavail * statfsSync(mount).bsize - 48 * 1024));
    const r = run([], home, cache);
    assert.ok(r);
    assert.equal(r.status, 1, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, /no space left on device|ENOSPC/);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
    assert.deepEqual(readdirSync(cache).filter((n) => n.endsWith('.tmp')), [], 'no temporary file left');
  } finally {
    execFileSync('umount', ['-l', mount], { stdio: 'ignore' });
    rmSync(mount, { recursive: true, force: true });
  }
});
