// `npm run bench:index [-- --mb 200,500,1000] [--runs 5]`: on the realistic corpus (scripts/bench/realisticCorpus.ts,
// replicated recorded transcripts, cached under tmp/cache), paired runs (scripts/bench/pairedRuns.ts) of, per round,
// each in its own child process:
//   read+parse   the baseline: read every transcript file and JSON.parse every line (the legacy Gemini documents whole);
//   cli cold     the real `dist/cli.js sessions --json` on the corpus (HOME pointing at it, a fresh --cache-dir);
//   cli warm     the same command again on the index it saved (nothing changed): time to the answer;
//   ext cold     the extension's setup: WorkerIndexService + makeIndexConfig, a fresh storage folder, refresh + flush;
//   ext warm     a new WorkerIndexService on the storage the cold run saved: time to the first listSessions answer,
//                then to the end of the refresh that finds nothing changed.
// Prints median [min–max] of each, of the per-round throughput ratio to read+parse (cold, goal >= 0.5) and of the
// warm time as a fraction of read+parse (goal <= 0.3), peak RSS per phase, DB and archive sizes.
// `--scope all` (default) opens the folder of all 50 projects, so index and baseline read the whole corpus (the
// throughput measure); `--scope workspace` opens the one workspace project and its baseline reads only its
// transcripts (the daily case, other projects ruled out); `--scope all,workspace` measures both.
// `npm run bench:index:quick` is `--mb 50 --runs 3`. `-- --many-files [N]`: N small transcripts instead, see manyFiles.
// `--mix opencode`: the corpus of a heavy OpenCode user (60 % of the copies OpenCode's, in its one SQLite database);
// its baseline reads that database's rows and JSON.parses their data, as a plain reader of it would.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkerIndexService } from '../src/indexer/indexWorkerClient';
import { makeIndexConfig } from '../src/indexer/indexConfig';
import { debounce } from '../src/vscode/debounce';
import { ListPace, sessionsChangeDebounceMs, sessionsChangeMaxWaitMs, sessionsChangeQuietMs } from '../src/vscode/views/sessionsRefresh';
import { benchWorkspace, smallShape, TranscriptGenerator } from './benchTranscripts';
import { listFiles } from './benchCorpus';
import { peakRssKb } from './bench/peakRss';
import { cachedCorpusRoot, corpusAgents, corpusIndexEnv, generateRealisticCorpus, type CorpusAgent, type CorpusManifest, type CorpusMix } from './bench/realisticCorpus';
import { readAndParseOpencode } from './bench/opencodeCorpus';
import { commandPhase, formatSpread, nodePhase, roundRatios, roundTimeRatios, runPaired, type PairedReport, type PhaseResult } from './bench/pairedRuns';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

// ---- corpus -------------------------------------------------------------------------------------

function generateMany(home: string, count: number): number {
  return new TranscriptGenerator(home, smallShape).manyFiles(count);
}

function duBytes(dir: string): number {
  return listFiles(dir).reduce((sum, f) => sum + statSync(f).size, 0);
}

// ---- phases (child processes) -------------------------------------------------------------------

/**
 * The transcript files under a HOME: Claude projects (sessions and subagents), Codex rollouts, Gemini chats (JSONL and
 * the legacy JSON documents), Pi sessions, Qwen chats, Copilot event logs, Cline messages, OpenCode's database. Not
 * backups or metadata: what a plain reader of the transcripts reads.
 */
