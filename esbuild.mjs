// Bundles the extension host, the index worker, the CLI and the webview; copies sql.js's wasm next to them.
// `--tests` compiles every test file (one output per input, dependencies bundled) into out/ for `node --test`.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const args = new Set(process.argv.slice(2));
const nodeCommon = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, logLevel: 'warning' };

function listTs(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listTs(p));
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

if (args.has('--tests')) {
  // `--tests [subdir]`: only test/unit/<subdir> (lets several people compile their own area at once).
  const sub = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? '';
  rmSync(join('out/test/unit', sub), { recursive: true, force: true });
  await esbuild.build({
    ...nodeCommon,
    entryPoints: listTs(join('test/unit', sub)).filter((f) => f.endsWith('.test.ts')),
    outdir: 'out/test/unit',
    outbase: 'test/unit',
    external: ['vscode'],
  });
} else {
  mkdirSync('dist', { recursive: true });
  const builds = [
    { ...nodeCommon, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
    { ...nodeCommon, entryPoints: ['src/indexer/indexWorker.ts'], outfile: 'dist/indexWorker.js' },
    { ...nodeCommon, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, define: { AGENT_TRAIL_VERSION: JSON.stringify(pkg.version) } },
    { ...nodeCommon, entryPoints: ['scripts/benchIndex.ts'], outfile: 'dist/bench/benchIndex.js' },
  ];
  const existing = builds.filter((b) => b.entryPoints.every((e) => { try { statSync(e); return true; } catch { return false; } }));
  if (args.has('--watch')) {
    for (const b of existing) { const ctx = await esbuild.context(b); await ctx.watch(); }
  } else {
    await Promise.all(existing.map((b) => esbuild.build(b)));
  }
  copyFileSync('node_modules/sql.js/dist/sql-wasm.wasm', 'dist/sql-wasm.wasm');
}
