// Rollout eras and record shapes the recorded 0.169 fixtures do not cover. The public samples are used as they are;
// the other records below are written inline, each modeled on the real records quoted in
// /work/shared/docs/transcript-formats.md §2 (bare era, 2025 wrapped era, patch_apply_end, exec_command_end,
// forks/subagents) — they test code paths, they are not fixture files.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { TranscriptFile } from '../../../../src/adapters/adapter';
import { codexAdapter } from '../../../../src/adapters/codex/codexAdapter';
import type { SessionDetail, ToolCallStep } from '../../../../src/core/model';
import { SessionFold } from '../../../../src/core/sessionFold';
import { runAdapter, type AdapterRun } from '../../helpers/parseWithAdapter';

const publicDir = join(process.cwd(), 'test/fixtures/public/codex');
const scratch = mkdtempSync(join(tmpdir(), 'codex-eras-'));
let counter = 0;

function runRecords(records: unknown[], options: { chunks?: number; name?: string } = {}): AdapterRun {
  const path = join(scratch, options.name ?? `rollout-${counter++}.jsonl`);
  writeFileSync(path, records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n');
  const file: TranscriptFile = { agent: 'codex', path, mode: 'append' };
  const one = runAdapter(codexAdapter, [file], { chunks: options.chunks ?? 1 });
  // Every case must also survive being fed line by line with the state persisted in between.
  const many = runAdapter(codexAdapter, [file], { chunks: records.length });
  assert.deepEqual(many.sessions, one.sessions, 'same fold line by line');
  return one;
}

function only(run: AdapterRun): SessionDetail {
  assert.equal(run.sessions.length, 1);
  return run.sessions[0];
}

function tools(session: SessionDetail): ToolCallStep[] {
  return session.prompts.flatMap((p) => p.steps).filter((s): s is ToolCallStep => s.type === 'tool');
}

const ev = (timestamp: string, payload: object) => ({ timestamp, type: 'event_msg', payload });
const ri = (timestamp: string, payload: object) => ({ timestamp, type: 'response_item', payload });
const userItem = (text: string) => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] });
const meta = (id: string, extra: object = {}) => ({
  timestamp: '2026-03-01T10:00:00.000Z',
  type: 'session_meta',
  payload: { id, timestamp: '2026-03-01T10:00:00.000Z', cwd: '/work/repo', originator: 'codex_cli_rs', cli_version: '0.120.0', ...extra },
});

describe('public samples (git-ai, ccusage)', () => {
  it('wrapped era with a JSON apply_patch {patch}: prompt from the response item, orphan call kept', () => {
    const run = runAdapter(codexAdapter, [{ agent: 'codex', path: join(publicDir, 'gitai-codex-session-simple.jsonl'), mode: 'append' }]);
    assert.deepEqual(run.issues, []);
    const s = only(run);
    assert.equal(s.id, '019c4b43-1451-7af3-be4c-5576369bf1ba');
    assert.equal(s.cwd, '/Users/test/projects/git-ai');
    assert.equal(s.cliVersion, '0.99.0-alpha.24');
    assert.deepEqual(s.models, ['gpt-5-codex']);
    assert.deepEqual(
      s.prompts.map((p) => [p.id, p.text]),
      [['turn-1', 'Refactor src/main.rs to add a greeting function.']],
    );
    const [patch] = tools(s);
    assert.equal(patch.id, 'call_abc123');
    assert.equal(patch.kind, 'edit');
    assert.equal(patch.result, undefined, 'no output was recorded: the call still shows');
    assert.deepEqual(patch.fileChanges, [
      {
        path: '/Users/test/projects/git-ai/src/main.rs',
        op: 'update',
        patch: '*** Update File: src/main.rs\n@@\n-fn main() {}\n+fn greet() { println!("hello"); }\n+fn main() { greet(); }\n',
      },
    ]);
    const text = s.prompts[0].steps.find((st) => st.type === 'text');
    assert.equal(text?.type === 'text' && text.text, 'Done. I added `greet()` and wired it into `main()`.');
  });

  it('shell_command with a workdir becomes a command without a result yet', () => {
    const run = runAdapter(codexAdapter, [{ agent: 'codex', path: join(publicDir, 'gitai-codex-session-updated.jsonl'), mode: 'append' }]);
    const shell = tools(only(run)).find((t) => t.name === 'shell_command');
    assert.equal(shell?.kind, 'shell');
    assert.deepEqual(shell?.command, { command: 'cargo test', cwd: '/Users/test/projects/git-ai', exitCode: null, output: '' });
  });

  it('a file without session_meta gets its session from the file name and no prompts', () => {
    const run = runAdapter(codexAdapter, [{ agent: 'codex', path: join(publicDir, 'ccusage-session-alpha.jsonl'), mode: 'append' }]);
    assert.deepEqual(run.issues, []);
    const s = only(run);
    assert.equal(s.id, 'ccusage-session-alpha');
    assert.deepEqual(s.models, ['gpt-5.2-codex']);
    assert.equal(s.prompts.length, 0);
  });
});

