// The pipelined batch source: the parse worker (dist/parseWorker.js) must hand the engine exactly what reading and
// parsing in the engine's thread gives, stop cleanly when the consumer stops, and lose nothing when it dies.
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TranscriptFile } from '../../../src/adapters/adapter';
import type { Logger } from '../../../src/core/logger';
import type { IndexOp, ParseIssue } from '../../../src/core/ops';
import { agentRegistry } from '../../../src/adapters/agentRegistry';
import type { BatchJob, BatchSource, ParsedBatch } from '../../../src/indexer/batchSource';
import { makeIndexConfig } from '../../../src/indexer/indexConfig';
import { IndexEngine } from '../../../src/indexer/indexEngine';
import type { IndexService } from '../../../src/indexer/indexService';
import { InThreadBatchSource, readBackups } from '../../../src/indexer/inThreadSource';
import { documentHash } from '../../../src/indexer/transcriptHashes';
import { ParseWorkerSource, type ParseWorkerOptions } from '../../../src/indexer/parseWorkerSource';

const script = join(process.cwd(), 'dist/parseWorker.js');
const fixtures = join(process.cwd(), 'test/fixtures/recorded');
const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');
/** Small batches, so every recorded transcript spans several of them. */
const small = { batchBytes: 4096, chunkBytes: 1024 };

interface Logged {
  log: Logger;
  lines: string[];
}

