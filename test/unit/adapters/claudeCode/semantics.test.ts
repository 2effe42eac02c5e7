// Rule-level behaviour on minimal records: prompts, titles, compaction, backups, tools, state bounds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { claudeCodeAdapter } from '../../../../src/adapters/claudeCode/claudeCodeAdapter';
import { allTools, runRecords, session, tool } from './claudeFixtures';
import { assistant, base, text, toolResult, toolUse, ts, user } from './recordBuilders';

const S = 's1';

describe('prompts', () => {
  it('a slash command becomes a prompt only when the model works on it', () => {
    const { sessions } = runRecords([
      user(S, 'c1', '<command-name>/model</command-name>\n<command-message>model</command-message>\n<command-args></command-args>'),
      user(S, 'c1-out', '<local-command-stdout>Set model to opus</local-command-stdout>'),
      user(S, 'c2', '<command-message>review is running…</command-message>\n<command-name>/review</command-name>\n<command-args>src/a.js</command-args>'),
      user(S, 'c2-meta', 'Review the file src/a.js carefully.', { isMeta: true }),
      assistant(S, 'a1', [text('Reviewing.')]),
      user(S, 'p2', 'thanks'),
    ]);
    const s = session(sessions, S);
    assert.deepEqual(
      s.prompts.map((p) => [p.id, p.text]),
      [
        ['c2', '/review src/a.js'],
        ['p2', 'thanks'],
      ],
    );
    assert.deepEqual(
      s.prompts[0].steps.map((st) => st.id),
      ['a1:0'],
    );
  });

  it('compaction is not a prompt: steps continue in the current prompt', () => {
    const { sessions } = runRecords([
      user(S, 'p1', 'build the thing'),
      assistant(S, 'a1', [text('Working.')]),
      { ...base(S), type: 'system', subtype: 'compact_boundary', uuid: 'b1', parentUuid: null, logicalParentUuid: 'a1', compactMetadata: { trigger: 'auto' } },
      user(S, 'sum', 'This session is being continued from a previous conversation that ran out of context. Summary: …', { isCompactSummary: true, isVisibleInTranscriptOnly: true }),
      assistant(S, 'a2', [text('Continuing.')]),
    ]);
    const s = session(sessions, S);
    assert.equal(s.prompts.length, 1);
    assert.deepEqual(
      s.prompts[0].steps.map((st) => st.id),
      ['a1:0', 'a2:0'],
    );
  });

  it('interrupts and rejected calls: the call stays, flagged as error, with no file change', () => {
    const { sessions } = runRecords([
      user(S, 'p1', 'edit a.js'),
      assistant(S, 'a1', [toolUse('t-edit', 'Edit', { file_path: '/r/a.js', old_string: 'x', new_string: 'y' })]),
      toolResult(S, 'r1', 't-edit', "The user doesn't want to proceed with this tool use. The tool use was rejected.", 'User rejected tool use', true),
      user(S, 'i1', [text('[Request interrupted by user for tool use]')]),
      assistant(S, 'a2', [toolUse('t-bash', 'Bash', { command: 'sleep 100' })]),
      user(S, 'i2', [text('[Request interrupted by user]')]),
    ]);
    const s = session(sessions, S);
    assert.equal(s.prompts.length, 1);
    const edit = tool(s.prompts[0], 'Edit');
    assert.equal(edit.result?.isError, true);
    assert.deepEqual(edit.fileChanges, []);
    const bash = tool(s.prompts[0], 'Bash');
    assert.equal(bash.result, undefined);
    assert.deepEqual(bash.command, { command: 'sleep 100', cwd: '/r', exitCode: null, output: '' });
  });

  it('a prompt typed while Claude works (queued_command) is a prompt; a task notification is not', () => {
    const { sessions } = runRecords([
      user(S, 'p1', 'first'),
      { ...base(S), type: 'attachment', uuid: 'q1', attachment: { type: 'queued_command', prompt: 'also fix b.js', commandMode: 'prompt' } },
      { ...base(S), type: 'attachment', uuid: 'q2', attachment: { type: 'queued_command', prompt: '<task-notification>done</task-notification>', commandMode: 'task-notification' } },
      assistant(S, 'a1', [text('On it.')]),
    ]);
    assert.deepEqual(
      session(sessions, S).prompts.map((p) => p.text),
      ['first', 'also fix b.js'],
    );
  });

  it('steps written before their prompt (TUI lazy file creation) wait for it, whatever the chunking', () => {
    const records = [
      { type: 'ai-title', sessionId: S, aiTitle: 'T' },
      assistant(S, 'a1', [text('Creating.')], { parentUuid: 'att' }),
      assistant(S, 'a2', [toolUse('t1', 'Bash', { command: 'ls' })]),
      user(S, 'p1', 'make it'),
      { ...base(S), type: 'attachment', uuid: 'att', attachment: { type: 'skill_listing' } },
      toolResult(S, 'r1', 't1', 'a.js', { stdout: 'a.js', stderr: '', interrupted: false }),
      assistant(S, 'a3', [text('Done.')]),
    ];
    const one = runRecords(records);
    const s = session(one.sessions, S);
    assert.deepEqual(
      s.prompts.map((p) => [p.id, p.steps.map((st) => st.id)]),
      [['p1', ['a1:0', 't1', 'a3:0']]],
    );
    assert.equal(tool(s.prompts[0], 'Bash').command?.exitCode, 0);
    for (const chunks of [2, 3, 7]) {
      assert.deepEqual(runRecords(records, { chunks }).sessions, one.sessions, `chunks=${chunks}`);
    }
  });

  it('steps of a session without any prompt are emitted after a bounded wait', () => {
    const records = [assistant(S, 'a1', [text('orphan')]), ...Array.from({ length: 40 }, () => ({ type: 'last-prompt', sessionId: S }))];
    const { ops } = runRecords(records);
    assert.ok(ops.some((o) => o.op === 'step' && o.step.id === 'a1:0' && o.step.promptId === undefined));
    assert.deepEqual(runRecords(records, { chunks: 9 }).ops, ops);
  });

  it('records of another session (old-style resume copies) go to that session, idempotently', () => {
    const original = [user('old', 'p1', 'first'), assistant('old', 'a1', [text('one')])];
    const resumed = [...original, user(S, 'p2', 'second'), assistant(S, 'a2', [text('two')])];
    const a = runRecords(original, { path: '/h/.claude/projects/-r/old.jsonl' });
    const b = runRecords(resumed, { path: '/h/.claude/projects/-r/s1.jsonl' });
    b.fold.apply(a.ops, '/h/.claude/projects/-r/old.jsonl');
    const old = session(b.fold.result(), 'old');
    assert.deepEqual(
      old.prompts.map((p) => [p.text, p.steps.length]),
      [['first', 1]],
    );
    assert.deepEqual(
      session(b.sessions, S).prompts.map((p) => p.text),
      ['second'],
    );
  });

  it('≤1.0.x inline sidechain records are not prompts; their steps stay in the current prompt', () => {
    const { sessions } = runRecords([
      user(S, 'p1', 'delegate'),
      assistant(S, 'a1', [toolUse('t-task', 'Task', { description: 'd', prompt: 'sub task' })]),
      user(S, 'sc1', 'sub task', { isSidechain: true }),
      assistant(S, 'sc2', [text('sub working')], { isSidechain: true }),
      toolResult(S, 'r1', 't-task', [text('sub done')]),
    ]);
    const s = session(sessions, S);
    assert.deepEqual(
      s.prompts.map((p) => p.text),
      ['delegate'],
    );
    assert.deepEqual(
      s.prompts[0].steps.map((st) => st.id),
      ['t-task', 'sc2:0'],
    );
  });
});

