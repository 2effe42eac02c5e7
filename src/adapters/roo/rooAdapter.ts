// Roo Code (the VS Code extension, a Cline fork) tasks → index operations: `globalStorage/rooveterinaryinc.roo-cline/
// tasks/<id>/ui_messages.json`, read by the task reader Roo shares with the Cline extension (clineTasks/).
import type { AdapterEnvironment, AgentAdapter, DiscoveryMemo, ParseOutput, TranscriptFile, TranscriptLine } from '../adapter';
import type { ParseIssue } from '../../core/ops';
import { parseTaskDocument } from '../clineTasks/taskAdapter';
import { discoverTasks } from '../clineTasks/taskDiscovery';
import { extensionStorageRoots, rooExtensionId } from '../clineTasks/taskPaths';

function parseLines(file: TranscriptFile, state: null, lines: TranscriptLine[]): ParseOutput<null> {
  // Discovery hands out whole documents only; a caller that reads one as lines gets told, not a wrong parse.
  const issues: ParseIssue[] = lines.length > 0 ? [{ kind: 'unknown-record', file: file.path, message: 'a Roo Code task is one JSON document, not lines' }] : [];
  return { state, ops: [], issues };
}

export const rooAdapter: AgentAdapter<null> = {
  agent: 'roo',
  defaultRoots: (env: AdapterEnvironment) => extensionStorageRoots(env, rooExtensionId),
  discover: async (roots: string[], workspaceFolders: string[], issues: ParseIssue[], memo?: DiscoveryMemo) =>
    roots.flatMap((r) => discoverTasks('roo', r, workspaceFolders, issues, memo)),
  initialState: () => null,
  parseLines,
  parseDocument: (file, text) => parseTaskDocument('roo', file, text),
};