function transcriptFiles(home: string): string[] {
  const agentFolders = ['/.claude/', '/.codex/', '/.gemini/', '/.pi/', '/.qwen/', '/.copilot/', '/.cline/', '/.local/share/opencode/'];
  const isTranscript = (p: string): boolean =>
    (p.includes('/.claude/projects/') && p.endsWith('.jsonl')) ||
    (p.includes('/.codex/sessions/') && p.endsWith('.jsonl')) ||
    (p.includes('/.gemini/tmp/') && p.includes('/chats/') && (p.endsWith('.jsonl') || p.endsWith('.json'))) ||
    (p.includes('/.pi/agent/sessions/') && p.endsWith('.jsonl')) ||
    (p.includes('/.qwen/projects/') && p.includes('/chats/') && p.endsWith('.jsonl')) ||
    (p.includes('/.copilot/session-state/') && p.endsWith('/events.jsonl')) ||
    (p.includes('/.cline/data/sessions/') && p.endsWith('.messages.json')) ||
    p.endsWith('/.local/share/opencode/opencode.db') ||
    // the --many-files corpus (benchTranscripts) writes its own layout
    (!agentFolders.some((f) => p.includes(f)) && p.endsWith('.jsonl'));
  return listFiles(home).filter(isTranscript);
}

/** A line of a --list file naming OpenCode's database and the one folder whose sessions are in scope. */
const opencodeListLine = (db: string, folder: string): string => `${db}\t${folder}`;

async function phaseBaseline(home: string, listFile: string): Promise<void> {
  const started = process.hrtime.bigint();
  let bytes = 0;
  let records = 0;
  const files = listFile ? readFileSync(listFile, 'utf8').split('\n').filter(Boolean) : transcriptFiles(home);
  for (const entry of files) {
    const [f, folder] = entry.split('\t');
    if (f.endsWith('.db')) {
      const r = await readAndParseOpencode(f, folder);
      bytes += r.bytes;
      records += r.records;
      continue;
    }
    const text = readFileSync(f, 'utf8');
    bytes += Buffer.byteLength(text);
    if (f.endsWith('.json')) {
      JSON.parse(text);
      records++;
      continue;
    }
    for (const line of text.split('\n')) {
      if (line) {
        JSON.parse(line);
        records++;
      }
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(JSON.stringify({ bytes, records, seconds, maxRssKb: peakRssKb() }));
}

/**
 * What the Sessions view does while an index runs: each change event (debounced as the view does) lists the
 * sessions again, through the worker, never two lists at once. Resolves when no list is pending.
 */
function listLikeTheView(engine: WorkerIndexService): { lists: () => number; idle: () => Promise<void> } {
  const pace = new ListPace();
  let lists = 0;
  let running: Promise<void> | undefined;
  let again = false;
  const list = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        lists++;
        await pace.timed(() => engine.listSessions());
      } while (again);
      running = undefined;
    })();
  };
  const debounced = debounce<readonly string[]>(list, sessionsChangeDebounceMs, sessionsChangeMaxWaitMs, () => pace.minGapMs(), sessionsChangeQuietMs);
  engine.onDidChange((c) => debounced(c.sessions));
  return {
    lists: () => lists,
    idle: async () => {
      debounced.flush();
      await running;
    },
  };
}

async function phaseIndex(home: string, storage: string, withView: boolean, workspace: string): Promise<void> {
  // The extension's configuration: the engine in its worker thread.
  const engine = new WorkerIndexService(join(__dirname, '..', 'indexWorker.js'));
  const view = withView ? listLikeTheView(engine) : undefined;
  const config = makeIndexConfig({ storageDir: storage, wasmPath: join(__dirname, '..', 'sql-wasm.wasm'), workspaceFolders: [workspace], home }, { persistDelayMs: 600_000 });
  const started = process.hrtime.bigint();
  const elapsed = (): number => Number(process.hrtime.bigint() - started) / 1e9;
  // What the Sessions view's "Indexing… n/N" is driven by: how soon the first count comes and the longest wait.
  const progress = { events: 0, firstCountAt: -1, longestGap: 0, last: 0 };
  engine.onProgress((p) => {
    const now = elapsed();
    progress.longestGap = Math.max(progress.longestGap, now - progress.last);
    progress.last = now;
    progress.events++;
    if (progress.firstCountAt < 0 && p.total > 0 && !p.finished) {
      progress.firstCountAt = now;
    }
  });
  await engine.configure(config);
  const stats = await engine.refresh();
  await view?.idle();
  await engine.flush();
  const seconds = elapsed();
  const sessions = (await engine.listSessions()).length;
  await engine.dispose();
  const { events, firstCountAt, longestGap } = progress;
  process.stdout.write(JSON.stringify({ seconds, sessions, prompts: stats.prompts, steps: stats.steps, issues: stats.issues, maxRssKb: peakRssKb(), progress: { events, firstCountAt, longestGap }, viewLists: view?.lists() ?? 0 }));
}

