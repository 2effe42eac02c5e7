// `npm run bench:blame`: cold prompt blame through the real on-disk path, against `git blame` of the same history.
// Per agent (Claude Code: patches only, the file being over Claude's 10,000-character limit; Gemini CLI: whole
// versions), a file of 5,000 lines edited by 1,000 agent edits across 50 sessions (scripts/blameTranscripts.ts) is
// written as real transcripts, indexed by the real engine (the CLI) into a storage folder with the on-disk pack
// archive, then, repeated and interleaved, each in a NEW process (nothing cached but the OS's file cache, which
// git enjoys too):
//   extension — WorkerIndexService (the index worker, as the extension runs it) configure → blameBasis, then the
//               core blame of the file's content, as the editor asks;
//   CLI       — `node dist/cli.js blame <file> --json`;
//   git       — `git blame --porcelain` of the same file in a repository with one commit per edit.
// Prints median and spread (min–max) of each, the ratios to git blame of the same round, and checks every line's
// attribution against the prompt that wrote it. A third row blames the realistic corpus's hot file
// (scripts/bench/realisticCorpus.ts, 1,000 Claude Code edits among a whole user's history; --corpus-mb N, default 200).
// `--runs N` (default 7), `--lines N`, `--agents claude-code,gemini-cli,corpus` (or claude, gemini), `--keep` (leave the
// folders for profiling).
// The child mode `--child-extension <cache> <workspace> <file>` is what one extension run executes.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { BlameEngine } from '../src/core/blame/blameEngine';
import type { BlameLines } from '../src/core/blame/blameModel';
import { splitLines } from '../src/core/blame/lineDiff';
import { makeIndexConfig } from '../src/indexer/indexConfig';
import { WorkerIndexService } from '../src/indexer/indexWorkerClient';
import { applyRecordedPatch } from '../src/store/recordedPatch';
import { remapLines } from '../src/vscode/blame/remapLines';
import { hotFileHistory } from './bench/hotFileHistory';
import { cachedCorpusRoot, corpusIndexEnv, generateRealisticCorpus } from './bench/realisticCorpus';
import { defaultShape, generateHistory, writeClaudeSessions, writeGeminiSessions, type BlameAgent, type BlameHistoryShape } from './blameTranscripts';

const dist = join(__dirname, '..');
const cli = join(dist, 'cli.js');

interface ChildResult {
  configureMs: number;
  basisMs: number;
  /** CPU time of the process (all threads: the index worker's, GC's) during blameBasis: steadier than wall time on a loaded machine. */
  basisCpuMs: number;
  blameMs: number;
  prompts: (string | null)[];
  warm?: { p50: number; p95: number };
  remap?: { p50: number; p95: number };
}

function ms(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

function percentiles(times: number[]): { p50: number; p95: number } {
  const s = [...times].sort((a, b) => a - b);
  return { p50: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(0.95 * s.length))] };
}

