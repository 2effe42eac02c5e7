// Claude Code in the agent registry (agentDescriptor.ts).
import type { AgentAdapter } from '../adapter';
import type { AgentDescriptor } from '../agentDescriptor';
import { claudeCodeAdapter } from './claudeCodeAdapter';

const jsonl = /\.jsonl$/;

export const claudeCodeAgent: AgentDescriptor = {
  id: 'claude-code',
  label: 'Claude Code',
  settingKey: 'claudeCode',
  cliName: 'claude',
  icon: { codicon: 'sparkle', color: 'charts.orange' },
  defaultFolders: '`$CLAUDE_CONFIG_DIR` when it is set, otherwise `~/.claude`',
  blame: true,
  // projects/<project>/<session>.jsonl; projects/<project>/<session>/subagents[/workflows/<run>]/agent-*.jsonl
  watch: {
    descend: (s) =>
      s[0] === 'projects' && (s.length <= 3 || (s[3] === 'subagents' && (s.length === 4 || (s[4] === 'workflows' && s.length <= 6)))),
    relevant: (s) => (s[0] === 'projects' && s.length >= 3 && jsonl.test(s[s.length - 1]) ? 'transcript' : undefined),
  },
  adapter: claudeCodeAdapter as AgentAdapter,
};
