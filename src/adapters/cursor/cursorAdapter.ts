// Cursor → index operations. Cursor is closed source; its files are described in docs/formats/cursor.md from public
// readers and a real transcript. Its sources, told apart by name and place in one spot (paths.ts `sourceKind`):
// - the editor's agent transcripts, `projects/<slug>/agent-transcripts/…` (JSONL appended, or older text read whole);
// - the cursor-agent CLI's chats, `chats/<md5>/<chatId>/store.db`, each a `database` source (chatStore.ts);
// - the IDE's chats, `<Cursor>/User/globalStorage/state.vscdb`, one `database` source per User folder (stateVscdb/).
import type { AgentAdapter, DatabaseBatch, DatabaseEnvironment, ParseOutput, TranscriptFile } from '../adapter';
import { readChatStore } from './chatStore';
import { readCursorStateDatabase } from './stateVscdb/databaseReader';
import { discoverCursorSources } from './discovery';
import { cursorDefaultRoots, sourceKind } from './paths';
import { parseTextTranscript } from './textTranscript';
import { initialTranscriptState, parseTranscriptLines, type CursorTranscriptState } from './transcriptParser';

function notThisWay(file: TranscriptFile, how: string): ParseOutput<CursorTranscriptState> {
  return { state: initialTranscriptState(), ops: [], issues: [{ kind: 'unknown-record', file: file.path, message: `not a Cursor source read ${how}` }] };
}

export const cursorAdapter: AgentAdapter<CursorTranscriptState> = {
  agent: 'cursor',
  defaultRoots: cursorDefaultRoots,
  discover: (roots, workspaceFolders, issues) => discoverCursorSources(roots, workspaceFolders, issues),
  initialState: () => initialTranscriptState(),
  parseLines: (file, state, lines) => (sourceKind(file.path) === 'transcript' ? parseTranscriptLines(file, state, lines) : notThisWay(file, 'as lines')),
  parseDocument: (file, text) => {
    if (sourceKind(file.path) !== 'textTranscript') {
      return notThisWay(file, 'as a document');
    }
    const out = parseTextTranscript(file, text);
    return { ...out, state: initialTranscriptState() };
  },
  readDatabase: (file: TranscriptFile, cursor: unknown, env: DatabaseEnvironment): AsyncIterable<DatabaseBatch> => {
    switch (sourceKind(file.path)) {
      case 'chatStore':
        return readChatStore(file, cursor, env);
      case 'stateVscdb':
        return readCursorStateDatabase(file, cursor, env);
      default:
        throw new Error(`${file.path} is not a Cursor database`);
    }
  },
};
