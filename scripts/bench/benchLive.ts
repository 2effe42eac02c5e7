// `npm run bench:live [-- --mb 500 --idle-s 60 --appends 20 --corpus-root DIR --agent claude|opencode]`: the index while nothing happens
// and while an agent works, on the realistic corpus (realisticCorpus.ts), with the index built and watching exactly
// as the extension runs it (the index worker through WorkerIndexService). For the default scope (the workspace
// folder) and everything in scope (the folder holding all 50 projects), each in its own child process:
//   (a) idle CPU of the whole process (every thread) over --idle-s seconds with nothing changing, and in the same
//       run, as baselines: a full refresh every 5 s (today's pass), and what each 5 s pass did before the index
//       watched events (every agent's discovery without the discovery memo, a stat of every transcript);
//   (b) latency from appending one record to a workspace transcript to its change event, to listSessions showing
//       it, and to a Sessions view (its debounce and pacing, sessionsRefresh.ts) showing it: median and spread;
//   (c) bytes written per burst of agent activity (records appended over a few seconds, then the save): write(2)
//       bytes of the process (/proc/self/io wchar) and growth of the storage folder, against the bytes appended
//       and the DB size (what one whole-DB save writes).
// `--agent opencode`: the records are new messages written into the corpus's OpenCode database (WAL mode) by SQLite
// itself, as a running OpenCode writes them (scripts/bench/opencodeWriter.py; needs python3), to a session of the
// workspace: the index must see a database change, read the new rows from its cursor and show the prompt.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ParseIssue } from '../../src/core/ops';
import { agentRegistry } from '../../src/adapters/agentRegistry';
import { makeIndexConfig } from '../../src/indexer/indexConfig';
import { WorkerIndexService } from '../../src/indexer/indexWorkerClient';
import { debounce } from '../../src/vscode/debounce';
import { ListPace, sessionsChangeDebounceMs, sessionsChangeMaxWaitMs, sessionsChangeQuietMs } from '../../src/vscode/views/sessionsRefresh';
import { cachedCorpusRoot, claudeProjectDir, generateRealisticCorpus, type CorpusManifest } from './realisticCorpus';
import { readDatabase } from '../../src/adapters/sqlite/readOnlySqlite';
import { sqliteWasmPath } from './opencodeCorpus';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) {
    return NaN;
  }
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

interface Spread {
  median: number;
  p10: number;
  p90: number;
  min: number;
  max: number;
  n: number;
}

