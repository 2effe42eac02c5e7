// Time and memory of reading Cursor's global state.vscdb (src/adapters/cursor/stateVscdb) for a workspace with a few
// composers, in a multi-GB database that is almost all other workspaces' composers and big blobs, as the index reads
// it: discovery, then batches from a cursor. Each figure is set against baselines measured in the same run:
// - the same rows fetched by a plain SELECT through the same read-only reader (composerData, bubble and checkpoint
//   key ranges of the workspace's composers, values not parsed): what any reading of these composers must pay;
// - reading the database's bytes (main file and -wal) from start to end: what loading it whole would cost at least.
//   npm run bench:cursor -- [--mb 2500] [--composers 4] [--bubbles 60] [--dir tmp/cache/cursor-state-<mb>mb]
// The database is generated once (scripts/bench/makeCursorStateDb.py) into the cache folder and reused.
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TranscriptFile } from '../../src/adapters/adapter';
import { readCursorStateDatabase, type CursorStateCursor } from '../../src/adapters/cursor/stateVscdb/databaseReader';
import { discoverCursorStateDatabases } from '../../src/adapters/cursor/stateVscdb/discovery';
import { loadReadOnlySqlite, readDatabase } from '../../src/adapters/sqlite/readOnlySqlite';
import type { ParseIssue } from '../../src/core/ops';

const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

interface Measured {
  ms: number;
  peak: number;
  /** The RSS when it started (after a GC): peak - start is what this step itself added. */
  start: number;
}

/** Runs `work` sampling the RSS every few ms; the peak includes what was resident before. */
async function measure<T>(work: () => Promise<T>): Promise<Measured & { value: T }> {
  global.gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const started = performance.now();
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, ms: performance.now() - started, peak, start };
  } finally {
    clearInterval(sample);
  }
}

async function reading(file: TranscriptFile, cursor: unknown, wasm: string): Promise<{ cursor: unknown; batches: number; ops: number }> {
  let batches = 0;
  let ops = 0;
  let last = cursor;
  for await (const batch of readCursorStateDatabase(file, cursor, { sqliteWasmPath: wasm })) {
    batches++;
    ops += batch.ops.length;
    last = JSON.parse(JSON.stringify(batch.cursor)) as unknown;
  }
  return { cursor: last, batches, ops };
}

/** The baseline SELECT: every row of the workspace's composers, fetched and measured, not parsed. */
async function plainSelect(path: string, composers: string[], wasm: string): Promise<number> {
  let chars = 0;
  for (const id of composers) {
    chars += await readDatabase(path, wasm, (db) => {
      let n = 0;
      const ranges: [string, string][] = [
        [`composerData:${id}`, `composerData:${id}\u0000`],
        [`bubbleId:${id}:`, `bubbleId:${id};`],
        [`checkpointId:${id}:`, `checkpointId:${id};`],
      ];
      for (const [lo, hi] of ranges) {
        for (const r of db.all('SELECT key, CAST(value AS TEXT) AS v FROM cursorDiskKV WHERE key >= ? AND key < ?', [lo, hi])) {
          n += String(r.v).length;
        }
      }
      return n;
    });
  }
  return chars;
}

function readBytes(paths: string[]): number {
  const buf = Buffer.alloc(4 * 1024 * 1024);
  let total = 0;
  for (const p of paths) {
    const fd = openSync(p, 'r');
    try {
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, null);
        if (n <= 0) {
          break;
        }
        total += n;
      }
    } finally {
      closeSync(fd);
    }
  }
  return total;
}

