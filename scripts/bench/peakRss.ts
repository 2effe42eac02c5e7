// A process's own peak resident set size. On Linux, `getrusage`'s maxRSS of a spawned process includes the RSS of
// the process that spawned it (exec records the forked address space's high-water mark, which counts every page the
// parent had), so a phase run by a bench parent holding 500 MB reported at least 500 MB whatever it used itself.
// /proc/self/status's VmHWM is the high-water mark of the current address space alone.
import { readFileSync } from 'node:fs';

/** `VmHWM:   123456 kB` → 123456; undefined where /proc is not there (macOS, Windows). */
export function vmHwmKb(status: string): number | undefined {
  const m = /^VmHWM:\s*(\d+)\s*kB/m.exec(status);
  return m ? Number(m[1]) : undefined;
}

/** This process's peak RSS in KiB: VmHWM where Linux gives it, otherwise getrusage's maxRSS. */
export function peakRssKb(): number {
  try {
    return vmHwmKb(readFileSync('/proc/self/status', 'utf8')) ?? process.resourceUsage().maxRSS;
  } catch {
    return process.resourceUsage().maxRSS;
  }
}

/**
 * The same, as CommonJS source for a `--require` hook in a program that knows nothing of the bench (pairedRuns'
 * commandPhase): it cannot import this module, so the rule is repeated here and tested against peakRssKb.
 */
export const peakRssHookSource = `'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const out = process.env.AGENT_TRAIL_BENCH_RSS_FILE;
function peakRssKb() {
  try {
    const m = /^VmHWM:\\s*(\\d+)\\s*kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {}
  return process.resourceUsage().maxRSS;
}
process.on('exit', () => { if (out) writeFileSync(out, JSON.stringify({ maxRssKb: peakRssKb() })); });
`;
