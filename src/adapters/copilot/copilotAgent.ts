// GitHub Copilot CLI in the agent registry (agentDescriptor.ts).
import type { AgentAdapter } from '../adapter';
import type { AgentDescriptor } from '../agentDescriptor';
import { copilotAdapter } from './copilotAdapter';

export const copilotAgent: AgentDescriptor = {
  id: 'copilot',
  label: 'Copilot CLI',
  settingKey: 'copilotCli',
  cliName: 'copilot',
  icon: { codicon: 'copilot', color: 'charts.purple' },
  defaultFolders: '`$COPILOT_HOME` when it is set, otherwise `~/.copilot`',
  blame: true,
  // session-state/<id>/events.jsonl and session-state/<id>/rewind-file-snapshots/index.json (both transcripts: the
  // second is the prompts' file backups).
  watch: {
    descend: (s) => s[0] === 'session-state' && (s.length <= 2 || (s.length === 3 && s[2] === 'rewind-file-snapshots')),
    relevant: (s) =>
      s[0] === 'session-state' && ((s.length === 3 && s[2] === 'events.jsonl') || (s.length === 4 && s[2] === 'rewind-file-snapshots' && s[3] === 'index.json'))
        ? 'transcript'
        : undefined,
  },
  adapter: copilotAdapter as AgentAdapter,
};
