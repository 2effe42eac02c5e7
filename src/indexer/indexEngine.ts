// The index itself: discovery, incremental parsing, store, persistence, watching. Runs in the index worker for
// the extension and in-process for the CLI. Everything here is Node-only; nothing imports vscode.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { minimatch } from 'minimatch';
import type { AgentAdapter, TranscriptFile } from '../adapters/adapter';
import type { Logger } from '../core/logger';
import type { AgentId, SessionDetail, Step } from '../core/model';
import { orderedIssueCounts, type ParseIssue } from '../core/ops';
import { normalizePath } from '../core/paths';
import type { IndexStats, PromptFileDiff, PromptSummary, SessionOutline, SessionSummary, VersionedPrompt } from '../core/readModel';
import { MemoryBlobArchive, PackBlobArchive, type BlobArchive } from '../store/blobArchive';
import { IndexStore, type SourceCursor } from '../store/indexStore';
import { writeFileAtomic } from '../store/durableFile';
import { Journal } from '../store/journal';
import { ObservationLog } from '../store/observationLog';
import { cleanStorageFolder, prepareStorageFolder } from '../store/storageFolder';
import { describeHolder, StorageLock } from '../store/storageLock';
import { applyLatestGeneration, checkArchive, replayJournals, transcriptHolds } from './archiveRecovery';
import { headBytes, headHashSync } from './transcriptHashes';
import type { BlameBasis } from '../core/blame/blameEngine';
import type { ObservedSession } from '../core/blame/blameModel';
import { BlameBasisBuilder } from './blameBasisBuilder';
import { SessionQueries } from '../store/sessionQueries';
import { CheckpointQueries, type SessionCheckpointData } from '../store/checkpointQueries';
import { dbStamp, loadSqlJs, openDatabase, persistDatabase, sameStamp, type DbStamp, type OpenOutcome } from '../store/sqlDatabase';
import type { SqlJsStatic } from 'sql.js';
import { folderMtime, packStamps, readVerified, sameVerified, writeVerified, type VerifiedState } from '../store/verifiedState';
import { agentRegistry, type AgentRegistry } from '../adapters/agentRegistry';
import { DiscoveryMemoFile } from './discoveryMemoFile';
import { FolderWatcher, type FolderWatcherOptions } from './folderWatcher';
import type { BatchJob, BatchSource } from './batchSource';
import type { IndexChange, IndexConfig, IndexProgress, IndexService, LogLevel, Unsubscribe } from './indexService';
import { InThreadBatchSource } from './inThreadSource';
import { changeSinceSaved, matchesVerified, type CursorStamp } from './savedState';
import { defaultLineReaderOptions, type HeadMark } from './lineReader';

const dbFileName = 'index.db';
/** The record of the last full check of the DB and archive (verifiedState.ts). */
const verifiedFileName = 'index.checked.json';

/** How often a pass reports changed sessions and progress. */
const announceEveryMs = 100;
/**
 * How long watch events are gathered before the changed files are read: one append can arrive as several events
 * (a write per chunk), and reading after the first would read again at the next. Short: it adds to the time an
 * appended record takes to show.
 */
const settleMs = 10;

/** What a run after watch events indexes: changed or new transcripts, removed ones, and discovery's issues. */
interface ChangeSet {
  files: TranscriptFile[];
  gone: string[];
  issues: ParseIssue[];
}

/** Paths that changed since the last look, by how they changed ('rename' = created, removed or replaced). */
type ChangedPaths = Map<string, { agent: AgentId; kind: 'change' | 'rename' }>;

/**
 * When saving the whole DB pays (see snapshotPays): once the journal lines a start would have to apply without that
 * save (written or applied since the last one) reach `fraction` of the saved DB's size, and at least `minBytes`.
 * Until then the archive journal alone holds what changed: a save per burst of agent activity would write the whole
 * DB each time.
 */
export interface SnapshotPolicy {
  fraction: number;
  minBytes: number;
  /**
   * Once idle for persistDelayMs, the DB is saved only if the journal lines it lacks reach this fraction of it: a
   * burst of agent activity a few KB long then costs its journal lines, not a whole-DB save after every burst, and
   * the DB written stays a bounded multiple (1 / idleFraction at most) of what was journaled.
   */
  idleFraction: number;
}

export const defaultSnapshotPolicy: SnapshotPolicy = { fraction: 0.25, minBytes: 1024 * 1024, idleFraction: 0.05 };

type Listener<T> = (value: T) => void;

