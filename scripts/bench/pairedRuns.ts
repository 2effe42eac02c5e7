// Paired, repeated benchmark runs: a baseline phase and subject phases run alternately N times, each in its own child
// process (so peak RSS is per phase, and one phase's heap or page cache warm-up does not carry into the next phase's
// process), and reported as median [min–max] of each phase and of the per-round ratio to the baseline. A loaded
// machine slows a whole round more or less together, so the per-round ratio is steadier than either time.
//
// API
//   runPaired(phases, { runs, onRound? }): PairedReport — phases[0] is the baseline; rounds alternate the order
//     (baseline first, then last) so a drift over the run does not favour one side.
//   nodePhase(script, args, env?): PhaseResult — a Node child that prints one JSON object (seconds, maxRssKb, …) on
//     its last stdout line.
//   commandPhase(script, args, env?): PhaseResult — any Node program as a user runs it (e.g. dist/cli.js): wall time
//     measured around the process, peak RSS reported by a preloaded hook at exit, stdout kept.
//   summary(values), formatSpread(values, digits, unit?), roundRatios(report, subject, baseline?).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { peakRssHookSource } from './peakRss';

export interface PhaseResult {
  seconds: number;
  maxRssKb: number;
  [key: string]: unknown;
}

export interface PairedPhase {
  name: string;
  run: (round: number) => PhaseResult;
}

export interface PairedReport {
  runs: number;
  order: string[];
  results: Record<string, PhaseResult[]>;
}

export function runPaired(phases: PairedPhase[], opts: { runs: number; onRound?: (round: number, results: Record<string, PhaseResult>) => void }): PairedReport {
  const results: Record<string, PhaseResult[]> = {};
  for (const p of phases) results[p.name] = [];
  for (let round = 0; round < opts.runs; round++) {
    const [baseline, ...subjects] = phases;
    const order = round % 2 === 0 ? [baseline, ...subjects] : [...subjects, baseline];
    const thisRound: Record<string, PhaseResult> = {};
    for (const p of order) {
      const r = p.run(round);
      results[p.name].push(r);
      thisRound[p.name] = r;
    }
    opts.onRound?.(round, thisRound);
  }
  return { runs: opts.runs, order: phases.map((p) => p.name), results };
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function summary(values: number[]): Spread {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length === 0 ? Number.NaN : s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0] ?? Number.NaN, max: s.at(-1) ?? Number.NaN };
}

/** `1.23 [1.10–1.40] unit`: the median and the spread of all runs. */
export function formatSpread(values: number[], digits: number, unit = ''): string {
  const { median, min, max } = summary(values);
  return `${median.toFixed(digits)} [${min.toFixed(digits)}–${max.toFixed(digits)}]${unit ? ` ${unit}` : ''}`;
}

/** Per round: baseline time / subject time, i.e. the subject's throughput as a fraction of the baseline's. */
export function roundRatios(report: PairedReport, subject: string, baseline = report.order[0]): number[] {
  const b = report.results[baseline];
  return report.results[subject].map((r, i) => b[i].seconds / r.seconds);
}

/** Per round: subject time / baseline time (for "takes at most x times the baseline" goals). */
export function roundTimeRatios(report: PairedReport, subject: string, baseline = report.order[0]): number[] {
  return roundRatios(report, subject, baseline).map((r) => 1 / r);
}

export function nodePhase(script: string, args: string[], env?: NodeJS.ProcessEnv, nodeArgs: string[] = []): PhaseResult {
  const r = spawnSync(process.execPath, [...nodeArgs, script, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: env ?? process.env });
  if (r.status !== 0) {
    throw new Error(`${script} ${args.join(' ')} failed (${String(r.status ?? r.signal)}): ${r.stderr}`);
  }
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as PhaseResult;
}


export function commandPhase(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): PhaseResult & { stdout: string; stderr: string; status: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'agent-trail-bench-rss-'));
  try {
    const hook = join(dir, 'rssHook.js');
    const rssFile = join(dir, 'rss.json');
    writeFileSync(hook, peakRssHookSource);
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--require', hook, script, ...args], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...env, AGENT_TRAIL_BENCH_RSS_FILE: rssFile },
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (r.status !== 0) {
      throw new Error(`${script} ${args.join(' ')} failed (${String(r.status ?? r.signal)}): ${r.stderr}`);
    }
    const { maxRssKb } = JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRssKb: number };
    return { seconds, maxRssKb, stdout: r.stdout, stderr: r.stderr, status: r.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
