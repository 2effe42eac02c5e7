// The host side of `npm run bench:timeline` (scripts/benchTimelineOpen.mjs drives --prepare and --child-open below),
// and `npm run bench:timeline:parts`, host part (no arguments): what the extension did between "Open Timeline" and posting the session to the
// page, on one generated Claude Code session of 500 prompts and 5,000 tool calls (scripts/timelineTranscript.ts)
// indexed under a temporary home by the real index worker, as in the extension. p50 of 5 runs of:
//   sessionDetail   — IndexService.sessionDetail through the worker client (query, blobs, thread crossing);
//   buildTimeline   — the page's model from the detail (src/core/timeline/timelineModel.ts);
//   structuredClone — of the TimelineSession, what posting it costs.
// Baseline in the same run: reading the transcript and JSON.parse of every line, the least any implementation must
// do. The total is left in dist/bench/timelineHost.json for the page part (scripts/benchTimeline.mjs), which adds
// its "first prompts painted" to it. Usage: node dist/bench/benchTimelineHost.js [--prompts 500 --tools 5000 --runs 5]
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTimeline, buildTimelineOutline, openingRange, timelinePromptSteps, withSteps } from '../src/core/timeline/timelineModel';
import type { SessionDetail } from '../src/core/model';
import type { HostMessage, TimelineSession } from '../src/core/timeline/timelineProtocol';
import { makeIndexConfig } from '../src/indexer/indexConfig';
import type { IndexConfig } from '../src/indexer/indexService';
import { cachedCorpusRoot, generateRealisticCorpus } from './bench/realisticCorpus';
import { IndexEngine } from '../src/indexer/indexEngine';
import { WorkerIndexService } from '../src/indexer/indexWorkerClient';
import { writeLargeClaudeSession } from './timelineTranscript';

/** Where the page part finds the host total (next to this script, in dist/bench). */
const hostResultFile = join(__dirname, 'timelineHost.json');

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const promptCount = arg('prompts', 500);
const toolCalls = arg('tools', 5000);
const runs = arg('runs', 5);

const p50 = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const ms = (x: number): string => `${x.toFixed(0)} ms`;
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t = now();
  const value = fn();
  return { value, ms: now() - t };
}

async function timedAsync<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t = now();
  const value = await fn();
  return { value, ms: now() - t };
}

/** The baseline: the whole transcript read and every line parsed, nothing kept. */
function readAndParse(path: string): number {
  let records = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line !== '') {
      JSON.parse(line);
      records++;
    }
  }
  return records;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) {
    throw new Error(`${what} not found`);
  }
  return value;
}

/**
 * `--prepare <root> generated`: the generated transcript (--prompts, --tools) written and indexed into `<root>/storage`
 * by the index worker, persisted. `--prepare <root> corpus <mb>`: the realistic corpus of `mb` MB (scripts/bench/
 * realisticCorpus.ts, cached under tmp/cache) indexed the same way for its workspace; its manifest's long session is
 * the one opened. Prints the session key, the transcript's bytes and the index configuration the opens use.
 */
async function prepare(root: string, source: string, corpusMb: number): Promise<void> {
  let base: { workspaceFolders: string[]; home: string };
  let sessionId: string;
  let bytes: number;
  if (source === 'corpus') {
    const manifest = await generateRealisticCorpus(cachedCorpusRoot(corpusMb), { mb: corpusMb });
    base = { workspaceFolders: manifest.workspaceFolders, home: manifest.home };
    sessionId = manifest.longSession.id;
    bytes = statSync(manifest.longSession.path).size;
  } else {
    const home = join(root, 'home');
    const workspace = join(root, 'workspace');
    const transcript = writeLargeClaudeSession(join(home, '.claude'), workspace, promptCount, toolCalls);
    base = { workspaceFolders: [workspace], home };
    sessionId = transcript.sessionId;
    bytes = transcript.bytes;
  }
  const config = makeIndexConfig({ storageDir: join(root, 'storage'), wasmPath: join(__dirname, '..', 'sql-wasm.wasm'), ...base });
  const service = new WorkerIndexService(join(__dirname, '..', 'indexWorker.js'));
  try {
    await service.configure(config);
    await service.refresh();
    await service.flush();
    const key = required((await service.listSessions()).find((s) => s.id === sessionId), 'the long session').key;
    writeFileSync(join(root, 'config.json'), JSON.stringify(config));
    process.stdout.write(JSON.stringify({ key, bytes }));
  } finally {
    await service.dispose();
  }
}

