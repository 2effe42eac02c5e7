// `agent-trail`: the same index as the extension, on the command line. The DB lives in a per-workspace cache
// folder; the format is the extension's.
import { spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { IndexEngine } from '../indexer/indexEngine';
import type { IndexConfig } from '../indexer/indexService';
import { makeIndexConfig } from '../indexer/indexConfig';
import { readFileSync } from 'node:fs';
import { BlameEngine } from '../core/blame/blameEngine';
import { displayPath, isWithin, normalizePath } from '../core/paths';
import { workspaceCacheDir } from '../restore/restoreCache';
import { applyRecordedPatch } from '../store/recordedPatch';
import { helpText, parseArgs, UsageError, type CliOptions } from './args';
import { blameJson, blameText } from './blameOutput';
import { sessionJson, sessionsText, showJson, showText, type SessionJson } from './cliOutput';
import { restoreCommand, checkpointsCommand, undoCommand } from './restoreCommand';

declare const AGENT_TRAIL_VERSION: string | undefined;

function gitTopLevel(dir: string): string | undefined {
  const r = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() || undefined : undefined;
}

function cacheDirFor(workspace: string, env: NodeJS.ProcessEnv): string {
  return workspaceCacheDir(workspace, env, homedir());
}

export function buildConfig(opts: CliOptions, workspace: string, env: NodeJS.ProcessEnv): IndexConfig {
  return makeIndexConfig(
    {
      storageDir: opts.cacheDir ? resolve(opts.cacheDir) : cacheDirFor(workspace, env),
      wasmPath: join(__dirname, 'sql-wasm.wasm'),
      workspaceFolders: [workspace],
      home: env.HOME && env.HOME.trim() !== '' ? env.HOME : homedir(),
      env: { ...env },
    },
    {
      agents: {
        'claude-code': { enabled: !opts.disabled.has('claude-code'), roots: opts.claudeDirs.map((d) => resolve(d)) },
        codex: { enabled: !opts.disabled.has('codex'), roots: opts.codexDirs.map((d) => resolve(d)) },
        'gemini-cli': { enabled: !opts.disabled.has('gemini-cli'), roots: opts.geminiDirs.map((d) => resolve(d)) },
      },
      // One run of the CLI persists once, at the end.
      persistDelayMs: 60_000,
    },
  );
}

async function run(argv: string[]): Promise<number> {
  const opts = parseArgs(argv);
  if (opts.command === 'help') {
    process.stdout.write(helpText);
    return 0;
  }
  if (opts.command === 'version') {
    process.stdout.write(`${typeof AGENT_TRAIL_VERSION === 'string' ? AGENT_TRAIL_VERSION : 'dev'}\n`);
    return 0;
  }
  const workspace = resolve(opts.workspace ?? gitTopLevel(process.cwd()) ?? process.cwd());
  const engine = new IndexEngine();
  engine.onLog((level, message) => {
    if (opts.verbose || level === 'warn' || level === 'error') {
      process.stderr.write(`agent-trail: ${level}: ${message}\n`);
    }
  });
  try {
    const config = buildConfig(opts, workspace, process.env);
    if (opts.command === 'restore' && opts.undo !== undefined) {
      // Undo needs only the saved record, not the index.
      return undoCommand(opts.undo, config.storageDir ?? '', [workspace], opts.json, opts.force);
    }
    await engine.configure(config);
    await engine.refresh();
    if (opts.command === 'blame') {
      return await blame(engine, opts, workspace);
    }
    const folders = [workspace];
    const summaries = await engine.listSessions();
    const sessions: SessionJson[] = [];
    for (const s of summaries) {
      sessions.push(sessionJson(s, await engine.changedPaths(s.key), folders));
    }
    if (opts.command === 'sessions') {
      process.stdout.write(opts.json ? `${JSON.stringify(sessions, null, 2)}\n` : sessionsText(sessions));
      return 0;
    }
    const wanted = opts.sessionId ?? '';
    const matches = summaries.filter((s) => s.id === wanted || s.key === wanted);
    const candidates = matches.length > 0 ? matches : summaries.filter((s) => s.id.startsWith(wanted));
    if (candidates.length === 0) {
      process.stderr.write(`agent-trail: no session ${wanted} in ${workspace}\n`);
      return 1;
    }
    if (candidates.length > 1) {
      process.stderr.write(`agent-trail: ${wanted} is ambiguous: ${candidates.map((c) => c.id).join(', ')}\n`);
      return 1;
    }
    const summary = candidates[0];
    const detail = await engine.sessionDetail(summary.key);
    if (!detail) {
      process.stderr.write(`agent-trail: session ${wanted} disappeared while reading\n`);
      return 1;
    }
    if (opts.command === 'checkpoints') {
      return await checkpointsCommand(engine, summary.key, [workspace], opts.json);
    }
    if (opts.command === 'restore') {
      return await restoreCommand(engine, summary.key, opts, [workspace], config.storageDir ?? '');
    }
    const result = showJson(sessions[summaries.indexOf(summary)], detail, folders);
    process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : showText(result));
    return 0;
  } finally {
    await engine.dispose();
  }
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
    process.stderr.write(`agent-trail: ${file} is not inside the workspace ${workspace} (see --workspace)\n`);
    return 1;
  }
  let content: string;
  if (opts.contents === '-') {
    content = await readStdin();
  } else {
    try {
      content = readFileSync(file, 'utf8');
    } catch (err) {
      process.stderr.write(`agent-trail: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    }
  }
  if (content.includes('\u0000')) {
    process.stderr.write(`agent-trail: ${file} looks binary; not blamed\n`);
    return 1;
  }
  const basis = await engine.blameBasis(file);
  const lines = basis ? new BlameEngine(applyRecordedPatch).blame(basis.replayed, content, basis.shellRuns) : { path: file, lines: [], notes: [] };
  const result = blameJson(displayPath(file, [workspace]), content, lines);
  if (!basis) {
    process.stderr.write(`agent-trail: no agent session of this workspace touched ${result.file}\n`);
  }
  for (const note of result.notes) {
    process.stderr.write(`agent-trail: note: ${note}\n`);
  }
  process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : blameText(result));
  return 0;
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`agent-trail: ${err.message} (see agent-trail --help)\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`agent-trail: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