class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  on(listener: Listener<T>): Unsubscribe {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
  fire(value: T): void {
    for (const l of this.listeners) {
      try {
        l(value);
      } catch {
        // A listener's failure must not stop indexing.
      }
    }
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** What indexFile starts from (see planFile). */
type FilePlan =
  | { kind: 'none' }
  | { kind: 'failed'; error: unknown }
  | { kind: 'whole'; st: Stats; job: BatchJob }
  | { kind: 'append'; st: Stats; job: BatchJob; head: string; headLength: number }
  | { kind: 'database'; st: DbStamp; cursor: unknown };

/**
 * A database source's change stamp: its main file and its `-wal` together (a commit appends to the WAL only, a
 * checkpoint changes the main file). The main file's inode tells a replaced database.
 */
function databaseStamp(path: string): DbStamp {
  const main = statSync(path);
  let wal: { size: number; mtimeMs: number } = { size: 0, mtimeMs: 0 };
  try {
    wal = statSync(`${path}-wal`);
  } catch {
    // No WAL (never written in WAL mode, or checkpointed and removed): the main file says it all.
  }
  return { size: main.size + wal.size, mtimeMs: Math.max(main.mtimeMs, wal.mtimeMs), ino: main.ino };
}

/**
 * How far planning runs ahead of storing (see indexPass): files, and bytes they have to read. Each planned file is
 * handed to the batch source at once, so a parse worker reads and parses while earlier files are stored; only the
 * plans wait here (a cursor's state, a stat), the batches read ahead are bounded by the source's own credits.
 */
const planAheadFiles = 32;
const planAheadBytes = 32 * 1024 * 1024;

/**
 * Transcripts stored in one group of transactions (see IndexStore.beginGroup), and the bytes they read: a commit per
 * small transcript was a tenth of the storing thread's time; the group's changes wait in memory until it commits, and
 * SQLite's rollback journal (in the wasm heap, which never shrinks) holds the pages they change: 64 files / 16 MB
 * were no faster than this and kept the extension's peak RSS on 1 GB of history above 400 MB.
 */
const groupFiles = 16;
const groupBytes = 4 * 1024 * 1024;

/** The bytes a plan has to read. */
function plannedBytes(plan: FilePlan): number {
  return plan.kind === 'append' || plan.kind === 'whole' ? Math.max(0, plan.job.knownSize - plan.job.fromOffset) : 0;
}

export interface IndexEngineOptions {
  /**
   * Where parsed batches come from; default: read and parse in this thread. The extension's index worker passes a
   * parse worker (parseWorkerSource.ts) so that parsing overlaps storing. Given the engine's logger.
   */
  batchSource?: (log: Logger) => BatchSource;
  /**
   * How long a pass waits for another process indexing into the same storage folder (default 30 s); after that the
   * pass is skipped and the index shows what was last saved.
   */
  lockWaitMs?: number;
  /** Storage lock timings (tests). */
  lockOptions?: ConstructorParameters<typeof StorageLock>[1];
  /** When the DB is saved between passes (tests make it save at once, or never). */
  snapshotPolicy?: SnapshotPolicy;
  /**
   * Where the per-record details of skipped or repaired records are, appended to their summary: the debug log level
   * by default (the extension's output channel); the CLI names its --verbose flag.
   */
  issueDetailsHint?: string;
  /** How folders are watched (tests: another platform's way, or a file system without events). */
  watch?: Omit<FolderWatcherOptions, 'descend'>;
  /**
   * The agents read (default: agentRegistry). Only for an engine that parses in its own thread: a parse worker
   * loads the default registry itself.
   */
  registry?: AgentRegistry;
}

export class IndexEngine implements IndexService {
  private config: IndexConfig | undefined;
  private store: IndexStore | undefined;
  private queries: SessionQueries | undefined;
  private observations: ObservationLog | undefined;
  private dbFile: string | undefined;
  private sql: SqlJsStatic | undefined;
  private journal: Journal | undefined;
  private lock: StorageLock | undefined;
  /** The saved DB this process last read or wrote; another stamp on disk means another process saved since. */
  private diskStamp: DbStamp | undefined;
  /**
   * Journals still to apply: all of them (a new or rebuilt DB), or what the DB does not hold of them yet (after a
   * start, a reload, or another process's pass that journaled without saving the DB).
   */
  private pendingReplay: 'all' | 'changed' | undefined;
  /**
   * The token in `index.journaled` as this process last wrote or read it: a process that journals without saving the
   * DB writes a new one, so another process knows to apply what the journals gained.
   */
  private journalToken = '';
  /** Journal bytes written (Journal.written) when the DB was last saved, and journal bytes applied since then. */
  private writtenAtSnapshot = 0;
  private replayedSinceSnapshot = 0;
  /** Journal bytes written when this process last wrote `index.journaled`. */
  private writtenAtToken = 0;
  /** The archive is compared with what the DB refers to on the first pass after the DB was opened. */
  private archiveChecked = false;
  /** That comparison found nothing lost, and nothing unchecked was applied since (verifiedState.ts). */
  private archiveClean = false;
  /** Where the record of the last full check lives, and what it said when last read or written. */
  private verifiedFile: string | undefined;
  private verified: VerifiedState | undefined;
  /** Transcripts whose latest journal generation a pass must read again, or else apply from the journal. */
  private deferredSources = new Set<string>();
  /** Leftovers of dead writers were cleared since the storage was opened. */
  private folderCleaned = false;
  /** Holder of the lock this engine last waited for in vain (warned once per holder). */
  private lastHolderWarned: string | undefined;
  private openOutcome: OpenOutcome = 'new';
  private running: Promise<IndexStats> | undefined;
  private rerun = false;
  private persistTimer: NodeJS.Timeout | undefined;
  private dirty = false;
  private watchers: { agent: AgentId; watcher: FolderWatcher }[] = [];
  /** Transcripts the last discovery found in scope, by path (what a watch event on that path reads). */
  private known = new Map<string, TranscriptFile>();
  /**
   * Paths that changed but that discovery left out (another project's session; a Codex rollout whose first line
   * names another cwd), with their inode: appends to them are ignored without any I/O, and only a replaced file
   * (another inode) is looked at again.
   */
  private ruledOut = new Map<string, number>();
  /** Watch events not handled yet, and agents whose folders must be discovered again. */
  private changed: ChangedPaths = new Map();
  private rediscover = new Set<AgentId>();
  private changeTimer: NodeJS.Timeout | undefined;
  /** What discovery remembers between runs (Codex rollouts' cwds), kept in the storage folder. */
  private memo: DiscoveryMemoFile | undefined;
  /** The next run is a full pass (refresh()); otherwise runs handle only what watch events named. */
  private fullRequested = false;
  private lastRunMs = 0;
  private searchedRoots: Partial<Record<AgentId, string[]>> = {};
  private passIssues: Record<string, number> = {};
  private firstPassDone = false;

  private readonly changeEmitter = new Emitter<IndexChange>();
  private readonly progressEmitter = new Emitter<IndexProgress>();
  private readonly logEmitter = new Emitter<{ level: LogLevel; message: string }>();

  readonly log: Logger = {
    trace: (m) => this.logEmitter.fire({ level: 'trace', message: m }),
    debug: (m) => this.logEmitter.fire({ level: 'debug', message: m }),
    info: (m) => this.logEmitter.fire({ level: 'info', message: m }),
    warn: (m) => this.logEmitter.fire({ level: 'warn', message: m }),
    error: (m) => this.logEmitter.fire({ level: 'error', message: m instanceof Error ? (m.stack ?? m.message) : m }),
  };

  private readonly source: BatchSource;
  private readonly lockWaitMs: number;
  private readonly lockOptions: IndexEngineOptions['lockOptions'];
  /** Prompt blame runs here, next to the store: only the per-line answer crosses to the extension host. */
  private readonly blame = new BlameBasisBuilder(
    () => this.requireStore(),
    () => this.config?.workspaceFolders ?? [],
    (path) => this.observations?.forPath(path) ?? [],
  );

  private readonly issueDetailsHint: string;
  private readonly snapshotPolicy: SnapshotPolicy;
  private readonly watchOptions: Omit<FolderWatcherOptions, 'descend'>;
  private readonly registry: AgentRegistry;

  constructor(options: IndexEngineOptions = {}) {
    this.registry = options.registry ?? agentRegistry;
    this.source = options.batchSource ? options.batchSource(this.log) : new InThreadBatchSource({}, this.registry);
    this.lockWaitMs = options.lockWaitMs ?? 30_000;
    this.lockOptions = options.lockOptions;
    this.issueDetailsHint = options.issueDetailsHint ?? 'details at debug level';
    this.snapshotPolicy = options.snapshotPolicy ?? defaultSnapshotPolicy;
    this.watchOptions = options.watch ?? {};
    // Any new record may add history to any file.
    this.changeEmitter.on(() => this.blame.invalidate());
  }

  /**
   * Whether the index saved in `storageDir` is the DB file recorded as checked (verifiedState.ts): a run then most
   * likely needs no pass, or a small one. Two small reads, before anything is loaded (the CLI chooses how V8 compiles
   * SQLite by it).
   */
  static savedIndexChecked(storageDir: string): boolean {
    const verified = readVerified(join(storageDir, verifiedFileName));
    return verified !== undefined && sameStamp(dbStamp(join(storageDir, dbFileName)), verified.db);
  }

  onDidChange(listener: (change: IndexChange) => void): Unsubscribe {
    return this.changeEmitter.on(listener);
  }
  onProgress(listener: (progress: IndexProgress) => void): Unsubscribe {
    return this.progressEmitter.on(listener);
  }
  onLog(listener: (level: LogLevel, message: string) => void): Unsubscribe {
    return this.logEmitter.on((e) => listener(e.level, e.message));
  }

  async configure(config: IndexConfig): Promise<void> {
    const storageChanged = !this.config || this.config.storageDir !== config.storageDir || !this.store;
    this.config = config;
    // What discovery found or ruled out depends on the workspace folders, roots and globs.
    this.known = new Map();
    this.ruledOut = new Map();
    if (!storageChanged) {
      return;
    }
    await this.flush();
    this.closeStore();
    // A saved index recorded as checked: a warm start, which runs little SQL (sqlDatabase.ts, SqlTiers).
    this.sql = await loadSqlJs(config.wasmPath, config.storageDir && IndexEngine.savedIndexChecked(config.storageDir) ? 'baseline' : 'optimizing');
    const dir = config.storageDir;
    if (dir) {
      // A StorageError (uncreatable, not a folder, read-only) says so in one line; nothing is opened.
      const tightened = prepareStorageFolder(dir);
      if (tightened > 0) {
        this.log.info(`[store] ${dir} was readable by others: made ${tightened} folder(s) and file(s) private (0700/0600)`);
      }
    }
    this.dbFile = dir ? join(dir, dbFileName) : undefined;
    this.verifiedFile = dir ? join(dir, verifiedFileName) : undefined;
    this.memo = new DiscoveryMemoFile(dir ? join(dir, 'discovery.json') : undefined, this.log);
    this.lock = dir ? new StorageLock(join(dir, 'index.lock'), this.lockOptions) : undefined;
    this.folderCleaned = false;
    const archive = dir ? new PackBlobArchive(join(dir, 'archive', 'packs')) : new MemoryBlobArchive();
    this.journal = dir ? new Journal(join(dir, 'archive', 'journal')) : undefined;
    this.observations = new ObservationLog(dir ? join(dir, 'archive', 'observations.jsonl') : undefined, archive);
    this.openStore(archive);
    this.log.info(`[index] store ${this.dbFile ?? '(memory)'}: ${this.openOutcome}`);
  }

  /** Reads the saved DB (or starts a new one) over `archive`; journals are applied by the next pass. */
  private openStore(archive: BlobArchive): void {
    if (!this.sql) {
      throw new Error('index not configured');
    }
    // Stamped before reading: a save by another process in between makes the next pass read it again.
    this.diskStamp = dbStamp(this.dbFile);
    // A DB file found intact before (by this or another process) is not checked page by page again.
    this.verified = this.verifiedFile ? readVerified(this.verifiedFile) : undefined;
    const { db, outcome } = openDatabase(this.sql, this.dbFile, this.log, this.verified?.db);
    if (outcome !== 'loaded') {
      this.diskStamp = undefined;
    }
    this.openOutcome = outcome;
    this.store = new IndexStore(db, archive, this.journal, this.log);
    this.queries = new SessionQueries(this.store);
    this.observations?.reset();
    this.blame.invalidate();
    this.firstPassDone = outcome === 'loaded';
    this.archiveChecked = false;
    this.archiveClean = false;
    this.dirty = false;
    this.writtenAtSnapshot = this.journal?.written ?? 0;
    this.replayedSinceSnapshot = 0;
    // A rebuilt DB, or a new one next to an existing archive (DB deleted by hand): the archive is the truth. A saved
    // DB: what the journals gained since it was saved.
    this.pendingReplay = this.journal ? (outcome === 'loaded' ? 'changed' : 'all') : undefined;
  }

  private closeStore(): void {
    this.store?.freeStatements();
    this.store?.db.close();
    this.store?.archive.close();
    this.journal?.closeFiles();
    this.store = undefined;
    this.queries = undefined;
    this.observations = undefined;
    this.lock?.release();
  }

  /**
   * Under the storage lock, before a pass: clears what dead writers left, reads the DB again if another process
   * saved it since, applies journals the DB lacks, and checks the archive.
   */
  private prepareLocked(issues: ParseIssue[]): void {
    const dir = this.config?.storageDir;
    const journal = this.journal;
    if (!dir || !journal || !this.store) {
      return;
    }
    if (!this.folderCleaned) {
      // Once per open: leftovers only come from a writer that died, and listing the journals costs.
      this.folderCleaned = true;
      const cleaned = cleanStorageFolder(dir, [journal.folder]);
      if (cleaned.removedTemps.length > 0 || cleaned.removedCopies.length > 0) {
        this.log.info(
          `[store] removed ${cleaned.removedTemps.length} temporary file(s) of unfinished writes and ${cleaned.removedCopies.length} older moved-aside index cop${cleaned.removedCopies.length === 1 ? 'y' : 'ies'} (the newest is kept)`,
        );
      }
      const recovered = journal.recover();
      if (recovered > 0) {
        this.log.info(`[store] kept ${recovered} journal reading(s) that a crash cut short`);
      }
    }
    const onDisk = dbStamp(this.dbFile);
    if (!sameStamp(onDisk, this.diskStamp)) {
      // Another process saved the index: continue from its DB (it has what it indexed; what this process did not
      // save yet is in the journal, applied below or read again from the transcripts).
      const archive = this.store.archive;
      const unsaved = this.dirty;
      this.store.freeStatements();
      this.store.db.close();
      this.openStore(archive);
      this.log.info(`[store] ${this.dbFile ?? ''} was saved by another process: read it again (${this.openOutcome})`);
      if (unsaved) {
        this.log.info('[store] changes not saved yet by this process are taken from the archive journal and the transcripts');
      }
      this.changeEmitter.fire({ sessions: [] });
    }
    const token = this.readJournalToken();
    if (token !== this.journalToken) {
      // Another process journaled since this one last held the lock, maybe without saving the DB.
      this.journalToken = token;
      this.pendingReplay ??= 'changed';
    }
    this.store.archive.rescan();
    const store = this.store;
    if (this.pendingReplay) {
      const mode = this.pendingReplay;
      this.pendingReplay = undefined;
      const { restored, preserved, tails, bytes, deferred } = replayJournals(store, journal, mode, this.log);
      this.replayedSinceSnapshot += bytes;
      for (const path of deferred) {
        this.deferredSources.add(path);
      }
      if (tails > 0) {
        this.log.info(`[index] applied what ${tails} archive journal(s) gained since the index was saved (${bytes} bytes)`);
        this.markDirty();
        this.changeEmitter.fire({ sessions: [] });
      }
      if (restored > 0) {
        this.log.info(`[index] restored ${restored} transcript(s) from the archive journal (their files are gone)`);
      }
      if (preserved > 0) {
        this.log.info(`[index] kept archived history of ${preserved} transcript(s) that no longer hold all of it`);
      }
      if (restored + preserved > 0) {
        this.markDirty();
        this.changeEmitter.fire({ sessions: [] });
      }
    }
    if (!this.archiveChecked) {
      this.archiveChecked = true;
      if (!this.dirty && this.diskStamp !== undefined && matchesVerified(this.verified, this.diskStamp, this.packDir)) {
        // The DB as saved and the archive were found consistent in exactly this state.
        this.archiveClean = true;
      } else {
        this.archiveClean = checkArchive(store, issues, this.log).lost.length === 0;
        if (!this.archiveClean) {
          this.markDirty();
        }
      }
    }
  }

  private get packDir(): string {
    return join(this.config?.storageDir ?? '', 'archive', 'packs');
  }

  /**
   * Records that the saved DB and the archive are consistent (verifiedState.ts), so that the next open skips the
   * checks. Only under the lock, after a save or with nothing to save, when this open compared the archive with the
   * DB (or found that done) and applied nothing unchecked since.
   */
  private recordVerified(): void {
    const file = this.verifiedFile;
    const stamp = this.diskStamp;
    if (!file || stamp === undefined || this.dirty || !this.archiveClean || !this.lock?.held || !sameStamp(dbStamp(this.dbFile), stamp)) {
      return;
    }
    const state: VerifiedState = { db: stamp, packs: packStamps(this.packDir), journalFolderMtimeMs: this.journal ? folderMtime(this.journal.folder) : undefined };
    if (sameVerified(state, this.verified) && state.journalFolderMtimeMs === this.verified?.journalFolderMtimeMs) {
      return;
    }
    try {
      writeVerified(file, state);
      this.verified = state;
    } catch (err) {
      // Only costs the next open a full check.
      this.log.debug(`[store] could not record the checked state in ${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /**
   * Whether a pass would change nothing: the saved DB is the one read and was found consistent with the archive in
   * this state, nothing is left of an unfinished write, the archive journal holds no transcript the DB lacks, and
   * every transcript found has the size, time and inode its cursor recorded (and none the DB knows is gone). Only
   * reads (a listing and a stat per transcript); takes no lock. The CLI runs a pass only when this is false, so a
   * run with nothing new neither waits for another indexer nor writes anything.
   */
  async upToDate(): Promise<boolean> {
    const change = await this.changeSinceSaved();
    this.log.debug(change === undefined ? '[index] nothing changed since the index was saved: no pass needed' : `[index] a pass is needed: ${change}`);
    return change === undefined;
  }

  private async changeSinceSaved(): Promise<string | undefined> {
    const dir = this.config?.storageDir;
    const journal = this.journal;
    const store = this.store;
    const stamp = this.diskStamp;
    if (!dir || !journal || !store || !this.dbFile) {
      return 'no storage folder';
    }
    if (this.openOutcome !== 'loaded' || stamp === undefined || this.dirty) {
      return `the index was ${this.openOutcome === 'loaded' ? 'changed' : this.openOutcome}`;
    }
    return changeSinceSaved({
      storageDir: dir,
      dbFile: this.dbFile,
      packDir: this.packDir,
      journal,
      verified: this.verified,
      stamp,
      cursors: store.sourceStamps(),
      discover: (issues) => this.discoverAll(issues),
    });
  }

  /**
   * upToDate() without loading the DB, for a saved index whose transcripts' cursors a previous run kept with the DB
   * file's stamp (the CLI's listing cache). `config` is used to find the transcripts; nothing is opened, so
   * configure() is still needed for anything else.
   */
  async unchangedSince(config: IndexConfig, stamp: DbStamp, cursors: ReadonlyMap<string, CursorStamp>): Promise<boolean> {
    const dir = config.storageDir;
    if (!dir || this.store) {
      return false;
    }
    this.config = config;
    // What discovery already ruled out (other projects' Codex rollouts) is not read again: without it a warm run read
    // the first line of every rollout on the machine. It is saved only if discovery learned something.
    this.memo ??= new DiscoveryMemoFile(join(dir, 'discovery.json'), this.log);
    const change = await changeSinceSaved({
      storageDir: dir,
      dbFile: join(dir, dbFileName),
      packDir: join(dir, 'archive', 'packs'),
      journal: new Journal(join(dir, 'archive', 'journal')),
      verified: readVerified(join(dir, verifiedFileName)),
      stamp,
      cursors,
      discover: (issues) => this.discoverAll(issues),
    });
    this.log.debug(change === undefined ? '[index] nothing changed since the index was saved: no pass needed' : `[index] a pass is needed: ${change}`);
    return change === undefined;
  }

  /**
   * The saved DB as this engine holds it — its stamp and its transcripts' cursors — when that is exactly the file on
   * disk and the one recorded as checked; undefined otherwise (changes not saved, another process's save).
   */
  savedSnapshot(): { stamp: DbStamp; cursors: Map<string, CursorStamp> } | undefined {
    const stamp = this.diskStamp;
    if (!this.store || this.dirty || stamp === undefined || !sameStamp(dbStamp(this.dbFile), stamp) || !matchesVerified(this.verified, stamp, this.packDir)) {
      return undefined;
    }
    return { stamp, cursors: this.store.sourceStamps() };
  }

  private requireStore(): IndexStore {
    if (!this.store) {
      throw new Error('index not configured');
    }
    return this.store;
  }

  private requireQueries(): SessionQueries {
    if (!this.queries) {
      throw new Error('index not configured');
    }
    return this.queries;
  }

  refresh(): Promise<IndexStats> {
    this.fullRequested = true;
    return this.run();
  }

  /** Runs are one at a time: a full pass when one was asked for, else what watch events named. */
  private run(): Promise<IndexStats> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        let stats: IndexStats;
        do {
          this.rerun = false;
          if (this.fullRequested) {
            this.fullRequested = false;
            // A full pass reads whatever changed before it started.
            this.changed = new Map();
            this.rediscover.clear();
            stats = await this.pass();
          } else {
            stats = await this.runChanges();
          }
        } while (this.rerun);
        return stats;
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private rootsFor(agent: AgentId, adapter: AgentAdapter): string[] {
    const config = this.config;
    if (!config) {
      return [];
    }
    const configured = config.agents[agent]?.roots ?? [];
    return configured.length > 0 ? configured : adapter.defaultRoots({ home: config.home, env: config.env, editorUserDirs: config.editorUserDirs, workspaceStorageDir: config.workspaceStorageDir, workspaceFolders: config.workspaceFolders });
  }

  /** Whether the user named `agent`'s data folders (settings, CLI flags) rather than leaving the agent's defaults. */
  private configuredRoots(agent: AgentId): boolean {
    return (this.config?.agents[agent]?.roots.length ?? 0) > 0;
  }

  private matchesGlobs(path: string): boolean {
    const config = this.config;
    if (!config) {
      return false;
    }
    const p = normalizePath(path);
    if (config.include.length > 0 && !config.include.some((g) => minimatch(p, g, { dot: true }))) {
      return false;
    }
    return !config.exclude.some((g) => minimatch(p, g, { dot: true }));
  }

  private async discoverAll(issues: ParseIssue[]): Promise<TranscriptFile[]> {
    const config = this.config;
    if (!config) {
      return [];
    }
    this.searchedRoots = {};
    this.known = new Map();
    for (const agent of this.registry.ids) {
      if (config.agents[agent]?.enabled) {
        await this.discoverAgent(agent, issues);
      }
    }
    return [...this.known.values()];
  }

  /** Discovers one agent's transcripts again; `known` then holds exactly what was found for it. Returns the new ones. */
  private async discoverAgent(agent: AgentId, issues: ParseIssue[]): Promise<TranscriptFile[]> {
    const config = this.config;
    if (!config) {
      return [];
    }
    const adapter = this.registry.adapter(agent);
    const roots = this.rootsFor(agent, adapter);
    // Still watched when missing: the folder an agent creates on its first run is then found at once.
    this.searchedRoots[agent] = roots;
    // A default data folder that does not exist is an agent not used on this machine, not a problem to report on
    // every run (most people use some of the agents); a folder the user named is reported by discovery when missing.
    const searched = this.configuredRoots(agent) ? roots : roots.filter((root) => existsSync(root));
    if (searched.length < roots.length) {
      this.log.debug(`[index] ${agent}: no data at ${roots.filter((r) => !searched.includes(r)).join(', ')} (the agent's default; not used here)`);
    }
    let files: TranscriptFile[] = [];
    const memo = this.memo?.forDiscovery(agent);
    try {
      files = await adapter.discover(searched, config.workspaceFolders, issues, memo);
      // Every file discovery looked at was asked about: what it did not ask about is gone.
      memo?.prune();
      this.memo?.save();
    } catch (err) {
      issues.push({ kind: 'io', file: roots.join(', '), message: `discovery failed: ${err instanceof Error ? err.message : String(err)}` });
      // Nothing is forgotten on a failed discovery: what was known stays known.
      return [];
    }
    const before = new Set<string>();
    for (const [path, f] of this.known) {
      if (f.agent === agent) {
        before.add(path);
        this.known.delete(path);
      }
    }
    if (memo && memo.learned + memo.remembered > 0) {
      this.log.debug(`[index] discovered ${agent}: ${files.length} transcript(s) may belong; ${memo.learned} file head(s) read, ${memo.remembered} remembered`);
    }
    // One entry per path: the pass plans a file before the previous one is indexed, which assumes distinct paths
    // (overlapping roots could list a file twice; the second time was a no-op anyway).
    const found: TranscriptFile[] = [];
    for (const f of files) {
      if (this.matchesGlobs(f.path) && !this.known.has(f.path)) {
        this.known.set(f.path, f);
        this.ruledOut.delete(f.path);
        if (!before.has(f.path)) {
          found.push(f);
        }
      }
    }
    return found;
  }

  /** One pass; with a storage folder, under its lock (see storageLock.ts), saving before the lock is let go. */
  private async pass(only?: ChangeSet): Promise<IndexStats> {
    const lock = this.lock;
    if (!lock) {
      return this.indexPass([...(only?.issues ?? [])], only);
    }
    const attempt = await lock.acquire(this.lockWaitMs);
    if (!attempt.acquired) {
      const holder = describeHolder(attempt.holder);
      const message = `[store] ${this.config?.storageDir ?? ''} is being indexed by ${holder}; this pass was skipped, the index shows what was last saved`;
      if (this.lastHolderWarned !== attempt.holder?.token) {
        this.lastHolderWarned = attempt.holder?.token;
        this.log.warn(message);
      } else {
        this.log.debug(message);
      }
      return this.stats();
    }
    try {
      const issues: ParseIssue[] = [...(only?.issues ?? [])];
      this.prepareLocked(issues);
      const stats = await this.indexPass(issues, only);
      if (!this.dirty) {
        // Nothing to save; a pass that found the DB and archive consistent records that (a warm start then skips it).
        this.recordVerified();
        return stats;
      }
      await this.settleJournals();
      // What the pass journaled is durable before the lock goes; the DB itself is saved only when that pays (or once
      // idle, or at flush): a crash before then loses nothing, the next start applies the journals' new lines.
      if (this.makeJournalDurable() && this.snapshotPays() && this.persistNow()) {
        return await this.stats();
      }
      this.schedulePersist(this.config?.persistDelayMs ?? 30_000);
      return stats;
    } finally {
      lock.release();
    }
  }

  /**
   * Whether saving the whole DB now pays (see SnapshotPolicy); a DB never saved yet is saved. `idle`: the engine has
   * been idle for persistDelayMs, when a smaller share of journal lines already pays.
   */
  private snapshotPays(idle = false): boolean {
    const saved = this.diskStamp?.size;
    if (saved === undefined || !this.journal) {
      return true;
    }
    const unsaved = this.journal.written - this.writtenAtSnapshot + this.replayedSinceSnapshot;
    const policy = this.snapshotPolicy;
    return idle ? unsaved >= policy.idleFraction * saved : unsaved >= Math.max(policy.minBytes, policy.fraction * saved);
  }

  /**
   * Makes archive and journals durable and tells other processes that the journals gained lines the saved DB lacks
   * (a new token in `index.journaled`). Call while holding the storage lock. False when that failed (logged).
   */
  private makeJournalDurable(): boolean {
    const dir = this.config?.storageDir;
    if (!dir || !this.store) {
      return true;
    }
    try {
      this.store.syncFiles();
      const written = this.journal?.written ?? 0;
      if (written !== this.writtenAtToken) {
        const token = randomBytes(8).toString('hex');
        writeFileAtomic(join(dir, 'index.journaled'), token);
        this.journalToken = token;
        this.writtenAtToken = written;
      }
      return true;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.log.error(`[store] could not make the archive journal durable: ${reason}. Saving is tried again with the next pass`);
      return false;
    }
  }

  private readJournalToken(): string {
    const dir = this.config?.storageDir;
    try {
      return dir ? readFileSync(join(dir, 'index.journaled'), 'utf8') : '';
    } catch {
      return '';
    }
  }

  /** Indexes `only` these transcripts (what watch events named), or else all that discovery finds. */
  private async indexPass(issues: ParseIssue[], only?: ChangeSet): Promise<IndexStats> {
    const started = Date.now();
    const store = this.requireStore();
    const initial = !this.firstPassDone;
    if (initial) {
      this.source.prepare();
    }
    const files = only ? only.files : await this.discoverAll(issues);
    for (const path of only?.gone ?? []) {
      await this.markIfGone(path);
    }
    const changed = new Set<string>();
    this.progressEmitter.fire({ done: 0, total: files.length, initial, finished: false });
    const seen = new Set<string>();
    let done = 0;
    // Sessions as they come, and counts, during a long first pass: a few a second (each crosses to the extension host,
    // and the Sessions view lists everything again on changes), not one per transcript.
    let unannounced = new Set<string>();
    let announcedAt = 0;
    let progressAt = 0;
    const announce = (now: number): void => {
      if (unannounced.size > 0) {
        this.changeEmitter.fire({ sessions: [...unannounced] });
        unannounced = new Set();
      }
      announcedAt = now;
    };
    // Files are planned (and handed to the source) up to planAheadFiles / planAheadBytes ahead of the one stored: a
    // pipelined source then reads and parses them while earlier files are stored, instead of one file ahead, which
    // left both threads waiting on each other with thousands of one-batch transcripts. A file's plan depends only
    // on its own cursor, which indexing another file never changes (paths are unique in `files`). A failed plan
    // fails its own file, inside that file's try below.
    const ahead: { file: TranscriptFile; plan: FilePlan; bytes: number }[] = [];
    let aheadBytes = 0;
    let nextToPlan = 0;
    const planAhead = (): void => {
      while (nextToPlan < files.length && ahead.length < planAheadFiles && (ahead.length === 0 || aheadBytes < planAheadBytes)) {
        const file = files[nextToPlan++];
        let plan: FilePlan;
        try {
          plan = this.planFile(file, issues);
        } catch (error) {
          plan = { kind: 'failed', error };
        }
        const bytes = plannedBytes(plan);
        ahead.push({ file, plan, bytes });
        aheadBytes += bytes;
        if (plan.kind === 'append' || plan.kind === 'whole') {
          this.source.prefetch(plan.job);
        }
      }
    };
    // Transcripts are stored in groups of transactions that commit together (IndexStore.beginGroup).
    let grouped = 0;
    let groupedBytes = 0;
    try {
      for (let i = 0; i < files.length; i++) {
        if (grouped >= groupFiles || groupedBytes >= groupBytes) {
          store.endGroup();
          grouped = 0;
          groupedBytes = 0;
        }
        if (grouped === 0) {
          store.beginGroup();
        }
        planAhead();
        const next = ahead.shift();
        if (!next) {
          break;
        }
        aheadBytes -= next.bytes;
        grouped++;
        groupedBytes += next.bytes;
        const { file, plan } = next;
        seen.add(file.path);
        try {
          const touched = await this.indexFile(file, plan, issues);
          for (const k of touched) {
            changed.add(k);
            unannounced.add(k);
          }
        } catch (err) {
          issues.push({ kind: 'io', file: file.path, message: `indexing failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}` });
        }
        // This transcript's journal is complete for now: made durable in the background while the next is indexed.
        this.journal?.syncAhead();
        done++;
        const now = Date.now();
        if (now - announcedAt >= announceEveryMs) {
          announce(now);
        }
        if (now - progressAt >= announceEveryMs || done === files.length) {
          progressAt = now;
          this.progressEmitter.fire({ done, total: files.length, initial, finished: false });
        }
        await yieldToEventLoop();
      }
    } finally {
      // Before anything else may save the DB: a save exports what is committed.
      store.endGroup();
    }
    announce(Date.now());
    // Between passes the source holds nothing (the parse worker's heap would otherwise stay for the session).
    this.source.idle();
    if (this.journal && this.deferredSources.size > 0 && !only) {
      for (const path of this.deferredSources) {
        if (!seen.has(path) && applyLatestGeneration(store, this.journal, path)) {
          // Applied after the archive check: the next open checks again.
          this.archiveClean = false;
          this.markDirty();
        }
      }
      this.deferredSources.clear();
    }
    if (!only) {
      for (const path of store.sourcePaths()) {
        if (!seen.has(path)) {
          await this.markIfGone(path);
        }
      }
    }
    this.reportIssues(issues);
    this.firstPassDone = true;
    if (!only) {
      this.lastRunMs = Date.now() - started;
    }
    this.progressEmitter.fire({ done: files.length, total: files.length, initial, finished: true });
    if (changed.size > 0) {
      const ms = Date.now() - started;
      if (only) {
        this.log.debug(`[index] changed: ${files.length} transcript(s), ${changed.size} session(s) updated in ${ms} ms`);
      } else {
        this.log.info(`[index] pass: ${files.length} transcript(s), ${changed.size} session(s) updated in ${ms} ms`);
      }
    }
    return this.stats();
  }

  /** A transcript in the index whose file is gone is marked so (its sessions stay); true when it is gone. */
  private async markIfGone(path: string): Promise<boolean> {
    const store = this.requireStore();
    const cursor = store.getSource(path);
    if (!cursor || cursor.status === 'missing') {
      return false;
    }
    try {
      await stat(path);
      return false;
    } catch {
      store.markSourceMissing(path);
      this.log.info(`[index] ${path} is gone; its sessions stay in the index and archive`);
      this.markDirty();
      return true;
    }
  }

  /**
   * What watch events named since the last run: known transcripts are read from their cursors; a path discovery
   * has not seen (a new session, a new project folder, a root that appeared) makes discovery of that one agent run
   * again; paths ruled out before are skipped unless replaced. No other file is looked at.
   */
  private async runChanges(): Promise<IndexStats> {
    const changed = this.changed;
    this.changed = new Map();
    const agents = new Set(this.rediscover);
    this.rediscover.clear();
    const issues: ParseIssue[] = [];
    const files = new Map<string, TranscriptFile>();
    const unknown: string[] = [];
    for (const [path, { agent, kind }] of changed) {
      const file = this.known.get(path);
      if (file) {
        files.set(path, file);
        continue;
      }
      const ruledOutIno = this.ruledOut.get(path);
      if (ruledOutIno !== undefined) {
        if (kind === 'change') {
          continue;
        }
        const st = await stat(path).catch(() => undefined);
        if (!st || st.ino === ruledOutIno) {
          continue;
        }
      }
      unknown.push(path);
      agents.add(agent);
    }
    const knownBefore = [...this.known.keys()];
    for (const agent of agents) {
      if (this.config?.agents[agent]?.enabled) {
        this.log.debug(`[index] discovering ${agent} again: ${unknown.length} changed path(s) it has not seen, or its folders changed`);
        for (const f of await this.discoverAgent(agent, issues)) {
          files.set(f.path, f);
        }
      }
    }
    for (const path of unknown) {
      if (!this.known.has(path)) {
        const st = await stat(path).catch(() => undefined);
        if (st?.isFile()) {
          this.ruledOut.set(path, st.ino);
        }
      }
    }
    // Discovery no longer lists them: removed (marked gone in the pass) or out of scope now.
    const gone = knownBefore.filter((path) => !this.known.has(path));
    for (const path of files.keys()) {
      // Removed (or renamed away) by its agent: marked gone in the pass, not reported as unreadable.
      if ((await stat(path).catch(() => undefined)) === undefined) {
        files.delete(path);
        this.known.delete(path);
        gone.push(path);
      }
    }
    if (files.size === 0 && gone.length === 0 && issues.length === 0) {
      return this.stats();
    }
    return this.pass({ files: [...files.values()], gone, issues });
  }

  private reportIssues(issues: ParseIssue[]): void {
    if (issues.length === 0) {
      return;
    }
    const counts: Record<string, number> = {};
    for (const i of issues) {
      counts[i.kind] = (counts[i.kind] ?? 0) + 1;
      this.passIssues[i.kind] = (this.passIssues[i.kind] ?? 0) + 1;
      const where = i.line !== undefined ? `${i.file}:${i.line}` : i.file;
      this.log.debug(`[index] ${i.kind} ${where}: ${i.message}`);
    }
    const summary = Object.entries(orderedIssueCounts(counts))
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
    // Record types an agent added after this release are expected (agents ship weekly) and lose nothing the product
    // shows: counted, but only at debug level, so every index pass does not repeat them.
    const level: LogLevel = issues.some((i) => i.kind === 'io' || i.kind === 'oversized-line' || i.kind === 'invalid-json' || i.kind === 'archive-damaged' || i.kind === 'too-deep')
      ? 'warn'
      : issues.every((i) => i.kind === 'unknown-record')
        ? 'debug'
        : 'info';
    this.logEmitter.fire({ level, message: `[index] skipped or repaired: ${summary} (${this.issueDetailsHint})` });
    const store = this.requireStore();
    store.transaction(() => store.addIssueCounts(counts));
    this.markDirty();
  }

  /**
   * What indexing a transcript starts from: nothing to do, the whole document, or lines from a cursor (with the
   * rewrite check done). Made while the previous file is still being stored, so a pipelined source can read ahead.
   */
  private planFile(file: TranscriptFile, issues: ParseIssue[]): FilePlan {
    const store = this.requireStore();
    const adapter = this.registry.adapter(file.agent);
    if (file.mode === 'database') {
      return this.planDatabase(file, issues);
    }
    let st;
    try {
      // Synchronous, like the head hash below: an awaited stat per transcript was a trip through the thread pool
      // that cost this thread more than the stat (thousands of transcripts).
      st = statSync(file.path);
    } catch (err) {
      issues.push({ kind: 'io', file: file.path, message: `cannot stat: ${err instanceof Error ? err.message : String(err)}` });
      return { kind: 'none' };
    }
    const cursor = store.getSource(file.path);
    if (cursor && cursor.status === 'ok' && sameStamp(cursor, st)) {
      return { kind: 'none' };
    }
    const maxLineBytes = this.config?.maxLineBytes ?? defaultLineReaderOptions.maxLineBytes;
    if (file.mode === 'whole') {
      return { kind: 'whole', st, job: { file, fromOffset: 0, fromLineNo: 0, state: undefined, maxLineBytes, knownSize: st.size } };
    }
    let rewritten = false;
    if (cursor && cursor.offset > 0) {
      const oldHeadLength = Math.min(headBytes, cursor.offset);
      const currentHead = st.size >= oldHeadLength ? headHashSync(file.path, oldHeadLength) : '';
      rewritten = st.size < cursor.offset || cursor.ino !== st.ino || currentHead !== cursor.head;
      if (rewritten) {
        issues.push({ kind: 'rewritten', file: file.path, message: 'transcript was rewritten or replaced; reading it again from the start' });
      }
    }
    const fresh = !cursor || rewritten || cursor.offset === 0;
    const job: BatchJob = {
      file,
      fromOffset: fresh ? 0 : cursor.offset,
      fromLineNo: fresh ? 0 : cursor.lineNo,
      state: fresh || cursor.state === undefined ? adapter.initialState(file) : cursor.state,
      maxLineBytes,
      knownSize: st.size,
    };
    return {
      kind: 'append',
      st,
      job,
      head: fresh ? '' : cursor.head,
      headLength: fresh ? 0 : Math.min(headBytes, cursor.offset),
    };
  }

  /** A database source: read when its stamp (main file and WAL) changed, from the adapter's cursor. */
  private planDatabase(file: TranscriptFile, issues: ParseIssue[]): FilePlan {
    let st: DbStamp;
    try {
      st = this.registry.adapter(file.agent).sourceStamp?.(file) ?? databaseStamp(file.path);
    } catch (err) {
      issues.push({ kind: 'io', file: file.path, message: `cannot stat: ${err instanceof Error ? err.message : String(err)}` });
      return { kind: 'none' };
    }
    const cursor = this.requireStore().getSource(file.path);
    if (cursor && cursor.status === 'ok' && sameStamp(cursor, st)) {
      return { kind: 'none' };
    }
    // A replaced database (another inode) is read from its start: the old cursor means nothing in it.
    return { kind: 'database', st, cursor: cursor && cursor.status === 'ok' && cursor.ino === st.ino ? cursor.state : undefined };
  }

  /** Indexes what is new in one transcript, as planned. Returns the keys of the sessions it changed. */
  private async indexFile(file: TranscriptFile, plan: FilePlan, issues: ParseIssue[]): Promise<Set<string>> {
    const store = this.requireStore();
    const touched = new Set<string>();
    if (plan.kind === 'none') {
      return touched;
    }
    if (plan.kind === 'failed') {
      throw plan.error;
    }
    if (plan.kind === 'database') {
      await this.indexDatabase(file, plan, issues, touched);
      return touched;
    }
    const st = plan.st;
    if (plan.kind === 'whole') {
      // Read, parsed and hashed by the source (the parse worker, when one runs): one batch, none when unreadable.
      let read = false;
      // Every reading of a whole document is a new journal generation (journal.ts): the previous one is dropped
      // only if this one contains it.
      await this.reread(file, async () => {
        for await (const batch of this.source.batches(plan.job, issues)) {
          const sha256 = batch.sha256;
          if (sha256 === undefined) {
            throw new Error('a whole document came without the hash of what was read');
          }
          read = true;
          issues.push(...batch.issues);
          store.transaction(() => {
            for (const k of store.applyParsed(file, batch.ops, 'append', { sha256 })) {
              touched.add(k);
            }
            store.putSource({ path: file.path, agent: file.agent, mode: 'whole', size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, head: '', offset: st.size, lineNo: 0, state: undefined, status: 'ok' });
          });
        }
      });
      if (read) {
        this.markDirty();
      }
      return touched;
    }
    const job = plan.job;
    let offset = job.fromOffset;
    let lineNo = job.fromLineNo;
    let state = job.state;
    // The head hash covers the first consumed bytes; those never change in an append-only file, so a
    // different hash later means the file was replaced.
    let head = plan.head;
    let headLength = plan.headLength;
    const headAt = (end: number, mark?: HeadMark): string => {
      const length = Math.min(headBytes, end);
      if (length !== headLength) {
        // The source's hash of the bytes it read from 0 (LineBatch.head) saves an open per transcript on this thread;
        // otherwise read synchronously: 1 KB of a file just read is in the page cache, and an awaited open/read/close
        // per transcript cost three trips through the event loop (thousands of small transcripts).
        head = length === 0 ? '' : mark?.length === length ? mark.digest : headHashSync(file.path, length);
        headLength = length;
      }
      return head;
    };
    const cursorAt = (h: string): SourceCursor => ({ path: file.path, agent: file.agent, mode: 'append', size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, head: h, offset, lineNo, state, status: 'ok' });
    const readBatches = async (): Promise<void> => {
      for await (const batch of this.source.batches(job, issues)) {
        state = batch.state;
        issues.push(...batch.issues);
        offset = batch.endOffset;
        lineNo = batch.endLineNo;
        const h = headAt(offset, batch.head);
        store.transaction(() => {
          for (const k of store.applyParsed(file, batch.ops, 'append', { offset, head: h })) {
            touched.add(k);
          }
          store.putSource(cursorAt(h));
        });
        batches++;
        this.markDirty();
        await yieldToEventLoop();
      }
    };
    let batches = 0;
    // Read from the start (first time, after a rebuild or a rewrite, to re-archive): a new journal generation.
    await (job.fromOffset === 0 ? this.reread(file, readBatches) : readBatches());
    if (batches === 0) {
      // Record size/mtime even when nothing new was complete, so an unchanged file is not re-read next pass. (After
      // a batch, its transaction recorded this very cursor: the last batch ends where the reading ended.)
      const h = headAt(offset);
      store.transaction(() => store.putSource(cursorAt(h)));
      this.markDirty();
    }
    return touched;
  }

  /**
   * Reads what is new in a database source through its adapter, batch by batch, each batch stored with the cursor
   * after it: a failure part way keeps what was stored and resumes from there next pass. Reading from the start (no
   * cursor) is a new journal generation, as for a transcript read again.
   */
  private async indexDatabase(file: TranscriptFile, plan: { st: DbStamp; cursor: unknown }, issues: ParseIssue[], touched: Set<string>): Promise<void> {
    const store = this.requireStore();
    const adapter = this.registry.adapter(file.agent);
    if (!adapter.readDatabase) {
      throw new Error(`the ${file.agent} adapter cannot read a database source`);
    }
    const readDatabase = adapter.readDatabase.bind(adapter);
    const config = this.config;
    const env = { sqliteWasmPath: config?.sqliteWasmPath ?? join(dirname(config?.wasmPath ?? ''), 'sqlite3.wasm') };
    let cursor = plan.cursor;
    const cursorRow = (): SourceCursor => ({ path: file.path, agent: file.agent, mode: 'database', size: plan.st.size, mtimeMs: plan.st.mtimeMs, ino: plan.st.ino, head: '', offset: 0, lineNo: 0, state: cursor, status: 'ok' });
    const read = async (): Promise<void> => {
      for await (const batch of readDatabase(file, plan.cursor, env)) {
        issues.push(...batch.issues);
        cursor = batch.cursor;
        store.transaction(() => {
          for (const k of store.applyParsed(file, batch.ops, 'append')) {
            touched.add(k);
          }
          store.putSource(cursorRow());
        });
        this.markDirty();
        await yieldToEventLoop();
      }
    };
    await (plan.cursor === undefined ? this.reread(file, read) : read());
    // Nothing new (or only rows already read): the stamp is recorded, so an unchanged database is not read again.
    store.transaction(() => store.putSource(cursorRow()));
    this.markDirty();
  }

  /**
   * Runs `read` (a reading of `file` from its start) as a new journal generation, then lets the journal drop the
   * previous generation if the transcript still holds it or the new one contains it (never after a failed read).
   */
  private async reread(file: TranscriptFile, read: () => Promise<void>): Promise<void> {
    const journal = this.journal;
    if (!journal) {
      return read();
    }
    const settles = journal.beginReread({ source: file.path, agent: file.agent, mode: file.mode });
    try {
      await read();
    } catch (err) {
      try {
        // Part way: every generation stays.
        journal.endReread(file.path, false, () => false);
        const store = this.requireStore();
        store.transaction(() => store.noteJournal(file.path));
      } catch (endErr) {
        this.log.debug(`[store] journal of ${file.path}: ${endErr instanceof Error ? endErr.message : String(endErr)}`);
      }
      throw err;
    }
    journal.endReread(file.path, true, (mark) => transcriptHolds(file.path, mark));
    if (settles) {
      // endReread appended or rewrote the journal: the DB records it as it is now. A first reading was appended
      // batch by batch, each append's stamp recorded in its own transaction: nothing changed since.
      const store = this.requireStore();
      store.transaction(() => store.noteJournal(file.path));
    }
  }

  private markDirty(): void {
    this.dirty = true;
  }

  /**
   * Saves the DB once nothing changed for `delayMs` (persistDelayMs) if the journal lines it lacks reach
   * SnapshotPolicy.idleFraction of it: every pass that changes something pushes it back, so a burst of agent activity
   * ends in at most one save, not one per pass, and a small burst in none.
   */
  private schedulePersist(delayMs: number): void {
    if (!this.dbFile) {
      return;
    }
    if (this.persistTimer) {
      clearTimeout(this.persistTimer);
    }
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      if (this.running) {
        return; // the pass schedules the save again when it ends
      }
      if (!this.snapshotPays(true)) {
        // Too little journaled to pay for a whole-DB save: the journal holds it, and flush() (closing) saves.
        this.log.debug('[store] idle: the journal holds what changed since the last save; the DB is saved later');
        return;
      }
      void this.saveUnderLock(0).then((outcome) => {
        if (outcome !== 'saved' && this.dirty && !this.persistTimer) {
          this.schedulePersist(delayMs);
        }
      });
    }, Math.max(0, delayMs));
    // A pending save never keeps a process (the CLI) alive: dispose() saves.
    this.persistTimer.unref();
  }

  /**
   * Saves the DB if it changed, taking the storage lock (waiting up to `waitMs`) unless another process saved it since
   * this one read it: saving then would drop what that process saved; the journal holds this process's work and the
   * next pass applies it. `busy`: another process holds the lock; `failed`: the save failed (logged).
   */
  private async saveUnderLock(waitMs: number): Promise<'saved' | 'busy' | 'failed'> {
    const lock = this.lock;
    if (!lock || !this.dirty) {
      return 'saved';
    }
    const attempt = await lock.acquire(waitMs);
    if (!attempt.acquired) {
      this.log.debug(`[store] not saved yet: ${this.config?.storageDir ?? ''} is in use by ${describeHolder(attempt.holder)}; what this process indexed is in the archive journal`);
      return 'busy';
    }
    try {
      if (!sameStamp(dbStamp(this.dbFile), this.diskStamp)) {
        this.log.info(`[store] ${this.dbFile ?? ''} was saved by another process since: not overwritten; what this process indexed is applied from the archive journal by the next pass`);
        return 'saved';
      }
      await this.settleJournals();
      return this.persistNow() ? 'saved' : 'failed';
    } finally {
      lock.release();
    }
  }

  /**
   * Makes the journals written so far durable several at once, off this thread, before a save: persistNow's
   * synchronous sync then only has what was written meanwhile (one fsync per journal, in turn, was a tenth of a
   * first index). Failures are left for persistNow to report.
   */
  private async settleJournals(): Promise<void> {
    if (this.dirty) {
      await this.journal?.settle();
    }
  }

  /**
   * Saves the DB if it changed; call while holding the storage lock. Archive and journals are made durable first: the
   * DB must never refer to content that is not on disk. Returns false when the save failed: the previous saved DB
   * stays, the error is logged, and the next pass (or flush) tries again.
   */
  private persistNow(): boolean {
    if (!this.dirty || !this.dbFile || !this.store) {
      this.recordVerified();
      return true;
    }
    try {
      this.store.syncFiles();
      const bytes = persistDatabase(this.store.db, this.dbFile);
      this.diskStamp = dbStamp(this.dbFile);
      this.dirty = false;
      this.writtenAtSnapshot = this.journal?.written ?? 0;
      this.replayedSinceSnapshot = 0;
      this.log.debug(`[store] saved ${bytes} bytes to ${this.dbFile}`);
      this.recordVerified();
      return true;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.log.error(`[store] could not save the index: ${reason}. The previously saved index is kept; saving is tried again with the next pass`);
      return false;
    }
  }

  /**
   * Watches the folders that can hold transcripts (folderWatcher.ts): a changed transcript is read from its cursor,
   * a new one found by discovering that agent again, nothing is polled. Idle, the index does no work at all.
   */
  async watch(): Promise<void> {
    this.stopWatching();
    const config = this.config;
    if (!config) {
      return;
    }
    for (const { id: agent, watch: scope, adapter } of this.registry.all) {
      if (!config.agents[agent]?.enabled) {
        continue;
      }
      for (const root of this.searchedRoots[agent] ?? this.rootsFor(agent, adapter)) {
        const segmentsOf = (path: string): string[] => relative(root, path).split(sep);
        const watcher = new FolderWatcher(root, { descend: scope.descend, ...this.watchOptions }, {
          onChange: (path, kind) => {
            const what = scope.relevant(segmentsOf(path));
            if (what === 'transcript') {
              const source = scope.sourceOf?.(path) ?? path;
              // A database's companion file coming and going (a WAL removed after a checkpoint) is a change of it.
              this.queueChange(agent, source, source === path ? kind : 'change');
            } else if (what === 'layout') {
              this.queueRediscover(agent);
            }
          },
          onRescan: () => this.queueRediscover(agent),
          onCheck: () => void this.checkKnown(agent, root),
          onMode: (mode, detail) => this.log.info(`[index] watching ${root} (${agent}): ${mode === 'events' ? 'file-system events' : mode}, ${detail}`),
        });
        this.watchers.push({ agent, watcher });
        await watcher.start();
      }
    }
    // What changed between the end of the last pass and the watches being in place sent no event.
    for (const { agent, watcher } of this.watchers) {
      await this.checkKnown(agent, watcher.root);
    }
  }

  private queueChange(agent: AgentId, path: string, kind: 'change' | 'rename'): void {
    const before = this.changed.get(path);
    this.changed.set(path, { agent, kind: before?.kind === 'rename' ? 'rename' : kind });
    this.scheduleChanges();
  }

  private queueRediscover(agent: AgentId): void {
    this.rediscover.add(agent);
    this.scheduleChanges();
  }

  private scheduleChanges(): void {
    // Late events of watches being closed (dispose, a new configuration) start nothing.
    if (this.changeTimer || this.watchers.length === 0) {
      return;
    }
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      void this.run().catch((err: unknown) => this.log.error(err instanceof Error ? err : new Error(String(err))));
    }, settleMs);
  }

