// OpenCode (`opencode-ai`, upstream anomalyco/opencode) → index operations. Since 1.2.0 OpenCode keeps every session
// of every project in one SQLite database, read here as a `database` source (databaseReader.ts); the JSON files of
// ≤ 1.1.65 (`<data>/storage/…`) are a `database` source too, a folder the adapter reads itself (storageReader.ts).
// Their format is in docs/formats/opencode.md.
import type { AgentAdapter, DatabaseBatch, DatabaseEnvironment, ParseOutput, TranscriptFile } from '../adapter';
import { readOpencodeDatabase } from './databaseReader';
import { discoverOpencodeDatabases, opencodeDefaultRoots } from './discovery';
import { isStorageSource, readOpencodeStorage, storageStamp } from './storageReader';

/** A database (or storage folder) is never handed over as lines or a document; should it be, it yields nothing and says so. */
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
  readDatabase: (file: TranscriptFile, cursor: unknown, env: DatabaseEnvironment): AsyncIterable<DatabaseBatch> =>
    isStorageSource(file.path) ? readOpencodeStorage(file, cursor) : readOpencodeDatabase(file, cursor, env),
  // A storage folder's own stat does not move when a file inside it is written; a database's does (engine default).
  sourceStamp: (file) => (isStorageSource(file.path) ? storageStamp(file) : undefined),
};