/** The extension starting again on the index a previous run saved, nothing changed since. */
async function phaseWarm(home: string, storage: string, workspace: string): Promise<void> {
  const started = process.hrtime.bigint();
  const elapsed = (): number => Number(process.hrtime.bigint() - started) / 1e9;
  const engine = new WorkerIndexService(join(__dirname, '..', 'indexWorker.js'));
  const config = makeIndexConfig({ storageDir: storage, wasmPath: join(__dirname, '..', 'sql-wasm.wasm'), workspaceFolders: [workspace], home }, { persistDelayMs: 600_000 });
  await engine.configure(config);
  const sessions = (await engine.listSessions()).length;
  const firstAnswer = elapsed();
  const stats = await engine.refresh();
  const seconds = elapsed();
  await engine.dispose();
  process.stdout.write(JSON.stringify({ seconds, firstAnswer, sessions, issues: stats.issues, maxRssKb: peakRssKb() }));
}

interface ManyFilesRow {
  files: number;
  mib: number;
  baseSeconds: number;
  indexSeconds: number;
  index: Record<string, unknown>;
  /** The same first index with the Sessions view listing sessions as it does in the editor. */
  withView: Record<string, unknown>;
}

/**
 * `--many-files [N]`: a first index of N small transcripts (2–10 KB: a machine where agents ran for months), and of
 * 5,000 of them, against read + JSON.parse of the same files. The per-file time at N against 5,000 shows whether
 * anything grows with the number of files (it should stay flat: linear in total).
 */
