// `npm run bench:blame`: a generated 5,000-line file edited by 1,000 agent edits across 50 sessions, stored in a
// real index (sql.js + blob archive), then, in one run:
//   cold blame  — gather the file's history from the index, replay it, blame the current content;
//   warm blame  — blame a slightly edited buffer against the cached replay (what the editor does after typing);
//   remap       — move attributions through one keystroke's change (what happens on every keystroke);
//   git blame   — the same file with one commit per edit (built with git fast-import), `git blame --porcelain`.
// Prints p50/p95 of each and the warm-blame / git-blame ratio. Targets: warm p95 < 20 ms, faster than git blame.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlameEngine } from '../src/core/blame/blameEngine';
import { splitLines } from '../src/core/blame/lineDiff';
import { silentLogger } from '../src/core/logger';
import type { IndexOp } from '../src/core/ops';
import { applyRecordedPatch } from '../src/store/recordedPatch';
import { remapLines } from '../src/vscode/blame/remapLines';
import { MemoryBlobArchive } from '../src/store/blobArchive';
import { fileHistory } from '../src/store/blameHistory';
import { IndexStore } from '../src/store/indexStore';
import { loadSqlJs, openDatabase } from '../src/store/sqlDatabase';

const workspace = '/tmp/agent-trail-bench-blame/workspace';
const file = `${workspace}/src/big.ts`;
const lineCount = 5000;
const sessions = 50;
const edits = 1000;

let seed = 7;
function rand(): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
}

function line(n: number): string {
  return `  const value${n} = compute(${Math.floor(rand() * 1e6)}, "${n.toString(36)}"); // ${Math.floor(rand() * 1e9).toString(36)}`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function measure(runs: number, fn: (i: number) => void): { p50: number; p95: number } {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn(i);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

/** The edit sequence: each edit rewrites, inserts or deletes a few lines somewhere in the file. */
function generateVersions(): string[] {
  let lines = Array.from({ length: lineCount }, (_, i) => line(i));
  const versions = [`${lines.join('\n')}\n`];
  let next = lineCount;
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rand() * (lines.length - 5));
    const kind = rand();
    const copy = lines.slice();
    if (kind < 0.5) {
      const n = 1 + Math.floor(rand() * 3);
      copy.splice(at, n, ...Array.from({ length: n }, () => line(next++)));
    } else if (kind < 0.85) {
      copy.splice(at, 0, ...Array.from({ length: 1 + Math.floor(rand() * 4) }, () => line(next++)));
    } else {
      copy.splice(at, 1 + Math.floor(rand() * 2));
    }
    lines = copy;
    versions.push(`${lines.join('\n')}\n`);
  }
  return versions;
}

function opsFor(versions: string[]): IndexOp[] {
  const ops: IndexOp[] = [];
  const perSession = edits / sessions;
  const base = Date.parse('2026-06-01T08:00:00.000Z');
  for (let s = 0; s < sessions; s++) {
    const sessionId = `bench-session-${s}`;
    const start = base + s * 3_600_000;
    ops.push({ op: 'session', session: { agent: 'claude-code', id: sessionId, cwd: workspace, timestamp: new Date(start).toISOString(), model: 'claude-opus-4-8' } });
    for (let k = 0; k < perSession; k++) {
      const e = s * perSession + k;
      const promptId = `${sessionId}-p${Math.floor(k / 4) + 1}`;
      const ts = new Date(start + k * 60_000).toISOString();
      if (k % 4 === 0) {
        ops.push({ op: 'prompt', sessionId, id: promptId, text: `change ${e}: make the computation faster\nand keep the names`, timestamp: ts });
      }
      ops.push({
        op: 'step',
        sessionId,
        step: { id: `tool-${e}`, promptId, type: 'tool', name: 'Edit', kind: 'edit', input: { file_path: file }, timestamp: ts, fileChanges: [{ path: file, op: 'update', before: versions[e], after: versions[e + 1] }] },
      });
      if (k % 5 === 0) {
        ops.push({ op: 'step', sessionId, step: { id: `bash-${e}`, promptId, type: 'tool', name: 'Bash', kind: 'shell', input: { command: 'npm test' }, timestamp: ts, command: { command: 'npm test', exitCode: 0, output: 'ok' } } });
      }
    }
  }
  return ops;
}