function spread(values: number[]): Spread {
  const s = [...values].sort((a, b) => a - b);
  return { median: quantile(s, 0.5), p10: quantile(s, 0.1), p90: quantile(s, 0.9), min: s[0], max: s[s.length - 1], n: s.length };
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Bytes this process passed to write(2) (every thread), from /proc (Linux); NaN elsewhere. */
function writtenBytes(): number {
  try {
    const m = /^wchar:\s*(\d+)/m.exec(readFileSync('/proc/self/io', 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

function duBytes(dir: string): number {
  let sum = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    sum += e.isDirectory() ? duBytes(p) : statSync(p).size;
  }
  return sum;
}

/** The newest main transcript of the workspace's Claude project: where the appended records go. */
function workspaceTranscript(m: CorpusManifest): string {
  const dir = join(m.home, '.claude', 'projects', claudeProjectDir(m.workspaceFolders[0]));
  const files = readdirSync(dir)
    .filter((n) => n.endsWith('.jsonl'))
    .map((n) => join(dir, n))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs || a.localeCompare(b));
  if (files.length === 0) {
    throw new Error(`no Claude transcript in ${dir}`);
  }
  return files[0];
}

/** A prompt record like the transcript's own (its first real prompt), with a new uuid, time and text. */
function promptRecordMaker(transcript: string): (text: string) => string {
  const lines = readFileSync(transcript, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const template = lines
    .map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        return undefined;
      }
    })
    .find((r) => r?.type === 'user' && typeof (r.message as { content?: unknown } | undefined)?.content === 'string');
  if (!template) {
    throw new Error(`no prompt record in ${transcript}`);
  }
  let parent = (JSON.parse(lines[lines.length - 1]) as { uuid?: string }).uuid ?? null;
  return (text) => {
    const uuid = randomUUID();
    const record = { ...template, uuid, parentUuid: parent, timestamp: new Date().toISOString(), message: { role: 'user', content: text } };
    parent = uuid;
    return `${JSON.stringify(record)}\n`;
  };
}

/** Where the bench's records go, as an agent at work would write them; `write` resolves once they are written. */
interface AgentWriter {
  /** The session (index key) whose prompt count grows. */
  key: string;
  write(text: string): Promise<void>;
  close(): void;
}

function claudeWriter(m: CorpusManifest): AgentWriter {
  const transcript = workspaceTranscript(m);
  const make = promptRecordMaker(transcript);
  // The key the index gives a Claude session: its id is the transcript's name.
  const id = transcript.slice(transcript.lastIndexOf('/') + 1, -'.jsonl'.length);
  return {
    key: `claude-code:${id}`,
    write: (text) => {
      appendFileSync(transcript, make(text));
      return Promise.resolve();
    },
    close: () => undefined,
  };
}

/** A running OpenCode: SQLite writing new messages into a workspace session of the corpus's database. */
async function opencodeWriter(m: CorpusManifest): Promise<AgentWriter> {
  const db = m.opencodeDb?.path.replace(m.root, dirname(m.home));
  if (!db) {
    throw new Error('the corpus has no OpenCode database');
  }
  const session = await readDatabase(db, sqliteWasmPath(), (d) =>
    d.all("SELECT id FROM session WHERE directory = ? AND EXISTS (SELECT 1 FROM message WHERE session_id = session.id AND json_extract(data, '$.role') = 'user') ORDER BY time_updated DESC LIMIT 1", [m.workspaceFolders[0]]),
  );
  if (session.length === 0) {
    throw new Error(`no OpenCode session of ${m.workspaceFolders[0]} in ${db}`);
  }
  const id = String(session[0].id);
  const child = spawn('python3', [join(process.cwd(), 'scripts', 'bench', 'opencodeWriter.py'), db, id], { stdio: ['pipe', 'pipe', 'inherit'] });
  const acks = createInterface({ input: child.stdout });
  const waiting: (() => void)[] = [];
  acks.on('line', () => waiting.shift()?.());
  return {
    key: `opencode:${id}`,
    write: (text) =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        child.stdin.write(`${text.replace(/\n/g, ' ')}\n`);
      }),
    close: () => child.stdin.end(),
  };
}

// ---- one scope, in a child process --------------------------------------------------------------

interface LiveResult {
  scope: string;
  workspaceFolders: string[];
  firstIndexMs: number;
  sources: number;
  watchModes: string[];
  idle: { seconds: number; cpuMs: number; share: number; writtenBytes: number };
  polling: { seconds: number; cpuMs: number; share: number };
  formerPolling: { seconds: number; cpuMs: number; share: number; files: number };
  latency: { event: Spread; listed: Spread; view: Spread };
  burst: { records: number; appendedBytes: number; writtenBytes: number; storageGrowth: number; dbBytes: number };
}