describe('prompts', () => {
  it('2025 wrapped era: response item + user_message + turn_context without turn id make one prompt', () => {
    // §2.7 real example.
    const s = only(
      runRecords([
        meta('0199a0a0-0000-4000-8000-000000000001'),
        ri('2025-11-23T19:30:19.155Z', userItem("this is a test prompt. Don't do anythin")),
        ev('2025-11-23T19:30:19.155Z', { type: 'user_message', message: "this is a test prompt. Don't do anythin", images: [] }),
        { timestamp: '2025-11-23T19:30:19.167Z', type: 'turn_context', payload: { cwd: '/Users/pinouchon/code/rtchess', model: 'gpt-5.1-codex-max' } },
        ri('2025-11-23T19:30:25.000Z', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'OK.' }] }),
        ev('2025-11-23T19:30:25.000Z', { type: 'agent_message', message: 'OK.' }),
        ri('2025-11-23T19:31:00.000Z', userItem('again')),
        ev('2025-11-23T19:31:00.000Z', { type: 'user_message', message: 'again', images: [] }),
      ]),
    );
    assert.deepEqual(
      s.prompts.map((p) => p.text),
      ["this is a test prompt. Don't do anythin", 'again'],
    );
    assert.notEqual(s.prompts[0].id, s.prompts[1].id);
    // The session's folder is where it was started (session_meta); a turn_context elsewhere does not move it.
    assert.equal(s.cwd, '/work/repo');
    assert.equal(s.prompts[0].steps.length, 1, 'agent_message does not duplicate the assistant message');
  });

  it('injected context is not a prompt; the IDE wrapper is reduced to the request; the event text wins', () => {
    const s = only(
      runRecords([
        meta('0199a0a0-0000-4000-8000-000000000002'),
        ev('2026-03-01T10:00:01.000Z', { type: 'task_started', turn_id: 'turn-a' }),
        ri('2026-03-01T10:00:01.100Z', { type: 'message', role: 'developer', content: [{ type: 'input_text', text: '<permissions instructions>…</permissions instructions>' }] }),
        ri('2026-03-01T10:00:01.100Z', userItem('# AGENTS.md instructions for /work/repo\n\n<INSTRUCTIONS>\nuse tabs\n</INSTRUCTIONS>')),
        ri('2026-03-01T10:00:01.100Z', userItem('<environment_context>\n  <cwd>/work/repo</cwd>\n</environment_context>')),
        ri(
          '2026-03-01T10:00:01.200Z',
          userItem('# Context from my IDE setup:\n\n## Active file: a.ts\n\n## My request for Codex:\nrename   foo to bar\n'),
        ),
        ev('2026-03-01T10:00:01.200Z', { type: 'user_message', message: 'rename foo to bar', images: [] }),
      ]),
    );
    assert.deepEqual(
      s.prompts.map((p) => [p.id, p.text]),
      [['turn-a', 'rename foo to bar']],
    );
  });

  it('a second message inside the same turn is its own prompt with a record-derived id', () => {
    const s = only(
      runRecords([
        meta('0199a0a0-0000-4000-8000-000000000003'),
        ev('2026-03-01T10:00:01.000Z', { type: 'task_started', turn_id: 'turn-a' }),
        ri('2026-03-01T10:00:01.100Z', userItem('first')),
        ev('2026-03-01T10:00:01.100Z', { type: 'item_completed', thread_id: 'x', turn_id: 'turn-a', item: { type: 'UserMessage', id: 'u1', content: [{ type: 'text', text: 'first' }] } }),
        ri('2026-03-01T10:00:02.000Z', { type: 'message', role: 'assistant', id: 'msg_1', content: [{ type: 'output_text', text: 'working' }] }),
        ri('2026-03-01T10:00:03.000Z', userItem('also do this')),
        ev('2026-03-01T10:00:03.000Z', { type: 'user_message', message: 'also do this' }),
      ]),
    );
    assert.deepEqual(
      s.prompts.map((p) => p.text),
      ['first', 'also do this'],
    );
    assert.equal(s.prompts[0].id, 'turn-a');
    assert.match(s.prompts[1].id, /^2026-03-01T10:00:03.000Z:[0-9a-f]{12}$/);
  });

  it('the same text re-sent after an interrupted turn is a new prompt; raw reasoning text is kept', () => {
    const s = only(
      runRecords([
        meta('0199a0a0-0000-4000-8000-00000000000a'),
        ri('2025-11-23T19:30:19.155Z', userItem('fix it')),
        ev('2025-11-23T19:30:19.155Z', { type: 'user_message', message: 'fix it' }),
        ev('2025-11-23T19:30:21.000Z', { type: 'turn_aborted', reason: 'interrupted' }),
        ri('2025-11-23T19:30:25.000Z', userItem('fix it')),
        ev('2025-11-23T19:30:25.000Z', { type: 'user_message', message: 'fix it' }),
        ri('2025-11-23T19:30:26.000Z', { type: 'reasoning', summary: [], content: [{ type: 'reasoning_text', text: 'thinking aloud' }] }),
      ]),
    );
    assert.deepEqual(
      s.prompts.map((p) => p.text),
      ['fix it', 'fix it'],
    );
    assert.deepEqual(
      s.prompts[1].steps.map((st) => (st.type === 'reasoning' ? st.text : '')),
      ['thinking aloud'],
    );
  });

  it('thread_name_updated names the session', () => {
    const s = only(runRecords([meta('0199a0a0-0000-4000-8000-000000000004'), ev('2026-03-01T10:00:05.000Z', { type: 'thread_name_updated', thread_id: 'x', thread_name: 'Calculator' })]));
    assert.equal(s.title, 'Calculator');
  });
});