  /** Stats the known transcripts under `root` and queues those whose size, time or inode differ from their cursor. */
  private async checkKnown(agent: AgentId, root: string): Promise<void> {
    try {
      for (const file of [...this.known.values()]) {
        if (file.agent !== agent || relative(root, file.path).startsWith('..')) {
          continue;
        }
        const st = await stat(file.path).catch(() => undefined);
        // After the await: watching may have stopped and the store been closed meanwhile.
        if (!this.store || this.watchers.length === 0) {
          return;
        }
        const cursor = this.store.getSource(file.path);
        if (!st || !cursor || !sameStamp(cursor, st)) {
          this.queueChange(agent, file.path, st ? 'change' : 'rename');
        }
      }
    } catch (err) {
      this.log.debug(`[index] checking the transcripts under ${root}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private stopWatching(): void {
    for (const { watcher } of this.watchers) {
      watcher.close();
    }
    this.watchers = [];
    if (this.changeTimer) {
      clearTimeout(this.changeTimer);
      this.changeTimer = undefined;
    }
  }

  /** How each root is watched now (logs, tests, the live benchmark). */
  watchModes(): { agent: AgentId; root: string; mode: string | undefined }[] {
    return this.watchers.map(({ agent, watcher }) => ({ agent, root: watcher.root, mode: watcher.mode }));
  }

  async listSessions(agents?: AgentId[]): Promise<SessionSummary[]> {
    return this.requireQueries().listSessions(this.config?.workspaceFolders ?? [], agents);
  }

  async listPrompts(sessionKey: string): Promise<PromptSummary[]> {
    return this.requireQueries().listPrompts(sessionKey);
  }

  async promptFileDiff(sessionKey: string, promptId: string, path: string): Promise<PromptFileDiff> {
    return this.requireQueries().promptFileDiff(sessionKey, promptId, path);
  }

  async sessionDetail(sessionKey: string): Promise<SessionDetail | undefined> {
    return this.requireQueries().sessionDetail(sessionKey);
  }

  async sessionOutline(sessionKey: string): Promise<SessionOutline | undefined> {
    return this.requireQueries().sessionOutline(sessionKey);
  }

  async sessionPrompts(sessionKey: string, from: number, to: number): Promise<VersionedPrompt[]> {
    return this.requireQueries().sessionPrompts(sessionKey, from, to);
  }

  async sessionStep(sessionKey: string, stepId: string): Promise<Step | undefined> {
    return this.requireQueries().sessionStep(sessionKey, stepId);
  }

  async blameBasis(path: string): Promise<BlameBasis | undefined> {
    return this.blame.basis(path);
  }

  async recordObservation(path: string, timestamp: string, content: string, by?: ObservedSession): Promise<void> {
    if (!this.observations) {
      throw new Error('index not configured');
    }
    this.observations.append(path, timestamp, content, by);
    this.log.debug(`[blame] observed ${path} at ${timestamp}`);
    // Invalidates the blame cache (the engine's own listener) and makes open editors blame the file again.
    this.changeEmitter.fire({ sessions: [], observed: [normalizePath(path)] });
  }

  /** One session's file histories for checkpoints and restore. */
  async checkpointData(sessionKey: string): Promise<SessionCheckpointData | undefined> {
    const data = new CheckpointQueries(this.requireStore()).sessionData(sessionKey);
    if (!this.journal || !data?.histories.some((h) => h.events.some((e) => e.archiveDamage !== undefined))) {
      return data;
    }
    // The archive lost content this session recorded: a pass reads the transcripts that still exist again (the
    // archive check warns and counts it), then the answer is given from what that brought back.
    this.archiveChecked = false;
    // Damage that the recorded stamps did not show: this check is not skipped.
    this.verified = undefined;
    await this.refresh();
    return new CheckpointQueries(this.requireStore()).sessionData(sessionKey);
  }

  async changedPaths(sessionKey: string): Promise<string[]> {
    return this.requireQueries().changedPaths(sessionKey);
  }

  /** changedPaths of every session at once (one query instead of one per session). */
  async changedPathsBySession(): Promise<Map<string, string[]>> {
    return this.requireQueries().changedPathsBySession();
  }

  async stats(): Promise<IndexStats> {
    const q = this.requireQueries();
    return { ...q.counts(), issues: orderedIssueCounts(q.issueCounts()), lastRunMs: this.lastRunMs, searchedRoots: this.searchedRoots };
  }

  /** What happened when the DB was opened (for logs and tests). */
  get storeOutcome(): OpenOutcome {
    return this.openOutcome;
  }

  /** Saves the DB now if it changed (shutdown, a configuration change): what a pass running now did is included. */
  async flush(): Promise<void> {
    if (this.persistTimer) {
      clearTimeout(this.persistTimer);
      this.persistTimer = undefined;
    }
    if (this.running) {
      await this.running.catch(() => undefined);
    }
    if ((await this.saveUnderLock(this.lockWaitMs)) === 'busy') {
      this.log.warn(`[store] not saved: ${this.config?.storageDir ?? ''} is in use by another process; what this process indexed is in the archive journal and is applied by the next pass`);
    }
  }

  async dispose(): Promise<void> {
    this.stopWatching();
    if (this.running) {
      await this.running.catch(() => undefined);
    }
    await this.flush();
    this.closeStore();
    await this.source.dispose();
  }
}
