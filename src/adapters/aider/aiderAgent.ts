// Aider in the agent registry (agentDescriptor.ts).
import type { AgentAdapter } from '../adapter';
import type { AgentDescriptor } from '../agentDescriptor';
import { aiderAdapter } from './aiderAdapter';
import { confName, isHistoryName } from './paths';

export const aiderAgent: AgentDescriptor = {
  id: 'aider',
  label: 'Aider',
  settingKey: 'aider',
  cliName: 'aider',
  icon: { codicon: 'git-commit', color: 'terminal.ansiGreen' },
  defaultFolders:
    'the workspace folders and their git roots (`.aider.chat.history.md`, or the file `$AIDER_CHAT_HISTORY_FILE` or `.aider.conf.yml`\'s `chat-history-file` names); a folder given here is searched the same way, a file given here is read as the history',
  blame: true,
  // The history sits directly in a root (the git root): no folder below is watched (a workspace is a big tree).
  // `.aider.conf.yml` may name another history file: a change to it means looking again.
  watch: {
    descend: () => false,
    relevant: (s) => (s.length === 1 && isHistoryName(s[0], process.env) ? 'transcript' : s.length === 1 && s[0] === confName ? 'layout' : undefined),
  },
  adapter: aiderAdapter as AgentAdapter,
};
