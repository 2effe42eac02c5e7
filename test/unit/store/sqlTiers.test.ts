// How sql.js is compiled (sqlDatabase.ts, SqlTiers): a module compiled for the baseline tier stays on Liftoff while it
// runs hot, and wasm compiled afterwards (the extension host's other modules) is optimized as usual. Checked in a
// child process started with V8's natives syntax, which tells which compiler a function's code came from.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { compiledEagerly, type SqlTiers } from '../../../src/store/sqlDatabase';

/** (func (export "f") (param i32) (result i32)): a loop adding `step` to a sum, `param` times; `step` makes modules distinct (V8 shares compiled modules by their bytes). */
function loopModule(step: number): Uint8Array {
  const body = [1, 1, 0x7f, 0x03, 0x40, 0x20, 1, 0x20, 0, 0x6a, 0x21, 1, 0x20, 0, 0x41, step, 0x6b, 0x22, 0, 0x0d, 0, 0x0b, 0x20, 1, 0x0b];
  const code = [1, body.length, ...body];
  return new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 6, 1, 0x60, 1, 0x7f, 1, 0x7f, 3, 2, 1, 0, 7, 5, 1, 1, 0x66, 0, 0, 10, code.length, ...code]);
}

type Hot = (n: number) => number;
/** The global WebAssembly (the project's TypeScript libraries do not declare it). */
const wasm = (globalThis as unknown as { WebAssembly: { instantiate(bytes: Uint8Array): Promise<{ instance: { exports: Record<string, unknown> } }> } }).WebAssembly;

async function exported(bytes: Uint8Array): Promise<Hot> {
  const { instance } = await wasm.instantiate(bytes);
  return instance.exports.f as Hot;
}

async function child(tiers: SqlTiers): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- natives syntax cannot be written in TypeScript
  const onLiftoff = new Function('f', 'return %IsLiftoffFunction(f)') as (f: Hot) => boolean;
  const sqlite = await compiledEagerly(tiers, () => exported(loopModule(1)));
  const later = await exported(loopModule(2));
  // Both run hot until the later module is optimized (V8 tiers up on background threads; 10 s at most), then as long
  // again: the first module has had every chance to be optimized too.
  const hot = async (): Promise<void> => {
    sqlite(1_000_000);
    later(1_000_000);
    await new Promise((resolve) => setTimeout(resolve, 5));
  };
  const deadline = Date.now() + 10_000;
  let rounds = 0;
  while (Date.now() < deadline && (onLiftoff(later) || (tiers === 'optimizing' && onLiftoff(sqlite)))) {
    await hot();
    rounds++;
  }
  for (let i = 0; i < rounds + 20; i++) {
    await hot();
  }
  process.stdout.write(JSON.stringify({ sqlite: onLiftoff(sqlite), later: onLiftoff(later) }));
}

function inChild(tiers: SqlTiers): { sqlite: boolean; later: boolean } {
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', __filename], { encoding: 'utf8', env: { ...process.env, AGENT_TRAIL_TIERS_CHILD: tiers } });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { sqlite: boolean; later: boolean };
}

const childTiers = process.env.AGENT_TRAIL_TIERS_CHILD;
if (childTiers === 'baseline' || childTiers === 'optimizing') {
  void child(childTiers);
} else {
  test('SQLite compiled for the baseline tier stays on it; wasm compiled afterwards is optimized', () => {
    assert.deepEqual(inChild('baseline'), { sqlite: true, later: false });
  });

  test('SQLite compiled with the default tiers is optimized when it runs hot', () => {
    assert.deepEqual(inChild('optimizing'), { sqlite: false, later: false });
  });
}
