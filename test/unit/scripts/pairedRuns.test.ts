// The paired-run harness: rounds alternate the order (a drift over the run must not favour one side), spreads are
// the median and the extremes, ratios are per round, and a command's peak RSS is its own (a child that allocates
// 200 MB reports more than one that does not, measured from outside without changing the program).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { commandPhase, formatSpread, roundRatios, roundTimeRatios, runPaired, summary } from '../../../scripts/bench/pairedRuns';
import { peakRssKb, vmHwmKb } from '../../../scripts/bench/peakRss';

test('rounds alternate the order; ratios are per round', () => {
  const calls: string[] = [];
  const times: Record<string, number[]> = { base: [1, 2, 4], subject: [4, 4, 4] };
  const phase = (name: string) => ({
    name,
    run: (round: number) => {
      calls.push(`${round}:${name}`);
      return { seconds: times[name][round], maxRssKb: 1 };
    },
  });
  const report = runPaired([phase('base'), phase('subject')], { runs: 3 });
  assert.deepEqual(calls, ['0:base', '0:subject', '1:subject', '1:base', '2:base', '2:subject']);
  assert.deepEqual(roundRatios(report, 'subject'), [0.25, 0.5, 1]);
  assert.deepEqual(roundTimeRatios(report, 'subject'), [4, 2, 1]);
});

test('summary is the median and the extremes', () => {
  assert.deepEqual(summary([5, 1, 3]), { median: 3, min: 1, max: 5 });
  assert.deepEqual(summary([4, 1, 3, 2]), { median: 2.5, min: 1, max: 4 });
  assert.equal(formatSpread([0.5, 0.25, 1], 2, 'x'), '0.50 [0.25–1.00] x');
});

test('a command phase reports its own peak RSS and wall time', () => {
  const dir = mkdtempSync(join(tmpdir(), 'at-paired-'));
  try {
    const idle = join(dir, 'idle.js');
    const big = join(dir, 'big.js');
    writeFileSync(idle, "process.stdout.write('idle');\n");
    // Touch every page so the memory is resident, then leave with process.exit (the hook must still report).
    writeFileSync(big, "const b = Buffer.alloc(200 * 1024 * 1024, 1); process.stdout.write(String(b[b.length - 1])); process.exit(0);\n");
    const a = commandPhase(idle, []);
    const b = commandPhase(big, []);
    assert.equal(a.stdout, 'idle');
    assert.equal(b.stdout, '1');
    assert.ok(b.maxRssKb - a.maxRssKb > 150 * 1024, `idle ${a.maxRssKb} KB, big ${b.maxRssKb} KB`);
    assert.ok(a.seconds > 0 && b.seconds > 0);
    assert.throws(() => commandPhase(join(dir, 'missing.js'), []), /failed/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a command phase does not count the RSS of the process that spawned it (Linux maxRSS does)', { skip: process.platform !== 'linux' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'at-paired-'));
  // The parent holds 400 MB, every page touched; the child uses a few tens of MB.
  const held = Buffer.alloc(400 * 1024 * 1024, 1);
  try {
    const idle = join(dir, 'idle.js');
    writeFileSync(idle, "process.stdout.write('idle');\n");
    const a = commandPhase(idle, []);
    assert.ok(a.maxRssKb < 200 * 1024, `an idle child reported ${a.maxRssKb} KB while its parent held ${held.length / 1024} KB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(held[held.length - 1], 1);
});

test('the peak RSS is VmHWM from /proc/self/status where there is one', () => {
  assert.equal(vmHwmKb('Name:\tnode\nVmPeak:\t 999 kB\nVmHWM:\t   123456 kB\nVmRSS:\t 1 kB\n'), 123456);
  assert.equal(vmHwmKb('Name:\tnode\n'), undefined);
  assert.ok(peakRssKb() > 0);
});
