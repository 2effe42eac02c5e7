// The index itself: discovery, incremental parsing, store, persistence, watching. Runs in the index worker for
// the extension and in-process for the CLI. Everything here is Node-only; nothing imports vscode.
import { watch, type FSWatcher, type Stats } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { minimatch } from 'minimatch';
import type { AgentAdapter, TranscriptFile } from '../adapters/adapter';
import type { Logger } from '../core/logger';
import type { AgentId, SessionDetail, Step } from '../core/model';
import { orderedIssueCounts, type ParseIssue } from '../core/ops';
import { normalizePath } from '../core/paths';
import type { IndexStats, PromptFileDiff, PromptSummary, SessionOutline, SessionSummary, VersionedPrompt } from '../core/readModel';
import { MemoryBlobArchive, PackBlobArchive, type BlobArchive } from '../store/blobArchive';
import { IndexStore, type SourceCursor } from '../store/indexStore';
import { Journal } from '../store/journal';
import { ObservationLog } from '../store/observationLog';
import { cleanStorageFolder, prepareStorageFolder } from '../store/storageFolder';
import { describeHolder, StorageLock } from '../store/storageLock';
import { applyLatestGeneration, checkArchive, documentHash, headBytes, headDigest, replayJournals, transcriptHolds } from './archiveRecovery';
import type { BlameBasis } from '../core/blame/blameEngine';
import { BlameBasisBuilder } from './blameBasisBuilder';
import { SessionQueries } from '../store/sessionQueries';
import { CheckpointQueries, type SessionCheckpointData } from '../store/checkpointQueries';
import { dbStamp, loadSqlJs, openDatabase, persistDatabase, sameStamp, type DbStamp, type OpenOutcome } from '../store/sqlDatabase';
import type { SqlJsStatic } from 'sql.js';
import { adapterFor, indexedAgents } from './adapters';
import type { BatchJob, BatchSource } from './batchSource';
import type { IndexChange, IndexConfig, IndexProgress, IndexService, LogLevel, Unsubscribe } from './indexService';
import { InThreadBatchSource } from './inThreadSource';
import { defaultLineReaderOptions } from './lineReader';

/** How often a pass reports changed sessions and progress. */
const announceEveryMs = 100;

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

