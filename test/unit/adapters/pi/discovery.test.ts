// Finding a workspace's Pi sessions: the default folders and Pi's own variables, the per-cwd folders whose names
// collide (the recorded decoy of WORK/demo/repo shares demo-repo's folder), a session dir of its own, and the watch
// scope that must see what discovery reads.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import type { ParseIssue } from '../../../../src/core/ops';
import { discoverPiTranscripts, encodeCwd, piDefaultRoots } from '../../../../src/adapters/pi/discovery';
import { piAgent } from '../../../../src/adapters/pi/piAgent';
import { recordedDir, sessionFiles } from './recordedFixtures';

const sessionsHome = join(recordedDir, 'pi-sessions-v0.73.1', 'b', 'pi-home', 'agent');
const work = '/tmp/agent-trail-fixtures-pi/pi-sessions-v0.73.1';
const a = '01a23cfa-9955-73b7-b3f6-a503c564a7af';
const b = '01a23cfa-b916-752d-aa94-5357d2b92ed9';
const decoy = '01a23cfa-a9c5-70f4-a4f6-ccf361695043';

const ids = (paths: string[]): string[] => paths.map((p) => basename(p).replace(/^.*_|\.jsonl$/g, '')).sort();

test('the decoy of WORK/demo/repo shares the session folder of WORK/demo-repo and is still told apart by its cwd', async () => {
  assert.equal(encodeCwd(`${work}/demo-repo`), encodeCwd(`${work}/demo/repo`), 'the folder names collide');
  const issues: ParseIssue[] = [];
  const mine = await discoverPiTranscripts([sessionsHome], [`${work}/demo-repo`], issues);
  assert.deepEqual(ids(mine.map((f) => f.path)), [a, b].sort());
  assert.ok(mine.every((f) => f.agent === 'pi' && f.mode === 'append'));
  assert.deepEqual(ids((await discoverPiTranscripts([sessionsHome], [`${work}/demo/repo`], issues)).map((f) => f.path)), [decoy]);
  // A session started above the workspace folder may belong through the files it touched; one elsewhere never.
  assert.equal((await discoverPiTranscripts([sessionsHome], [`${work}/demo-repo/src`], issues)).length, 2);
  assert.deepEqual(await discoverPiTranscripts([sessionsHome], ['/tmp/agent-trail-fixtures-pi/elsewhere'], issues), []);
  // A folder the user named may be the sessions folder itself.
  assert.deepEqual(ids((await discoverPiTranscripts([join(sessionsHome, 'sessions')], [`${work}/demo-repo`], issues)).map((f) => f.path)), [a, b].sort());
  assert.deepEqual(issues, []);
});

test('default folders: ~/.pi/agent, or $PI_CODING_AGENT_DIR (~ expanded), plus a session dir of its own when set', () => {
  const home = mkdtempSync(join(tmpdir(), 'pi-home-'));
  assert.deepEqual(piDefaultRoots({ home, env: {} }), [join(home, '.pi', 'agent')]);
  assert.deepEqual(piDefaultRoots({ home, env: { PI_CODING_AGENT_DIR: '~/pi-data' } }), [join(home, 'pi-data')]);
  assert.deepEqual(piDefaultRoots({ home, env: { PI_CODING_AGENT_DIR: '/opt/pi', PI_CODING_AGENT_SESSION_DIR: '/srv/pi-sessions' } }), ['/opt/pi', '/srv/pi-sessions']);
  // sessionDir in the agent's settings.json (Pi reads it when neither flag nor variable is given).
  mkdirSync(join(home, '.pi', 'agent'), { recursive: true });
  writeFileSync(join(home, '.pi', 'agent', 'settings.json'), JSON.stringify({ sessionDir: '~/all-sessions' }));
  assert.deepEqual(piDefaultRoots({ home, env: {} }), [join(home, '.pi', 'agent'), join(home, 'all-sessions')]);
  assert.deepEqual(piDefaultRoots({ home, env: { PI_CODING_AGENT_SESSION_DIR: '/srv/s' } }), [join(home, '.pi', 'agent'), '/srv/s'], 'the variable wins over settings.json');
  writeFileSync(join(home, '.pi', 'agent', 'settings.json'), JSON.stringify({ sessionDir: 'relative/dir' }));
  assert.deepEqual(piDefaultRoots({ home, env: {} }), [join(home, '.pi', 'agent')], 'a relative sessionDir names no one folder');
});

test('a session dir of its own holds the files directly, filtered by their cwd too; a missing folder is reported', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pi-session-dir-'));
  for (const f of sessionFiles(join(sessionsHome, '..'))) {
    cpSync(f, join(dir, basename(f)));
  }
  const issues: ParseIssue[] = [];
  const found = await discoverPiTranscripts([dir, join(dir, 'missing')], [`${work}/demo-repo`], issues);
  assert.deepEqual(ids(found.map((f) => f.path)), [a, b].sort());
  assert.deepEqual(
    issues.map((i) => [i.kind, i.file]),
    [['io', join(dir, 'missing')]],
  );
});

test('a file whose first line is not a readable header is kept (its parse reports it), other folders are not read', async () => {
  const root = mkdtempSync(join(tmpdir(), 'pi-root-'));
  const mine = join(root, 'sessions', `--${encodeCwd('/w/project')}--`);
  const other = join(root, 'sessions', `--${encodeCwd('/w/other')}--`);
  mkdirSync(mine, { recursive: true });
  mkdirSync(other, { recursive: true });
  writeFileSync(join(mine, '2026-01-01T00-00-00-000Z_damaged.jsonl'), '{"type":"session","id":\n');
  // A header naming the workspace in a folder of another cwd is never looked at: the folder name rules it out.
  writeFileSync(join(other, '2026-01-01T00-00-00-000Z_x.jsonl'), '{"type":"session","id":"x","cwd":"/w/project"}\n');
  const found = await discoverPiTranscripts([root], ['/w/project'], []);
  assert.deepEqual(found.map((f) => basename(f.path)), ['2026-01-01T00-00-00-000Z_damaged.jsonl']);
});

test('the watch scope sees exactly the files discovery reads', () => {
  const { descend, relevant } = piAgent.watch;
  assert.ok(descend([]) && descend(['sessions']) && descend(['sessions', '--w-project--']));
  assert.ok(!descend(['sessions', '--w-project--', 'deeper']) && !descend(['themes']));
  assert.ok(descend(['--w-project--']) && !descend(['--w-project--', 'deeper']), 'a sessions folder named as the root');
  assert.equal(relevant(['--w-project--', '2026-01-01T00-00-00-000Z_x.jsonl']), 'transcript');
  assert.equal(relevant(['themes', 'x.jsonl']), undefined);
  assert.equal(relevant(['sessions', '--w-project--', '2026-01-01T00-00-00-000Z_x.jsonl']), 'transcript');
  assert.equal(relevant(['2026-01-01T00-00-00-000Z_x.jsonl']), 'transcript', 'a session dir of its own');
  assert.equal(relevant(['settings.json']), undefined);
  assert.equal(relevant(['sessions', 'x.jsonl']), undefined);
  assert.equal(relevant(['sessions', 'notcwd', 'x.jsonl']), undefined);
});
