// Builders for blame attributions used by the blame helper tests.
import type { LineAttribution } from '../../../src/core/blame/blameModel';

export function attribution(overrides: Partial<LineAttribution> = {}): LineAttribution {
  const promptIndex = overrides.promptIndex ?? 1;
  return {
    agent: 'claude-code',
    sessionKey: 'claude-code:aaaaaaaa-1111',
    sessionId: 'aaaaaaaa-1111',
    sessionTitle: 'Calculator',
    promptId: `p${promptIndex}`,
    promptIndex,
    prompt: `prompt ${promptIndex}`,
    model: 'claude-sonnet-4-5',
    toolCallId: `toolu_01ABCDEFGHIJKLMNOP${promptIndex}`,
    tool: 'Edit',
    via: 'edit',
    timestamp: '2025-11-20T09:00:00.000Z',
    ...overrides,
  };
}
