// Event semantics the recordings do not show, from Copilot CLI 1.0.102's session-events schema: user messages the
// CLI injected are no prompts, steps are placed by interactionId, reasoning events are reasoning steps.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copilotAdapter } from '../../../../src/adapters/copilot/copilotAdapter';
import type { TranscriptFile } from '../../../../src/adapters/adapter';
import { SessionFold } from '../../../../src/core/sessionFold';
import { documentLines } from '../../../../src/adapters/documentLines';

const file: TranscriptFile = { agent: 'copilot', path: '/h/.copilot/session-state/s1/events.jsonl', mode: 'append' };
let n = 0;
const ev = (type: string, data: object): string => JSON.stringify({ type, data, id: `e${++n}`, timestamp: `2026-01-01T00:00:${String(n).padStart(2, '0')}.000Z`, parentId: null });

function parse(lines: string[]) {
  const out = copilotAdapter.parseLines(file, copilotAdapter.initialState(file), documentLines(`${lines.join('\n')}\n`));
  const fold = new SessionFold();
  fold.apply(out.ops, file.path);
  return { issues: out.issues, session: fold.get('s1') };
}

test('autopilot continuations, skill injections and inter-agent prompts are no prompts; steps follow their interactionId', () => {
  const { issues, session } = parse([
    ev('session.start', { sessionId: 's1', context: { cwd: '/w' } }),
    ev('user.message', { content: 'typed one', interactionId: 'i1' }),
    ev('user.message', { content: 'keep going', isAutopilotContinuation: true, interactionId: 'i1' }),
    ev('user.message', { content: '<skill>pdf</skill>', source: 'skill-pdf', interactionId: 'i1' }),
    ev('user.message', { content: 'typed two', interactionId: 'i2' }),
    // A late event of the first interaction (queued work finishing) still belongs to the first prompt.
    ev('assistant.message', { messageId: 'm1', content: 'late answer to one', interactionId: 'i1' }),
    ev('assistant.reasoning', { reasoningId: 'r1', content: 'thinking about two' }),
    ev('assistant.message', { messageId: 'm2', content: 'answer to two', interactionId: 'i2' }),
  ]);
  assert.deepEqual(issues, []);
  assert.ok(session);
  assert.deepEqual(
    session.prompts.map((p) => [p.text, p.steps.map((s) => `${s.type}:${s.id}`)]),
    [
      ['typed one', ['text:m1']],
      ['typed two', ['reasoning:r1', 'text:m2']],
    ],
  );
});