describe('bare era (≤ Sept 2025)', () => {
  it('takes the cwd from environment_context, parses tools and keys records by line', () => {
    // §2.7 bare-era lines: meta without cwd, state sentinels, no per-line timestamps.
    const run = runRecords(
      [
        { id: 'cccc', timestamp: '2025-09-02T17:17:41.762Z', instructions: null },
        { record_type: 'state' },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: '<environment_context>\n  <cwd>/Users/x/dev/legacy-thing</cwd>\n</environment_context>' }] },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'list files' }] },
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Use ls.' }], encrypted_content: 'gAAA' },
        { type: 'function_call', name: 'shell', arguments: '{"command":["bash","-lc","ls"],"workdir":"sub"}', call_id: 'call_1' },
        { type: 'function_call_output', call_id: 'call_1', output: '{"output":"a\\nb\\n","metadata":{"exit_code":0,"duration_seconds":0.2}}' },
        { record_type: 'state' },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'list files' }] },
      ],
      { name: 'rollout-2025-09-02T17-17-41-cccc.jsonl' },
    );
    assert.deepEqual(run.issues, []);
    const s = only(run);
    assert.equal(s.id, 'cccc');
    assert.equal(s.cwd, '/Users/x/dev/legacy-thing');
    assert.deepEqual(
      s.prompts.map((p) => [p.id, p.text]),
      [
        ['line-4', 'list files'],
        ['line-9', 'list files'],
      ],
    );
    const [shell] = tools(s);
    assert.deepEqual(shell.command, { command: 'ls', cwd: '/Users/x/dev/legacy-thing/sub', exitCode: 0, output: 'a\nb\n', durationMs: 200 });
    assert.equal(s.prompts[0].steps[0].type, 'reasoning');
  });
});