/** One extension-like cold blame: a fresh index worker over the stored index, then blameBasis and the core blame. */
async function childExtension(cache: string, workspace: string, file: string, warm: boolean): Promise<void> {
  const started = process.hrtime.bigint();
  const service = new WorkerIndexService(join(dist, 'indexWorker.js'));
  try {
    await service.configure(makeIndexConfig({ storageDir: cache, wasmPath: join(dist, 'sql-wasm.wasm'), workspaceFolders: [workspace], home: process.env.HOME ?? '/nonexistent', env: { ...process.env } }));
    const configureMs = ms(started);
    const content = readFileSync(file, 'utf8');
    const t = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const basis = await service.blameBasis(file);
    const basisMs = ms(t);
    const basisCpu = process.cpuUsage(cpu);
    const t2 = process.hrtime.bigint();
    const engine = new BlameEngine(applyRecordedPatch);
    const blamed: BlameLines = basis ? engine.blame(basis.replayed, content, basis.shellRuns) : { path: file, lines: [], notes: [] };
    const result: ChildResult = { configureMs, basisMs, basisCpuMs: (basisCpu.user + basisCpu.system) / 1000, blameMs: ms(t2), prompts: blamed.lines.map((l) => l?.prompt ?? null) };
    if (warm && basis) {
      // What the editor does after typing: blame an edited buffer against the cached basis, and remap per keystroke.
      const finalLines = splitLines(content);
      const buffers = Array.from({ length: 50 }, (_, i) => {
        const copy = finalLines.slice();
        copy.splice(Math.floor((i / 50) * copy.length), 0, `// typed by a person ${i}`);
        return `${copy.join('\n')}\n`;
      });
      const warmTimes: number[] = [];
      for (let i = 0; i < 200; i++) {
        const w = process.hrtime.bigint();
        engine.blame(basis.replayed, buffers[i % buffers.length], basis.shellRuns);
        warmTimes.push(ms(w));
      }
      result.warm = percentiles(warmTimes);
      const state = { values: blamed.lines, lengths: finalLines.map((l) => l.length) };
      const remapTimes: number[] = [];
      for (let i = 0; i < 1000; i++) {
        const at = (i * 37) % state.values.length;
        const r = process.hrtime.bigint();
        remapLines(state, [{ startLine: at, startCharacter: 4, endLine: at, endCharacter: 4, text: i % 10 === 0 ? '\n' : 'x' }]);
        remapTimes.push(ms(r));
      }
      result.remap = percentiles(remapTimes);
    }
    process.stdout.write(JSON.stringify(result));
  } finally {
    await service.dispose();
  }
}

/** One commit per version, through git fast-import (1,000 `git commit`s would take longer than the benchmark). */
function gitRepo(dir: string, versions: string[], rel = 'src/big.ts'): void {
  execFileSync('git', ['init', '-q', dir]);
  const chunks: string[] = [];
  versions.forEach((content, i) => {
    const message = `edit ${i}`;
    const when = 1_780_000_000 + i * 60;
    chunks.push('commit refs/heads/main\n', `committer Bench <bench@example.invalid> ${when} +0000\n`, `data ${Buffer.byteLength(message)}\n${message}\n`, `M 100644 inline ${rel}\ndata ${Buffer.byteLength(content)}\n${content}\n`);
  });
  execFileSync('git', ['-C', dir, 'fast-import', '--quiet'], { input: chunks.join(''), maxBuffer: 1 << 30 });
  execFileSync('git', ['-C', dir, 'symbolic-ref', 'HEAD', 'refs/heads/main']);
  execFileSync('git', ['-C', dir, 'checkout', '-q', '-f', 'main']);
}

/** The agents' workspace: a repository whose HEAD is the file before the agents' edits, the working tree after. */
function workspaceRepo(dir: string, first: string, last: string): void {
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'src', 'big.ts'), first);
  const git = (...args: string[]): void => {
    execFileSync('git', ['-C', dir, '-c', 'user.name=Bench', '-c', 'user.email=bench@example.invalid', ...args]);
  };
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'start');
  writeFileSync(join(dir, 'src', 'big.ts'), last);
}

function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): { ms: number; stdout: string } {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, env });
  const elapsed = ms(t);
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  }
  return { ms: elapsed, stdout: r.stdout };
}

