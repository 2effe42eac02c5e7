// Which prompt a manifest checkpoint belongs to when the user-run count is not just the prompt count: a compaction
// summary stands for the runs it replaced (`metadata.userRunSpan`), notices count for none (@cline/core 3.0.65).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manifestFields } from '../../../../src/adapters/cline/manifest';
import { checkpointsByPrompt, SessionDocument } from '../../../../src/adapters/cline/sessionDocument';

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
