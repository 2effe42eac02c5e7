// `npm run bench:cli [-- --mb 500] [--runs 7] [--seed 1]`: the warm `agent-trail` command against ccusage 20 (its
// native binary, the devDependency `ccusage` pins it) on the same Claude Code history: the realistic corpus
// (scripts/bench/realisticCorpus.ts, replicated recorded transcripts, cached under tmp/cache), HOME pointing at it.
// The index is built once (timed, "first index"), then paired rounds (scripts/bench/pairedRuns.ts) run, each in its
// own process, in alternating order:
//   ccusage            `ccusage claude daily --offline` (the baseline): reads every transcript under ~/.claude/projects
//                      (--offline: embedded prices, no network);
//   ccusage (npm bin)  the same through the package's `ccusage` command (a Node wrapper that starts the binary);
//   sessions           `agent-trail sessions` with the folder holding all 50 projects as the workspace and only Claude
//                      Code enabled: every Claude session of the corpus, the transcripts ccusage reads;
//   sessions --json    the same, as JSON;
//   workspace          `agent-trail sessions` as a user runs it in one project: every agent (Codex and Gemini
//                      discovery included), that project's sessions.
// Every agent-trail run finds nothing changed since the index was saved (checked once with --verbose before timing).
// Prints median [min–max] of each and of the per-round time ratio to ccusage (goal: < 1, faster). When ccusage's
// native binary is not installed (optional dependencies skipped, an unsupported platform) the bench says so and
// prints the agent-trail figures alone.
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { listFiles } from './benchCorpus';
import { cachedCorpusRoot, corpusIndexEnv, generateRealisticCorpus, type CorpusManifest } from './bench/realisticCorpus';
import { commandPhase, formatSpread, roundTimeRatios, runPaired, type PairedPhase, type PhaseResult } from './bench/pairedRuns';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const cli = join(__dirname, '..', 'cli.js');

/** Bytes and count of the Claude transcripts (what `ccusage claude` reads). */
function claudeTranscripts(dir: string): { files: number; bytes: number } {
  const files = listFiles(dir).filter((f) => f.endsWith('.jsonl'));
  return { files: files.length, bytes: files.reduce((sum, f) => sum + statSync(f).size, 0) };
}

/** The folder holding every project of the corpus: as the workspace, it takes in every Claude session. */
function projectsFolder(m: CorpusManifest): string {
  const parents = [...new Set(m.projects.map((p) => dirname(p.path)))];
  if (parents.length !== 1) {
    throw new Error(`the corpus projects are not in one folder: ${parents.join(', ')}`);
  }
  return parents[0];
}

interface Ccusage {
  binary: string;
  wrapper: string;
  version: string;
}

/** ccusage's native binary for this platform, as its own wrapper resolves it; undefined (and why) when absent. */
function findCcusage(): Ccusage | { missing: string } {
  const requireHere = createRequire(join(process.cwd(), 'package.json'));
  const pkg = `@ccusage/ccusage-${process.platform}-${process.arch}`;
  let binary: string;
  let wrapper: string;
  try {
    wrapper = requireHere.resolve('ccusage/package.json').replace(/package\.json$/, 'src/cli.js');
    binary = requireHere.resolve(`${pkg}/bin/ccusage${process.platform === 'win32' ? '.exe' : ''}`);
  } catch {
    return { missing: `ccusage's native binary (${pkg}) is not installed: run npm ci (optional dependencies included) on a platform ccusage ships a binary for` };
  }
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    // npm does not keep the executable bit of this package's file; ccusage's wrapper sets it the same way.
    chmodSync(binary, 0o755);
  }
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) {
    return { missing: `${binary} --version failed (${String(r.status ?? r.signal)}): ${r.stderr}` };
  }
  return { binary, wrapper, version: r.stdout.trim() };
}

