// GitHub Copilot CLI adapter: `~/.copilot/session-state/<id>/events.jsonl` (the event log, append) and its
// `rewind-file-snapshots/index.json` (per-prompt file pre-images, whole). See docs/formats/copilot.md.
import type { AgentAdapter, TranscriptFile } from '../adapter';
import { copilotDefaultRoots, discoverCopilotTranscripts, eventsFileName } from './discovery';
import { emptyCopilotState, parseEventLines, type CopilotState } from './eventLog';
import { parseSnapshotIndex } from './rewindSnapshots';
import { documentLines } from '../documentLines';

export type { CopilotState } from './eventLog';

function isEventLog(file: TranscriptFile): boolean {
  return file.path.endsWith(eventsFileName);
}

export const copilotAdapter: AgentAdapter<CopilotState | undefined> = {
  agent: 'copilot',
  defaultRoots: copilotDefaultRoots,
  discover: discoverCopilotTranscripts,
  initialState: (file) => (isEventLog(file) ? emptyCopilotState() : undefined),
  parseLines: (file, state, lines) => parseEventLines(file, state ?? emptyCopilotState(), lines),
  parseDocument: (file, text) => (isEventLog(file) ? parseEventLines(file, emptyCopilotState(), documentLines(text)) : parseSnapshotIndex(file, text)),
};