describe('titles', () => {
  it('custom-title beats ai-title beats a summary of this file; last-prompt is no title', () => {
    const a = runRecords([
      user(S, 'p1', 'x'),
      { type: 'summary', summary: 'Summary title', leafUuid: 'p1' },
      { type: 'last-prompt', sessionId: S, lastPrompt: 'x' },
    ]);
    assert.equal(session(a.sessions, S).title, 'Summary title');
    const b = runRecords([
      { type: 'custom-title', sessionId: S, customTitle: 'Mine' },
      user(S, 'p1', 'x'),
      { type: 'ai-title', sessionId: S, aiTitle: 'AI' },
      { type: 'summary', summary: 'Summary title', leafUuid: 'p1' },
    ]);
    assert.equal(session(b.sessions, S).title, 'Mine');
    const c = runRecords([user(S, 'p1', 'x'), { type: 'ai-title', sessionId: S, aiTitle: 'AI' }, { type: 'summary', summary: 'Summary', leafUuid: 'p1' }]);
    assert.equal(session(c.sessions, S).title, 'AI');
  });

  it('a summary waits for its leaf, and one about another file is ignored', () => {
    const { sessions } = runRecords([
      { type: 'summary', summary: 'This one', leafUuid: 'a1' },
      { type: 'summary', summary: 'Other conversation', leafUuid: 'elsewhere' },
      user(S, 'p1', 'x'),
      assistant(S, 'a1', [text('y')]),
      { type: 'summary', summary: 'Another one', leafUuid: 'not-here' },
    ]);
    assert.equal(session(sessions, S).title, 'This one');
  });
});

