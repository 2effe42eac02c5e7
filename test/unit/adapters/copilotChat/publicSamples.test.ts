// The public samples (test/fixtures/public/copilot-vscode, SOURCES.md) as golden files: real VS Code chat sessions
// (Copilot Chat 0.31.5 flat JSON, 0.37.1 mutation log) and event-stream transcripts, laid out where VS Code keeps them.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { copilotChatAdapter } from '../../../../src/adapters/copilotChat/copilotChatAdapter';
import { discoverCopilotChatTranscripts } from '../../../../src/adapters/copilotChat/discovery';
import type { SessionDetail, Step } from '../../../../src/core/model';
import { runAdapter } from '../../helpers/parseWithAdapter';

const dir = join(process.cwd(), 'test/fixtures/public/copilot-vscode');

function read(name: string, folder: string[], mode: 'whole' | 'append'): { sessions: SessionDetail[]; issues: unknown[] } {
  const ws = mkdtempSync(join(tmpdir(), 'ad-chat-public-'));
  mkdirSync(join(ws, ...folder), { recursive: true });
  const path = join(ws, ...folder, name.replace(/^gitai-/, ''));
  cpSync(join(dir, name), path);
  const run = runAdapter(copilotChatAdapter, [{ agent: 'copilot-chat', path, mode, cwdHint: '/Users/svarlamov/projects/testing-git' }]);
  return { sessions: run.sessions, issues: run.issues };
}

const describe = (s: Step): string =>
  s.type === 'tool' ? `${s.name}${s.fileChanges.length > 0 ? ` ${s.fileChanges.map((c) => `${c.op} ${c.path}`).join(',')}` : ''}${s.command ? ` $ ${s.command.command}` : ''}` : s.type;

test('copilot_session_simple.json (0.31.5): three prompts, the replace_string edit, the grep search', () => {
  const { sessions, issues } = read('gitai-copilot_session_simple.json', ['chatSessions'], 'whole');
  assert.deepEqual(issues, []);
  assert.equal(sessions.length, 1);
  const s = sessions[0];
  assert.deepEqual([s.id, s.title, s.models, s.cliVersion, s.startedAt], ['331fed7f-cfd6-409c-8502-06a56322b636', 'Assistance with TypeScript project tasks', ['claude-sonnet-4'], '0.31.5', '2025-10-07T13:50:46.680Z']);
  assert.deepEqual(s.prompts.map((p) => p.text), ['What can you help me with?', 'Change Bonjour World to hello world', 'Search for any other mentions of Bonjour']);
  assert.deepEqual(s.prompts.map((p) => p.steps.map(describe)), [
    ['text'],
    ['text', 'replace_string_in_file update /Users/svarlamov/projects/testing-git/index.ts', 'text'],
    ['text', 'grep_search', 'text'],
  ]);
  // No editing session in the sample: the edit's contents are not known and not guessed.
  const edit = s.prompts[1].steps[1];
  assert.ok(edit.type === 'tool');
  assert.deepEqual(edit.fileChanges, [{ path: '/Users/svarlamov/projects/testing-git/index.ts', op: 'update' }]);
  assert.match(edit.result?.text ?? '', /^The following files were successfully edited:/);
});

test('copilot_session_simple.jsonl: the same session as one Initial entry', () => {
  const flat = read('gitai-copilot_session_simple.json', ['chatSessions'], 'whole').sessions[0];
  const logged = read('gitai-copilot_session_simple.jsonl', ['chatSessions'], 'whole').sessions[0];
  assert.deepEqual(logged.prompts.map((p) => [p.id, p.text, p.steps.map(describe)]), flat.prompts.map((p) => [p.id, p.text, p.steps.map(describe)]));
});

test('copilot_session_multiline.jsonl (0.37.1): the pushed follow-up request, the insert_edit_into_file edit', () => {
  const { sessions, issues } = read('gitai-copilot_session_multiline.jsonl', ['chatSessions'], 'whole');
  assert.deepEqual(issues, []);
  const s = sessions[0];
  assert.deepEqual([s.id, s.title, s.models], ['7de89a80-6d93-43e7-be0a-0a9afe980198', 'Adding a joke to jokes.csv file', ['gpt-4o']]);
  assert.deepEqual(s.prompts.map((p) => p.text), ['Add a joke about 7sadfh32u23gdaWF to jokes.csv', 'follow up message']);
  assert.deepEqual(s.prompts[0].steps.map(describe), ['read_file', 'insert_edit_into_file update /Users/svarlamov/projects/testing-git/jokes.csv', 'vscode_editFile_internal', 'text']);
  const read0 = s.prompts[0].steps[0];
  assert.ok(read0.type === 'tool');
  assert.deepEqual(read0.reads, [{ path: '/Users/svarlamov/projects/testing-git/jokes.csv', startLine: 1, endLine: 20 }]);
  assert.deepEqual(s.prompts[1].steps.map(describe), ['text']);
});

test('copilot_session_empty_then_patched.jsonl: a request pushed into an empty session', () => {
  const { sessions, issues } = read('gitai-copilot_session_empty_then_patched.jsonl', ['chatSessions'], 'whole');
  assert.deepEqual(issues, []);
  assert.deepEqual(sessions.map((s) => [s.id, s.prompts.map((p) => p.text)]), [['copilot_session_empty_then_patched', ['What is the meaning of life?']]]);
});

test('event-stream transcripts: prompts, tool calls, the apply_patch change', () => {
  const a = read('gitai-copilot_vscode_event_stream.jsonl', ['GitHub.copilot-chat', 'transcripts'], 'append');
  assert.deepEqual(a.issues, []);
  const s = a.sessions[0];
  assert.deepEqual([s.id, s.agent, s.cwd, s.cliVersion], ['5fcddc54-3ba1-4fc4-88ac-86bd2ce74c19', 'copilot-chat', '/Users/svarlamov/projects/testing-git', '0.47.0']);
  assert.deepEqual(s.prompts.map((p) => [p.text, p.steps.map(describe)]), [['Add a comment to the file', ['text', 'read_file', 'text', 'apply_patch update /Users/test/project/src/main.ts']]]);
  const b = read('gitai-copilot_session_event_stream.jsonl', ['GitHub.copilot-chat', 'transcripts'], 'append');
  assert.deepEqual(b.issues, []);
  // Neither call completed in this sample: no change is claimed.
  assert.deepEqual(b.sessions[0].prompts.map((p) => [p.text, p.steps.map(describe)]), [['add some jokes to jokes.csv', ['text', 'read_file', 'text', 'replace_string_in_file', 'text']]]);
});

test('the sample workspace storage: workspace.json maps it to its folder; other folders find nothing', async () => {
  const ws = join(dir, 'gitai-workspace');
  const found = await discoverCopilotChatTranscripts([ws], ['/Users/test/project'], []);
  assert.deepEqual(found.map((f) => [f.path.slice(ws.length), f.mode, f.cwdHint]), [['/GitHub.copilot-chat/transcripts/test-session-abc.jsonl', 'append', '/Users/test/project']]);
  assert.deepEqual(await discoverCopilotChatTranscripts([ws], ['/Users/test/other'], []), []);
  const run = runAdapter(copilotChatAdapter, found);
  assert.deepEqual(run.sessions.map((s) => [s.id, s.cwd, s.prompts.map((p) => p.text)]), [['test-session-abc', '/Users/test/project', ['Fix the bug']]]);
});