function logger(): Logged {
  const lines: string[] = [];
  const at = (level: string) => (m: string | Error) => lines.push(`${level} ${m instanceof Error ? m.message : m}`);
  return { log: { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

function workerSource(options: Partial<ParseWorkerOptions> = {}, logged = logger()): ParseWorkerSource {
  return new ParseWorkerSource(script, logged.log, { ...small, minStartBytes: 0, ...options });
}

function jobFor(file: TranscriptFile, maxLineBytes = 64 * 1024 * 1024, knownSize?: number): BatchJob {
  const state = file.mode === 'whole' ? undefined : agentRegistry.adapter(file.agent).initialState(file);
  return { file, fromOffset: 0, fromLineNo: 0, state, maxLineBytes: maxLineBytes ?? 64 * 1024 * 1024, knownSize: knownSize ?? statSync(file.path).size };
}

interface Run {
  batches: ParsedBatch[];
  trailing: ParseIssue[];
}

/**
 * What the consumer sees when each batch is handed out. Snapshots: an adapter may update its state object in place
 * (Gemini's does), so in this thread every batch's `state` is the same object by the end.
 */
async function collect(source: BatchSource, job: BatchJob): Promise<Run> {
  const trailing: ParseIssue[] = [];
  const batches: ParsedBatch[] = [];
  for await (const b of source.batches(job, trailing)) {
    batches.push(structuredClone(b));
  }
  return { batches, trailing };
}

/**
 * Batches without their head marks (LineBatch.head): a reading resumed from further on hands over none (the storing
 * thread then hashes the file's head itself), so it is compared with a reading from 0 without them.
 */
function headless(batches: ParsedBatch[]): ParsedBatch[] {
  return batches.map(({ head: _head, ...rest }) => rest);
}

/** The recorded Gemini CLI chats that are whole JSON documents (legacy `session-*.json`), wherever they were recorded. */
function recordedWholeDocuments(): TranscriptFile[] {
  return readdirSync(fixtures, { recursive: true, encoding: 'utf8' })
    .filter((n) => /(^|\/)chats\/session-[^/]*\.json$/.test(n))
    .map((n) => ({ agent: 'gemini-cli', path: join(fixtures, n), mode: 'whole', cwdHint: '/tmp/at-pws-project' }));
}

/** Every append-mode transcript of the recorded fixtures, as the adapters discover them. */
async function recordedTranscripts(): Promise<TranscriptFile[]> {
  const files: TranscriptFile[] = [];
  const issues: ParseIssue[] = [];
  for (const name of readdirSync(fixtures)) {
    const dir = join(fixtures, name);
    if (!statSync(dir).isDirectory()) {
      continue;
    }
    const homes = readdirSync(dir).filter((n) => n.endsWith('home'));
    for (const home of homes) {
      const root = join(dir, home);
      for (const { id: agent, adapter } of agentRegistry.all) {
        const roots = home === 'home' ? adapter.defaultRoots({ home: root, env: {} }) : home.startsWith(agent.split('-')[0]) ? [root] : [];
        if (roots.length > 0) {
          files.push(...(await adapter.discover(roots, ['/tmp'], issues)));
        }
      }
    }
  }
  return files.filter((f) => f.mode === 'append');
}

/** A transcript several default (1 MB) batches long: a recorded one repeated, plus a bad and an oversized line. */
function largeTranscript(): TranscriptFile {
  const home = join(mkdtempSync(join(tmpdir(), 'at-pw-')), 'claude');
  cpSync(join(fixtures, 'claude-print/claude-home'), home, { recursive: true });
  const dir = join(home, 'projects');
  const project = readdirSync(dir)[0];
  const path = join(dir, project, readdirSync(join(dir, project)).find((n) => n.endsWith('.jsonl')) ?? '');
  const text = readFileSync(path, 'utf8');
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < 3.5 * 1024 * 1024; i++) {
    parts.push(text);
    size += text.length;
    if (i === 3) {
      parts.push('{"not json\n', `{"type":"user","pad":"${'x'.repeat(300_000)}"}\n`);
    }
  }
  // A partial last line: not consumed yet, like an agent in the middle of writing it.
  writeFileSync(path, `${parts.join('')}{"type":"us`);
  return { agent: 'claude-code', path, mode: 'append' };
}

test('the worker source yields exactly the in-thread batches on every recorded transcript', async () => {
  const files = await recordedTranscripts();
  assert.ok(files.length >= 15, `only ${files.length} recorded transcripts found`);
  const inThread = new InThreadBatchSource(small);
  const logged = logger();
  const worker = workerSource({}, logged);
  try {
    let multiBatch = 0;
    const jobs = files.map((f) => jobFor(f));
    for (let i = 0; i < jobs.length; i++) {
      // The engine's pattern: the next file is hinted while this one is read.
      const running = collect(worker, jobs[i]);
      if (i + 1 < jobs.length) {
        worker.prefetch(jobs[i + 1]);
      }
      const expected = await collect(inThread, jobs[i]);
      assert.deepEqual(await running, expected, files[i].path);
      if (expected.batches.length > 1) {
        multiBatch++;
      }
    }
    assert.ok(multiBatch >= 10, `only ${multiBatch} transcripts spanned several batches`);
  } finally {
    await worker.dispose();
  }
  // Started once, never failed or restarted.
  assert.deepEqual(logged.lines, ['debug [index] parse worker started: transcripts are read and parsed there while this thread stores']);
});

test('a transcript larger than one batch: same batches, issues and final state; the partial line waits', async () => {
  const file = largeTranscript();
  const job = jobFor(file, 200_000);
  const worker = workerSource({ batchBytes: 1024 * 1024, chunkBytes: 1024 * 1024 });
  try {
    const got = await collect(worker, job);
    const expected = await collect(new InThreadBatchSource({ batchBytes: 1024 * 1024, chunkBytes: 1024 * 1024 }), job);
    assert.ok(expected.batches.length >= 3, `${expected.batches.length} batches`);
    assert.deepEqual(got, expected);
    const issues = got.batches.flatMap((b) => b.issues).map((i) => i.kind);
    assert.ok(issues.includes('invalid-json') && issues.includes('oversized-line'), issues.join(','));
    const end = got.batches[got.batches.length - 1].endOffset;
    assert.equal(readFileSync(file.path).subarray(end).toString(), '{"type":"us');
  } finally {
    await worker.dispose();
  }
});

test('stopping early cancels the rest: credits come back, nothing is applied twice, a later job runs whole', async () => {
  const file = largeTranscript();
  const job = jobFor(file);
  const worker = workerSource({ batchBytes: 64 * 1024 });
  try {
    const expected = await collect(new InThreadBatchSource({ batchBytes: 64 * 1024, chunkBytes: 1024 }), job);
    // Stop at several points, also while read-ahead batches wait: leaked credits would stall the full run below.
    for (const stopAfter of [1, 2, 3, 5]) {
      const seen: ParsedBatch[] = [];
      for await (const b of worker.batches(job, [])) {
        seen.push(structuredClone(b));
        if (seen.length === stopAfter) {
          break;
        }
      }
      assert.deepEqual(seen, expected.batches.slice(0, stopAfter));
      // A hint never taken is cancelled by the next job asked for.
      worker.prefetch(jobFor(file));
    }
    // Going on from where the consumer stood gives the rest, once.
    const stoppedAt = expected.batches[1];
    const rest = await collect(worker, { ...job, fromOffset: stoppedAt.endOffset, fromLineNo: stoppedAt.endLineNo, state: stoppedAt.state });
    assert.deepEqual(headless(rest.batches), headless(expected.batches.slice(2)));
    assert.ok(rest.batches.every((b) => b.head === undefined));
    assert.deepEqual(await collect(worker, job), expected);
    worker.idle();
    assert.equal(worker.workerRunning, false, 'idle() ends the worker');
    assert.deepEqual(await collect(worker, job), expected, 'and the next job starts a new one');
  } finally {
    await worker.dispose();
  }
});

test('a parse worker killed mid-file: the file goes on in this thread from the last batch handed out', async () => {
  const file = largeTranscript();
  const job = jobFor(file);
  const logged = logger();
  const worker = workerSource({ batchBytes: 256 * 1024 }, logged);
  try {
    const expected = await collect(new InThreadBatchSource({ batchBytes: 256 * 1024, chunkBytes: 1024 }), job);
    const got: ParsedBatch[] = [];
    for await (const b of worker.batches(job, [])) {
      got.push(structuredClone(b));
      if (got.length === 2) {
        await worker.crashForTest();
      }
    }
    // Those read on in this thread, from a later offset, carry no head mark; those the worker read, the same one.
    assert.deepEqual(headless(got), headless(expected.batches));
    got.forEach((b, i) => assert.ok(b.head === undefined ? i >= 2 : JSON.stringify(b.head) === JSON.stringify(expected.batches[i].head), `batch ${i}`));
    assert.ok(logged.lines.some((l) => l.startsWith('warn') && l.includes('reading it on from byte')), logged.lines.join('\n'));
    // Restarted lazily for the next job.
    assert.equal(worker.workerRunning, false);
    assert.deepEqual(await collect(worker, job), expected);
    assert.equal(worker.workerRunning, true);
  } finally {
    await worker.dispose();
  }
});

test('small jobs are parsed in this thread unless a worker already runs; a failing job surfaces its error', async () => {
  const [file] = await recordedTranscripts();
  const logged = logger();
  const worker = new ParseWorkerSource(script, logged.log, small);
  try {
    const expected = await collect(new InThreadBatchSource(small), jobFor(file));
    assert.deepEqual(await collect(worker, jobFor(file)), expected);
    assert.equal(worker.workerRunning, false, 'no thread for a few KB');
    worker.prepare();
    assert.equal(worker.workerRunning, true);
    assert.deepEqual(await collect(worker, jobFor(file)), expected);
    // The worker reports the failure; in this thread the same job fails the same way, so the engine sees it.
    const bad: BatchJob = { ...jobFor(file), file: { ...file, agent: 'nope' as TranscriptFile['agent'] } };
    await assert.rejects(collect(worker, bad), /no adapter for agent nope/);
    assert.ok(logged.lines.some((l) => l.startsWith('warn') && l.includes('no adapter')), logged.lines.join('\n'));
    assert.deepEqual(await collect(worker, jobFor(file)), expected, 'the worker still serves later jobs');
  } finally {
    await worker.dispose();
  }
});

test('whole documents are read, parsed and hashed by the worker exactly as in this thread: one batch with the hash', async () => {
  const wholes = recordedWholeDocuments();
  assert.ok(wholes.length >= 2, `only ${wholes.length} recorded whole documents found`);
  const worker = workerSource();
  try {
    for (const file of wholes) {
      const expected = await collect(new InThreadBatchSource(small), jobFor(file));
      const text = readFileSync(file.path, 'utf8');
      assert.equal(expected.batches.length, 1, file.path);
      assert.equal(expected.batches[0].sha256, documentHash(text));
      assert.deepEqual(expected.batches[0].ops, agentRegistry.adapter(file.agent).parseDocument(file, text).ops);
      assert.deepEqual(await collect(worker, jobFor(file)), expected, file.path);
    }
    // An unreadable document: no batch, an io issue (its cursor stays, it is tried again).
    const gone = await collect(worker, jobFor({ ...wholes[0], path: join(tmpdir(), 'at-pws-missing-chat.json') }, undefined, 10));
    assert.deepEqual(gone.batches, []);
    assert.deepEqual(gone.trailing.map((i) => i.kind), ['io']);
  } finally {
    await worker.dispose();
  }
});

test('hints run deep: several hinted files are read ahead of the one stored, in order; skipped hints are cancelled', async () => {
  const files = (await recordedTranscripts()).slice(0, 8);
  const worker = workerSource({ batchBytes: 1024 * 1024, chunkBytes: 1024 * 1024 });
  try {
    const jobs = files.map((f) => jobFor(f));
    for (const job of jobs) {
      worker.prefetch(job);
    }
    const bigBatches = await Promise.all(files.map((f) => collect(new InThreadBatchSource({ batchBytes: 1024 * 1024, chunkBytes: 1024 * 1024 }), jobFor(f))));
    assert.deepEqual(await collect(worker, jobs[0]), bigBatches[0]);
    // While nothing is asked for, the worker goes on with the hints after it (a few KB each: well within its credit).
    const deadline = Date.now() + 5000;
    while (worker.hintsReadAhead < 3 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.ok(worker.hintsReadAhead >= 3, `only ${worker.hintsReadAhead} hinted files read ahead`);
    // Jobs 1 and 2 are never asked for (their files failed before reading): asking for 3 cancels them.
    assert.deepEqual(await collect(worker, jobs[3]), bigBatches[3]);
    assert.deepEqual(await collect(worker, jobs[4]), bigBatches[4]);
    // A job never hinted: every hint left is cancelled, and it is read at once (no stall behind them).
    const other = jobFor(files[1]);
    assert.deepEqual(await collect(worker, other), bigBatches[1]);
    // The cancelled hints gave their credit back: a run over everything still completes.
    for (const [i, f] of files.entries()) {
      assert.deepEqual(await collect(worker, jobFor(f)), bigBatches[i]);
    }
  } finally {
    await worker.dispose();
  }
});

// ---- the engine ---------------------------------------------------------------------------------------------

async function everything(engine: IndexService): Promise<unknown> {
  const sessions = await engine.listSessions();
  const details = await Promise.all(sessions.map((s) => engine.sessionDetail(s.key)));
  return { sessions, details, stats: { ...(await engine.stats()), lastRunMs: 0, searchedRoots: {} } };
}

function multiAgentHome(): string {
  const home = join(mkdtempSync(join(tmpdir(), 'at-pw-engine-')), 'home');
  cpSync(join(fixtures, 'multi-agent/home'), home, { recursive: true });
  return home;
}

async function indexWith(home: string, source: ((log: Logger) => BatchSource) | undefined, after?: (engine: IndexEngine) => Promise<void>): Promise<unknown> {
  const engine = new IndexEngine(source ? { batchSource: source } : {});
  try {
    await engine.configure(makeIndexConfig({ storageDir: undefined, wasmPath: wasm, workspaceFolders: ['/tmp/agent-trail-fixtures/multi-agent'], home }, { persistDelayMs: 10 }));
    await engine.refresh();
    await after?.(engine);
    return await everything(engine);
  } finally {
    await engine.dispose();
  }
}

test('an engine reading through the parse worker builds the same index as one reading in its thread', async () => {
  const home = multiAgentHome();
  const expected = await indexWith(home, undefined);
  assert.deepEqual(await indexWith(home, (log) => new ParseWorkerSource(script, log, { ...small, minStartBytes: 0 })), expected);
  // And incrementally: the transcripts written in two steps.
  const transcripts = readdirSync(join(home, '.claude', 'projects'), { recursive: true, encoding: 'utf8' })
    .map((n) => join(home, '.claude', 'projects', n))
    .filter((p) => p.endsWith('.jsonl'));
  const full = transcripts.map((p) => readFileSync(p));
  transcripts.forEach((p, i) => writeFileSync(p, full[i].subarray(0, Math.floor(full[i].length / 2))));
  const appendRest = async (engine: IndexEngine): Promise<void> => {
    transcripts.forEach((p, i) => appendFileSync(p, full[i].subarray(Math.floor(full[i].length / 2))));
    await engine.refresh();
  };
  const inThread = await indexWith(home, undefined, appendRest);
  transcripts.forEach((p, i) => writeFileSync(p, full[i].subarray(0, Math.floor(full[i].length / 2))));
  assert.deepEqual(await indexWith(home, (log) => new ParseWorkerSource(script, log, { ...small, minStartBytes: 0 }), appendRest), inThread);
});

test('an engine whose parse worker dies mid-file ends with the same index as a clean run', async () => {
  const home = multiAgentHome();
  const expected = await indexWith(home, undefined);
  const logged = logger();
  let source: ParseWorkerSource | undefined;
  let crashed = false;
  /** Kills the worker right after the first batch of the pass is handed out. */
  const crashing = (log: Logger): BatchSource => {
    const inner = new ParseWorkerSource(script, log, { ...small, minStartBytes: 0 });
    source = inner;
    return {
      prefetch: (job) => inner.prefetch(job),
      prepare: () => inner.prepare(),
      idle: () => inner.idle(),
      dispose: () => inner.dispose(),
      async *batches(job, issues) {
        for await (const b of inner.batches(job, issues)) {
          yield b;
          if (!crashed) {
            crashed = true;
            await inner.crashForTest();
          }
        }
      },
    };
  };
  const engineLog = (log: Logger): BatchSource => crashing({ ...log, warn: (m) => (logged.log.warn(m), log.warn(m)) });
  assert.deepEqual(await indexWith(home, engineLog), expected);
  assert.ok(crashed && source);
  assert.ok(logged.lines.some((l) => l.includes('parse worker failed')), logged.lines.join('\n'));
});

test('a whole record after the last newline: its ops come with the last batch, state and end stay before it', async () => {
  const [file] = (await recordedTranscripts()).filter((f) => f.agent === 'codex');
  assert.ok(file);
  const full = readFileSync(file.path, 'utf8');
  // Same file name in both folders: an adapter may name a session after its file.
  const name = file.path.split('/').pop() ?? 'rollout.jsonl';
  const cutPath = join(mkdtempSync(join(tmpdir(), 'at-pws-tail-')), name);
  const lines = full.split('\n').filter(Boolean);
  writeFileSync(cutPath, `${lines.slice(0, -1).join('\n')}\n${lines[lines.length - 1]}`);
  const wholePath = join(mkdtempSync(join(tmpdir(), 'at-pws-tail-')), name);
  writeFileSync(wholePath, `${lines.slice(0, -1).join('\n')}\n`);
  const cut = { ...file, path: cutPath };
  const inThread = new InThreadBatchSource(small);
  const withTail = await collect(inThread, jobFor(cut));
  const without = await collect(inThread, jobFor({ ...file, path: wholePath }));
  const last = withTail.batches[withTail.batches.length - 1];
  const lastWithout = without.batches[without.batches.length - 1];
  assert.equal(last.endOffset, lastWithout.endOffset);
  assert.deepEqual(last.state, lastWithout.state, 'the committed state does not include the tail');
  const tailOps = agentRegistry.adapter('codex').parseLines(cut, structuredClone(lastWithout.state), [{ text: lines[lines.length - 1], offset: last.endOffset, lineNo: last.endLineNo + 1 }]).ops;
  assert.ok(tailOps.length > 0, 'the last record of the rollout gives ops');
  assert.deepEqual(last.ops, [...lastWithout.ops, ...tailOps]);
  // The parse worker hands over the same.
  const worker = workerSource();
  try {
    assert.deepEqual(await collect(worker, jobFor(cut)), withTail);
  } finally {
    await worker.dispose();
  }
  // A tail that could still be growing gives nothing: a cut record, a bare number, text.
  for (const tail of ['{"type":"response_item","payload":{', '12', 'null', 'garbage']) {
    writeFileSync(cutPath, `${lines.slice(0, -1).join('\n')}\n${tail}`);
    assert.deepEqual(await collect(inThread, jobFor(cut)), without, JSON.stringify(tail));
  }
});

test('the engine hints every file it will read ahead of storing (up to its bound), in the order it asks for them', async () => {
  const home = multiAgentHome();
  const calls: string[] = [];
  const recording = (): BatchSource => {
    const inner = new InThreadBatchSource();
    return {
      prefetch: (job) => calls.push(`hint ${job.file.path}`),
      prepare: () => inner.prepare(),
      idle: () => inner.idle(),
      dispose: () => inner.dispose(),
      batches: (job, issues) => {
        calls.push(`read ${job.file.path}`);
        return inner.batches(job, issues);
      },
    };
  };
  const expected = await indexWith(home, undefined);
  assert.deepEqual(await indexWith(home, recording), expected);
  const hinted = calls.filter((c) => c.startsWith('hint ')).map((c) => c.slice(5));
  const read = calls.filter((c) => c.startsWith('read ')).map((c) => c.slice(5));
  assert.ok(read.length >= 4, `only ${read.length} transcripts read`);
  assert.deepEqual(hinted, read, 'every file read was hinted, in the same order');
  // All of them (fewer than the bound) before the first one is read: the source can work through them meanwhile.
  assert.equal(calls.findIndex((c) => c.startsWith('read ')), hinted.length);
});

test("the agent's file backups are read with their batch (in the worker, off the storing thread); a missing one says why", async () => {
  const files = (await recordedTranscripts()).filter((f) => f.agent === 'claude-code');
  const worker = workerSource();
  try {
    let backups = 0;
    for (const file of files) {
      const got = await collect(worker, jobFor(file));
      for (const op of got.batches.flatMap((b) => b.ops)) {
        if (op.op === 'fileBackup' && op.backupPath !== null) {
          backups++;
          assert.deepEqual(op.backup, { text: readFileSync(op.backupPath, 'utf8') }, op.backupPath);
        }
      }
    }
    assert.ok(backups >= 5, `only ${backups} backups named by the recorded Claude transcripts`);
    // A backup that is gone by the time it is read: the op says so, and the store records it as missing.
    const ops: IndexOp[] = [{ op: 'fileBackup', sessionId: 's', promptId: 'p', path: '/w/a.js', backupPath: join(tmpdir(), 'at-pws-no-such-backup@v1'), version: 1, timestamp: '2026-01-01T00:00:00.000Z' }];
    assert.equal(readBackups(ops), 0);
    assert.match((ops[0] as { backup?: { error?: string } }).backup?.error ?? '', /ENOENT/);
  } finally {
    await worker.dispose();
  }
});
