// Cline discovery: default roots from Cline's own variables, membership by the manifest's cwd (remembered), a
// transcript whose manifest is not there yet, unreadable or missing folders, and the watch scope that mirrors it.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { clineAdapter } from '../../../../src/adapters/cline/clineAdapter';
import { clineAgent } from '../../../../src/adapters/cline/clineAgent';
import type { ParseIssue } from '../../../../src/core/ops';

test('defaultRoots: $CLINE_SESSION_DATA_DIR, else $CLINE_DATA_DIR/sessions, else $CLINE_DIR/data/sessions, else ~/.cline/data/sessions', () => {
  const roots = (env: Record<string, string>): string[] => clineAdapter.defaultRoots({ home: '/home/u', env });
  assert.deepEqual(roots({}), [path.join('/home/u', '.cline', 'data', 'sessions')]);
  assert.deepEqual(roots({ CLINE_DIR: '/c' }), [path.join('/c', 'data', 'sessions')]);
  assert.deepEqual(roots({ CLINE_DIR: '/c', CLINE_DATA_DIR: '/d' }), [path.join('/d', 'sessions')]);
  assert.deepEqual(roots({ CLINE_DIR: '/c', CLINE_DATA_DIR: '/d', CLINE_SESSION_DATA_DIR: '/s' }), ['/s']);
  assert.deepEqual(roots({ CLINE_DIR: '', CLINE_DATA_DIR: '' }), [path.join('/home/u', '.cline', 'data', 'sessions')]);
});

function session(root: string, id: string, manifest: string | undefined, systemPrompt = ''): string {
  const dir = path.join(root, id);
  mkdirSync(dir, { recursive: true });
  if (manifest !== undefined) {
    writeFileSync(path.join(dir, `${id}.json`), manifest);
  }
  const messages = path.join(dir, `${id}.messages.json`);
  writeFileSync(messages, JSON.stringify({ version: 1, sessionId: id, system_prompt: systemPrompt, messages: [] }));
  return messages;
}

test('membership is the manifest cwd: the workspace, a parent of it or a folder inside it; a sibling with a longer name is not', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'cline-discovery-'));
  const mine = session(root, '1_aaaaa', JSON.stringify({ session_id: '1_aaaaa', cwd: '/w/app' }));
  session(root, '2_bbbbb', JSON.stringify({ session_id: '2_bbbbb', cwd: '/w/app-other' }));
  const inside = session(root, '3_ccccc', JSON.stringify({ session_id: '3_ccccc', cwd: '/w/app/pkg' }));
  // Started above the workspace: a candidate, it belongs through the files it touched inside.
  const parent = session(root, '5_eeeee', JSON.stringify({ session_id: '5_eeeee', cwd: '/w' }));
  // Not a session folder's files: a stray file and a folder without its transcript.
  writeFileSync(path.join(root, 'notes.txt'), '');
  mkdirSync(path.join(root, '4_ddddd'));
  writeFileSync(path.join(root, '4_ddddd', 'other.messages.json'), '{}');
  const issues: ParseIssue[] = [];
  const files = await clineAdapter.discover([root], ['/w/app'], issues);
  assert.deepEqual(files, [
    { agent: 'cline', path: mine, mode: 'whole' },
    { agent: 'cline', path: inside, mode: 'whole' },
    { agent: 'cline', path: parent, mode: 'whole' },
  ]);
  assert.deepEqual(issues, []);
});

test('a transcript whose manifest is missing or damaged is kept (the parsed cwd decides); a damaged manifest is counted', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'cline-discovery-'));
  const early = session(root, '1_aaaaa', undefined, 'Working Directory: /elsewhere');
  const damaged = session(root, '2_bbbbb', '{"session_id": "2_bb');
  const issues: ParseIssue[] = [];
  const files = await clineAdapter.discover([root], ['/w/app'], issues);
  assert.deepEqual(files.map((f) => f.path), [early, damaged]);
  assert.deepEqual(issues.map((i) => [i.kind, path.basename(i.file)]), [['invalid-json', '2_bbbbb.json']]);
});

