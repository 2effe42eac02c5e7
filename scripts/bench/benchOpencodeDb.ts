// Memory and time of reading a large OpenCode database through the adapter (src/adapters/opencode), as the index
// does: batches from a cursor, one workspace folder of several. Build the database first with
// `python3 scripts/bench/makeOpencodeDb.py tmp/opencode-bench.db 400 10 5`, then
// `npm run bench:opencode -- tmp/opencode-bench.db [/bench/opencode/project-0]`.
// Prints the database's size, the peak RSS of the reading against the RSS before it (sqlite-wasm loaded), the batches
// and ops, and the time of a first reading and of a second one from its cursor (nothing changed).
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { opencodeAdapter } from '../../src/adapters/opencode/opencodeAdapter';
import { loadReadOnlySqlite } from '../../src/adapters/sqlite/readOnlySqlite';

const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;

async function reading(path: string, folders: string[], cursor: unknown, wasm: string): Promise<{ cursor: unknown; batches: number; ops: number; ms: number; peak: number }> {
  const read = opencodeAdapter.readDatabase;
  if (!read) {
    throw new Error('no readDatabase');
  }
  let peak = process.memoryUsage().rss;
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const started = performance.now();
  let batches = 0;
  let ops = 0;
  let last = cursor;
  try {
    for await (const batch of read({ agent: 'opencode', path, mode: 'database', workspaceFolders: folders }, cursor, { sqliteWasmPath: wasm })) {
      batches++;
      ops += batch.ops.length;
      last = JSON.parse(JSON.stringify(batch.cursor)) as unknown;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
  } finally {
    clearInterval(sample);
  }
  return { cursor: last, batches, ops, ms: performance.now() - started, peak };
}

async function main(): Promise<void> {
  const [path, folder = '/bench/opencode/project-0'] = process.argv.slice(2);
  if (!path) {
    throw new Error('usage: benchOpencodeDb DB [WORKSPACE_FOLDER]');
  }
  const wasm = join(process.cwd(), 'node_modules/@sqlite.org/sqlite-wasm/dist/sqlite3.wasm');
  await loadReadOnlySqlite(wasm);
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  const size = statSync(path).size;
  const first = await reading(path, [folder], undefined, wasm);
  const second = await reading(path, [folder], first.cursor, wasm);
  const all = await reading(path, ['/bench/opencode'], undefined, wasm);
  console.log(`database ${mb(size)}; RSS before reading ${mb(baseline)}`);
  for (const [name, r] of [
    [`first reading (${folder})`, first],
    ['second reading from its cursor', second],
    ['first reading of every folder', all],
  ] as const) {
    console.log(`${name}: ${r.batches} batches, ${r.ops} ops, ${r.ms.toFixed(0)} ms, peak RSS ${mb(r.peak)} (+${mb(r.peak - baseline)}, ${((r.peak - baseline) / size).toFixed(2)}x the database)`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
