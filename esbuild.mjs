// Bundles the extension host, the index and parse workers, the CLI and the webview; copies sql.js's wasm next to them.
// `--tests` compiles every test file (one output per input, dependencies bundled) into out/ for `node --test`.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const args = new Set(process.argv.slice(2));
/**
 * sql.js keeps the DB file in Emscripten's in-memory FS, which grows a file by only 1.125x past 1 MB, copying the
 * whole file each time: indexing 220 MB of transcripts copied 220 MB in 37 reallocations for a 24 MB DB, and each
 * copy held the old and the new file at once (at 1 GB of transcripts, the 64 MB -> 128 MB step alone was a 40-60 MB
 * spike, the peak of the whole index). The file now lives in a resizable ArrayBuffer that grows in place by doubling
 * (untouched capacity is never resident): nothing is copied unless the reserved maximum is reached.
 *
 * It also adds `Database.prototype.fileBytes()`: a view of that in-memory file, which between transactions is the
 * whole DB, so a save writes it as it is. `export()` makes a copy of the whole DB first (its size again in RSS at
 * every save: 95 MB more at the peak of indexing a 1 GB history). See dbFileBytes in src/store/sqlDatabase.ts.
 *
 * The build fails if a sql.js update changes the code either patch relies on, so a patch is never silently lost.
 */
/**
 * `contents` (the file's array) grown to `size` bytes, `used` its bytes in use. A resizable buffer (made here, or by
 * openDatabase for a loaded DB) grows in place; otherwise the used bytes are copied once into a new resizable one
 * that reserves at least 1 GiB (address space only), or into a plain array where resizable buffers are missing.
 */
const growFile = `function agentTrailGrowFile(contents, used, size) {
  var buffer = contents.buffer;
  if (buffer.resizable && contents.byteOffset === 0 && size <= buffer.maxByteLength) {
    buffer.resize(size);
    return new Uint8Array(buffer);
  }
  var next;
  try {
    next = new Uint8Array(new ArrayBuffer(size, { maxByteLength: Math.max(2 * size, 1073741824) }));
  } catch (e) {
    next = new Uint8Array(size);
  }
  next.set(used);
  return next;
}`;

const sqlJsGrowth = {
  name: 'sql-js-memfs-growth',
  setup(build) {
    build.onLoad({ filter: /sql\.js[\\/]dist[\\/]sql-wasm\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const changed = (what) => new Error(`sql.js changed: ${what} not found in ${args.path}; update esbuild.mjs`);
      const from = 'm*(m<1048576?2:1.125)>>>0';
      if (!source.includes(from)) {
        throw changed('MEMFS growth code');
      }
      // Minified names: MEMFS's write (a file node's contents and used length) and export()'s path lookup.
      const write = /a\.(\w+)=new Uint8Array\(g\),a\.\1\.set\(m\)\);a\.\1\.set\(b\.subarray\(d,d\+c\),e\);a\.(\w+)=Math\.max\(a\.\2,e\+c\)/.exec(source);
      const lookup = /"_export";\w+\(f,\[\]\);var h=0,p=0;try\{var r=(\w+)\(f\)\.node,/.exec(source);
      const database = /;(\w+)\.Database=(\w+)\}/.exec(source);
      if (!write || !lookup || !database || source.split('.Database=').length !== 2) {
        throw changed('the MEMFS file or Database code');
      }
      const [, contents, used] = write;
      const [, moduleName, databaseClass] = database;
      const fileBytes =
        `${databaseClass}.prototype.fileBytes=function(){if(!this.db)throw Error("Database closed");` +
        `var n=${lookup[1]}(this.filename).node;return n.${contents}?n.${contents}.subarray(0,n.${used}):new Uint8Array(0)};`;
      const copy = `a.${contents}=new Uint8Array(g),a.${contents}.set(m)`;
      if (!source.includes(copy)) {
        throw changed('MEMFS file copy on growth');
      }
      const patched = source
        .replace(from, 'm*2>>>0')
        .replace(copy, `a.${contents}=agentTrailGrowFile(a.${contents},m,g)`)
        .replace(database[0], `;${fileBytes}${moduleName}.Database=${databaseClass}}`);
      return { contents: `${growFile}\n${patched}`, loader: 'js' };
    });
  },
};

const webviewCommon = { bundle: true, minify: true, sourcemap: false, logLevel: 'warning' };
// import.meta.url: sqlite-wasm is an ES module that reads it (scripts/importMetaUrl.js).
const importMeta = { define: { 'import.meta.url': 'importMetaUrl' }, inject: ['scripts/importMetaUrl.js'] };
const nodeCommon = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, logLevel: 'warning', plugins: [sqlJsGrowth], ...importMeta };

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
    { ...nodeCommon, entryPoints: ['src/indexer/parseWorker.ts'], outfile: 'dist/parseWorker.js' },
    { ...nodeCommon, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, define: { ...importMeta.define, AGENT_TRAIL_VERSION: JSON.stringify(pkg.version) } },
    { ...nodeCommon, entryPoints: ['scripts/benchIndex.ts'], outfile: 'dist/bench/benchIndex.js' },
    { ...nodeCommon, entryPoints: ['scripts/bench/corpusMain.ts'], outfile: 'dist/bench/realisticCorpus.js' },
    { ...nodeCommon, entryPoints: ['scripts/benchCli.ts'], outfile: 'dist/bench/benchCli.js' },
    { ...nodeCommon, entryPoints: ['scripts/benchBlame.ts'], outfile: 'dist/bench/benchBlame.js' },
    { ...nodeCommon, entryPoints: ['scripts/benchTimelineHost.ts'], outfile: 'dist/bench/benchTimelineHost.js' },
    { ...nodeCommon, entryPoints: ['scripts/bench/benchLive.ts'], outfile: 'dist/bench/benchLive.js' },
    { ...nodeCommon, entryPoints: ['scripts/bench/benchOpencodeDb.ts'], outfile: 'dist/bench/benchOpencodeDb.js' },
    { ...nodeCommon, entryPoints: ['scripts/bench/benchCursorStateDb.ts'], outfile: 'dist/bench/benchCursorStateDb.js' },
    { ...nodeCommon, entryPoints: ['scripts/syncAgentSettings.ts'], outfile: 'dist/scripts/syncAgentSettings.js' },
    // The timeline webview: one browser script and one stylesheet (diff2html's css + webview/styles/theme.css).
    { ...webviewCommon, entryPoints: ['webview/src/main.ts'], outfile: 'dist/webview/main.js', format: 'iife', platform: 'browser', target: 'chrome120' },
    { ...webviewCommon, entryPoints: ['webview/styles/main.css'], outfile: 'dist/webview/main.css' },
  ];
  const existing = builds.filter((b) => b.entryPoints.every((e) => { try { statSync(e); return true; } catch { return false; } }));
  if (args.has('--watch')) {
    for (const b of existing) { const ctx = await esbuild.context(b); await ctx.watch(); }
  } else {
    await Promise.all(existing.map((b) => esbuild.build(b)));
  }
  copyFileSync('node_modules/sql.js/dist/sql-wasm.wasm', 'dist/sql-wasm.wasm');
  copyFileSync('node_modules/@sqlite.org/sqlite-wasm/dist/sqlite3.wasm', 'dist/sqlite3.wasm');
  // Codicons for the webview (the stylesheet loads its font from the same folder).
  mkdirSync('dist/webview', { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(join('node_modules/@vscode/codicons/dist', f), join('dist/webview', f));
}
