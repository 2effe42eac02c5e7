// A typed prompt appended to a recorded Claude transcript, shaped like its first one (an agent run that went on after
// the index was saved).
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';

/** Appends a prompt record with `text`; `n` makes its uuid and promptId distinct from other appended prompts. */
export function appendClaudePrompt(transcript: string, text: string, n = 1): void {
  const first = readFileSync(transcript, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .find((r) => r.type === 'user' && typeof (r.message as { content?: unknown }).content === 'string');
  assert.ok(first, `no typed prompt in ${transcript}`);
  const id = (tail: string): string => `${String(n).padStart(8, '1')}-2222-4333-8444-${tail}`;
  appendFileSync(transcript, `${JSON.stringify({ ...first, uuid: id('555555555555'), promptId: id('666666666666'), timestamp: '2026-11-22T05:00:00.000Z', message: { role: 'user', content: text } })}\n`);
}