function manyFiles(count: number): void {
  const rows: ManyFilesRow[] = [];
  for (const files of count > 5000 ? [5000, count] : [count]) {
    const root = mkdtempSync(join(tmpdir(), 'agent-trail-bench-many-'));
    const home = join(root, 'home');
    try {
      const genStart = Date.now();
      const mib = generateMany(home, files) / 1024 / 1024;
      process.stdout.write(`corpus: ${files} transcript files, ${mib.toFixed(1)} MiB (generated in ${((Date.now() - genStart) / 1000).toFixed(1)} s)\n`);
      const base = runPhase('baseline', '--home', home);
      const index = runPhase('index', '--home', home, '--storage', join(root, 'storage'), '--workspace', benchWorkspace);
      const withView = runPhase('index', '--home', home, '--storage', join(root, 'storage-view'), '--with-view', '--workspace', benchWorkspace);
      rows.push({ files, mib, baseSeconds: Number(base.seconds), indexSeconds: Number(index.seconds), index, withView });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  const cells = (r: ManyFilesRow): string[] => {
    const progress = r.index.progress as { events: number; firstCountAt: number; longestGap: number };
    return [
      String(r.files),
      `${(r.files / r.baseSeconds).toFixed(0)} files/s`,
      `${(r.files / r.indexSeconds).toFixed(0)} files/s`,
      (r.baseSeconds / r.indexSeconds).toFixed(2),
      `${((r.indexSeconds * 1000) / r.files).toFixed(2)} ms`,
      `${(Number(r.index.maxRssKb) / 1024).toFixed(0)} MB`,
      `${((Number(r.withView.seconds) * 1000) / r.files).toFixed(2)} ms (${String(r.withView.viewLists)} lists)`,
      `${progress.events} updates, first count at ${progress.firstCountAt.toFixed(1)} s, longest wait ${progress.longestGap.toFixed(1)} s`,
    ];
  };
  const header = ['files', 'read + JSON.parse', 'index', 'ratio', 'index per file', 'peak RSS', 'with the view, per file', 'progress'];
  const table = [header, ...rows.map(cells)];
  const widths = header.map((_, i) => Math.max(...table.map((r) => r[i].length)));
  for (const r of table) {
    process.stdout.write(`${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')}\n`);
  }
  for (const r of rows) {
    process.stdout.write(`${r.files} files indexed: ${String(r.index.sessions)} sessions, ${String(r.index.prompts)} prompts; issues: ${JSON.stringify(r.index.issues)}\n`);
  }
  if (rows.length === 2) {
    const [small, large] = rows;
    const growth = (a: number, b: number): string => (a / large.files / (b / small.files)).toFixed(2);
    process.stdout.write(`linearity: index time per file at ${large.files} files / at ${small.files} files = ${growth(large.indexSeconds, small.indexSeconds)}, with the view ${growth(Number(large.withView.seconds), Number(small.withView.seconds))} (1.00 is linear)\n`);
  }
}

function runPhase(phase: string, ...args: string[]): Record<string, unknown> {
  const r = spawnSync(process.execPath, [__filename, '--phase', phase, ...args], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0) {
    throw new Error(`${phase} phase failed: ${r.stderr}`);
  }
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

function dirBytes(path: string): number {
  return existsSync(path) ? (statSync(path).isDirectory() ? duBytes(path) : statSync(path).size) : 0;
}

const mib = (bytes: number): number => bytes / 1024 / 1024;

interface SizeResult {
  m: CorpusManifest;
  scope: Scope;
  scopeBytes: number;
  expectedSessions: number;
  report: PairedReport;
  dbBytes: number;
  archiveBytes: number;
  cliCacheBytes: number;
  sessions: { cli: number; ext: number };
  issues: unknown;
}

type Scope = 'all' | 'workspace';

/**
 * Empties the files of `dir` (an index a cold phase wrote before) and moves it into `work`'s trash, deleted only when
 * the whole benchmark is done. Deleting it here would free thousands of inodes seconds before the next cold phase
 * creates thousands of files: on an ext4 without a journal (this project's development VM) the kernel then skips
 * every inode freed in the last 30-180 s while allocating (`recently_deleted`), and each create cost 0.3-1 ms of
 * system time instead of ~30 us (measured: 2.9 s of the CLI's 6.4 s storing thread at 500 MB, system time 1.4 ->
 * 5.5 s). A user's first index comes after no such mass delete. The files are truncated, not kept: their inodes
 * stay allocated, while their pages are dropped unwritten (keeping gigabytes of indexes slowed every later phase
 * with their writeback).
 */
function moveToTrash(dir: string, work: string): void {
  if (!existsSync(dir)) {
    return;
  }
  const empty = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        empty(p);
      } else if (e.isFile()) {
        truncateSync(p, 0);
      }
    }
  };
  if (statSync(dir).isDirectory()) {
    empty(dir);
  }
  const trash = join(work, 'trash');
  mkdirSync(trash, { recursive: true });
  renameSync(dir, join(trash, `${Date.now()}-${Math.random().toString(36).slice(2)}`));
}

/**
 * Paired rounds on the realistic corpus of `mb` MB. Scope `all` opens the folder holding every project, so the whole
 * corpus is in scope (the throughput measure: index and baseline read the same bytes); `workspace` opens the one
 * workspace project (the daily case: the other projects' sessions are ruled out), its baseline reads only the
 * workspace's transcripts.
 */
