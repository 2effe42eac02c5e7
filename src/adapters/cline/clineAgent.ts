// Cline CLI in the agent registry (agentDescriptor.ts).
import type { AgentAdapter } from '../adapter';
import type { AgentDescriptor } from '../agentDescriptor';
import { clineAdapter } from './clineAdapter';
import { descendsToTasks, isTaskTranscriptPath } from '../clineTasks/taskPaths';
import { descendsToSessions, isTranscriptPath } from './paths';

export const clineAgent: AgentDescriptor = {
  id: 'cline',
  label: 'Cline',
  settingKey: 'cline',
  cliName: 'cline',
  icon: { codicon: 'circuit-board', color: 'terminal.ansiCyan' },
  defaultFolders:
    'Cline CLI: `$CLINE_SESSION_DATA_DIR` when it is set, otherwise `$CLINE_DATA_DIR/sessions`, otherwise `$CLINE_DIR/data/sessions` (`~/.cline/data/sessions`); a folder given here may also be the Cline folder (`~/.cline`) or its `data` folder. The Cline extension: each editor\'s `User/globalStorage/saoudrizwan.claude-dev` (its `tasks/` folder)',
  blame: true,
  // <sessions>/<id>/<id>.messages.json is the transcript, the sessions folder being the root or below it (paths.ts).
  // Its manifest <id>.json is not watched: the index re-reads a whole document only when the document's own size or
  // time changed, so a manifest change mapped onto it (sourceOf) would be dropped; the manifest's fields the index
  // keeps (cwd, title, model) are written before the first message, whose writing is a change of the transcript; and
  // discovery keeps a transcript whose manifest is not there yet.
  // The extension's storage folder: `tasks/<id>/ui_messages.json` is the transcript (clineTasks/taskPaths.ts).
  watch: {
    descend: (s) => descendsToSessions(s) || descendsToTasks(s),
    relevant: (s) => (isTranscriptPath(s) || isTaskTranscriptPath(s) ? 'transcript' : undefined),
  },
  adapter: clineAdapter as AgentAdapter,
};
