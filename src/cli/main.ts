// `agent-trail`: the same index as the extension, on the command line. The DB lives in a per-workspace cache
// folder; the format is the extension's.
import { spawnSync } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { join, resolve } from 'node:path';
import { agentRegistry } from '../adapters/agentRegistry';
import { IndexEngine } from '../indexer/indexEngine';
import type { IndexConfig } from '../indexer/indexService';
import { parseWorkerBeside } from '../indexer/parseWorkerSource';
import { accessSync, constants, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { BlameEngine } from '../core/blame/blameEngine';
import { displayPath, isWithin, normalizePath } from '../core/paths';
import { applyRecordedPatch } from '../store/recordedPatch';
import { helpText, parseArgs, UsageError, type CliOptions } from './args';
import { buildConfig } from './cliConfig';
import { blameJson, blameText } from './blameOutput';
import { sessionJson, sessionsText, showJson, showText } from './cliOutput';
import { restoreCommand, checkpointsCommand, undoCommand } from './restoreCommand';
import { listingCacheName, readListingCache, writeListingCache } from './listingCache';
import { sameStamp } from '../store/sqlDatabase';
import { printError, printText, terminalBlock } from './terminalText';

declare const AGENT_TRAIL_VERSION: string | undefined;

/** How often --verbose reports indexing progress. */
const progressEveryMs = 2000;

function gitTopLevel(dir: string): string | undefined {
  const r = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() || undefined : undefined;
}

async function run(argv: string[]): Promise<number> {
  const opts = parseArgs(argv);
  if (opts.command === 'help') {
    process.stdout.write(helpText());
    return 0;
  }
  if (opts.command === 'version') {
    process.stdout.write(`${typeof AGENT_TRAIL_VERSION === 'string' ? AGENT_TRAIL_VERSION : 'dev'}\n`);
    return 0;
  }
  const workspace = resolve(opts.workspace ?? gitTopLevel(process.cwd()) ?? process.cwd());
  // Parsing in the parse worker (bundled next to this file) overlaps storing, as in the extension.
  const engine = new IndexEngine({ batchSource: parseWorkerBeside(__dirname), issueDetailsHint: opts.verbose ? 'details above' : 'details with --verbose' });
  // The index logs a failure it carries on after (a DB it could not save) as an error: the run then failed too.
  let loggedErrors = 0;
  // A failure retried at the end of the run (saving the index) is said once.
  let lastPrinted = '';
  engine.onLog((level, message) => {
    if (level === 'error') {
      loggedErrors++;
    }
    if (!opts.verbose && `${level}${message}` === lastPrinted) {
      return;
    }
    lastPrinted = `${level}${message}`;
    if (opts.verbose) {
      process.stderr.write(`agent-trail: ${level}: ${terminalBlock(message)}\n`);
    } else if (level === 'warn' || level === 'error') {
      // One line each: a stack trace is a detail (--verbose), not the message.
      printError(`${level}: ${message.split('\n')[0]}${message.includes('\n') ? ' (details with --verbose)' : ''}`);
    }
  });
  if (opts.verbose) {
    // A first index of thousands of transcripts takes a while: say how far it is, every few seconds.
    let reportedAt = Date.now();
    engine.onProgress((p) => {
      const now = Date.now();
      if (!p.finished && p.total > 0 && now - reportedAt >= progressEveryMs) {
        reportedAt = now;
        process.stderr.write(`agent-trail: info: indexing: ${p.done}/${p.total} transcripts${p.initial ? ' (building the index)' : ''}\n`);
      }
    });
  }
  let code: number;
  try {
    const config = buildConfig(opts, workspace, process.env);
    checkCacheDir(config.storageDir ?? '');
    code = await command(engine, opts, workspace, config);
  } catch (err) {
    // Whatever failed (the store, the file system): one line; the stack is a detail for --verbose.
    printError(errorText(err).split('\n')[0]);
    if (opts.verbose && err instanceof Error && err.stack) {
      process.stderr.write(`${terminalBlock(err.stack)}\n`);
    }
    code = 1;
  } finally {
    try {
      // Saves the index: a failure here fails the run as much as one above.
      await engine.dispose();
    } catch (err) {
      printError(errorText(err).split('\n')[0]);
      loggedErrors++;
    }
  }
  return loggedErrors > 0 && code === 0 ? 1 : code;
}

async function command(engine: IndexEngine, opts: CliOptions, workspace: string, config: IndexConfig): Promise<number> {
  if (opts.command === 'restore' && opts.undo !== undefined) {
    // Undo needs only the saved record, not the index.
    return undoCommand(opts.undo, config.storageDir ?? '', [workspace], opts.json, opts.force);
  }
  const cacheFile = opts.command === 'sessions' && config.storageDir ? join(config.storageDir, listingCacheName) : undefined;
  const cached = cacheFile ? readListingCache(cacheFile, workspace) : undefined;
  if (cached && (await engine.unchangedSince(config, cached.stamp, cached.cursors))) {
    // The index is as the run that listed these sessions saved it, and no transcript changed since (listingCache.ts).
    print(opts.json, cached.sessions, sessionsText);
    return 0;
  }
  if (config.storageDir && IndexEngine.savedIndexChecked(config.storageDir)) {
    // SQLite (wasm) is compiled when the index is opened. A warm run executes little SQL: V8's baseline compiler
    // alone serves it well, while optimizing SQLite's hottest functions as well (on other threads) cost about a third
    // of a warm run's CPU time. A first index, which runs SQL for seconds, keeps V8's default tiers.
    setFlagsFromString('--liftoff-only');
  }
  await engine.configure(config);
  // Nothing new since the index was saved (the usual case): answered from it as read, without the lock or a pass.
  if (!(await engine.upToDate())) {
    await engine.refresh();
  }
  if (opts.command === 'blame') {
    return await blame(engine, opts, workspace);
  }
  const folders = [workspace];
  const summaries = await engine.listSessions();
  const changed = await engine.changedPathsBySession();
  const sessions = summaries.map((s) => sessionJson(s, changed.get(s.key) ?? [], folders));
  if (opts.command === 'sessions') {
    const saved = cacheFile ? engine.savedSnapshot() : undefined;
    if (cacheFile && saved && !(cached && sameStamp(cached.stamp, saved.stamp))) {
      writeListingCache(cacheFile, workspace, saved.stamp, saved.cursors, sessions);
    }
    print(opts.json, sessions, sessionsText);
    return 0;
  }
  const wanted = opts.sessionId ?? '';
  const matches = summaries.filter((s) => s.id === wanted || s.key === wanted);
  const candidates = matches.length > 0 ? matches : summaries.filter((s) => s.id.startsWith(wanted));
  if (candidates.length === 0) {
    printError(`no session ${wanted} in ${workspace}`);
    return 1;
  }
  if (candidates.length > 1) {
    printError(`${wanted} is ambiguous: ${candidates.map((c) => c.id).join(', ')}`);
    return 1;
  }
  const summary = candidates[0];
  const detail = await engine.sessionDetail(summary.key);
  if (!detail) {
    printError(`session ${wanted} disappeared while reading`);
    return 1;
  }
  if (opts.command === 'checkpoints') {
    return await checkpointsCommand(engine, summary.key, [workspace], opts.json);
  }
  if (opts.command === 'restore') {
    return await restoreCommand(engine, summary.key, opts, [workspace], config.storageDir ?? '');
  }
  const shown = showJson(sessions[summaries.indexOf(summary)], detail, folders);
  const timeNote = agentRegistry.get(summary.agent)?.timeNote;
  const result = timeNote !== undefined ? { ...shown, timeNote } : shown;
  print(opts.json, result, showText);
  return 0;
}

/** `--json`: exactly the data; otherwise the human form, escaped for the terminal (terminalText.ts). */
function print<T>(json: boolean, value: T, human: (value: T) => string): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  } else {
    printText(human(value));
  }
}

