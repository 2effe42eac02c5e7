// Which workspace storage folders belong to the workspace, the running editor's own storage folder as a root, the
// default roots, and the watch scope (both root shapes).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { agentRegistry } from '../../../../src/adapters/agentRegistry';
import { copilotChatDefaultRoots, discoverCopilotChatTranscripts } from '../../../../src/adapters/copilotChat/discovery';
import { fileUriPath, workspaceStorageFolders } from '../../../../src/adapters/copilotChat/workspaceMapping';
import { agentLabels } from '../../../../src/core/model';
import { layOutChatStorage } from './chatStorageFixture';

test('Copilot Chat is registered apart from Copilot CLI, with its own setting, flag and icon', () => {
  const d = agentRegistry.get('copilot-chat');
  assert.ok(d);
  assert.equal(d.label, 'Copilot Chat');
  assert.equal(agentLabels['copilot-chat'], d.label);
  assert.deepEqual([d.settingKey, d.cliName, d.blame], ['copilotChat', 'copilot-chat', true]);
  assert.notEqual(agentRegistry.get('copilot')?.adapter, d.adapter);
});

test('discovery: the workspace storage of the workspace, the newer of a session\'s two files, its editing state, transcripts of conversations no chat file holds', async () => {
  const s = layOutChatStorage();
  const files = await discoverCopilotChatTranscripts([s.user], [s.project], []);
  assert.deepEqual(
    files.map((f) => [f.path.slice(s.ws.length + 1), f.mode, f.cwdHint]),
    [
      ['GitHub.copilot-chat/transcripts/conv-only.jsonl', 'append', s.project],
      ['chatEditingSessions/sess-json/state.json', 'whole', s.project],
      ['chatEditingSessions/sess-log/state.json', 'whole', s.project],
      ['chatSessions/sess-json.json', 'whole', s.project],
      ['chatSessions/sess-log.jsonl', 'whole', s.project],
    ],
  );
  // The decoy folder's storage is found only for the decoy folder.
  const decoy = await discoverCopilotChatTranscripts([s.user], [s.decoy], []);
  assert.deepEqual(decoy.map((f) => f.path.split('/').slice(-1)[0]), ['decoy-conv.jsonl', 'decoy-1.json']);
  // A subfolder of the storage's folder is a workspace of it too (its sessions then belong by the files they touched).
  assert.equal((await discoverCopilotChatTranscripts([s.user], [join(s.project, 'src')], [])).length, 5);
});

test('the running editor\'s storage folder as a root: read as it is, also without a workspace.json', async () => {
  const s = layOutChatStorage();
  assert.equal((await discoverCopilotChatTranscripts([s.ws], [s.project], [])).length, 5);
  const bare = mkdtempSync(join(tmpdir(), 'ad-chat-bare-'));
  mkdirSync(join(bare, 'chatSessions'));
  writeFileSync(join(bare, 'chatSessions', 'x.json'), '{}');
  assert.deepEqual((await discoverCopilotChatTranscripts([bare], ['/w/p'], [])).map((f) => f.cwdHint), ['/w/p']);
  const issues: never[] = [];
  assert.deepEqual(await discoverCopilotChatTranscripts([join(bare, 'missing')], ['/w/p'], issues), []);
});

test('workspace.json: a folder URI, a .code-workspace file with relative and URI folders, remote and Windows URIs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ad-chat-ws-'));
  writeFileSync(join(dir, 'multi.code-workspace'), '{\n  // two folders\n  "folders": [{ "path": "app" }, { "uri": "file:///srv/lib%20x" },],\n}\n');
  writeFileSync(join(dir, 'workspace.json'), JSON.stringify({ workspace: `file://${dir}/multi.code-workspace` }));
  assert.deepEqual(workspaceStorageFolders(dir, []), [join(dir, 'app'), '/srv/lib x']);
  assert.equal(fileUriPath('file:///c%3A/Users/me/proj'), 'c:/Users/me/proj');
  assert.equal(fileUriPath('vscode-remote://ssh-remote%2Bbox/home/me/proj'), '/home/me/proj');
  assert.equal(fileUriPath('untitled:Untitled-1'), undefined);
});

test('default roots: the running editor\'s storage folder first, every editor\'s User folder, the remote servers\'', () => {
  assert.deepEqual(copilotChatDefaultRoots({ home: '/h', env: {}, editorUserDirs: ['/h/.config/Code/User', '/h/.config/Cursor/User'], workspaceStorageDir: '/h/.config/Code/User/workspaceStorage/abc' }), [
    '/h/.config/Code/User/workspaceStorage/abc',
    '/h/.config/Code/User',
    '/h/.config/Cursor/User',
    '/h/.vscode-server/data/User',
    '/h/.vscode-server-insiders/data/User',
    '/h/.local/share/code-server/User',
  ]);
});

test('watch scope: chat sessions, editing states, transcripts and workspace.json, under a User folder or a storage folder', () => {
  const w = agentRegistry.get('copilot-chat')?.watch;
  assert.ok(w);
  for (const pre of [['workspaceStorage', 'abc'], []]) {
    assert.equal(w.descend([...pre]), true);
    assert.equal(w.descend([...pre, 'chatSessions']), true);
    assert.equal(w.descend([...pre, 'chatEditingSessions', 'sess']), true);
    assert.equal(w.descend([...pre, 'chatEditingSessions', 'sess', 'contents']), false);
    assert.equal(w.descend([...pre, 'GitHub.copilot-chat', 'transcripts']), true);
    assert.equal(w.descend([...pre, 'GitHub.copilot-chat', 'debug-logs']), false);
    assert.equal(w.relevant([...pre, 'chatSessions', 's.jsonl']), 'transcript');
    assert.equal(w.relevant([...pre, 'chatSessions', 's.json']), 'transcript');
    assert.equal(w.relevant([...pre, 'chatEditingSessions', 's', 'state.json']), 'transcript');
    assert.equal(w.relevant([...pre, 'GitHub.copilot-chat', 'transcripts', 'c.jsonl']), 'transcript');
    assert.equal(w.relevant([...pre, 'workspace.json']), 'layout');
    assert.equal(w.relevant([...pre, 'state.vscdb']), undefined);
  }
  assert.equal(w.descend(['globalStorage']), false);
  assert.equal(w.descend(['History']), false);
});
