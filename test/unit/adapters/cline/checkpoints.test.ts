// Which prompt a manifest checkpoint belongs to when the user-run count is not just the prompt count: a compaction
// summary stands for the runs it replaced (`metadata.userRunSpan`), notices count for none (@cline/core 3.0.65).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clineCheckpointBackups } from '../../../../src/adapters/cline/checkpointBackups';
import { manifestFields } from '../../../../src/adapters/cline/manifest';
import { checkpointsByPrompt, SessionDocument } from '../../../../src/adapters/cline/sessionDocument';
import { changedByPrompt } from '../../../../src/adapters/git/changedPaths';
import type { ParseIssue } from '../../../../src/core/ops';

test('runCount N is the prompt that started user run N, counting compaction spans and skipping notices', () => {
  const manifest = manifestFields({
    session_id: 's',
    cwd: '/w',
    metadata: {
      checkpoint: {
        history: [
          { ref: 'aaa', runCount: 3, kind: 'stash', createdAt: 1 },
          { ref: 'bbb', runCount: 4, kind: 'commit' },
          { ref: 'bad', runCount: 0 },
          { runCount: 5 },
          'junk',
        ],
      },
    },
  });
  assert.deepEqual(
    manifest.checkpoints.map((c) => [c.ref, c.runCount, c.kind]),
    [
      ['aaa', 3, 'stash'],
      ['bbb', 4, 'commit'],
    ],
  );
  const doc = new SessionDocument(
    { agent: 'cline', path: '/s/s/s.messages.json', mode: 'whole' },
    {
      sessionId: 's',
      messages: [
        { id: 'c0', role: 'user', content: [{ type: 'text', text: 'summary of two runs' }], metadata: { kind: 'compaction_summary', userRunSpan: 2 } },
        { id: 'p3', role: 'user', content: [{ type: 'text', text: '<user_input mode="act">third</user_input>' }] },
        { id: 'n1', role: 'user', content: [{ type: 'text', text: '[TASK RESUMPTION] resumed' }] },
        { id: 'p4', role: 'user', content: [{ type: 'text', text: '<user_input mode="act">fourth</user_input>' }] },
      ],
    },
    manifest,
  );
  doc.parse();
  assert.deepEqual(
    checkpointsByPrompt(doc.promptRuns, manifest.checkpoints).map((c) => [c.promptId, c.checkpoint.ref]),
    [
      ['p3', 'aaa'],
      ['p4', 'bbb'],
    ],
  );
});

test('a session whose folder is gone has nothing to restore into: no git run, no reading failure', () => {
  const cwd = '/nonexistent/agent-trail/deleted-worktree';
  const manifest = manifestFields({
    session_id: 's',
    cwd,
    metadata: { checkpoint: { history: [{ ref: 'aaa', runCount: 1, kind: 'stash', createdAt: 1 }] } },
  });
  const doc = new SessionDocument(
    { agent: 'cline', path: '/s/s/s.messages.json', mode: 'whole' },
    {
      sessionId: 's',
      messages: [
        { id: 'p1', role: 'user', content: [{ type: 'text', text: '<user_input mode="act">tidy up</user_input>' }] },
        { id: 'a1', role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'run_commands', input: { commands: [`rm ${cwd}/old.txt`] } }] },
      ],
    },
    manifest,
  );
  doc.parse();
  const ops = doc.ops;
  assert.ok(changedByPrompt(ops, cwd).get('p1')?.size, 'the prompt changed a file, so a checkpoint read would be tried');
  const issues: ParseIssue[] = [];
  assert.deepEqual(clineCheckpointBackups(ops, doc.promptRuns, manifest.checkpoints, '/s/s/s.messages.json', issues), []);
  assert.deepEqual(issues, []);
});