/**
 * The index, its archive and restore records all live in the cache folder; one that cannot be created or written
 * would fail at the end of the run (after printing results from an index it could not save). Every folder in it is
 * checked, so a read-only subfolder fails as clearly as a read-only cache.
 */
function checkCacheDir(dir: string): void {
  const hint = 'pass --cache-dir with a writable folder, or fix its permissions';
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new Error(`cannot create the cache folder ${dir} (${errorText(err)}); ${hint}`);
  }
  const pending = [dir];
  for (let d = pending.pop(); d !== undefined; d = pending.pop()) {
    try {
      accessSync(d, constants.W_OK | constants.X_OK);
    } catch (err) {
      throw new Error(`the cache folder ${d} is not writable (${errorText(err)}); ${hint}`);
    }
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) {
        pending.push(join(d, e.name));
      }
    }
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function blame(engine: IndexEngine, opts: CliOptions, workspace: string): Promise<number> {
  const file = normalizePath(resolve(opts.file ?? ''));
  if (!isWithin(file, normalizePath(workspace))) {
    printError(`${file} is not inside the workspace ${workspace} (see --workspace)`);
    return 1;
  }
  let content: string;
  if (opts.contents === '-') {
    content = await readStdin();
  } else {
    try {
      content = readFileSync(file, 'utf8');
    } catch (err) {
      printError(`cannot read ${file}: ${errorText(err)}`);
      return 1;
    }
  }
  if (content.includes('\u0000')) {
    printError(`${file} looks binary; not blamed`);
    return 1;
  }
  const basis = await engine.blameBasis(file);
  const lines = basis ? new BlameEngine(applyRecordedPatch).blame(basis.replayed, content, basis.shellRuns) : { path: file, lines: [], notes: [] };
  const result = blameJson(displayPath(file, [workspace]), content, lines);
  if (!basis) {
    printError(`no agent session of this workspace touched ${result.file}`);
  }
  for (const note of result.notes) {
    printError(`note: ${note}`);
  }
  print(opts.json, result, blameText);
  return 0;
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      printError(`${err.message} (see agent-trail --help)`);
      process.exitCode = 2;
      return;
    }
    printError(errorText(err).split('\n')[0]);
    process.exitCode = 1;
  },
);
