// Prompts exactly as typed. Qwen Code 0.24.4 writes hook context and mid-turn messages as below (its client.ts and
// chatRecordingService.ts); no recording has them (no hook, no typing while the model worked), so the records here
// are hand-written minimal reproductions of those shapes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { promptText } from '../../../../src/adapters/qwenCode/promptText';
import { qwenCodeAdapter } from '../../../../src/adapters/qwenCode/qwenCodeAdapter';
import { transcriptFile } from './qwenFixtures';

const hook = '<qwen:user-prompt-submit-context>\nticket ABC-1 is open\n</qwen:user-prompt-submit-context>';

test('a UserPromptSubmit hook’s context is not the prompt; displayText, when recorded, is', () => {
  assert.equal(promptText({}, [{ text: 'fix the bug' }, { text: hook }]), 'fix the bug');
  assert.equal(promptText({ systemPayload: { displayText: 'fix the bug', hookContext: 'ticket ABC-1 is open' } }, [{ text: 'expanded' }, { text: hook }]), 'fix the bug');
  // Only one whole trailing wrapper is the hook's: a prompt that merely mentions the tag, or is nothing but it, stays.
  assert.equal(promptText({}, [{ text: hook }]), hook);
  assert.equal(promptText({}, [{ text: 'a' }, { text: `${hook} and more` }]), `a\n${hook} and more`);
  assert.equal(promptText({}, [{ text: 'a' }, { text: 'thinking', thought: true }, { inlineData: {} }]), 'a');
});

test('a message typed while the model worked is a prompt; notifications, cron and goal messages are not', () => {
  const rec = (uuid: string, extra: Record<string, unknown>, text: string): string =>
    JSON.stringify({ uuid, parentUuid: null, sessionId: 's1', timestamp: '2026-12-03T10:00:00.000Z', type: 'user', cwd: '/w', message: { role: 'user', parts: [{ text }] }, ...extra });
  const lines = [
    rec('u1', {}, 'first'),
    rec('u2', { subtype: 'notification' }, 'background task done'),
    rec('u3', { subtype: 'cron' }, 'scheduled run'),
    rec('u4', { subtype: 'goal_runtime' }, 'goal tick'),
    rec('u5', { subtype: 'mid_turn_user_message', systemPayload: { displayText: 'also update the README' } }, 'also update the README\n<attachment expanded>'),
  ].map((text, i) => ({ text, offset: i * 300, lineNo: i + 1 }));
  const file = transcriptFile('/x/s1.jsonl');
  const out = qwenCodeAdapter.parseLines(file, qwenCodeAdapter.initialState(file), lines);
  assert.deepEqual(out.issues, []);
  assert.deepEqual(
    out.ops.flatMap((o) => (o.op === 'prompt' ? [[o.id, o.text]] : [])),
    [
      ['u1', 'first'],
      ['u5', 'also update the README'],
    ],
  );
});
