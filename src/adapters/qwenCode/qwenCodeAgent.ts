// Qwen Code in the agent registry (agentDescriptor.ts).
import type { AgentAdapter } from '../adapter';
import type { AgentDescriptor } from '../agentDescriptor';
import { qwenCodeAdapter } from './qwenCodeAdapter';

export const qwenCodeAgent: AgentDescriptor = {
  id: 'qwen-code',
  label: 'Qwen Code',
  settingKey: 'qwenCode',
  cliName: 'qwen',
  icon: { codicon: 'rocket', color: 'charts.purple' },
  defaultFolders: '`$QWEN_RUNTIME_DIR` and `$QWEN_HOME` when they are set, otherwise `~/.qwen`',
  blame: true,
  // projects/<project>/chats/<sessionId>.jsonl (next to it `<sessionId>.runtime.json`, which is no transcript)
  watch: {
    descend: (s) => s[0] === 'projects' && (s.length <= 2 || (s.length === 3 && s[2] === 'chats')),
    relevant: (s) => (s[0] === 'projects' && s.length === 4 && s[2] === 'chats' && /^[^.].*\.jsonl$/.test(s[3]) ? 'transcript' : undefined),
  },
  adapter: qwenCodeAdapter as AgentAdapter,
};