async function benchSize(mb: number, runs: number, seed: number, work: string, scope: Scope, mix: CorpusMix): Promise<SizeResult> {
  const genStart = Date.now();
  const m = await generateRealisticCorpus(cachedCorpusRoot(mb, seed, mix), { mb, seed, mix });
  const generated = m.generatedInSeconds.toFixed(1);
  const perAgent = (r: Record<CorpusAgent, number>): string => corpusAgents.map((a) => `${r[a]} ${a}`).join(', ');
  const db = m.opencodeDb ? `; OpenCode database ${mib(m.opencodeDb.bytes).toFixed(0)} MiB (${mib(m.opencodeDb.dataBytes).toFixed(0)} MiB of JSON data)` : '';
  process.stdout.write(
    `corpus ${mb} MB (mix ${m.mix}): ${mib(m.transcriptBytes).toFixed(0)} MiB in ${m.transcriptFiles} transcript files (${perAgent(m.transcripts)}, ${m.subagentTranscripts} subagents; ${m.fileHistoryBackups} Claude file-history backups${db}) over ${m.projects.length} projects; ` +
      `workspace ${m.workspaceFolders[0]} (sessions: ${perAgent(m.workspaceSessions)}); ` +
      `${Date.now() - genStart >= 500 * m.generatedInSeconds ? `generated in ${generated} s` : `cached in ${m.root} (generated in ${generated} s)`}\n`,
  );
  const workspace = scope === 'all' ? m.allProjectsFolder : m.workspaceFolders[0];
  const baselineArgs = ['--phase', 'baseline', '--home', m.home];
  let scopeBytes = m.transcriptBytes;
  if (scope === 'workspace') {
    const list = join(work, 'workspace-transcripts.txt');
    writeFileSync(list, [...m.workspaceTranscriptFiles, ...(m.opencodeDb ? [opencodeListLine(m.opencodeDb.path, m.workspaceFolders[0])] : [])].join('\n'));
    baselineArgs.push('--list', list);
    scopeBytes = m.workspaceTranscriptFiles.reduce((sum, f) => sum + statSync(f).size, 0) + (m.opencodeDb?.workspaceDataBytes ?? 0);
  }
  process.stdout.write(`  scope ${scope}: workspace ${workspace}, ${mib(scopeBytes).toFixed(0)} MiB of transcripts in scope\n`);
  const env = corpusIndexEnv(m);
  const cli = join(__dirname, '..', 'cli.js');
  const cliCache = join(work, `cli-${mb}`);
  const storage = join(work, `ext-${mb}`);
  const cliArgs = ['sessions', '--json', '--workspace', workspace, '--cache-dir', cliCache];
  const sessionsOf = (stdout: string): number => {
    const v = JSON.parse(stdout) as unknown;
    return Array.isArray(v) ? v.length : Array.isArray((v as { sessions?: unknown[] }).sessions) ? ((v as { sessions: unknown[] }).sessions.length) : -1;
  };
  const cliRun = (): PhaseResult => {
    const r = commandPhase(cli, cliArgs, env);
    return { seconds: r.seconds, maxRssKb: r.maxRssKb, sessions: sessionsOf(r.stdout) };
  };
  // Every file of the HOME read once, untimed: otherwise the first round's first phase finds part of the corpus out
  // of the page cache (after generating another size, or the system reclaiming it), and that round's ratios are
  // off (read+parse 5.07 s at 500 MB against 2.7-3.4 s in the other rounds, measured).
  const warmStart = Date.now();
  const warmBytes = listFiles(m.home).reduce((sum, f) => sum + readFileSync(f).length, 0);
  process.stdout.write(`  page cache warmed: every file under HOME read once, untimed (${mib(warmBytes).toFixed(0)} MiB in ${((Date.now() - warmStart) / 1000).toFixed(1)} s)\n`);
  const report = runPaired(
    [
      { name: 'read+parse', run: () => nodePhase(__filename, baselineArgs) },
      {
        name: 'cli cold',
        run: () => {
          moveToTrash(cliCache, work);
          return cliRun();
        },
      },
      { name: 'cli warm', run: cliRun },
      {
        name: 'ext cold',
        run: () => {
          moveToTrash(storage, work);
          return nodePhase(__filename, ['--phase', 'index', '--home', m.home, '--storage', storage, '--workspace', workspace], undefined, ['--expose-gc']);
        },
      },
      { name: 'ext warm', run: () => nodePhase(__filename, ['--phase', 'warm', '--home', m.home, '--storage', storage, '--workspace', workspace]) },
    ],
    {
      runs,
      onRound: (round, r) => {
        const b = r['read+parse'].seconds;
        process.stdout.write(
          `  round ${round + 1}/${runs}: read+parse ${b.toFixed(2)} s, cli cold ${r['cli cold'].seconds.toFixed(2)} s (${(b / r['cli cold'].seconds).toFixed(2)}x), ext cold ${r['ext cold'].seconds.toFixed(2)} s (${(b / r['ext cold'].seconds).toFixed(2)}x), cli warm ${r['cli warm'].seconds.toFixed(2)} s, ext warm first answer ${Number(r['ext warm'].firstAnswer).toFixed(2)} s\n`,
        );
      },
    },
  );
  const ext = report.results['ext cold'].at(-1);
  const sum = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);
  const expectedSessions = scope === 'all' ? sum(m.workspaceSessions) + sum(m.otherSessions) + m.subagentTranscripts : sum(m.workspaceSessions) + m.workspaceSubagents;
  return {
    m,
    scope,
    scopeBytes,
    expectedSessions,
    report,
    dbBytes: dirBytes(join(storage, 'index.db')),
    archiveBytes: dirBytes(join(storage, 'archive')),
    cliCacheBytes: dirBytes(cliCache),
    sessions: { cli: Number(report.results['cli cold'].at(-1)?.sessions), ext: Number(ext?.sessions) },
    issues: ext?.issues,
  };
}

