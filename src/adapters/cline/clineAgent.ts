// Cline CLI in the agent registry (agentDescriptor.ts).
import type { AgentAdapter } from '../adapter';
import type { AgentDescriptor } from '../agentDescriptor';
import { clineAdapter } from './clineAdapter';
import { sessionFileRole } from './paths';

export const clineAgent: AgentDescriptor = {
  id: 'cline',
  label: 'Cline',
  settingKey: 'cline',
  cliName: 'cline',
  icon: { codicon: 'robot', color: 'charts.purple' },
  defaultFolders:
    '`$CLINE_SESSION_DATA_DIR` when it is set, otherwise `$CLINE_DATA_DIR/sessions`, otherwise `$CLINE_DIR/data/sessions` (`~/.cline/data/sessions`)',
  blame: true,
  // <root>/<id>/<id>.messages.json is the transcript. Its manifest <id>.json is not watched: the index re-reads a
  // whole document only when the document's own size/time changed, so a manifest change mapped onto it (sourceOf)
  // would be dropped, and the manifest's fields the index keeps (cwd, title, model) are written before the first
  // message, whose writing is a change of the transcript. Discovery keeps a transcript whose manifest is not there yet.
  watch: {
    descend: (s) => s.length <= 1,
    relevant: (s) => (s.length === 2 && sessionFileRole(s[0], s[1]) === 'messages' ? 'transcript' : undefined),
  },
  adapter: clineAdapter as AgentAdapter,
};