test('the cwd is remembered per manifest: a session of another folder is not read again', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'cline-discovery-'));
  session(root, '1_aaaaa', JSON.stringify({ cwd: '/other' }));
  const store = new Map<string, unknown>();
  const memo = { get: (k: string) => store.get(k), set: (k: string, v: unknown) => void store.set(k, v) };
  assert.deepEqual(await clineAdapter.discover([root], ['/w/app'], [], memo), []);
  assert.deepEqual([...store.values()], [{ cwd: '/other' }]);
  // The manifest now says the workspace, but a session's cwd never changes: what was remembered decides.
  writeFileSync(path.join(root, '1_aaaaa', '1_aaaaa.json'), JSON.stringify({ cwd: '/w/app' }));
  assert.deepEqual(await clineAdapter.discover([root], ['/w/app'], [], memo), []);
  assert.equal((await clineAdapter.discover([root], ['/w/app'], [])).length, 1);
  // Remembered as another folder's, its folder is not even looked into (a manifest gone meanwhile changes nothing).
  rmSync(path.join(root, '1_aaaaa', '1_aaaaa.json'));
  assert.deepEqual(await clineAdapter.discover([root], ['/w/app'], [], memo), []);
  assert.equal((await clineAdapter.discover([root], ['/w/app'], [])).length, 1);
});

test('a root that does not exist is reported, not thrown', async () => {
  const issues: ParseIssue[] = [];
  assert.deepEqual(await clineAdapter.discover([path.join(tmpdir(), 'cline-no-such-root')], ['/w'], issues), []);
  assert.deepEqual(issues.map((i) => i.kind), ['io']);
});

test('a folder named in the settings may be the sessions folder, Cline\'s data folder or Cline\'s own folder', async () => {
  const home = mkdtempSync(path.join(tmpdir(), 'cline-discovery-'));
  const sessions = path.join(home, '.cline', 'data', 'sessions');
  const transcript = session(sessions, '1_aaaaa', JSON.stringify({ cwd: '/w/app' }));
  // Other folders of Cline's data folder hold no sessions, even with a file named like one.
  mkdirSync(path.join(home, '.cline', 'data', 'logs'), { recursive: true });
  writeFileSync(path.join(home, '.cline', 'data', 'logs', 'logs.messages.json'), '{}');
  for (const root of [sessions, path.join(home, '.cline', 'data'), path.join(home, '.cline')]) {
    const issues: ParseIssue[] = [];
    assert.deepEqual((await clineAdapter.discover([root], ['/w/app'], issues)).map((f) => f.path), [transcript], root);
    assert.deepEqual(issues, []);
  }
});

test('watch scope mirrors discovery: sessions folders at the root or below it, only a session\'s own transcript', () => {
  const { descend, relevant } = clineAgent.watch;
  for (const prefix of [[], ['sessions'], ['data', 'sessions']]) {
    assert.equal(descend(prefix), true, prefix.join('/'));
    assert.equal(descend([...prefix, '1_aaaaa']), true);
    assert.equal(descend([...prefix, '1_aaaaa', 'sub']), false);
    assert.equal(relevant([...prefix, '1_aaaaa', '1_aaaaa.messages.json']), 'transcript');
    assert.equal(relevant([...prefix, '1_aaaaa', '1_aaaaa.json']), undefined);
    assert.equal(relevant([...prefix, '1_aaaaa', '2_bbbbb.messages.json']), undefined);
    assert.equal(relevant([...prefix, '1_aaaaa', '1_aaaaa.compaction.json']), undefined);
    assert.equal(relevant([...prefix, '1_aaaaa.messages.json']), undefined);
  }
  assert.equal(descend(['data']), true);
  assert.equal(descend(['data', 'logs']), false);
  assert.equal(descend(['data', 'sessions', '1_aaaaa', 'x']), false);
  assert.equal(relevant(['data', 'logs', 'logs.messages.json']), undefined);
  assert.equal(relevant(['other', 'sessions', '1_aaaaa', '1_aaaaa.messages.json']), undefined);
});