describe('edits and commands from exact events', () => {
  it('patch_apply_end gives exact contents (internally and externally tagged changes)', () => {
    // §2.5 real example, plus the 2025 `{"update":{…}}` serialization.
    const s = only(
      runRecords([
        meta('0199a0a0-0000-4000-8000-000000000005', { cwd: '/Users/alice' }),
        ev('2026-03-01T10:00:01.000Z', { type: 'user_message', message: 'make diagrams' }),
        ri('2026-03-01T10:00:02.000Z', {
          type: 'custom_tool_call',
          status: 'completed',
          call_id: 'call_xC0',
          name: 'apply_patch',
          input: '*** Begin Patch\n*** Add File: standard_solution_assets/generate_diagrams.js\n+const fs = require("fs");\n*** Update File: README.md\n@@\n-old\n+new\n*** End Patch\n',
        }),
        ev('2026-03-01T10:00:02.100Z', {
          type: 'patch_apply_end',
          call_id: 'call_xC0',
          turn_id: 't',
          stdout: 'Success. Updated the following files:\nA standard_solution_assets/generate_diagrams.js\nM README.md\n',
          stderr: '',
          success: true,
          changes: {
            '/Users/alice/README.md': { update: { unified_diff: '@@ -1 +1 @@\n-old\n+new\n', move_path: null } },
            '/Users/alice/standard_solution_assets/generate_diagrams.js': { type: 'add', content: 'const fs = require("fs");\n' },
          },
          status: 'completed',
        }),
        ri('2026-03-01T10:00:02.200Z', { type: 'custom_tool_call_output', call_id: 'call_xC0', output: '{"output":"Success. Updated the following files:\\nA standard_solution_assets/generate_diagrams.js\\nM README.md\\n","metadata":{"exit_code":0,"duration_seconds":0.0}}' }),
      ]),
    );
    const [step] = tools(s);
    assert.equal(step.kind, 'edit');
    assert.equal(step.result?.isError, false);
    assert.deepEqual(step.fileChanges, [
      { path: '/Users/alice/standard_solution_assets/generate_diagrams.js', op: 'create', before: null, after: 'const fs = require("fs");\n' },
      { path: '/Users/alice/README.md', op: 'update', patch: '@@ -1 +1 @@\n-old\n+new\n' },
    ]);
    assert.equal(step.command, undefined);
  });

  it('exec_command_end gives the exact result and the later output does not override it', () => {
    const s = only(
      runRecords([
        meta('0199a0a0-0000-4000-8000-000000000006'),
        ev('2026-03-01T10:00:01.000Z', { type: 'user_message', message: 'test' }),
        ri('2026-03-01T10:00:02.000Z', { type: 'function_call', name: 'shell', arguments: '{"command":["bash","-lc","npm test"]}', call_id: 'c1' }),
        ev('2026-03-01T10:00:04.000Z', {
          type: 'exec_command_end',
          call_id: 'c1',
          command: ['bash', '-lc', 'npm test'],
          cwd: '/work/repo',
          aggregated_output: '1 failing\n',
          exit_code: 1,
          duration: { secs: 2, nanos: 0 },
          parsed_cmd: [{ type: 'unknown', cmd: 'npm test' }],
        }),
        ri('2026-03-01T10:00:04.100Z', { type: 'function_call_output', call_id: 'c1', output: 'Exit code: 1\nWall time: 2.1 seconds\nOutput:\n1 failing (truncated)\n' }),
      ]),
    );
    const [step] = tools(s);
    assert.deepEqual(step.command, { command: 'npm test', cwd: '/work/repo', exitCode: 1, output: '1 failing\n', durationMs: 2000 });
    assert.equal(step.durationMs, 2000);
    assert.equal(step.result?.isError, true);
    assert.equal(step.result?.text, 'Exit code: 1\nWall time: 2.1 seconds\nOutput:\n1 failing (truncated)\n');
  });

  it('a rejected patch changes no files', () => {
    const s = only(
      runRecords([
        meta('0199a0a0-0000-4000-8000-000000000007'),
        ev('2026-03-01T10:00:01.000Z', { type: 'user_message', message: 'edit' }),
        ri('2026-03-01T10:00:02.000Z', { type: 'custom_tool_call', call_id: 'p1', name: 'apply_patch', input: '*** Begin Patch\n*** Update File: a.txt\n@@\n-nope\n+x\n*** End Patch' }),
        ri('2026-03-01T10:00:02.100Z', { type: 'custom_tool_call_output', call_id: 'p1', output: 'apply_patch verification failed: Failed to find expected lines in /work/repo/a.txt:\nnope' }),
      ]),
    );
    const [step] = tools(s);
    assert.equal(step.result?.isError, true);
    assert.deepEqual(step.fileChanges, []);
  });

  it('commands and edits without a model call (code mode, `!cmd`) become steps of their own; reads come from parsed_cmd', () => {
    const s = only(
      runRecords([
        // Paginated history records every command of a code-mode script: the records are the commands.
        meta('0199a0a0-0000-4000-8000-000000000008', { history_mode: 'paginated' }),
        ev('2026-03-01T10:00:01.000Z', { type: 'task_started', turn_id: 't1' }),
        ev('2026-03-01T10:00:01.100Z', { type: 'item_completed', turn_id: 't1', item: { type: 'UserMessage', id: 'u', content: [{ type: 'text', text: 'look' }] } }),
        ri('2026-03-01T10:00:02.000Z', { type: 'custom_tool_call', call_id: 'x1', name: 'exec', input: 'await tools.exec_command({cmd:"cat a.txt"})' }),
        ev('2026-03-01T10:00:02.500Z', {
          type: 'item_completed',
          turn_id: 't1',
          item: {
            type: 'CommandExecution',
            id: 'cmd-9',
            command: ['/bin/bash', '-lc', 'cat a.txt'],
            cwd: 'file:///work/repo',
            parsed_cmd: [{ type: 'read', cmd: 'cat a.txt', name: 'a.txt', path: 'a.txt' }],
            status: 'completed',
            aggregated_output: 'hello\n',
            exit_code: 0,
            duration: { secs: 0, nanos: 5_000_000 },
          },
        }),
        ev('2026-03-01T10:00:02.600Z', {
          type: 'item_completed',
          turn_id: 't1',
          item: { type: 'FileChange', id: 'fc-1', changes: { '/work/repo/b.txt': { type: 'delete', content: 'bye\n' } }, status: 'completed' },
        }),
      ]),
    );
    const steps = tools(s);
    assert.deepEqual(
      steps.map((t) => [t.id, t.name, t.kind]),
      [
        ['x1', 'exec', 'other'],
        ['cmd-9', 'shell', 'shell'],
        ['fc-1', 'apply_patch', 'delete'],
      ],
    );
    assert.deepEqual(steps[1].command, { command: 'cat a.txt', cwd: '/work/repo', exitCode: 0, output: 'hello\n', durationMs: 5 });
    assert.deepEqual(steps[1].reads, [{ path: '/work/repo/a.txt' }]);
    assert.deepEqual(steps[2].fileChanges, [{ path: '/work/repo/b.txt', op: 'delete', before: 'bye\n', after: null }]);
    assert.ok(steps.every((t) => t.promptId === 't1'));
  });

  it('read_file, local_shell_call, web_search and spawn_agent get their kinds', () => {
    const s = only(
      runRecords([
        meta('0199a0a0-0000-4000-8000-000000000009'),
        ev('2026-03-01T10:00:01.000Z', { type: 'user_message', message: 'go' }),
        ri('2026-03-01T10:00:02.000Z', { type: 'function_call', name: 'read_file', arguments: '{"file_path":"src/a.ts","offset":10,"limit":5}', call_id: 'r1' }),
        ri('2026-03-01T10:00:02.100Z', { type: 'local_shell_call', call_id: 'l1', status: 'completed', action: { type: 'exec', command: ['ls', '-la'], working_directory: '/tmp' } }),
        ri('2026-03-01T10:00:02.200Z', { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'codex rollout' } }),
        ri('2026-03-01T10:00:02.300Z', { type: 'function_call', name: 'spawn_agent', arguments: '{"message":"review"}', call_id: 's1' }),
        ri('2026-03-01T10:00:02.400Z', { type: 'function_call', name: 'update_plan', arguments: '{"plan":[]}', call_id: 'u1' }),
      ]),
    );
    const steps = tools(s);
    assert.deepEqual(
      steps.map((t) => [t.id, t.kind]),
      [
        ['r1', 'read'],
        ['l1', 'shell'],
        ['ws_1', 'search'],
        ['s1', 'agent'],
        ['u1', 'other'],
      ],
    );
    assert.deepEqual(steps[0].reads, [{ path: '/work/repo/src/a.ts', startLine: 10, endLine: 14 }]);
    assert.equal(steps[1].command?.command, 'ls -la');
    assert.equal(steps[1].command?.cwd, '/tmp');
  });
});