async function main(): Promise<void> {
  const size = Number(arg('mb', '2500'));
  const composers = arg('composers', '4');
  const bubbles = arg('bubbles', '60');
  const dir = arg('dir', join(process.cwd(), 'tmp', 'cache', `cursor-state-${size}mb-${composers}x${bubbles}`));
  if (!existsSync(join(dir, 'manifest.json'))) {
    console.log(`generating ${size} MB into ${dir} (once; reused by later runs)…`);
    execFileSync('python3', [join(process.cwd(), 'scripts/bench/makeCursorStateDb.py'), dir, String(size), composers, bubbles], { stdio: 'inherit' });
  }
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { workspace: string; composers: string[] };
  const wasm = join(process.cwd(), 'node_modules/@sqlite.org/sqlite-wasm/dist/sqlite3.wasm');
  await loadReadOnlySqlite(wasm);
  const user = join(dir, 'User');
  const db = join(user, 'globalStorage', 'state.vscdb');
  const bytes = statSync(db).size + (existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size : 0);
  global.gc?.();
  const before = process.memoryUsage().rss;

  const fileRead = await measure(() => Promise.resolve(readBytes([db, `${db}-wal`].filter(existsSync))));
  const select = await measure(() => plainSelect(db, manifest.composers, wasm));
  const issues: ParseIssue[] = [];
  const discovered = await measure(() => Promise.resolve(discoverCursorStateDatabases([user], [manifest.workspace], issues)));
  const file = discovered.value[0];
  if (!file) {
    throw new Error('the workspace was not discovered');
  }
  // Best of two first readings (the first also warms the page cache and SQLite's code paths, as the SELECT's first).
  const firstCold = await measure(() => reading(file, undefined, wasm));
  const firstWarm = await measure(() => reading(file, undefined, wasm));
  const first = firstWarm.ms <= firstCold.ms ? firstWarm : firstCold;
  const again = await measure(() => reading(file, first.value.cursor, wasm));
  // As after Cursor rewrote one bubble: one prompt's mark moved (the composer's too), the rest as read.
  const moved = JSON.parse(JSON.stringify(first.value.cursor)) as CursorStateCursor;
  const [cid, mark] = Object.entries(moved.composers)[0];
  const lastPrompt = Object.keys(mark.p).pop() ?? '';
  mark.p[lastPrompt] = '0:0';
  mark.s = -1;
  const onePrompt = await measure(() => reading(file, moved, wasm));
  const selectSecond = await measure(() => plainSelect(db, manifest.composers, wasm));

  const line = (name: string, m: Measured, extra = ''): void =>
    console.log(`${name.padEnd(44)} ${m.ms.toFixed(0).padStart(7)} ms   peak RSS ${mb(m.peak)} (+${mb(Math.max(0, m.peak - m.start))} during it)${extra}`);
  console.log(`database ${mb(bytes)} (main + -wal); workspace ${manifest.workspace}: ${manifest.composers.length} composers; RSS before ${mb(before)}`);
  line('baseline: read the file bytes', fileRead);
  line('baseline: plain SELECT of the same rows', select, ` (${mb(select.value)} of values)`);
  line('baseline: plain SELECT again', selectSecond);
  line('discovery', discovered);
  line('first reading (cold)', firstCold);
  line('first reading (best of 2)', first, ` (${first.value.batches} batches, ${first.value.ops} ops)`);
  line('re-reading, nothing changed', again, ` (${again.value.batches} batches, ${again.value.ops} ops)`);
  line(`re-reading, one prompt changed (${cid.slice(0, 8)})`, onePrompt, ` (${onePrompt.value.batches} batches, ${onePrompt.value.ops} ops)`);
  const selectMs = Math.min(select.ms, selectSecond.ms);
  console.log('ratios:');
  console.log(`  first reading / plain SELECT of the same rows      ${(first.ms / selectMs).toFixed(2)}x`);
  console.log(`  first reading / reading the file's bytes           ${(first.ms / fileRead.ms).toFixed(3)}x`);
  console.log(`  unchanged re-reading / first reading               ${(again.ms / first.ms).toFixed(3)}x`);
  console.log(`  one-prompt re-reading / first reading              ${(onePrompt.ms / first.ms).toFixed(3)}x`);
  console.log(`  first reading's RSS growth / database size         ${(Math.max(0, firstCold.peak - firstCold.start) / bytes).toFixed(4)}x`);
  console.log(`  first reading's RSS growth / plain SELECT's        ${(Math.max(1, firstCold.peak - firstCold.start) / Math.max(1, select.peak - select.start)).toFixed(2)}x`);
  console.log(`  peak RSS of the whole run / database size          ${(Math.max(...[fileRead, select, firstCold, first, again, onePrompt].map((m) => m.peak)) / bytes).toFixed(4)}x`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