function stats(values: number[]): string {
  const s = [...values].sort((a, b) => a - b);
  const median = s[Math.floor(s.length / 2)];
  return `median ${median.toFixed(0).padStart(5)} ms  (${s[0].toFixed(0)}–${s[s.length - 1].toFixed(0)})`;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function mismatches(got: (string | null)[], expected: (string | null)[]): number {
  let n = Math.abs(got.length - expected.length);
  for (let i = 0; i < Math.min(got.length, expected.length); i++) {
    if (got[i] !== expected[i]) {
      n++;
    }
  }
  return n;
}

async function benchAgent(agent: BlameAgent, shape: BlameHistoryShape, runs: number, keep: boolean): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), `agent-trail-bench-blame-${agent}-`));
  try {
    const history = generateHistory(shape);
    const home = join(root, 'home');
    const workspace = join(root, 'workspace');
    const file = join(workspace, 'src', 'big.ts');
    const cache = join(root, 'cache');
    const gitDir = join(root, 'git');
    mkdirSync(home, { recursive: true });
    workspaceRepo(workspace, history.versions[0], history.versions[history.versions.length - 1]);
    gitRepo(gitDir, history.versions);
    if (agent === 'claude-code') {
      writeClaudeSessions(join(home, '.claude'), workspace, file, shape, history);
    } else {
      writeGeminiSessions(home, workspace, file, shape, history);
    }
    const env = { ...process.env, HOME: home, XDG_CACHE_HOME: join(root, 'xdg'), CLAUDE_CONFIG_DIR: '', CODEX_HOME: '', GEMINI_CLI_HOME: '' };
    const indexed = timed(process.execPath, [cli, 'sessions', '--workspace', workspace, '--cache-dir', cache, '--json'], env);
    const sessions = (JSON.parse(indexed.stdout) as unknown[]).length;
    process.stdout.write(`\n${agent}: ${splitLines(history.versions[history.versions.length - 1]).length} lines after ${shape.edits} edits in ${sessions} sessions (indexed by the CLI in ${(indexed.ms / 1000).toFixed(1)} s)\n`);
    measure({ file, workspace, cache, gitDir, gitFile: 'src/big.ts', env, expected: history.expected }, runs);
  } finally {
    if (keep) {
      process.stdout.write(`  kept ${root}\n`);
    } else {
      rmSync(root, { recursive: true, force: true });
    }
  }
}

/**
 * The realistic corpus's hot file (scripts/bench/realisticCorpus.ts): 1,000 Claude Code edits among the corpus's
 * other sessions, indexed whole by the CLI as a user's history would be, blamed in the workspace it belongs to.
 */
async function benchCorpus(mb: number, runs: number, keep: boolean): Promise<void> {
  const m = await generateRealisticCorpus(cachedCorpusRoot(mb), { mb });
  const history = hotFileHistory(m);
  const workspace = m.workspaceFolders[0];
  const root = mkdtempSync(join(tmpdir(), 'agent-trail-bench-blame-corpus-'));
  try {
    const cache = join(root, 'cache');
    const gitDir = join(root, 'git');
    const gitFile = relative(workspace, m.hotFile.path);
    gitRepo(gitDir, history.versions, gitFile);
    const env = { ...corpusIndexEnv(m), XDG_CACHE_HOME: join(root, 'xdg') };
    const indexed = timed(process.execPath, [cli, 'sessions', '--workspace', workspace, '--cache-dir', cache, '--json'], env);
    const sessions = (JSON.parse(indexed.stdout) as unknown[]).length;
    process.stdout.write(
      `\ncorpus hot file (${mb} MB realistic corpus, ${m.transcriptFiles} transcripts): ${gitFile}, ${history.expected.length} lines after ${m.hotFile.edits} Claude Code edits in ${m.hotFile.sessions} sessions; ${sessions} sessions in the workspace (indexed by the CLI in ${(indexed.ms / 1000).toFixed(1)} s)\n`,
    );
    measure({ file: m.hotFile.path, workspace, cache, gitDir, gitFile, env, expected: history.expected }, runs);
  } finally {
    if (keep) {
      process.stdout.write(`  kept ${root}\n`);
    } else {
      rmSync(root, { recursive: true, force: true });
    }
  }
}

/** What one row blames: a file, the index of its history, and the git repository of the same versions. */
interface BlameCase {
  file: string;
  workspace: string;
  cache: string;
  gitDir: string;
  gitFile: string;
  env: NodeJS.ProcessEnv;
  /** Per line of the file: the prompt text that wrote it (null: nobody's). */
  expected: (string | null)[];
}

