// `npm run bench:index [-- --mb 500]`: generates a realistic transcript corpus (Claude Code, Codex and Gemini CLI
// records shaped like the recorded fixtures, with large tool results and file contents), then measures in the same
// run, each phase in its own child process so peak RSS is per phase:
//   baseline: plain read + JSON.parse of every line;  index: the real IndexEngine (parse, store, archive, persist).
// Prints MB/s of both, their ratio, the index's peak RSS, the DB size and the blob archive size.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkerIndexService } from '../src/indexer/indexWorkerClient';
import { makeIndexConfig } from '../src/indexer/indexConfig';
import { codeLines, JsonlWriter, seededRandom } from './benchCorpus';
import { ClaudeTranscript } from './claudeTranscript';

const workspace = '/tmp/agent-trail-bench/workspace';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

// ---- corpus -------------------------------------------------------------------------------------

const rand = seededRandom(42);
const lines = (n: number): string => codeLines(rand, n);

function claudeSession(home: string, targetBytes: number): number {
  const w = new ClaudeTranscript({ configDir: join(home, '.claude'), cwd: workspace, sessionId: randomUUID(), startMs: Date.parse('2026-10-01T10:00:00.000Z') });
  const files = new Map<string, string>();
  let prompt = 0;
  while (w.bytes < targetBytes) {
    prompt++;
    w.prompt(`prompt ${prompt}: ${lines(2)}`);
    for (let step = 0; step < 6 && w.bytes < targetBytes; step++) {
      const kind = rand();
      const path = `${workspace}/src/file${Math.floor(rand() * 40)}.ts`;
      let input: Record<string, unknown>;
      let toolUseResult: Record<string, unknown>;
      let resultText: string;
      let name: string;
      if (kind < 0.25) {
        name = 'Read';
        const content = files.get(path) ?? lines(800);
        files.set(path, content);
        input = { file_path: path };
        toolUseResult = { type: 'text', file: { filePath: path, content, numLines: content.split('\n').length, startLine: 1, totalLines: content.split('\n').length } };
        resultText = content
          .split('\n')
          .map((l, i) => `${String(i + 1).padStart(6)}→${l}`)
          .join('\n');
      } else if (kind < 0.55) {
        name = 'Edit';
        const original = files.get(path) ?? lines(600);
        const fileLines = original.split('\n');
        const at = Math.floor(rand() * (fileLines.length - 2));
        const oldString = fileLines[at];
        const newString = `${oldString} // edited ${prompt}.${step}`;
        const updated = [...fileLines.slice(0, at), newString, ...fileLines.slice(at + 1)].join('\n');
        files.set(path, updated);
        input = { file_path: path, old_string: oldString, new_string: newString };
        toolUseResult = { filePath: path, oldString, newString, originalFile: original, structuredPatch: [{ oldStart: at + 1, oldLines: 1, newStart: at + 1, newLines: 1, lines: [`-${oldString}`, `+${newString}`] }], userModified: false, replaceAll: false };
        resultText = `The file ${path} has been updated.`;
      } else if (kind < 0.7) {
        name = 'Write';
        const content = lines(500);
        const original = files.get(path) ?? null;
        files.set(path, content);
        input = { file_path: path, content };
        toolUseResult = { type: original === null ? 'create' : 'update', filePath: path, content, structuredPatch: [], originalFile: original };
        resultText = `File created successfully at: ${path}`;
      } else {
        name = 'Bash';
        const stdout = lines(Math.floor(200 + rand() * 1500));
        input = { command: `npm test -- --grep case${step}`, description: 'Run tests' };
        toolUseResult = { stdout, stderr: '', interrupted: false, isImage: false };
        resultText = stdout;
      }
      w.toolCall({ lead: `Step ${step}: ${lines(1)}`, name, input, resultText, toolUseResult });
    }
  }
  w.close();
  return w.bytes;
}