describe('file history', () => {
  const path = '/home/u/.claude/projects/-r/s1.jsonl';

  it('snapshots and deltas become backups under the config root; relative keys resolve against the launch cwd', () => {
    const records = [
      // Written before any record tells the cwd (as in the TUI).
      { type: 'file-history-snapshot', messageId: 'a1', isSnapshotUpdate: true, snapshot: { messageId: 'p1', timestamp: 't0', trackedFileBackups: { 'src/a.js': { backupFileName: null, version: 1, backupTime: 't1' } } } },
      user(S, 'p1', 'go'),
      assistant(S, 'a1', [text('ok')], { cwd: '/r/sub' }),
      { type: 'file-history-delta', messageId: 'a2', snapshotMessageId: 'p1', trackingPath: '/abs/b.js', backup: { backupFileName: 'abc@v2', version: 2, backupTime: 't2' }, timestamp: 't3' },
      { type: 'file-history-snapshot', messageId: 'p1', snapshot: { messageId: 'p1', timestamp: 't4', trackedFileBackups: { 'c.js': { backupFileName: 'def@v1', version: 1, backupTime: 't5' } } } },
    ];
    const { fold } = runRecords(records, { path });
    assert.deepEqual(
      fold.backups.map((b) => [b.sessionId, b.promptId, b.path, b.backupPath, b.version, b.timestamp]),
      [
        [S, 'p1', '/r/src/a.js', null, 1, 't1'],
        [S, 'p1', '/abs/b.js', '/home/u/.claude/file-history/s1/abc@v2', 2, 't2'],
        // Keys stay relative to where Claude was launched, not to a later cwd.
        [S, 'p1', '/r/c.js', '/home/u/.claude/file-history/s1/def@v1', 1, 't5'],
      ],
    );
    assert.deepEqual(runRecords(records, { path, chunks: 5 }).fold.backups, fold.backups);
  });

  it('subagent transcripts back up under the parent session', () => {
    const { fold } = runRecords(
      [
        user(S, 'sp', 'task', { isSidechain: true, agentId: 'ag' }),
        { type: 'file-history-snapshot', messageId: 'x', isSnapshotUpdate: true, snapshot: { messageId: 'p0', timestamp: 't', trackedFileBackups: { 'a.js': { backupFileName: 'h@v1', version: 1, backupTime: 't' } } } },
      ],
      { path: '/h/.claude/projects/-r/s1/subagents/agent-ag.jsonl', parentSessionId: S },
    );
    assert.deepEqual(
      fold.backups.map((b) => [b.sessionId, b.backupPath]),
      [[S, '/h/.claude/file-history/s1/h@v1']],
    );
  });
});

