// Qwen Code in the agent registry (agentDescriptor.ts).
import type { AgentAdapter } from '../adapter';
import type { AgentDescriptor } from '../agentDescriptor';
import { qwenCodeAdapter } from './qwenCodeAdapter';

export const qwenCodeAgent: AgentDescriptor = {
  id: 'qwen-code',
  label: 'Qwen Code',
  settingKey: 'qwenCode',
  cliName: 'qwen',
  icon: { codicon: 'rocket', color: 'charts.red' },
  defaultFolders: '`$QWEN_RUNTIME_DIR` and `$QWEN_HOME` when they are set, otherwise `~/.qwen`',
  blame: true,
  // projects/<project>/chats/[archive/]<sessionId>.jsonl (next to it `<sessionId>.runtime.json` and other files,
  // which are no transcripts), projects/<project>/subagents/<sessionId>/agent-<agentId>.jsonl
  watch: {
    descend: (s) =>
      s[0] === 'projects' &&
      (s.length <= 2 || (s[2] === 'chats' && (s.length === 3 || (s.length === 4 && s[3] === 'archive'))) || (s[2] === 'subagents' && s.length <= 4)),
    relevant: (s) =>
      s[0] === 'projects' &&
      ((s[2] === 'chats' && (s.length === 4 || (s.length === 5 && s[3] === 'archive')) && /^[^.].*\.jsonl$/.test(s[s.length - 1])) ||
        (s[2] === 'subagents' && s.length === 5 && /^agent-.+\.jsonl$/.test(s[4])))
        ? 'transcript'
        : undefined,
  },
  adapter: qwenCodeAdapter as AgentAdapter,
};
