// OpenCode in the agent registry (agentDescriptor.ts).
import type { AgentAdapter } from '../adapter';
import type { AgentDescriptor } from '../agentDescriptor';
import { opencodeAdapter } from './opencodeAdapter';
import { companionSuffix, databaseName, databaseOf, storageFolder } from './discovery';

/** storage/'s folders that hold session, message and part files (≤ 1.1.65), each one level below its kind. */
const storageKinds = ['session', 'message', 'part'];

export const opencodeAgent: AgentDescriptor = {
  id: 'opencode',
  label: 'OpenCode',
  settingKey: 'opencode',
  cliName: 'opencode',
  icon: { codicon: 'terminal', color: 'terminal.ansiMagenta' },
  defaultFolders: '`$XDG_DATA_HOME/opencode` when `$XDG_DATA_HOME` is set, otherwise `~/.local/share/opencode` (the folder of `opencode.db`; also the folder of an absolute `$OPENCODE_DB` whose name is `opencode*.db`)',
  blame: true,
  // The database and its WAL sit directly in the data folder (the -shm changes on every read: not a change);
  // storage/ holds the JSON files of ≤ 1.1.65, storage/<kind>/<folder>/<id>.json, one source with the folder
  // (a new part file is a change of it). OpenCode writes a part without touching its message or session file (until
  // the step ends), so each message's part folder is watched: one watch per message of every project, which a large
  // old tree can take past the inotify limit (the root is then checked every 30 s, FolderWatcher). snapshot/ holds
  // the checkpoint git dirs: not descended.
  watch: {
    descend: (s) => s[0] === storageFolder && (s.length === 1 || (storageKinds.includes(s[1]) && s.length <= 3)),
    relevant: (s) => {
      if (s[0] !== storageFolder) {
        return s.length === 1 && databaseName.test(s[0].replace(companionSuffix, '')) ? 'transcript' : undefined;
      }
      // storage/ or storage/session appearing: discovery must look again (a new source); a file in a kind's folder:
      // the storage source changed.
      if (s.length <= 2) {
        return s.length === 1 || s[1] === 'session' ? 'layout' : undefined;
      }
      return s.length === 4 && storageKinds.includes(s[1]) && s[3].endsWith('.json') ? 'transcript' : undefined;
    },
    sourceOf: databaseOf,
  },
  adapter: opencodeAdapter as AgentAdapter,
};