/** One commit per version, through git fast-import (1,000 `git commit`s would take longer than the benchmark). */
function gitRepo(versions: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'agent-trail-bench-git-'));
  execFileSync('git', ['init', '-q', dir]);
  const chunks: string[] = [];
  versions.forEach((content, i) => {
    const message = `edit ${i}`;
    const when = 1_780_000_000 + i * 60;
    chunks.push(
      'commit refs/heads/main\n',
      `committer Bench <bench@example.invalid> ${when} +0000\n`,
      `data ${Buffer.byteLength(message)}\n${message}\n`,
      `M 100644 inline src/big.ts\ndata ${Buffer.byteLength(content)}\n${content}\n`,
    );
  });
  execFileSync('git', ['-C', dir, 'fast-import', '--quiet'], { input: chunks.join(''), maxBuffer: 1 << 30 });
  execFileSync('git', ['-C', dir, 'symbolic-ref', 'HEAD', 'refs/heads/main']);
  execFileSync('git', ['-C', dir, 'checkout', '-q', '-f', 'main']);
  return dir;
}

async function main(): Promise<void> {
  const versions = generateVersions();
  const final = versions[versions.length - 1];
  const sql = await loadSqlJs(join(__dirname, '..', 'sql-wasm.wasm'));
  const { db } = openDatabase(sql, undefined, silentLogger);
  const store = new IndexStore(db, new MemoryBlobArchive(), undefined, silentLogger);
  const setupStart = Date.now();
  store.transaction(() => store.applyParsed({ agent: 'claude-code', path: '/bench/transcripts.jsonl', mode: 'append' }, opsFor(versions), 'none'));
  const engine = new BlameEngine(applyRecordedPatch);
  process.stdout.write(`file: ${splitLines(final).length} lines after ${edits} edits in ${sessions} sessions (indexed in ${((Date.now() - setupStart) / 1000).toFixed(1)} s)\n`);

  let attributed = 0;
  const cold = measure(10, () => {
    const history = fileHistory(store, file, [workspace]);
    const replayed = engine.replay(history);
    const lines = engine.blame(replayed, final, history.shellRuns).lines;
    attributed = lines.filter((l) => l !== null).length;
  });
  const history = fileHistory(store, file, [workspace]);
  const replayed = engine.replay(history);
  // Warm: the buffer differs from the replayed state by a typed line somewhere (a different place each run).
  const finalLines = splitLines(final);
  const buffers = Array.from({ length: 50 }, (_, i) => {
    const copy = finalLines.slice();
    copy.splice(Math.floor((i / 50) * copy.length), 0, `// typed by a person ${i}`);
    return `${copy.join('\n')}\n`;
  });
  const warm = measure(200, (i) => {
    engine.blame(replayed, buffers[i % buffers.length], history.shellRuns);
  });
  const state = { values: engine.blame(replayed, final, history.shellRuns).lines, lengths: finalLines.map((l) => l.length) };
  const remap = measure(1000, (i) => {
    const at = (i * 37) % state.values.length;
    remapLines(state, [{ startLine: at, startCharacter: 4, endLine: at, endCharacter: 4, text: i % 10 === 0 ? '\n' : 'x' }]);
  });

  const repo = gitRepo(versions);
  let git: { p50: number; p95: number };
  try {
    const probe = spawnSync('git', ['-C', repo, 'blame', '--porcelain', 'src/big.ts'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (probe.status !== 0) {
      throw new Error(`git blame failed: ${probe.stderr}`);
    }
    git = measure(5, () => {
      spawnSync('git', ['-C', repo, 'blame', '--porcelain', 'src/big.ts'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    });
    writeFileSync(join(repo, '.bench-done'), '');
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }

  const row = (name: string, m: { p50: number; p95: number }): string => `${name.padEnd(46)} p50 ${m.p50.toFixed(2).padStart(9)} ms   p95 ${m.p95.toFixed(2).padStart(9)} ms\n`;
  process.stdout.write(row('cold blame (history from index + replay)', cold));
  process.stdout.write(row('warm blame (edited buffer vs cached replay)', warm));
  process.stdout.write(row('remap per keystroke', remap));
  process.stdout.write(row('git blame --porcelain (1,001 commits)', git));
  process.stdout.write(`attributed lines: ${attributed} of ${finalLines.length}\n`);
  process.stdout.write(`warm p95 / git blame p50: ${(warm.p95 / git.p50).toFixed(3)} (target: warm p95 < 20 ms and below git blame)\n`);
  process.stdout.write(`cold p50 / git blame p50: ${(cold.p50 / git.p50).toFixed(3)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