/** A native program's wall time (its peak RSS is not measured: NaN). */
function nativePhase(command: string, args: string[], env: NodeJS.ProcessEnv): PhaseResult {
  const started = process.hrtime.bigint();
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${String(r.status ?? r.signal)}): ${r.stderr}`);
  }
  return { seconds, maxRssKb: Number.NaN };
}

async function main(): Promise<void> {
  const mb = Number(arg('--mb', '500'));
  const runs = Number(arg('--runs', '7'));
  const seed = Number(arg('--seed', '1'));
  const manifest = await generateRealisticCorpus(arg('--root', cachedCorpusRoot(mb, seed)), { mb, seed });
  const env = corpusIndexEnv(manifest);
  const claude = claudeTranscripts(join(manifest.home, '.claude', 'projects'));
  const allProjects = projectsFolder(manifest);
  const scratch = mkdtempSync(join(tmpdir(), 'agent-trail-bench-cli-'));
  const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');
  process.stdout.write(
    `bench:cli: realistic corpus ${mb} MB (seed ${seed}): ${claude.files} Claude transcripts, ${(claude.bytes / 1048576).toFixed(0)} MB under ~/.claude/projects; ` +
      `${runs} paired rounds; ${cpus().length} cores, load average ${load()}\n`,
  );
  try {
    const allClaude = ['sessions', '--workspace', allProjects, '--no-codex', '--no-gemini', '--cache-dir', join(scratch, 'all-claude')];
    const workspace = ['sessions', '--workspace', manifest.workspaceFolders[0], '--cache-dir', join(scratch, 'workspace')];
    for (const [name, args] of [
      ['sessions', allClaude],
      ['workspace', workspace],
    ] as const) {
      const first = commandPhase(cli, [...args, '--json'], env);
      const listed = (JSON.parse(first.stdout) as unknown[]).length;
      const check = commandPhase(cli, [...args, '--verbose'], env);
      if (!check.stderr.includes('nothing changed since the index was saved')) {
        throw new Error(`the run after the first index of "${name}" was not warm:\n${check.stderr}`);
      }
      process.stdout.write(`first index (${name}): ${first.seconds.toFixed(2)} s, peak RSS ${(first.maxRssKb / 1024).toFixed(0)} MB, ${listed} sessions listed\n`);
    }
    const phases: PairedPhase[] = [];
    const ccusage = findCcusage();
    if ('missing' in ccusage) {
      process.stdout.write(`ccusage: not measured: ${ccusage.missing}\n`);
    } else {
      process.stdout.write(`ccusage ${ccusage.version}: ${ccusage.binary}\n`);
      const daily = ['claude', 'daily', '--offline'];
      // Its report must come from the corpus: a run that found nothing would be no comparison.
      const probe = spawnSync(ccusage.binary, [...daily, '--json'], { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
      if (probe.status !== 0 || !/"totalTokens"\s*:\s*[1-9]/.test(probe.stdout)) {
        throw new Error(`ccusage found no usage in the corpus (${String(probe.status)}): ${probe.stderr.slice(0, 500)}`);
      }
      phases.push({ name: 'ccusage', run: () => nativePhase(ccusage.binary, daily, env) });
      // Its peak RSS would be the wrapper's alone (the binary is its child): not reported.
      phases.push({ name: 'ccusage (npm bin)', run: () => ({ ...commandPhase(ccusage.wrapper, daily, env), maxRssKb: Number.NaN }) });
    }
    phases.push({ name: 'sessions', run: () => commandPhase(cli, allClaude, env) });
    phases.push({ name: 'sessions --json', run: () => commandPhase(cli, [...allClaude, '--json'], env) });
    phases.push({ name: 'workspace', run: () => commandPhase(cli, workspace, env) });
    const report = runPaired(phases, {
      runs,
      onRound: (round, results) =>
        process.stdout.write(`round ${round + 1}: ${Object.entries(results).map(([n, r]) => `${n} ${r.seconds.toFixed(3)} s`).join(', ')}\n`),
    });
    process.stdout.write(`\nwarm runs (nothing changed), median [min–max] of ${runs}; load average at the end ${load()}\n`);
    for (const p of phases) {
      const results = report.results[p.name];
      const rss = results.every((r) => Number.isNaN(r.maxRssKb)) ? '' : `, peak RSS ${formatSpread(results.map((r) => r.maxRssKb / 1024), 0, 'MB')}`;
      process.stdout.write(`  ${p.name.padEnd(18)} ${formatSpread(results.map((r) => r.seconds), 3, 's')}${rss}\n`);
    }
    if (!('missing' in ccusage)) {
      process.stdout.write('time ratio to ccusage, per round (goal: < 1)\n');
      for (const name of ['sessions', 'sessions --json', 'workspace']) {
        process.stdout.write(`  ${name.padEnd(18)} ${formatSpread(roundTimeRatios(report, name, 'ccusage'), 2)}\n`);
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