async function headHash(path: string, size: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(headBytes, size));
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return headDigest(buf.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** What indexFile starts from (see planFile). */
type FilePlan =
  | { kind: 'none' }
  | { kind: 'failed'; error: unknown }
  | { kind: 'whole'; st: Stats }
  | { kind: 'append'; st: Stats; job: BatchJob; head: string; headLength: number };

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
  /**
   * Where the per-record details of skipped or repaired records are, appended to their summary: the debug log level
   * by default (the extension's output channel); the CLI names its --verbose flag.
   */
  issueDetailsHint?: string;
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
  /** Journals still to apply: all of them (a new or rebuilt DB) or those the DB does not know (after a reload). */
  private pendingReplay: 'all' | 'unknown' | undefined;
  /** The archive is compared with what the DB refers to on the first pass after the DB was opened. */
  private archiveChecked = false;
  /** Transcripts whose latest journal generation a pass must read again, or else apply from the journal. */
  private deferredSources = new Set<string>();
  /** When this process last saved the DB (ms). */
  private lastPersistAt = 0;
  /** Leftovers of dead writers were cleared since the storage was opened. */
  private folderCleaned = false;
  /** Holder of the lock this engine last waited for in vain (warned once per holder). */
  private lastHolderWarned: string | undefined;
  private openOutcome: OpenOutcome = 'new';
  private running: Promise<IndexStats> | undefined;
  private rerun = false;
  private persistTimer: NodeJS.Timeout | undefined;
  private dirty = false;
  private watchers: FSWatcher[] = [];
  private pollTimer: NodeJS.Timeout | undefined;
  private watchDebounce: NodeJS.Timeout | undefined;
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

  constructor(options: IndexEngineOptions = {}) {
    this.source = options.batchSource ? options.batchSource(this.log) : new InThreadBatchSource();
    this.lockWaitMs = options.lockWaitMs ?? 30_000;
    this.lockOptions = options.lockOptions;
    this.issueDetailsHint = options.issueDetailsHint ?? 'details at debug level';
    // Any new record may add history to any file.
    this.changeEmitter.on(() => this.blame.invalidate());
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
    if (!storageChanged) {
      return;
    }
    await this.flush();
    this.closeStore();
    this.sql = await loadSqlJs(config.wasmPath);
    const dir = config.storageDir;
    if (dir) {
      // A StorageError (uncreatable, not a folder, read-only) says so in one line; nothing is opened.
      const tightened = prepareStorageFolder(dir);
      if (tightened > 0) {
        this.log.info(`[store] ${dir} was readable by others: made ${tightened} folder(s) and file(s) private (0700/0600)`);
      }
    }
    this.dbFile = dir ? join(dir, 'index.db') : undefined;
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
    const { db, outcome } = openDatabase(this.sql, this.dbFile, this.log);
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
    this.dirty = false;
    // A rebuilt DB, or a new one next to an existing archive (DB deleted by hand): the archive is the truth.
    this.pendingReplay = this.journal ? (outcome === 'loaded' ? 'unknown' : 'all') : undefined;
  }

  private closeStore(): void {
    this.store?.freeStatements();
    this.store?.db.close();
    this.store?.archive.close();
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
    this.store.archive.rescan();
    const store = this.store;
    if (this.pendingReplay) {
      const all = this.pendingReplay === 'all';
      this.pendingReplay = undefined;
      const { restored, preserved, deferred } = replayJournals(store, journal, all, this.log);
      this.deferredSources = new Set(deferred);
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
      if (checkArchive(store, issues, this.log).lost.length > 0) {
        this.markDirty();
      }
    }
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
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        let stats: IndexStats;
        do {
          this.rerun = false;
          stats = await this.pass();
        } while (this.rerun);
        return stats;
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private rootsFor(agent: (typeof indexedAgents)[number], adapter: AgentAdapter): string[] {
    const config = this.config;
    if (!config) {
      return [];
    }
    const configured = config.agents[agent].roots;
    return configured.length > 0 ? configured : adapter.defaultRoots({ home: config.home, env: config.env });
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
    const files: TranscriptFile[] = [];
    this.searchedRoots = {};
    for (const agent of indexedAgents) {
      if (!config.agents[agent].enabled) {
        continue;
      }
      const adapter = adapterFor(agent);
      const roots = this.rootsFor(agent, adapter);
      this.searchedRoots[agent] = roots;
      try {
        files.push(...(await adapter.discover(roots, config.workspaceFolders, issues)));
      } catch (err) {
        issues.push({ kind: 'io', file: roots.join(', '), message: `discovery failed: ${err instanceof Error ? err.message : String(err)}` });
      }
    }
    // One entry per path: the pass plans a file before the previous one is indexed, which assumes distinct paths
    // (overlapping roots could list a file twice; the second time was a no-op anyway).
    const unique = new Map(files.filter((f) => this.matchesGlobs(f.path)).map((f) => [f.path, f] as const));
    return [...unique.values()];
  }

  /** One pass; with a storage folder, under its lock (see storageLock.ts), saving before the lock is let go. */
  private async pass(): Promise<IndexStats> {
    const lock = this.lock;
    if (!lock) {
      return this.indexPass([]);
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
    let keep = false;
    try {
      const issues: ParseIssue[] = [];
      this.prepareLocked(issues);
      const stats = await this.indexPass(issues);
      // Saved at the end of the pass, but at most once per persistDelayMs while an agent keeps writing (each save
      // writes the whole DB): until then the lock is kept, and the persist timer saves and lets go.
      const wait = this.lastPersistAt + (this.config?.persistDelayMs ?? 2000) - Date.now();
      if (this.dirty && wait > 0) {
        keep = true;
        this.schedulePersist(wait);
        return stats;
      }
      return this.persistNow() ? await this.stats() : stats;
    } finally {
      if (!keep) {
        lock.release();
      }
    }
  }

  private async indexPass(issues: ParseIssue[]): Promise<IndexStats> {
    const started = Date.now();
    const store = this.requireStore();
    const initial = !this.firstPassDone;
    if (initial) {
      this.source.prepare();
    }
    const files = await this.discoverAll(issues);
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
    // Never rejects: a failed plan fails its own file, inside that file's try below.
    const planSafely = (file: TranscriptFile): Promise<FilePlan> =>
      this.planFile(file, issues).catch((error: unknown): FilePlan => ({ kind: 'failed', error }));
    let planned = files.length > 0 ? planSafely(files[0]) : undefined;
    for (let i = 0; i < files.length; i++) {
      const file = files[i];
      const plan = (await planned) ?? { kind: 'none' };
      // The next file is planned (and handed to the source as a hint) while this one is read and stored: a
      // pipelined source then parses it while this file's last batch is stored. A file's plan depends only on its
      // own cursor, which indexing another file never changes (paths are unique in `files`). The hint comes after
      // an I/O callback at least, so always after indexFile below has asked the source for this file.
      planned = i + 1 < files.length ? planSafely(files[i + 1]) : undefined;
      void planned?.then((p) => p.kind === 'append' && this.source.prefetch(p.job));
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
    announce(Date.now());
    // Between passes the source holds nothing (the parse worker's heap would otherwise stay for the session).
    this.source.idle();
    if (this.journal && this.deferredSources.size > 0) {
      for (const path of this.deferredSources) {
        if (!seen.has(path) && applyLatestGeneration(store, this.journal, path)) {
          this.markDirty();
        }
      }
      this.deferredSources.clear();
    }
    for (const path of store.sourcePaths()) {
      if (!seen.has(path)) {
        const cursor = store.getSource(path);
        if (cursor && cursor.status !== 'missing') {
          try {
            await stat(path);
          } catch {
            store.markSourceMissing(path);
            this.log.info(`[index] ${path} is gone; its sessions stay in the index and archive`);
            this.markDirty();
          }
        }
      }
    }
    this.reportIssues(issues);
    this.firstPassDone = true;
    this.lastRunMs = Date.now() - started;
    this.progressEmitter.fire({ done: files.length, total: files.length, initial, finished: true });
    if (changed.size > 0) {
      this.log.info(`[index] pass: ${files.length} transcript(s), ${changed.size} session(s) updated in ${this.lastRunMs} ms`);
    }
    return this.stats();
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
  private async planFile(file: TranscriptFile, issues: ParseIssue[]): Promise<FilePlan> {
    const store = this.requireStore();
    const adapter = adapterFor(file.agent);
    let st;
    try {
      st = await stat(file.path);
    } catch (err) {
      issues.push({ kind: 'io', file: file.path, message: `cannot stat: ${err instanceof Error ? err.message : String(err)}` });
      return { kind: 'none' };
    }
    const cursor = store.getSource(file.path);
    if (cursor && cursor.status === 'ok' && cursor.size === st.size && cursor.mtimeMs === st.mtimeMs && cursor.ino === st.ino) {
      return { kind: 'none' };
    }
    if (file.mode === 'whole') {
      return { kind: 'whole', st };
    }
    let rewritten = false;
    if (cursor && cursor.offset > 0) {
      const oldHeadLength = Math.min(headBytes, cursor.offset);
      const currentHead = st.size >= oldHeadLength ? await headHash(file.path, oldHeadLength) : '';
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
      maxLineBytes: this.config?.maxLineBytes ?? defaultLineReaderOptions.maxLineBytes,
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
    const st = plan.st;
    if (plan.kind === 'whole') {
      let text: string;
      try {
        text = await readFile(file.path, 'utf8');
      } catch (err) {
        issues.push({ kind: 'io', file: file.path, message: `cannot read: ${err instanceof Error ? err.message : String(err)}` });
        return touched;
      }
      const out = adapterFor(file.agent).parseDocument(file, text);
      issues.push(...out.issues);
      // Every reading of a whole document is a new journal generation (journal.ts): the previous one is dropped
      // only if this one contains it.
      await this.reread(file, async () => {
        store.transaction(() => {
          for (const k of store.applyParsed(file, out.ops, 'append', { sha256: documentHash(text) })) {
            touched.add(k);
          }
          store.putSource({ path: file.path, agent: file.agent, mode: 'whole', size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, head: '', offset: st.size, lineNo: 0, state: undefined, status: 'ok' });
        });
      });
      this.markDirty();
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
    const headAt = async (end: number): Promise<string> => {
      const length = Math.min(headBytes, end);
      if (length !== headLength) {
        head = length > 0 ? await headHash(file.path, length) : '';
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
        const h = await headAt(offset);
        store.transaction(() => {
          for (const k of store.applyParsed(file, batch.ops, 'append', { offset, head: h })) {
            touched.add(k);
          }
          store.putSource(cursorAt(h));
        });
        this.markDirty();
        await yieldToEventLoop();
      }
    };
    // Read from the start (first time, after a rebuild or a rewrite, to re-archive): a new journal generation.
    await (job.fromOffset === 0 ? this.reread(file, readBatches) : readBatches());
    // Record size/mtime even when nothing new was complete, so an unchanged file is not re-read next pass.
    const h = await headAt(offset);
    store.transaction(() => store.putSource(cursorAt(h)));
    this.markDirty();
    return touched;
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
    journal.beginReread({ source: file.path, agent: file.agent, mode: file.mode });
    try {
      await read();
    } catch (err) {
      try {
        // Part way: every generation stays.
        journal.endReread(file.path, false, () => false);
      } catch (endErr) {
        this.log.debug(`[store] journal of ${file.path}: ${endErr instanceof Error ? endErr.message : String(endErr)}`);
      }
      throw err;
    }
    journal.endReread(file.path, true, (mark) => transcriptHolds(file.path, mark));
  }

  private markDirty(): void {
    this.dirty = true;
    this.schedulePersist(this.config?.persistDelayMs ?? 2000);
  }

  private schedulePersist(delayMs: number): void {
    if (!this.dbFile) {
      return;
    }
    if (this.persistTimer) {
      clearTimeout(this.persistTimer);
    }
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      if (!this.lock?.held) {
        return; // a save failed outside a pass: the next pass saves
      }
      // During a long pass: a save now and then. After a pass that kept the lock: the save, then the lock goes.
      this.persistNow();
      if (!this.running) {
        this.lock.release();
      }
    }, Math.max(0, delayMs));
  }

  /**
   * Saves the DB if it changed; call while holding the storage lock. Archive and journals are made durable first: the
   * DB must never refer to content that is not on disk. Returns false when the save failed: the previous saved DB
   * stays, the error is logged, and the next pass (or flush) tries again.
   */
  private persistNow(): boolean {
    if (!this.dirty || !this.dbFile || !this.store) {
      return true;
    }
    try {
      this.store.syncFiles();
      const bytes = persistDatabase(this.store.db, this.dbFile);
      this.diskStamp = dbStamp(this.dbFile);
      this.dirty = false;
      this.lastPersistAt = Date.now();
      this.log.debug(`[store] saved ${bytes} bytes to ${this.dbFile}`);
      return true;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.log.error(`[store] could not save the index: ${reason}. The previously saved index is kept; saving is tried again with the next pass`);
      return false;
    }
  }

  async watch(): Promise<void> {
    this.stopWatching();
    const trigger = (): void => {
      if (this.watchDebounce) {
        clearTimeout(this.watchDebounce);
      }
      this.watchDebounce = setTimeout(() => {
        this.watchDebounce = undefined;
        void this.refresh().catch((err: unknown) => this.log.error(err instanceof Error ? err : new Error(String(err))));
      }, 150);
    };
    for (const roots of Object.values(this.searchedRoots)) {
      for (const root of roots ?? []) {
        try {
          await stat(root);
          const w = watch(root, { recursive: true }, (_event, name) => {
            if (typeof name === 'string' && /\.(jsonl?|meta\.json)$/.test(name)) {
              trigger();
            }
          });
          w.on('error', (err) => this.log.debug(`[index] watcher on ${root}: ${err.message}`));
          this.watchers.push(w);
        } catch (err) {
          this.log.debug(`[index] cannot watch ${root}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    }
    // File-system events are not guaranteed everywhere (network drives, some containers): poll as well.
    this.pollTimer = setInterval(trigger, 5000);
    this.pollTimer.unref();
  }

  private stopWatching(): void {
    for (const w of this.watchers) {
      w.close();
    }
    this.watchers = [];
    if (this.pollTimer) {
      clearInterval(this.pollTimer);
      this.pollTimer = undefined;
    }
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

  async recordObservation(path: string, timestamp: string, content: string): Promise<void> {
    if (!this.observations) {
      throw new Error('index not configured');
    }
    this.observations.append(path, timestamp, content);
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
    await this.refresh();
    return new CheckpointQueries(this.requireStore()).sessionData(sessionKey);
  }

  async changedPaths(sessionKey: string): Promise<string[]> {
    return this.requireQueries().changedPaths(sessionKey);
  }

  async stats(): Promise<IndexStats> {
    const q = this.requireQueries();
    return { ...q.counts(), issues: orderedIssueCounts(q.issueCounts()), lastRunMs: this.lastRunMs, searchedRoots: this.searchedRoots };
  }

  /** What happened when the DB was opened (for logs and tests). */
  get storeOutcome(): OpenOutcome {
    return this.openOutcome;
  }

  async flush(): Promise<void> {
    if (this.persistTimer) {
      clearTimeout(this.persistTimer);
      this.persistTimer = undefined;
    }
    const lock = this.lock;
    if (!lock) {
      return;
    }
    if (lock.held) {
      // Kept after a pass for a pending save (or a pass is running: it lets go itself).
      this.persistNow();
      if (!this.running) {
        lock.release();
      }
      return;
    }
    if (!this.dirty) {
      return;
    }
    const attempt = await lock.acquire(this.lockWaitMs);
    if (!attempt.acquired) {
      this.log.warn(`[store] not saved: ${this.config?.storageDir ?? ''} is in use by ${describeHolder(attempt.holder)}; what this process indexed is in the archive journal and is applied by the next pass`);
      return;
    }
    try {
      if (sameStamp(dbStamp(this.dbFile), this.diskStamp)) {
        this.persistNow();
      } else {
        // Saving now would drop what the other process saved; the journal holds this process's work.
        this.log.info(`[store] ${this.dbFile ?? ''} was saved by another process since: not overwritten; what this process indexed is applied from the archive journal by the next pass`);
      }
    } finally {
      lock.release();
    }
  }

  async dispose(): Promise<void> {
    this.stopWatching();
    if (this.watchDebounce) {
      clearTimeout(this.watchDebounce);
    }
    if (this.running) {
      await this.running.catch(() => undefined);
    }
    await this.flush();
    this.closeStore();
    await this.source.dispose();
  }
}