function codexSession(home: string, targetBytes: number): number {
  const id = randomUUID();
  const w = new JsonlWriter(join(home, '.codex', 'sessions', '2026', '10', '01', `rollout-2026-10-01T10-00-00-${id}.jsonl`));
  let t = Date.parse('2026-10-01T10:00:00.000Z');
  const ts = (): string => new Date((t += 1000)).toISOString();
  w.line({ timestamp: ts(), type: 'session_meta', payload: { id, timestamp: ts(), cwd: workspace, originator: 'codex_exec', cli_version: '0.169.0', source: 'exec', model_provider: 'openai', base_instructions: { text: lines(200) } } });
  let turn = 0;
  while (w.bytes < targetBytes) {
    turn++;
    const turnId = randomUUID();
    w.line({ timestamp: ts(), type: 'event_msg', payload: { type: 'task_started', turn_id: turnId } });
    w.line({ timestamp: ts(), type: 'turn_context', payload: { turn_id: turnId, cwd: workspace, model: 'gpt-5.5', approval_policy: 'never', sandbox_policy: { type: 'danger-full-access' } } });
    w.line({ timestamp: ts(), type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: `turn ${turn}` }] } });
    w.line({ timestamp: ts(), type: 'event_msg', payload: { type: 'user_message', message: `turn ${turn}`, images: [] } });
    for (let step = 0; step < 4; step++) {
      const callId = `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
      const output = lines(Math.floor(100 + rand() * 600));
      w.line({ timestamp: ts(), type: 'response_item', payload: { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: `cat src/file${step}.ts`, workdir: workspace }), call_id: callId } });
      w.line({ timestamp: ts(), type: 'response_item', payload: { type: 'function_call_output', call_id: callId, output: `Chunk ID: ab12\nWall time: 0.0100 seconds\nProcess exited with code 0\nOriginal token count: 100\nOutput:\n${output}` } });
      const patchId = `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
      const added = lines(40);
      w.line({ timestamp: ts(), type: 'response_item', payload: { type: 'custom_tool_call', status: 'completed', call_id: patchId, name: 'apply_patch', input: `*** Begin Patch\n*** Add File: gen/t${turn}s${step}.ts\n${added.split('\n').slice(0, -1).map((l) => `+${l}`).join('\n')}\n*** End Patch\n` } });
      w.line({ timestamp: ts(), type: 'response_item', payload: { type: 'custom_tool_call_output', call_id: patchId, output: 'Exit code: 0\nWall time: 0 seconds\nOutput:\nSuccess. Updated the following files:\nA gen/file.ts\n' } });
    }
    w.line({ timestamp: ts(), type: 'event_msg', payload: { type: 'task_complete', turn_id: turnId, last_agent_message: 'done' } });
  }
  w.close();
  return w.bytes;
}

function geminiSession(home: string, targetBytes: number): number {
  const sessionId = randomUUID();
  const slug = 'workspace';
  mkdirSync(join(home, '.gemini', 'tmp', slug), { recursive: true });
  writeFileSync(join(home, '.gemini', 'tmp', slug, '.project_root'), workspace);
  writeFileSync(join(home, '.gemini', 'projects.json'), JSON.stringify({ projects: { [workspace]: slug } }));
  const w = new JsonlWriter(join(home, '.gemini', 'tmp', slug, 'chats', `session-2026-10-01T10-00-${sessionId.slice(0, 8)}.jsonl`));
  let t = Date.parse('2026-10-01T10:00:00.000Z');
  const ts = (): string => new Date((t += 1000)).toISOString();
  w.line({ sessionId, projectHash: 'x'.repeat(64), startTime: ts(), lastUpdated: ts(), kind: 'main' });
  let n = 0;
  while (w.bytes < targetBytes) {
    n++;
    w.line({ id: randomUUID(), timestamp: ts(), type: 'user', content: [{ text: `request ${n}` }] });
    const path = `${workspace}/py/mod${n % 30}.py`;
    const original = lines(300);
    const updated = `${original}# change ${n}\n`;
    const callId = `replace__${n}`;
    const msg = { id: randomUUID(), timestamp: ts(), type: 'gemini', content: 'Updating.', model: 'gemini-3-pro-preview', toolCalls: [{ id: callId, name: 'replace', args: { file_path: path, old_string: 'x', new_string: 'y' }, status: 'success', timestamp: ts(), resultDisplay: { fileDiff: `--- a\n+++ b\n@@ -300,0 +301 @@\n+# change ${n}\n`, fileName: 'mod.py', filePath: path, originalContent: original, newContent: updated }, result: [{ functionResponse: { id: callId, name: 'replace', response: { output: 'ok' } } }] }] };
    w.line(msg);
    w.line(msg); // Gemini re-appends a message whenever it changes; the last one wins.
    w.line({ $set: { lastUpdated: ts() } });
  }
  w.close();
  return w.bytes;
}

function generate(home: string, totalMb: number): number {
  const target = totalMb * 1024 * 1024;
  let bytes = 0;
  let i = 0;
  while (bytes < target) {
    const r = i % 8;
    const size = Math.min(target - bytes, (2 + (i % 5) * 2) * 1024 * 1024);
    bytes += r < 6 ? claudeSession(home, size) : r === 6 ? codexSession(home, size) : geminiSession(home, size);
    i++;
  }
  return bytes;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    const p = join(dir, n);
    const st = statSync(p);
    if (st.isDirectory()) {
      out.push(...listFiles(p));
    } else {
      out.push(p);
    }
  }
  return out;
}

