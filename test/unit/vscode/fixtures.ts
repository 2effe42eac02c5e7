// Builders for read-model values used by the vscode helper tests.
import type { CommandSummary, PromptSummary, SessionSummary } from '../../../src/core/readModel';

export function session(overrides: Partial<SessionSummary> = {}): SessionSummary {
  const agent = overrides.agent ?? 'claude-code';
  const id = overrides.id ?? 'aaaaaaaa-1111';
  return {
    key: `${agent}:${id}`,
    agent,
    id,
    title: 'Fix the login bug',
    cwd: '/home/dev/project',
    startedAt: '2025-11-20T10:00:00.000Z',
    updatedAt: '2025-11-20T12:00:00.000Z',
    models: ['claude-sonnet-4-5'],
    promptCount: 3,
    filesChanged: 2,
    commandCount: 1,
    sources: [],
    ...overrides,
  };
}

export function prompt(overrides: Partial<PromptSummary> = {}): PromptSummary {
  return {
    sessionKey: 'claude-code:aaaaaaaa-1111',
    id: 'p1',
    index: 1,
    text: 'Fix the login bug',
    timestamp: '2025-11-20T10:00:00.000Z',
    filesChanged: [],
    filesRead: [],
    commands: [],
    stepCount: 0,
    ...overrides,
  };
}

export function command(overrides: Partial<CommandSummary> = {}): CommandSummary {
  return {
    stepId: 's1',
    command: 'npm test',
    exitCode: 0,
    failed: false,
    outputPreview: 'ok',
    timestamp: '2025-11-20T10:01:00.000Z',
    ...overrides,
  };
}
