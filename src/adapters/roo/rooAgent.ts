// Roo Code in the agent registry (agentDescriptor.ts).
import type { AgentAdapter } from '../adapter';
import type { AgentDescriptor } from '../agentDescriptor';
import { descendsToTasks, isTaskTranscriptPath } from '../clineTasks/taskPaths';
import { rooAdapter } from './rooAdapter';

export const rooAgent: AgentDescriptor = {
  id: 'roo',
  label: 'Roo Code',
  settingKey: 'roo',
  cliName: 'roo',
  icon: { codicon: 'squirrel', color: 'terminal.ansiRed' },
  defaultFolders: "each editor's `User/globalStorage/rooveterinaryinc.roo-cline` (its `tasks/` folder)",
  blame: true,
  // `tasks/<id>/ui_messages.json` is the transcript; the task's other files are read with it (clineTasks/).
  watch: {
    descend: descendsToTasks,
    relevant: (s) => (isTaskTranscriptPath(s) ? 'transcript' : undefined),
  },
  adapter: rooAdapter as AgentAdapter,
};
