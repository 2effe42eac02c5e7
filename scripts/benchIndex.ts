// `npm run bench:index [-- --mb 500]`: generates a realistic transcript corpus (Claude Code, Codex and Gemini CLI
// records shaped like the recorded fixtures, with large tool results and file contents), then measures in the same
// run, each phase in its own child process so peak RSS is per phase (`-- --many-files [N]`: N small transcripts
// instead, see manyFiles):
//   baseline: plain read + JSON.parse of every line;  index: the real IndexEngine (parse, store, archive, persist).
// Prints MB/s of both, their ratio, the index's peak RSS, the DB size and the blob archive size.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkerIndexService } from '../src/indexer/indexWorkerClient';
import { makeIndexConfig } from '../src/indexer/indexConfig';
import { debounce } from '../src/vscode/debounce';
import { ListPace, sessionsChangeDebounceMs, sessionsChangeMaxWaitMs, sessionsChangeQuietMs } from '../src/vscode/views/sessionsRefresh';
import { benchWorkspace as workspace, largeShape, smallShape, TranscriptGenerator } from './benchTranscripts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

// ---- corpus -------------------------------------------------------------------------------------

function generate(home: string, totalMb: number): number {
  return new TranscriptGenerator(home, largeShape).corpus(totalMb);
}

function generateMany(home: string, count: number): number {
  return new TranscriptGenerator(home, smallShape).manyFiles(count);
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    const p = join(dir, n);
    const st = statSync(p);
    if (st.isDirectory()) {
      out.push(...listFiles(p));
    } else {
      out.push(p);
    }
  }
  return out;
}

function duBytes(dir: string): number {
  return listFiles(dir).reduce((sum, f) => sum + statSync(f).size, 0);
}

// ---- phases (child processes) -------------------------------------------------------------------

function phaseBaseline(home: string): void {
  const started = process.hrtime.bigint();
  let bytes = 0;
  let records = 0;
  for (const f of listFiles(home).filter((p) => p.endsWith('.jsonl'))) {
    const text = readFileSync(f, 'utf8');
    bytes += Buffer.byteLength(text);
    for (const line of text.split('\n')) {
      if (line) {
        JSON.parse(line);
        records++;
      }
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(JSON.stringify({ bytes, records, seconds, maxRssKb: process.resourceUsage().maxRSS }));
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

async function phaseIndex(home: string, storage: string, withView: boolean): Promise<void> {
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
  process.stdout.write(JSON.stringify({ seconds, sessions, prompts: stats.prompts, steps: stats.steps, issues: stats.issues, maxRssKb: process.resourceUsage().maxRSS, progress: { events, firstCountAt, longestGap }, viewLists: view?.lists() ?? 0 }));
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
      const index = runPhase('index', '--home', home, '--storage', join(root, 'storage'));
      const withView = runPhase('index', '--home', home, '--storage', join(root, 'storage-view'), '--with-view');
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

async function main(): Promise<void> {
  const phase = arg('--phase', '');
  if (phase === 'baseline') {
    phaseBaseline(arg('--home', ''));
    return;
  }
  if (phase === 'generate') {
    // For profiling: `--phase generate --home DIR (--mb N | --many-files N)`, then `node --cpu-prof … --phase index`.
    if (process.argv.includes('--many-files')) {
      generateMany(arg('--home', ''), Number(arg('--many-files', '20000')));
    } else {
      generate(arg('--home', ''), Number(arg('--mb', '50')));
    }
    return;
  }
  if (phase === 'index') {
    await phaseIndex(arg('--home', ''), arg('--storage', ''), process.argv.includes('--with-view'));
    return;
  }
  if (process.argv.includes('--many-files')) {
    manyFiles(Number(arg('--many-files', '20000')) || 20000);
    return;
  }
  const mb = Number(arg('--mb', '220'));
  const root = mkdtempSync(join(tmpdir(), 'agent-trail-bench-'));
  const home = join(root, 'home');
  const storage = join(root, 'storage');
  try {
    const genStart = Date.now();
    const bytes = generate(home, mb);
    const mib = bytes / 1024 / 1024;
    process.stdout.write(`corpus: ${mib.toFixed(1)} MiB in ${listFiles(home).length} transcript files (generated in ${((Date.now() - genStart) / 1000).toFixed(1)} s)\n`);
    const base = runPhase('baseline', '--home', home);
    const index = runPhase('index', '--home', home, '--storage', storage);
    const baseRate = mib / Number(base.seconds);
    const indexRate = mib / Number(index.seconds);
    const dbBytes = statSync(join(storage, 'index.db')).size;
    const archiveBytes = duBytes(join(storage, 'archive'));
    const rows = [
      ['baseline: read + JSON.parse per line', `${baseRate.toFixed(1)} MB/s`, `${Number(base.seconds).toFixed(2)} s`, `peak RSS ${(Number(base.maxRssKb) / 1024).toFixed(0)} MB`],
      ['agent-trail index (parse, store, archive, persist)', `${indexRate.toFixed(1)} MB/s`, `${Number(index.seconds).toFixed(2)} s`, `peak RSS ${(Number(index.maxRssKb) / 1024).toFixed(0)} MB`],
    ];
    for (const r of rows) {
      process.stdout.write(`${r[0].padEnd(52)} ${r[1].padStart(12)} ${r[2].padStart(9)}   ${r[3]}\n`);
    }
    process.stdout.write(`ratio index/baseline: ${(indexRate / baseRate).toFixed(2)} (target >= 0.5)\n`);
    process.stdout.write(`index peak RSS: ${(Number(index.maxRssKb) / 1024).toFixed(0)} MB (target < 400 MB for 500 MB)\n`);
    process.stdout.write(`DB size: ${(dbBytes / 1024 / 1024).toFixed(1)} MB; blob archive (blobs + journal): ${(archiveBytes / 1024 / 1024).toFixed(1)} MB\n`);
    process.stdout.write(`indexed: ${String(index.sessions)} sessions, ${String(index.prompts)} prompts, ${String(index.steps)} steps; issues: ${JSON.stringify(index.issues)}\n`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
