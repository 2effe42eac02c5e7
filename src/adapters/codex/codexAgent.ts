// Codex in the agent registry (agentDescriptor.ts).
import type { AgentAdapter } from '../adapter';
import type { AgentDescriptor } from '../agentDescriptor';
import { codexAdapter } from './codexAdapter';

const sessionFolder = (s: string[]): boolean => s[0] === 'sessions' || s[0] === 'archived_sessions';

export const codexAgent: AgentDescriptor = {
  id: 'codex',
  label: 'Codex',
  settingKey: 'codex',
  cliName: 'codex',
  icon: { codicon: 'hubot', color: 'charts.green' },
  defaultFolders: '`$CODEX_HOME` when it is set, otherwise `~/.codex`',
  blame: true,
  // sessions/YYYY/MM/DD/rollout-*.jsonl, archived_sessions/[YYYY/MM/DD/]rollout-*.jsonl (and .json, .jsonl.zst)
  watch: {
    descend: (s) => sessionFolder(s) && s.length <= 6,
    relevant: (s) => (sessionFolder(s) && /^rollout-.*\.(jsonl|json|jsonl\.zst)$/.test(s[s.length - 1]) ? 'transcript' : undefined),
  },
  adapter: codexAdapter as AgentAdapter,
};