async function phaseLive(manifestPath: string, scope: 'default' | 'everything', idleS: number, appends: number, agent: string): Promise<void> {
  const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as CorpusManifest;
  const dist = __dirname.endsWith('bench') ? dirname(__dirname) : __dirname;
  const storageDir = mkdtempSync(join(tmpdir(), 'at-bench-live-'));
  const workspaceFolders = scope === 'default' ? m.workspaceFolders : [dirname(m.workspaceFolders[0])];
  const service = new WorkerIndexService(join(dist, 'indexWorker.js'));
  const modes: string[] = [];
  service.onLog((level, message) => {
    if (message.startsWith('[index] watching')) {
      modes.push(message);
    } else if (level === 'error') {
      process.stderr.write(`${message}\n`);
    }
  });
  try {
    const config = makeIndexConfig({ storageDir, wasmPath: join(dist, 'sql-wasm.wasm'), workspaceFolders, home: m.home, env: {} });
    await service.configure(config);
    let started = Date.now();
    const stats = await service.refresh();
    const firstIndexMs = Date.now() - started;
    await service.watch();
    // The first save and the worker's clean-up after the first index are not idling.
    await sleep(5000);

    // (a) idle, then the same window with a full pass every 5 s (the index before it watched events).
    let cpu0 = cpuMs();
    const w0 = writtenBytes();
    started = Date.now();
    await sleep(idleS * 1000);
    const idleWall = Date.now() - started;
    const idle = { seconds: idleWall / 1000, cpuMs: cpuMs() - cpu0, share: (cpuMs() - cpu0) / idleWall, writtenBytes: writtenBytes() - w0 };
    const pollS = Math.max(10, Math.round(idleS / 2));
    cpu0 = cpuMs();
    started = Date.now();
    while (Date.now() - started < pollS * 1000) {
      await sleep(5000);
      await service.refresh();
    }
    const pollWall = Date.now() - started;
    const pollCpu = cpuMs() - cpu0;
    await sleep(3000);
    // What each 5 s pass did before it watched events, before anything else: every agent's discovery without the
    // discovery memo (the first line of every Codex rollout read, other projects' included) and a stat of every
    // transcript found. Run here, in this thread, while the worker idles.
    let formerFiles = 0;
    cpu0 = cpuMs();
    started = Date.now();
    while (Date.now() - started < pollS * 1000) {
      await sleep(5000);
      const issues: ParseIssue[] = [];
      for (const { adapter } of agentRegistry.all) {
        const files = await adapter.discover(adapter.defaultRoots({ home: m.home, env: {} }), workspaceFolders, issues);
        formerFiles = files.length;
        for (const f of files) {
          statSync(f.path);
        }
      }
    }
    const formerWall = Date.now() - started;
    const formerCpu = cpuMs() - cpu0;
    await sleep(1000);

    // (b) latency: append one prompt, wait for the change event, the listing, and the view.
    const writer = agent === 'opencode' ? await opencodeWriter(m) : claudeWriter(m);
    const key = writer.key;
    const event: number[] = [];
    const listed: number[] = [];
    const view: number[] = [];
    const pace = new ListPace();
    let viewWaiter: ((prompts: number) => void) | undefined;
    const viewRefresh = debounce<readonly string[]>(
      () => {
        void pace.timed(() => service.listSessions()).then((sessions) => viewWaiter?.(sessions.find((s) => s.key === key)?.promptCount ?? -1));
      },
      sessionsChangeDebounceMs,
      sessionsChangeMaxWaitMs,
      () => pace.minGapMs(),
      sessionsChangeQuietMs,
    );
    const sub = service.onDidChange((c) => viewRefresh(c.sessions));
    let prompts = (await service.listSessions()).find((s) => s.key === key)?.promptCount ?? 0;
    for (let i = 0; i < appends; i++) {
      await sleep(400 + Math.random() * 400);
      const target = prompts + 1;
      const sawEvent = new Promise<number>((resolve) => {
        const s = service.onDidChange((c) => {
          if (c.sessions.includes(key ?? '')) {
            s.dispose();
            resolve(Date.now());
          }
        });
      });
      const sawView = new Promise<number>((resolve) => {
        viewWaiter = (n) => n >= target && resolve(Date.now());
      });
      const t0 = Date.now();
      await writer.write(`bench live prompt ${i}`);
      event.push((await sawEvent) - t0);
      for (;;) {
        const s = (await service.listSessions()).find((x) => x.key === key);
        if ((s?.promptCount ?? 0) >= target) {
          listed.push(Date.now() - t0);
          break;
        }
        await sleep(1);
      }
      view.push((await sawView) - t0);
      prompts = target;
    }
    sub.dispose();
    viewRefresh.cancel();
    await sleep(3000);

    // (c) a burst: 30 records over 3 s, then the save.
    await service.flush();
    const sizeBefore = duBytes(storageDir);
    const wBefore = writtenBytes();
    let appended = 0;
    const records = 30;
    for (let i = 0; i < records; i++) {
      const text = `bench burst ${i} ${'x'.repeat(2000)}`;
      appended += Buffer.byteLength(text);
      await writer.write(text);
      await sleep(100);
    }
    writer.close();
    // Then as long as the extension waits before an idle save, and a little more: what a burst really costs. (Not
    // flush(): closing the window saves the DB once, which is not a cost of each burst.)
    await sleep(config.persistDelayMs + 2000);
    const burst = {
      records,
      appendedBytes: appended,
      writtenBytes: writtenBytes() - wBefore - appended,
      storageGrowth: duBytes(storageDir) - sizeBefore,
      dbBytes: statSync(join(storageDir, 'index.db')).size,
    };
    const result: LiveResult = {
      scope,
      workspaceFolders,
      firstIndexMs,
      sources: stats.sources,
      watchModes: modes,
      idle,
      polling: { seconds: pollWall / 1000, cpuMs: pollCpu, share: pollCpu / pollWall },
      formerPolling: { seconds: formerWall / 1000, cpuMs: formerCpu, share: formerCpu / formerWall, files: formerFiles },
      latency: { event: spread(event), listed: spread(listed), view: spread(view) },
      burst,
    };
    process.stdout.write(`\nRESULT ${JSON.stringify(result)}\n`);
  } finally {
    await service.dispose();
    rmSync(storageDir, { recursive: true, force: true });
  }
}

