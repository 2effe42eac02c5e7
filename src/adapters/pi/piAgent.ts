// Pi in the agent registry (agentDescriptor.ts).
import type { AgentAdapter } from '../adapter';
import type { AgentDescriptor } from '../agentDescriptor';
import { piAdapter } from './piAdapter';

const jsonl = /\.jsonl$/;
const cwdFolder = /^--.*--$/;

export const piAgent: AgentDescriptor = {
  id: 'pi',
  label: 'Pi',
  settingKey: 'pi',
  cliName: 'pi',
  icon: { codicon: 'symbol-constant', color: 'charts.yellow' },
  defaultFolders:
    '`$PI_CODING_AGENT_DIR` when it is set, otherwise `~/.pi/agent`; also `$PI_CODING_AGENT_SESSION_DIR` or the `sessionDir` of its `settings.json` when set',
  // Writes record the new content and edits a line-numbered diff that replays exactly.
  blame: true,
  // sessions/--<cwd>--/<time>_<id>.jsonl under the agent dir; --<cwd>--/<time>_<id>.jsonl under a sessions folder
  // named as the root; <time>_<id>.jsonl directly in a session dir of its own (discovery.ts).
  watch: {
    descend: (s) => s.length === 0 || (s[0] === 'sessions' && s.length <= 2) || (s.length === 1 && cwdFolder.test(s[0])),
    relevant: (s) =>
      (s.length === 1 || (s.length === 2 && cwdFolder.test(s[0])) || (s[0] === 'sessions' && s.length === 3 && cwdFolder.test(s[1]))) && jsonl.test(s[s.length - 1])
        ? 'transcript'
        : undefined,
  },
  adapter: piAdapter as AgentAdapter,
};