describe('tools', () => {
  function runTool(name: string, input: Record<string, unknown>, content: unknown, toolUseResult?: unknown, isError?: boolean) {
    const { sessions } = runRecords([user(S, 'p1', 'go'), assistant(S, 'a1', [toolUse('t1', name, input)]), toolResult(S, 'r1', 't1', content, toolUseResult, isError)]);
    return tool(session(sessions, S).prompts[0], name);
  }

  it('Bash exit codes: unknown when interrupted, backgrounded or reinterpreted; parsed from "Exit code N"', () => {
    assert.equal(runTool('Bash', { command: 'x' }, 'out', { stdout: 'out', stderr: '', interrupted: true }).command?.exitCode, null);
    assert.equal(runTool('Bash', { command: 'grep q f' }, 'No matches found', { stdout: '', stderr: '', interrupted: false, returnCodeInterpretation: 'No matches found' }).command?.exitCode, null);
    const bg = runTool('Bash', { command: 'srv', run_in_background: true }, 'Command running in background with ID: b1', { stdout: '', stderr: '', interrupted: false, backgroundTaskId: 'b1' });
    assert.deepEqual([bg.command?.exitCode, bg.command?.output], [null, 'Command running in background with ID: b1']);
    assert.equal(runTool('Bash', { command: 'x' }, 'Command timed out', 'Error: Command timed out', true).command?.exitCode, null);
    const failed = runTool('Bash', { command: 'make' }, 'Exit code 127\nmake: not found', 'Error: Exit code 127\nmake: not found', true);
    assert.deepEqual([failed.command?.exitCode, failed.command?.output, failed.result?.isError], [127, 'make: not found', true]);
    const both = runTool('Bash', { command: 'x' }, 'o\ne', { stdout: 'o', stderr: 'e', interrupted: false });
    assert.deepEqual([both.command?.exitCode, both.command?.output], [0, 'o\ne']);
  });

  it('Edit: patch and strings must agree; otherwise the true before and the recorded patch are kept', () => {
    const originalFile = 'a\nb\nc\n';
    const good = runTool('Edit', { file_path: '/r/f', old_string: 'b', new_string: 'B' }, 'ok', {
      filePath: '/r/f',
      oldString: 'b',
      newString: 'B',
      originalFile,
      structuredPatch: [{ oldStart: 1, oldLines: 3, newStart: 1, newLines: 3, lines: [' a', '-b', '+B', ' c'] }],
    });
    assert.deepEqual(good.fileChanges, [{ path: '/r/f', op: 'update', before: originalFile, after: 'a\nB\nc\n' }]);
    // Diff timeout: empty structuredPatch, the string replacement is exact.
    const noPatch = runTool('Edit', { file_path: '/r/f', old_string: 'b', new_string: 'B' }, 'ok', { filePath: '/r/f', oldString: 'b', newString: 'B', originalFile, structuredPatch: [] });
    assert.equal(noPatch.fileChanges[0].after, 'a\nB\nc\n');
    // Nothing agrees: no invented after.
    const broken = runTool('Edit', { file_path: '/r/f', old_string: 'zz', new_string: 'Q' }, 'ok', {
      filePath: '/r/f',
      oldString: 'zz',
      newString: 'Q',
      originalFile,
      structuredPatch: [{ oldStart: 1, oldLines: 1, newStart: 1, newLines: 1, lines: ['-zz', '+Q'] }],
    });
    assert.deepEqual(broken.fileChanges, [{ path: '/r/f', op: 'update', before: originalFile, patch: '--- /r/f\n+++ /r/f\n@@ -1,1 +1,1 @@\n-zz\n+Q\n' }]);
    // A patch without originalFile is kept as a patch.
    const patchOnly = runTool('Edit', { file_path: 'f', old_string: 'b', new_string: 'B' }, 'ok', {
      filePath: 'f',
      structuredPatch: [{ oldStart: 2, oldLines: 1, newStart: 2, newLines: 1, lines: ['-b', '+B'] }],
    });
    assert.deepEqual(patchOnly.fileChanges, [{ path: '/r/f', op: 'update', patch: '--- /r/f\n+++ /r/f\n@@ -2,1 +2,1 @@\n-b\n+B\n' }]);
  });

  it('Write: originalFile null is a create; old results are undone from the patch; NotebookEdit keeps both files', () => {
    const created = runTool('Write', { file_path: '/r/n', content: 'x\n' }, 'File created successfully at: /r/n', { type: 'create', filePath: '/r/n', content: 'x\n', structuredPatch: [], originalFile: null });
    assert.deepEqual(created.fileChanges, [{ path: '/r/n', op: 'create', before: null, after: 'x\n' }]);
    const old = runTool('Write', { file_path: '/r/n', content: 'a\nB\n' }, 'updated', {
      type: 'update',
      filePath: '/r/n',
      content: 'a\nB\n',
      structuredPatch: [{ oldStart: 1, oldLines: 2, newStart: 1, newLines: 2, lines: [' a', '-b', '+B'] }],
    });
    assert.deepEqual(old.fileChanges, [{ path: '/r/n', op: 'update', before: 'a\nb\n', after: 'a\nB\n' }]);
    const nb = runTool('NotebookEdit', { notebook_path: '/r/x.ipynb', new_source: 'print(1)' }, 'Updated cell', {
      notebook_path: '/r/x.ipynb',
      original_file: '{"cells":[]}',
      updated_file: '{"cells":[1]}',
    });
    assert.deepEqual(nb.fileChanges, [{ path: '/r/x.ipynb', op: 'update', before: '{"cells":[]}', after: '{"cells":[1]}' }]);
    assert.equal(nb.kind, 'edit');
  });

  it('2.0.x Task results name the subagent on the record; the agent-<id>.jsonl file is that session', () => {
    const parent = runRecords([
      user(S, 'p1', 'go'),
      assistant(S, 'a1', [toolUse('t1', 'Task', { description: 'd', prompt: 'do it', subagent_type: 'general-purpose' })]),
      { ...toolResult(S, 'r1', 't1', [text('done')], { status: 'completed', content: [text('done')], totalDurationMs: 1234 }), agentId: 'e1c84ba5' },
    ]);
    const task = tool(session(parent.sessions, S).prompts[0], 'Task');
    assert.equal(task.kind, 'agent');
    assert.equal(task.childSessionId, `${S}:e1c84ba5`);
    assert.equal(task.durationMs, 1234);
    const child = runRecords([user(S, 'c1', 'do it', { isSidechain: true, agentId: 'e1c84ba5' }), assistant(S, 'c2', [text('ok')], { isSidechain: true, agentId: 'e1c84ba5' })], {
      path: '/h/.claude/projects/-r/agent-e1c84ba5.jsonl',
    });
    const c = session(child.sessions, `${S}:e1c84ba5`);
    assert.equal(c.parentSessionId, S);
    assert.deepEqual(
      c.prompts.map((p) => p.text),
      ['do it'],
    );
  });

  it('2.0.x Warmup sidechains are not indexed, real subagents are', () => {
    const path = '/h/.claude/projects/-r/agent-w1.jsonl';
    const warm = runRecords([user(S, 'w1', 'Warmup', { isSidechain: true }), assistant(S, 'w2', [text('Ready.')], { isSidechain: true })], { path });
    assert.deepEqual(warm.ops, []);
    const real = runRecords([user(S, 'w1', 'Warmup the cache, then stop', { isSidechain: true })], { path });
    assert.equal(real.sessions.length, 1);
    // In a main transcript "Warmup" is just a prompt.
    assert.equal(runRecords([user(S, 'p', 'Warmup')]).sessions[0].prompts[0].text, 'Warmup');
  });

  it('server tools answer inside the assistant message', () => {
    const { sessions } = runRecords([
      user(S, 'p1', 'search'),
      assistant(S, 'a1', [{ type: 'server_tool_use', id: 'srv1', name: 'web_search', input: { query: 'q' } }]),
      assistant(S, 'a2', [{ type: 'web_search_tool_result', tool_use_id: 'srv1', content: [{ type: 'web_search_result', title: 'T', url: 'https://x' }] }]),
    ]);
    const t = tool(session(sessions, S).prompts[0], 'web_search');
    assert.equal(t.kind, 'other');
    assert.ok(t.result?.text.includes('https://x'));
  });

  it('a user edit outside Claude is a notice step', () => {
    const { sessions } = runRecords([user(S, 'p1', 'go'), { ...base(S), type: 'attachment', uuid: 'e1', attachment: { type: 'edited_text_file', filename: '/r/a.js', snippet: '1\t// hi' } }]);
    const t = tool(session(sessions, S).prompts[0], 'user-edit');
    assert.deepEqual([t.kind, t.input, t.fileChanges], ['other', { filename: '/r/a.js', snippet: '1\t// hi' }, []]);
  });
});

