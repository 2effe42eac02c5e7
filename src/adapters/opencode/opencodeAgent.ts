// OpenCode in the agent registry (agentDescriptor.ts).
import type { AgentAdapter } from '../adapter';
import type { AgentDescriptor } from '../agentDescriptor';
import { opencodeAdapter } from './opencodeAdapter';
import { companionSuffix, databaseName, databaseOf } from './discovery';

export const opencodeAgent: AgentDescriptor = {
  id: 'opencode',
  label: 'OpenCode',
  settingKey: 'opencode',
  cliName: 'opencode',
  icon: { codicon: 'terminal', color: 'terminal.ansiMagenta' },
  defaultFolders: '`$XDG_DATA_HOME/opencode` when `$XDG_DATA_HOME` is set, otherwise `~/.local/share/opencode` (the folder of `opencode.db`; also the folder of an absolute `$OPENCODE_DB` whose name is `opencode*.db`)',
  blame: true,
  // The database and its WAL sit directly in the data folder; nothing below it holds sessions (snapshot/ holds the
  // checkpoint git dirs, storage/ the JSON files of ≤ 1.1.65, which are not read). The -shm changes on every read.
  watch: {
    descend: () => false,
    relevant: (s) => (s.length === 1 && databaseName.test(s[0].replace(companionSuffix, '')) ? 'transcript' : undefined),
    sourceOf: databaseOf,
  },
  adapter: opencodeAdapter as AgentAdapter,
};
