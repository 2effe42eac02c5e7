// Gemini CLI in the agent registry (agentDescriptor.ts).
import type { AgentAdapter } from '../adapter';
import type { AgentDescriptor } from '../agentDescriptor';
import { geminiCliAdapter } from './geminiCliAdapter';

export const geminiCliAgent: AgentDescriptor = {
  id: 'gemini-cli',
  label: 'Gemini CLI',
  settingKey: 'geminiCli',
  cliName: 'gemini',
  icon: { codicon: 'star-full', color: 'charts.blue' },
  defaultFolders: '`$GEMINI_CLI_HOME/.gemini` when `$GEMINI_CLI_HOME` is set, otherwise `~/.gemini`',
  blame: true,
  // tmp/<project>/chats/session-*.json[l], tmp/<project>/chats/<parent>/<id>.jsonl; tmp/<project>/.project_root and
  // projects.json say which project a folder is.
  watch: {
    descend: (s) => s[0] === 'tmp' && (s.length <= 2 || (s[2] === 'chats' && s.length <= 4)),
    relevant: (s) =>
      (s.length === 1 && s[0] === 'projects.json') || (s[0] === 'tmp' && s.length === 3 && s[2] === '.project_root')
        ? 'layout'
        : s[0] === 'tmp' && s[2] === 'chats' && s.length >= 4 && /\.jsonl?$/.test(s[s.length - 1])
          ? 'transcript'
          : undefined,
  },
  adapter: geminiCliAdapter as AgentAdapter,
};
