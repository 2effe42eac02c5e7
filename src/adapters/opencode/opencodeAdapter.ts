// OpenCode (`opencode-ai`, upstream anomalyco/opencode) → index operations. Since 1.2.0 OpenCode keeps every session
// of every project in one SQLite database, read here as a `database` source (databaseReader.ts); its format is in
// docs/formats/opencode.md. The JSON files of ≤ 1.1.65 (`storage/…`) are not read.
import type { AgentAdapter, ParseOutput, TranscriptFile } from '../adapter';
import { readOpencodeDatabase } from './databaseReader';
import { discoverOpencodeDatabases, opencodeDefaultRoots } from './discovery';

/** A database is never handed over as lines or a document; should it be, it yields nothing and says so. */
function notText(file: TranscriptFile): ParseOutput<undefined> {
  return { state: undefined, ops: [], issues: [{ kind: 'unknown-record', file: file.path, message: 'an OpenCode database is read as a database, not as text' }] };
}

export const opencodeAdapter: AgentAdapter<undefined> = {
  agent: 'opencode',
  defaultRoots: opencodeDefaultRoots,
  discover: (roots, workspaceFolders, issues) => discoverOpencodeDatabases(roots, workspaceFolders, issues),
  initialState: () => undefined,
  parseLines: (file) => notText(file),
  parseDocument: (file) => notText(file),
  readDatabase: readOpencodeDatabase,
};