function printTable(rows: SizeResult[], runs: number): void {
  const rss = (r: PhaseResult[]): number[] => r.map((x) => x.maxRssKb / 1024);
  const header = ['corpus', 'phase', 'time s', 'vs read+parse', 'peak RSS MB'];
  const table: string[][] = [header];
  for (const row of rows) {
    const { report } = row;
    const base = report.results['read+parse'];
    const label = `${row.m.mb} MB, ${row.scope} (${mib(row.scopeBytes).toFixed(0)} MiB)`;
    table.push([label, 'read + JSON.parse', formatSpread(base.map((x) => x.seconds), 2), `${formatSpread(base.map((x) => mib(row.scopeBytes) / x.seconds), 0)} MB/s`, formatSpread(rss(base), 0)]);
    for (const name of ['cli cold', 'ext cold']) {
      table.push(['', `${name} (throughput ratio, goal >= 0.5)`, formatSpread(report.results[name].map((x) => x.seconds), 2), formatSpread(roundRatios(report, name), 2), formatSpread(rss(report.results[name]), 0)]);
    }
    table.push(['', 'cli warm, nothing changed (time ratio, goal <= 0.3)', formatSpread(report.results['cli warm'].map((x) => x.seconds), 2), formatSpread(roundTimeRatios(report, 'cli warm'), 2), formatSpread(rss(report.results['cli warm']), 0)]);
    const warm = report.results['ext warm'];
    const firstRatios = warm.map((w, i) => Number(w.firstAnswer) / base[i].seconds);
    table.push(['', 'ext warm: first answer (time ratio, goal <= 0.3)', formatSpread(warm.map((x) => Number(x.firstAnswer)), 2), formatSpread(firstRatios, 2), formatSpread(rss(warm), 0)]);
    table.push(['', 'ext warm: refresh done (time ratio)', formatSpread(warm.map((x) => x.seconds), 2), formatSpread(roundTimeRatios(report, 'ext warm'), 2), '']);
  }
  const widths = header.map((_, i) => Math.max(...table.map((r) => r[i].length)));
  process.stdout.write(`\nmedian [min–max] of ${runs} paired rounds (each phase its own process; ratios per round against that round's read+parse)\n`);
  for (const r of table) {
    process.stdout.write(`${r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()}\n`);
  }
  for (const row of rows) {
    process.stdout.write(
      `${row.m.mb} MB, ${row.scope}: DB ${mib(row.dbBytes).toFixed(1)} MB, archive (blobs + journal) ${mib(row.archiveBytes).toFixed(1)} MB, CLI cache folder ${mib(row.cliCacheBytes).toFixed(1)} MB; ` +
        `sessions in scope: cli ${row.sessions.cli}, ext ${row.sessions.ext}, manifest ${row.expectedSessions}; issues ${JSON.stringify(row.issues)}\n`,
    );
    if (row.sessions.cli !== row.expectedSessions || row.sessions.ext !== row.expectedSessions) {
      // Then the figures are not of the corpus the manifest describes: the generator or the product reads it wrong.
      process.stdout.write(`WARNING: ${row.m.mb} MB, ${row.scope}: the index found another number of sessions than the corpus holds\n`);
      process.exitCode = 1;
    }
  }
}