function duBytes(dir: string): number {
  return listFiles(dir).reduce((sum, f) => sum + statSync(f).size, 0);
}

// ---- phases (child processes) -------------------------------------------------------------------

function phaseBaseline(home: string): void {
  const started = process.hrtime.bigint();
  let bytes = 0;
  let records = 0;
  for (const f of listFiles(home).filter((p) => p.endsWith('.jsonl'))) {
    const text = readFileSync(f, 'utf8');
    bytes += Buffer.byteLength(text);
    for (const line of text.split('\n')) {
      if (line) {
        JSON.parse(line);
        records++;
      }
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(JSON.stringify({ bytes, records, seconds, maxRssKb: process.resourceUsage().maxRSS }));
}

async function phaseIndex(home: string, storage: string): Promise<void> {
  // The extension's configuration: the engine in its worker thread.
  const engine = new WorkerIndexService(join(__dirname, '..', 'indexWorker.js'));
  const config = makeIndexConfig({ storageDir: storage, wasmPath: join(__dirname, '..', 'sql-wasm.wasm'), workspaceFolders: [workspace], home }, { persistDelayMs: 600_000 });
  const started = process.hrtime.bigint();
  await engine.configure(config);
  const stats = await engine.refresh();
  await engine.flush();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const sessions = (await engine.listSessions()).length;
  await engine.dispose();
  process.stdout.write(JSON.stringify({ seconds, sessions, prompts: stats.prompts, steps: stats.steps, issues: stats.issues, maxRssKb: process.resourceUsage().maxRSS }));
}

function runPhase(phase: string, ...args: string[]): Record<string, unknown> {
  const r = spawnSync(process.execPath, [__filename, '--phase', phase, ...args], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0) {
    throw new Error(`${phase} phase failed: ${r.stderr}`);
  }
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

async function main(): Promise<void> {
  const phase = arg('--phase', '');
  if (phase === 'baseline') {
    phaseBaseline(arg('--home', ''));
    return;
  }
  if (phase === 'generate') {
    // For profiling: `--phase generate --home DIR --mb N`, then `node --cpu-prof … --phase index`.
    generate(arg('--home', ''), Number(arg('--mb', '50')));
    return;
  }
  if (phase === 'index') {
    await phaseIndex(arg('--home', ''), arg('--storage', ''));
    return;
  }
  const mb = Number(arg('--mb', '220'));
  const root = mkdtempSync(join(tmpdir(), 'agent-trail-bench-'));
  const home = join(root, 'home');
  const storage = join(root, 'storage');
  try {
    const genStart = Date.now();
    const bytes = generate(home, mb);
    const mib = bytes / 1024 / 1024;
    process.stdout.write(`corpus: ${mib.toFixed(1)} MiB in ${listFiles(home).length} transcript files (generated in ${((Date.now() - genStart) / 1000).toFixed(1)} s)\n`);
    const base = runPhase('baseline', '--home', home);
    const index = runPhase('index', '--home', home, '--storage', storage);
    const baseRate = mib / Number(base.seconds);
    const indexRate = mib / Number(index.seconds);
    const dbBytes = statSync(join(storage, 'index.db')).size;
    const archiveBytes = duBytes(join(storage, 'archive'));
    const rows = [
      ['baseline: read + JSON.parse per line', `${baseRate.toFixed(1)} MB/s`, `${Number(base.seconds).toFixed(2)} s`, `peak RSS ${(Number(base.maxRssKb) / 1024).toFixed(0)} MB`],
      ['agent-trail index (parse, store, archive, persist)', `${indexRate.toFixed(1)} MB/s`, `${Number(index.seconds).toFixed(2)} s`, `peak RSS ${(Number(index.maxRssKb) / 1024).toFixed(0)} MB`],
    ];
    for (const r of rows) {
      process.stdout.write(`${r[0].padEnd(52)} ${r[1].padStart(12)} ${r[2].padStart(9)}   ${r[3]}\n`);
    }
    process.stdout.write(`ratio index/baseline: ${(indexRate / baseRate).toFixed(2)} (target >= 0.5)\n`);
    process.stdout.write(`index peak RSS: ${(Number(index.maxRssKb) / 1024).toFixed(0)} MB (target < 400 MB for 500 MB)\n`);
    process.stdout.write(`DB size: ${(dbBytes / 1024 / 1024).toFixed(1)} MB; blob archive (blobs + journal): ${(archiveBytes / 1024 / 1024).toFixed(1)} MB\n`);
    process.stdout.write(`indexed: ${String(index.sessions)} sessions, ${String(index.prompts)} prompts, ${String(index.steps)} steps; issues: ${JSON.stringify(index.issues)}\n`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