function measure(c: BlameCase, runs: number): void {
  const { file, workspace, cache, gitDir, env } = c;
  {
    const ext: number[] = [];
    const extInside: { configure: number[]; basis: number[]; basisCpu: number[]; blame: number[] } = { configure: [], basis: [], basisCpu: [], blame: [] };
    const cliTimes: number[] = [];
    const gitTimes: number[] = [];
    let warm: ChildResult['warm'];
    let remap: ChildResult['remap'];
    let wrong = 0;
    for (let r = 0; r < runs; r++) {
      // Interleaved, in a different order each round, so a burst of load elsewhere hits all three alike.
      const order = [0, 1, 2].map((k) => (k + r) % 3);
      for (const which of order) {
        if (which === 0) {
          const args = [join(dist, 'bench', 'benchBlame.js'), '--child-extension', cache, workspace, file];
          const res = timed(process.execPath, r === 0 ? [...args, '--warm'] : args, env);
          const child = JSON.parse(res.stdout) as ChildResult;
          ext.push(res.ms);
          extInside.configure.push(child.configureMs);
          extInside.basis.push(child.basisMs);
          extInside.basisCpu.push(child.basisCpuMs);
          extInside.blame.push(child.blameMs);
          wrong += mismatches(child.prompts, c.expected);
          warm ??= child.warm;
          remap ??= child.remap;
        } else if (which === 1) {
          const res = timed(process.execPath, [cli, 'blame', file, '--workspace', workspace, '--cache-dir', cache, '--json'], env);
          cliTimes.push(res.ms);
          const json = JSON.parse(res.stdout) as { lines: { attribution: { prompt: string } | null }[] };
          wrong += mismatches(json.lines.map((l) => l.attribution?.prompt ?? null), c.expected);
        } else {
          gitTimes.push(timed('git', ['-C', gitDir, 'blame', '--porcelain', c.gitFile], env).ms);
        }
      }
    }
    const gitMedian = median(gitTimes);
    process.stdout.write(`  extension cold blame (new process) ${stats(ext)}   ${(median(ext) / gitMedian).toFixed(2)}× git\n`);
    process.stdout.write(`    inside: worker start + configure ${stats(extInside.configure)}, blameBasis ${stats(extInside.basis)}, blame ${stats(extInside.blame)}\n`);
    process.stdout.write(`    blameBasis + blame alone: ${(median(extInside.basis.map((b, i) => b + extInside.blame[i])) / gitMedian).toFixed(2)}× git; blameBasis CPU (all threads) ${stats(extInside.basisCpu)}\n`);
    process.stdout.write(`  CLI agent-trail blame --json       ${stats(cliTimes)}   ${(median(cliTimes) / gitMedian).toFixed(2)}× git\n`);
    process.stdout.write(`  git blame --porcelain              ${stats(gitTimes)}\n`);
    if (warm && remap) {
      process.stdout.write(`  warm blame (edited buffer vs cached basis) p50 ${warm.p50.toFixed(2)} ms, p95 ${warm.p95.toFixed(2)} ms; remap per keystroke p50 ${remap.p50.toFixed(3)} ms, p95 ${remap.p95.toFixed(3)} ms\n`);
    }
    const attributed = c.expected.filter((p) => p !== null).length;
    process.stdout.write(`  lines attributed as written: ${wrong === 0 ? 'all' : `${wrong} WRONG`} (${attributed} agent lines of ${c.expected.length}, every run checked)\n`);
    if (wrong > 0) {
      process.exitCode = 1;
    }
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child-extension') {
    await childExtension(argv[1], argv[2], argv[3], argv.includes('--warm'));
    return;
  }
  const option = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const runs = Number(option('--runs') ?? 7);
  const shape: BlameHistoryShape = { ...defaultShape, lines: Number(option('--lines') ?? defaultShape.lines) };
  // Short names too; an unknown one is an error, not another agent's row under its name.
  const aliases: Record<string, BlameAgent | 'corpus'> = { 'claude-code': 'claude-code', claude: 'claude-code', 'gemini-cli': 'gemini-cli', gemini: 'gemini-cli', corpus: 'corpus' };
  const rows = (option('--agents') ?? 'claude-code,gemini-cli,corpus').split(',').map((name) => {
    const row = aliases[name];
    if (!row) {
      throw new Error(`--agents: unknown row ${name} (rows: claude-code or claude, gemini-cli or gemini, corpus)`);
    }
    return row;
  });
  const corpusMb = Number(option('--corpus-mb') ?? 200);
  process.stdout.write(`bench:blame — ${runs} interleaved rounds per agent; median (min–max); machine: ${process.platform} ${process.arch}, ${(await import('node:os')).cpus().length} cores\n`);
  for (const row of rows) {
    if (row === 'corpus') {
      await benchCorpus(corpusMb, runs, argv.includes('--keep'));
    } else {
      await benchAgent(row, shape, runs, argv.includes('--keep'));
    }
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