describe('forks and subagents', () => {
  // UUIDv7: the first 48 bits are the creation time in ms.
  const parentId = '019c0000-0000-7000-8000-000000000001';
  const parentTurn = '019c0000-0001-7000-8000-000000000002';
  const childId = '019c0000-1000-7000-8000-000000000003';
  const childTurn = '019c0000-1001-7000-8000-000000000004';
  const replayedParent = [
    meta(parentId, { source: 'cli' }),
    ev('2026-03-01T10:05:00.000Z', { type: 'task_started', turn_id: parentTurn }),
    { timestamp: '2026-03-01T10:05:00.000Z', type: 'turn_context', payload: { turn_id: parentTurn, cwd: '/work/parent', model: 'gpt-parent' } },
    ri('2026-03-01T10:05:00.000Z', userItem('parent prompt')),
    ev('2026-03-01T10:05:00.000Z', { type: 'user_message', message: 'parent prompt' }),
    ri('2026-03-01T10:05:00.000Z', { type: 'function_call', name: 'spawn_agent', arguments: '{}', call_id: 'spawn' }),
  ];

  it('a subagent skips the replayed parent history and starts at its own turn', () => {
    const run = runRecords([
      meta(childId, { source: { subagent: { thread_spawn: { parent_thread_id: parentId, depth: 1, agent_nickname: 'Boole' } } } }),
      ...replayedParent,
      ev('2026-03-01T10:05:01.000Z', { type: 'task_started', turn_id: childTurn }),
      { timestamp: '2026-03-01T10:05:01.000Z', type: 'turn_context', payload: { turn_id: childTurn, cwd: '/work/repo', model: 'gpt-child' } },
      ri('2026-03-01T10:05:01.100Z', userItem('review the diff')),
      ev('2026-03-01T10:05:01.100Z', { type: 'user_message', message: 'review the diff' }),
    ]);
    assert.deepEqual(run.issues, []);
    const s = only(run);
    assert.equal(s.id, childId);
    assert.equal(s.parentSessionId, parentId);
    assert.deepEqual(s.models, ['gpt-child']);
    assert.equal(s.cwd, '/work/repo');
    assert.deepEqual(
      s.prompts.map((p) => [p.id, p.text]),
      [[childTurn, 'review the diff']],
    );
    assert.equal(tools(s).length, 0, 'the replayed spawn_agent call stays in the parent');
  });

  it('inter-agent mail ends the replay (multi-agent v2)', () => {
    const s = only(
      runRecords([
        meta(childId, { source: { subagent: { thread_spawn: { parent_thread_id: parentId, depth: 1 } } } }),
        ...replayedParent,
        { timestamp: '2026-03-01T10:05:01.000Z', type: 'inter_agent_communication_metadata', payload: { trigger_turn: true } },
        ri('2026-03-01T10:05:02.000Z', { type: 'message', role: 'assistant', id: 'msg_child', content: [{ type: 'output_text', text: 'Child review started' }] }),
      ]),
    );
    assert.equal(s.prompts.length, 1, 'the child has no typed prompt: its steps go to a placeholder');
    assert.deepEqual(
      s.prompts.flatMap((p) => p.steps).map((st) => st.id),
      ['msg_child'],
    );
  });

  it('before UUIDv7 ids a fork cannot be told apart and is kept whole (documented gap)', () => {
    const s = only(runRecords([meta('5973b6c0-94b8-487b-a530-2aeb6098ae0e'), meta('11111111-94b8-487b-a530-2aeb6098ae0e'), ev('2025-06-01T10:00:00.000Z', { type: 'user_message', message: 'old parent prompt' })]));
    assert.deepEqual(
      s.prompts.map((p) => p.text),
      ['old parent prompt'],
    );
  });
});