async function main(): Promise<void> {
  const phase = arg('--phase', '');
  if (phase === 'baseline') {
    await phaseBaseline(arg('--home', ''), arg('--list', ''));
    return;
  }
  if (phase === 'generate') {
    // For profiling: `--phase generate (--mb N [--seed S] | --home DIR --many-files N)` prints the corpus manifest
    // (HOME, workspace); then `node --cpu-prof dist/bench/benchIndex.js --phase index --home … --storage … --workspace …`.
    if (process.argv.includes('--many-files')) {
      generateMany(arg('--home', ''), Number(arg('--many-files', '20000')));
    } else {
      const mb = Number(arg('--mb', '50'));
      const seed = Number(arg('--seed', '1'));
      const mix: CorpusMix = arg('--mix', 'default') === 'opencode' ? 'opencode' : 'default';
      const m = await generateRealisticCorpus(arg('--root', cachedCorpusRoot(mb, seed, mix)), { mb, seed, mix });
      process.stdout.write(`${JSON.stringify({ root: m.root, home: m.home, workspace: m.workspaceFolders[0], transcriptBytes: m.transcriptBytes, transcriptFiles: m.transcriptFiles })}\n`);
    }
    return;
  }
  if (phase === 'index') {
    await phaseIndex(arg('--home', ''), arg('--storage', ''), process.argv.includes('--with-view'), arg('--workspace', benchWorkspace));
    return;
  }
  if (phase === 'warm') {
    await phaseWarm(arg('--home', ''), arg('--storage', ''), arg('--workspace', benchWorkspace));
    return;
  }
  if (process.argv.includes('--many-files')) {
    manyFiles(Number(arg('--many-files', '20000')) || 20000);
    return;
  }
  const sizes = arg('--mb', '200,500,1000').split(',').map(Number).filter((n) => n > 0);
  const scopes = arg('--scope', 'all').split(',').filter((x): x is Scope => x === 'all' || x === 'workspace');
  const runs = Math.max(1, Number(arg('--runs', '5')));
  const seed = Number(arg('--seed', '1'));
  const mix: CorpusMix = arg('--mix', 'default') === 'opencode' ? 'opencode' : 'default';
  const work = mkdtempSync(join(tmpdir(), 'agent-trail-bench-'));
  try {
    const rows: SizeResult[] = [];
    for (const mb of sizes) {
      for (const scope of scopes) {
        rows.push(await benchSize(mb, runs, seed, work, scope, mix));
        // Measured: the indexes are not needed any more; into the trash (see moveToTrash), deleted at the end.
        for (const n of readdirSync(work)) {
          if (n !== 'trash') {
            moveToTrash(join(work, n), work);
          }
        }
      }
    }
    printTable(rows, runs);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
