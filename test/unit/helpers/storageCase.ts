// A recorded fixture's agent data copied somewhere writable, indexed by an IndexEngine into a storage folder: the
// setup of the persistence tests (full disk, shrinking transcripts, damaged archive, concurrent indexers).
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentId } from '../../../src/core/model';
import { makeIndexConfig } from '../../../src/indexer/indexConfig';
import { IndexEngine, type IndexEngineOptions } from '../../../src/indexer/indexEngine';
import type { IndexConfig, LogLevel } from '../../../src/indexer/indexService';
import { recordedFixtures } from './recordedFixtures';

const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');

export interface StorageCase {
  /** Copy of the fixture's data folder for `agent` (or the multi-agent HOME). */
  data: string;
  workspace: string;
  config(storageDir: string | undefined, overrides?: Partial<IndexConfig>): IndexConfig;
}

/** The recorded fixture `name`, its `sub` folder (e.g. `claude-home`) copied to a temporary folder. */
export function copyFixture(name: string, sub: string, agent: AgentId | 'all', workspace: string): StorageCase {
  const data = join(mkdtempSync(join(tmpdir(), 'at-persist-data-')), sub);
  cpSync(join(recordedFixtures, name, sub), data, { recursive: true });
  const roots = (id: AgentId): { enabled: boolean; roots: string[] } => ({ enabled: agent === 'all' || agent === id, roots: agent === id ? [data] : [] });
  return {
    data,
    workspace,
    config: (storageDir, overrides = {}) =>
      makeIndexConfig(
        { storageDir, wasmPath: wasm, workspaceFolders: [workspace], home: agent === 'all' ? data : '/nonexistent-home', env: {} },
        { agents: { 'claude-code': roots('claude-code'), codex: roots('codex'), 'gemini-cli': roots('gemini-cli') }, persistDelayMs: 10, ...overrides },
      ),
  };
}

export function newStorageDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'at-persist-storage-')), 'storage');
}

export interface LoggedEngine {
  engine: IndexEngine;
  logs: { level: LogLevel; message: string }[];
}

/** A configured engine over the case (not refreshed), its log lines collected. */
export async function openEngine(c: StorageCase, storageDir: string | undefined, options: IndexEngineOptions = {}, overrides: Partial<IndexConfig> = {}): Promise<LoggedEngine> {
  const engine = new IndexEngine(options);
  const logs: { level: LogLevel; message: string }[] = [];
  engine.onLog((level, message) => logs.push({ level, message }));
  await engine.configure(c.config(storageDir, overrides));
  return { engine, logs };
}

export function findFiles(dir: string, re: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      out.push(...findFiles(p, re));
    } else if (re.test(p)) {
      out.push(p);
    }
  }
  return out;
}

/** The main transcript of a Claude fixture copy (not a subagent's). */
export function claudeTranscript(c: StorageCase): string {
  const t = findFiles(join(c.data, 'projects'), /\.jsonl$/).find((f) => !f.includes('subagents'));
  if (!t) {
    throw new Error(`no transcript under ${c.data}`);
  }
  return t;
}

/** Keeps the transcript's lines before its `n`-th prompt record (1-based): the transcript rewritten shorter. */
export function cutClaudeTranscriptBeforePrompt(path: string, n: number): void {
  const lines = readFileSync(path, 'utf8').split('\n');
  let seen = 0;
  const at = lines.findIndex((l) => {
    if (!l.includes('"type":"user"')) {
      return false;
    }
    const rec = JSON.parse(l) as { message?: { content?: unknown } };
    if (typeof rec.message?.content !== 'string') {
      return false;
    }
    seen++;
    return seen === n;
  });
  if (at < 0) {
    throw new Error(`no prompt ${n} in ${path}`);
  }
  writeFileSync(path, `${lines.slice(0, at).join('\n')}\n`);
}

/** A prompt record like the transcript's first one, with new text (what a user typing another prompt appends). */
export function extraClaudePrompt(path: string, uuid: string, text: string): string {
  const first = readFileSync(path, 'utf8')
    .split('\n')
    .find((l) => l.includes('"type":"user"'));
  const rec = JSON.parse(first ?? '{}') as Record<string, unknown>;
  return `${JSON.stringify({ ...rec, uuid, parentUuid: null, message: { role: 'user', content: text }, timestamp: '2030-01-01T00:00:00.000Z' })}\n`;
}