describe('TypeScript-era documents', () => {
  const items = [
    { role: 'user', type: 'message', content: [{ type: 'input_text', text: 'add a hello file' }] },
    { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'shell', arguments: JSON.stringify({ command: ['apply_patch', '*** Begin Patch\n*** Add File: hello.txt\n+hello\n*** End Patch'] }) },
    { type: 'function_call_output', call_id: 'call_1', output: '{"output":"Done!","metadata":{"exit_code":0,"duration_seconds":0}}' },
  ];
  const later = [...items, { id: 'msg_2', type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Added hello.txt.' }] }];

  it('superset snapshots saved under new uuids fold into one session without duplicates', () => {
    const files: TranscriptFile[] = [
      { session: { timestamp: '2025-05-01T10:00:02.000Z', id: 'aaaaaaaa-0000-4000-8000-000000000001' }, items },
      { session: { timestamp: '2025-05-01T10:00:09.000Z', id: 'bbbbbbbb-0000-4000-8000-000000000002' }, items: later },
    ].map((doc, i) => {
      const path = join(scratch, `rollout-2025-05-01-${i}.json`);
      writeFileSync(path, JSON.stringify(doc, null, 2));
      return { agent: 'codex', path, mode: 'whole', cwdHint: '/work/ts' };
    });
    const run = runAdapter(codexAdapter, files, { fold: new SessionFold() });
    assert.deepEqual(run.issues, []);
    const s = only(run);
    assert.equal(s.cwd, '/work/ts');
    assert.deepEqual(
      s.prompts.map((p) => p.text),
      ['add a hello file'],
    );
    const steps = s.prompts[0].steps;
    assert.deepEqual(
      steps.map((st) => st.id),
      ['call_1', 'msg_2'],
    );
    const [call] = tools(s);
    assert.equal(call.kind, 'write');
    assert.deepEqual(call.fileChanges, [{ path: '/work/ts/hello.txt', op: 'create', before: null, after: 'hello\n' }]);
    assert.equal(call.result?.isError, false);
    assert.equal(s.startedAt, '2025-05-01T10:00:02.000Z');
    assert.equal(s.updatedAt, '2025-05-01T10:00:09.000Z');
  });
});