/**
 * `--child-open <root> <key> <messageFile> outline|whole`: one first open in a NEW process, as the extension host
 * does it after activation: the index worker started and configured over the stored index (timed apart: activation
 * does it), then the first message serialized as JSON text (how VS Code sends it), written to `messageFile` for the
 * page. `outline` is what the panel does now (timelinePanel.ts: the outline and the steps of the prompts where the
 * page opens); `whole` is what it did before (the whole session's detail, every prompt's steps), the baseline.
 * Then, for `outline`, what the page's background loading costs the host: every prompt's steps, 40 at a time.
 */
async function childOpen(root: string, key: string, messageFile: string, mode: string): Promise<void> {
  const started = now();
  const service = new WorkerIndexService(join(__dirname, '..', 'indexWorker.js'));
  try {
    await service.configure(JSON.parse(readFileSync(join(root, 'config.json'), 'utf8')) as IndexConfig);
    const configureMs = now() - started;
    let queryMs: number;
    let buildMs: number;
    let timeline: TimelineSession;
    if (mode === 'whole') {
      const d = await timedAsync(() => service.sessionDetail(key));
      const detail = required(d.value, `session ${key}`);
      const b = timed(() => buildTimeline(key, detail));
      [queryMs, buildMs, timeline] = [d.ms, b.ms, b.value];
    } else {
      const o = await timedAsync(() => service.sessionOutline(key));
      const outline = required(o.value, `session ${key}`);
      const b1 = timed(() => buildTimelineOutline(key, outline));
      const range = required(openingRange(b1.value, () => false), 'a prompt');
      const r = await timedAsync(() => service.sessionPrompts(key, range.from, range.to));
      const b2 = timed(() => withSteps(b1.value, r.value.map(timelinePromptSteps)));
      [queryMs, buildMs, timeline] = [o.ms + r.ms, b1.ms + b2.ms, b2.value];
    }
    const message: HostMessage = { type: 'session', session: timeline, restoreEnabled: true };
    const j = timed(() => JSON.stringify(message));
    writeFileSync(messageFile, j.value);
    let restMs = 0;
    let restBytes = 0;
    if (mode !== 'whole') {
      // The background loading after the first paint (webview/src/timeline.ts loadMore): the host's side of it.
      for (let at = 0; at < timeline.prompts.length; at += 40) {
        const from = timeline.prompts[at].index;
        const to = timeline.prompts[Math.min(timeline.prompts.length, at + 40) - 1].index;
        const t = now();
        const prompts = (await service.sessionPrompts(key, from, to)).map(timelinePromptSteps);
        restBytes += JSON.stringify({ type: 'steps', sessionKey: key, prompts } satisfies HostMessage).length;
        restMs += now() - t;
      }
    }
    const loadedPrompts = timeline.prompts.filter((p) => p.steps !== undefined).length;
    process.stdout.write(JSON.stringify({ configureMs, queryMs, buildMs, stringifyMs: j.ms, messageBytes: Buffer.byteLength(j.value), prompts: timeline.counts.prompts, toolCalls: timeline.counts.toolCalls, loadedPrompts, restMs, restBytes }));
  } finally {
    await service.dispose();
  }
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  if (mode === '--prepare') {
    return prepare(process.argv[3], process.argv[4], Number(process.argv[5]));
  }
  if (mode === '--child-open') {
    return childOpen(process.argv[3], process.argv[4], process.argv[5], process.argv[6]);
  }
  const root = mkdtempSync(join(tmpdir(), 'agent-trail-bench-timeline-'));
  const home = join(root, 'home');
  const workspace = join(root, 'workspace');
  const config = makeIndexConfig({ storageDir: join(root, 'storage'), wasmPath: join(__dirname, '..', 'sql-wasm.wasm'), workspaceFolders: [workspace], home });
  try {
    const generated = timed(() => writeLargeClaudeSession(join(home, '.claude'), workspace, promptCount, toolCalls));
    const transcript = generated.value;

    // The extension's configuration: the engine in its worker thread, with the parse worker next to it.
    const service = new WorkerIndexService(join(__dirname, '..', 'indexWorker.js'));
    const times = { detail: [] as number[], build: [] as number[], clone: [] as number[], total: [] as number[], stringify: [] as number[], engine: [] as number[], baseline: [] as number[] };
    let detail: SessionDetail | undefined;
    let timeline: TimelineSession | undefined;
    let key = '';
    let indexMs = 0;
    try {
      await service.configure(config);
      indexMs = (await timedAsync(() => service.refresh())).ms;
      // Persist now, so that the debounced persist cannot land inside a measured call.
      await service.flush();
      const sessions = await service.listSessions();
      key = required(sessions.find((s) => s.id === transcript.sessionId), 'the generated session').key;
      for (let r = 0; r < runs; r++) {
        const d = await timedAsync(() => service.sessionDetail(key));
        detail = required(d.value, `session ${key}`);
        const sessionDetail = detail;
        const b = timed(() => buildTimeline(key, sessionDetail));
        timeline = b.value;
        const tl = timeline;
        const c = timed(() => structuredClone(tl));
        times.detail.push(d.ms);
        times.build.push(b.ms);
        times.clone.push(c.ms);
        times.total.push(d.ms + b.ms + c.ms);
        // VS Code's extension host sends webview messages as JSON text: reported, not part of the total.
        times.stringify.push(timed(() => JSON.stringify(tl)).ms);
      }
    } finally {
      await service.dispose();
    }

    // The same query in this thread on the persisted index: splits sessionDetail into the query itself and the
    // crossing of the thread boundary (the detail carries every file content and output in full).
    const engine = new IndexEngine();
    try {
      await engine.configure(config);
      for (let r = 0; r < runs; r++) {
        times.engine.push((await timedAsync(() => engine.sessionDetail(key))).ms);
      }
    } finally {
      await engine.dispose();
    }

    let records = 0;
    for (let r = 0; r < runs; r++) {
      const base = timed(() => readAndParse(transcript.path));
      records = base.value;
      times.baseline.push(base.ms);
    }

    const tl = required(timeline, 'the timeline');
    const steps = tl.prompts.reduce((n, p) => n + p.stepCount, 0);
    const timelineBytes = Buffer.byteLength(JSON.stringify(tl));
    const detailBytes = Buffer.byteLength(JSON.stringify(detail));
    const total = p50(times.total);
    const baseline = p50(times.baseline);
    const out = process.stdout;
    out.write(`transcript: Claude Code JSONL, ${records} records, ${mb(transcript.bytes)} (generated in ${ms(generated.ms)}); indexed by the index worker in ${ms(indexMs)}\n`);
    out.write(`session: ${tl.counts.prompts} prompts, ${tl.counts.toolCalls} tool calls, ${steps} steps, ${tl.counts.filesChanged} files changed\n`);
    out.write(`TimelineSession: ${mb(timelineBytes)} of JSON; the SessionDetail it is built from: ${mb(detailBytes)} of JSON\n`);
    out.write(`\np50 of ${runs} runs (host side of opening the timeline)\n`);
    const row = (name: string, xs: readonly number[]): void => {
      out.write(`${name.padEnd(46)} ${ms(p50(xs)).padStart(8)}\n`);
    };
    row('sessionDetail (index worker client)', times.detail);
    row('  of which the query (engine in this thread)', times.engine);
    row('buildTimeline', times.build);
    row('structuredClone(TimelineSession)', times.clone);
    row('total (p50 of per-run totals)', times.total);
    row('baseline: read transcript + JSON.parse lines', times.baseline);
    out.write(`ratio total / baseline: ${(total / baseline).toFixed(2)}x\n`);
    out.write(`not in the total: JSON.stringify(TimelineSession), how VS Code serializes a webview message: ${ms(p50(times.stringify))}\n`);
    out.write(`all runs, total: ${times.total.map(ms).join(', ')}; sessionDetail: ${times.detail.map(ms).join(', ')}\n`);
    writeFileSync(hostResultFile, JSON.stringify({ totalMs: total, prompts: tl.counts.prompts, toolCalls: tl.counts.toolCalls, timelineBytes }));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