// ---- driver ---------------------------------------------------------------------------------------

function pct(share: number): string {
  return `${(share * 100).toFixed(2)}%`;
}

function ms(s: Spread): string {
  return `${s.median.toFixed(0)} ms (p10 ${s.p10.toFixed(0)}, p90 ${s.p90.toFixed(0)}, max ${s.max.toFixed(0)}, n ${s.n})`;
}

function kb(n: number): string {
  return `${(n / 1024).toFixed(0)} KB`;
}

async function main(): Promise<void> {
  if (process.argv.includes('--phase')) {
    void phaseLive(arg('--manifest', ''), arg('--scope', 'default') as 'default' | 'everything', Number(arg('--idle-s', '60')), Number(arg('--appends', '20')), arg('--agent', 'claude')).catch(
      (err: unknown) => {
        process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exitCode = 1;
      },
    );
    return;
  }
  const mb = Number(arg('--mb', '500'));
  const root = arg('--corpus-root', cachedCorpusRoot(mb));
  const idleS = arg('--idle-s', '60');
  const appends = arg('--appends', '20');
  const agent = arg('--agent', 'claude');
  process.stdout.write(`corpus: ${root} (${mb} MB)…\n`);
  const m = await generateRealisticCorpus(root, { mb });
  process.stdout.write(`  ${m.transcriptFiles} transcript files, ${(m.transcriptBytes / 1e6).toFixed(0)} MB of transcripts, workspace ${m.workspaceFolders.join(', ')}\n`);
  // Each phase appends to a copy's transcript: the cached corpus stays as generated.
  for (const scope of (arg('--scopes', 'default,everything')).split(',')) {
    const copy = mkdtempSync(join(tmpdir(), 'at-bench-live-corpus-'));
    try {
      const home = join(copy, 'home');
      spawnSync('cp', ['-a', m.home, home]);
      const manifestPath = join(copy, 'manifest.json');
      // The copy keeps the corpus's paths for the projects (sessions record them); only HOME moves.
      writeFileSync(manifestPath, JSON.stringify({ ...m, home }));
      const child = spawnSync(process.execPath, [__filename, '--phase', '--manifest', manifestPath, '--scope', scope, '--idle-s', idleS, '--appends', appends, '--agent', agent], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 64 * 1024 * 1024,
      });
      const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) {
        process.stdout.write(`${scope}: failed (exit ${child.status})\n${child.stdout}\n`);
        process.exitCode = 1;
        continue;
      }
      const r = JSON.parse(line.slice('RESULT '.length)) as LiveResult;
      process.stdout.write(
        [
          `\n== ${scope} scope (${r.workspaceFolders.join(', ')}): ${r.sources} transcripts indexed in ${r.firstIndexMs} ms`,
          ...r.watchModes.map((w) => `  ${w}`),
          `  (a) idle CPU over ${r.idle.seconds.toFixed(0)} s: ${pct(r.idle.share)} of a core (${r.idle.cpuMs.toFixed(0)} ms; ${kb(r.idle.writtenBytes)} written)`,
          `      same run, a full refresh (today's) every 5 s over ${r.polling.seconds.toFixed(0)} s: ${pct(r.polling.share)} of a core — ${(r.polling.share / Math.max(r.idle.share, 1e-6)).toFixed(0)}× idle`,
          `      same run, what each 5 s pass did before (discovery without the memo + a stat per transcript) over ${r.formerPolling.seconds.toFixed(0)} s: ${pct(r.formerPolling.share)} of a core — ${(r.formerPolling.share / Math.max(r.idle.share, 1e-6)).toFixed(0)}× idle`,
          `  (b) appended record → change event: ${ms(r.latency.event)}`,
          `      → listSessions shows it: ${ms(r.latency.listed)}`,
          `      → the Sessions view (its debounce and pacing) shows it: ${ms(r.latency.view)}`,
          `  (c) burst of ${r.burst.records} records (${kb(r.burst.appendedBytes)} appended over 3 s): ${kb(r.burst.writtenBytes)} written by the index, storage grew ${kb(r.burst.storageGrowth)}; DB ${kb(r.burst.dbBytes)} (one whole-DB save); written / appended ${(r.burst.writtenBytes / r.burst.appendedBytes).toFixed(1)}×, written / DB ${(r.burst.writtenBytes / r.burst.dbBytes).toFixed(2)}×`,
        ].join('\n') + '\n',
      );
      process.stdout.write(`JSON ${JSON.stringify(r)}\n`);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
