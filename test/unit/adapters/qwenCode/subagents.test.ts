// Subagent transcripts, `<project>/subagents/<sessionId>/agent-<agentId>.jsonl`. No recording has one (the scripted
// mock never called the `agent` tool), so this is a hand-written minimal reproduction of what Qwen Code 0.24.4's
// agent-transcript.ts writes: the main session's envelope with the parent's sessionId, `agentId`, `isSidechain`, and
// tool results without a display (`toolCallResult: {callId, durationMs}`).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { qwenCodeAgent } from '../../../../src/adapters/qwenCode/qwenCodeAgent';
import { qwenCodeAdapter } from '../../../../src/adapters/qwenCode/qwenCodeAdapter';
import type { ToolCallStep } from '../../../../src/core/model';
import type { ParseIssue } from '../../../../src/core/ops';
import { runAdapter } from '../../helpers/parseWithAdapter';

const root = mkdtempSync(join(tmpdir(), 'qwen-subagents-'));
after(() => rmSync(root, { recursive: true, force: true }));

const sid = '9d1b8c3e-0000-4000-8000-00000000000a';
const cwd = '/w/demo-repo';
const project = join(root, 'projects', '-w-demo-repo');
const base = (uuid: string, parentUuid: string | null, type: string, extra: Record<string, unknown>): string =>
  JSON.stringify({ uuid, parentUuid, sessionId: sid, timestamp: `2026-12-03T10:00:0${uuid.slice(-1)}.000Z`, type, cwd, version: '0.24.4', agentId: 'explore-1', agentName: 'explore', isSidechain: true, ...extra });

mkdirSync(join(project, 'chats'), { recursive: true });
writeFileSync(join(project, 'chats', `${sid}.jsonl`), '');
mkdirSync(join(project, 'subagents', sid), { recursive: true });
const transcript = join(project, 'subagents', sid, 'agent-explore-1.jsonl');
writeFileSync(
  transcript,
  [
    base('s1', null, 'user', { message: { role: 'user', parts: [{ text: 'add a header comment to src/a.js' }] } }),
    base('s2', 's1', 'assistant', { message: { role: 'model', parts: [{ functionCall: { id: 'c1', name: 'edit', args: { file_path: `${cwd}/src/a.js`, old_string: 'x', new_string: '// a\nx' } } }] } }),
    base('s3', 's2', 'tool_result', {
      message: { role: 'user', parts: [{ functionResponse: { id: 'c1', name: 'edit', response: { output: `The file: ${cwd}/src/a.js has been updated. Showing lines 1-2 of 2 from the edited file:\n\n---\n\n// a\nx` } } }] },
      toolCallResult: { callId: 'c1', durationMs: 12 },
    }),
    base('s4', 's3', 'system', { subtype: 'agent_retry', systemPayload: { attempt: 1 } }),
    '',
  ].join('\n'),
);
writeFileSync(join(project, 'subagents', sid, 'agent-explore-1.meta.json'), '{}');
writeFileSync(join(project, 'subagents', sid, 'agent-explore-1.jsonl.stream'), '');

test('subagent transcripts are found under subagents/<session>/ and read as sessions of their own under the parent', async () => {
  const issues: ParseIssue[] = [];
  const files = await qwenCodeAdapter.discover([root], [cwd], issues);
  assert.deepEqual(issues, []);
  assert.deepEqual(
    files.map((f) => [f.path.slice(root.length), f.parentSessionId]),
    [
      [`/projects/-w-demo-repo/chats/${sid}.jsonl`, undefined],
      [`/projects/-w-demo-repo/subagents/${sid}/agent-explore-1.jsonl`, sid],
    ],
  );
  const sub = files[1];
  const { sessions, issues: parseIssues } = runAdapter(qwenCodeAdapter, [sub]);
  assert.deepEqual(parseIssues, []);
  assert.deepEqual(
    sessions.map((s) => [s.id, s.parentSessionId, s.cwd, s.prompts.map((p) => p.text)]),
    [[`${sid}:explore-1`, sid, cwd, ['add a header comment to src/a.js']]],
  );
  // No display in a subagent's result: the file changed, its contents are unknown.
  const [edit] = sessions[0].prompts[0].steps as ToolCallStep[];
  assert.deepEqual(edit.fileChanges, [{ path: `${cwd}/src/a.js`, op: 'update' }]);
  assert.equal(edit.result?.isError, false);
  const { descend, relevant } = qwenCodeAgent.watch;
  assert.ok(descend(['projects', '-w-demo-repo', 'subagents']) && descend(['projects', '-w-demo-repo', 'subagents', sid]));
  assert.equal(relevant(['projects', '-w-demo-repo', 'subagents', sid, 'agent-explore-1.jsonl']), 'transcript');
  assert.equal(relevant(['projects', '-w-demo-repo', 'subagents', sid, 'agent-explore-1.meta.json']), undefined);
  assert.equal(relevant(['projects', '-w-demo-repo', 'subagents', sid, 'agent-explore-1.jsonl.stream']), undefined);
});