describe('session metadata and state', () => {
  it('models skip <synthetic>; the version follows the records, the cwd stays where the session started; timestamps span the session', () => {
    const first = ts();
    const { sessions } = runRecords([
      user(S, 'p1', 'go', { timestamp: first }),
      assistant(S, 'a1', [text('API Error')], {}, '<synthetic>'),
      assistant(S, 'a2', [text('one')], {}, 'claude-sonnet-4-5'),
      assistant(S, 'a3', [text('two')], { cwd: '/r/sub', version: '2.1.198' }, 'claude-opus-4-8'),
    ]);
    const s = session(sessions, S);
    assert.deepEqual(s.models, ['claude-sonnet-4-5', 'claude-opus-4-8']);
    // `cd sub` in a Bash call moves the records' cwd, not the session.
    assert.equal(s.cwd, '/r');
    assert.equal(s.cliVersion, '2.1.198');
    assert.equal(s.startedAt, first);
    assert.ok(s.updatedAt > first);
    assert.equal(allTools(s).length, 0);
  });

  it('stays bounded when tool calls never get results', () => {
    const records = [user(S, 'p1', 'go'), ...Array.from({ length: 700 }, (_, i) => assistant(S, `a${i}`, [toolUse(`t${i}`, 'Write', { file_path: `/r/${i}`, content: 'x'.repeat(100) })]))];
    const file = { agent: 'claude-code' as const, path: '/h/.claude/projects/-r/s1.jsonl', mode: 'append' as const };
    const out = claudeCodeAdapter.parseLines(
      file,
      claudeCodeAdapter.initialState(file),
      records.map((r, i) => ({ text: JSON.stringify(r), offset: i, lineNo: i + 1 })),
    );
    assert.equal(Object.keys(out.state.pending).length, 500);
    assert.ok(JSON.stringify(out.state).length < 200_000);
    // The newest calls are the ones kept.
    assert.ok('t699' in out.state.pending && !('t0' in out.state.pending));
  });

  it('remembers the last 64 record uuids with their session once per run of records, across reads', () => {
    const uuid = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const sid = (n: number): string => `aaaaaaaa-0000-4000-8000-${String(n).padStart(12, '0')}`;
    // 40 records of one session, 40 of another (a resumed file carries both), each summary about a record before it.
    const records = [
      ...Array.from({ length: 40 }, (_, i) => user(sid(1), uuid(i), `prompt ${i}`)),
      ...Array.from({ length: 40 }, (_, i) => assistant(sid(2), uuid(40 + i), [text(`answer ${i}`)])),
      { type: 'summary', summary: 'Second session', leafUuid: uuid(79) },
      { type: 'summary', summary: 'First session', leafUuid: uuid(16) },
      { type: 'summary', summary: 'Forgotten record', leafUuid: uuid(15) },
    ];
    const file = { agent: 'claude-code' as const, path: '/h/.claude/projects/-r/s1.jsonl', mode: 'append' as const };
    const out = claudeCodeAdapter.parseLines(
      file,
      claudeCodeAdapter.initialState(file),
      records.map((r, i) => ({ text: JSON.stringify(r), offset: i, lineNo: i + 1 })),
    );
    // The 64 newest uuids (16 to 79), each session id written once.
    assert.deepEqual(out.state.recentUuids, [
      [sid(1), Array.from({ length: 24 }, (_, i) => uuid(16 + i))],
      [sid(2), Array.from({ length: 40 }, (_, i) => uuid(40 + i))],
    ]);
    assert.ok(JSON.stringify(out.state.recentUuids).length < 64 * 40 + 200, JSON.stringify(out.state.recentUuids).length.toString());
    // The same records read in three parts (the state saved and loaded between them) give the same titles.
    for (const chunks of [1, 3]) {
      const { sessions } = runRecords(records, { chunks });
      assert.equal(session(sessions, sid(2)).title, 'Second session');
      assert.equal(session(sessions, sid(1)).title, 'First session');
    }
  });
});
