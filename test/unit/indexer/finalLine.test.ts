// A transcript whose last record has no newline after it (a file copied or rewritten by another tool), on recorded
// Claude Code, Codex and Gemini CLI transcripts with that newline cut off (a minimal reproduction made from them):
// the record is indexed; when the newline and more records arrive, nothing is counted twice and the index equals a
// fresh index of the complete file. A last line that is not a whole JSON record still waits for its newline.
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { AgentId } from '../../../src/core/model';
import { makeIndexConfig } from '../../../src/indexer/indexConfig';
import { IndexEngine } from '../../../src/indexer/indexEngine';
import { listFiles, repoPathOf } from '../adapters/geminiCli/recordedFixtures';

const fixtures = join(process.cwd(), 'test/fixtures/recorded');
const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');

interface Case {
  name: string;
  agent: AgentId;
  /** The agent's data folder inside the fixture. */
  home: string;
}

const cases: Case[] = [
  { name: 'claude-print', agent: 'claude-code', home: 'claude-home' },
  { name: 'codex-exec', agent: 'codex', home: 'codex-home' },
  { name: 'gemini-print', agent: 'gemini-cli', home: 'gemini-home' },
];

async function engineOver(c: Case, root: string, storage?: string): Promise<IndexEngine> {
  const engine = new IndexEngine();
  const agent = (id: AgentId): { enabled: boolean; roots: string[] } => ({ enabled: id === c.agent, roots: id === c.agent ? [root] : [] });
  await engine.configure(
    makeIndexConfig(
      { storageDir: storage, wasmPath: wasm, workspaceFolders: [repoPathOf(join(fixtures, c.name))], home: '/nonexistent-home', env: {} },
      { agents: { 'claude-code': agent('claude-code'), codex: agent('codex'), 'gemini-cli': agent('gemini-cli') }, persistDelayMs: 10 },
    ),
  );
  await engine.refresh();
  return engine;
}

/**
 * Everything the index holds about the fixture's sessions (details, prompt rows, file histories, counts), with the
 * copy's own folder (in the sessions' transcript lists) written as `<root>`.
 */
async function snapshotOf(engine: IndexEngine, root: string): Promise<unknown> {
  const sessions = await engine.listSessions();
  const out: unknown[] = [];
  for (const s of sessions.sort((a, b) => a.key.localeCompare(b.key))) {
    out.push({
      summary: s,
      detail: await engine.sessionDetail(s.key),
      prompts: await engine.listPrompts(s.key),
      checkpoints: await engine.checkpointData(s.key),
    });
  }
  const { sessions: n, prompts, steps } = await engine.stats();
  return JSON.parse(JSON.stringify({ out, counts: { sessions: n, prompts, steps } }).replaceAll(root, '<root>')) as unknown;
}

/** A copy of the fixture's data folder whose main transcript holds `text`; returns [root, transcript path]. */
function copyWith(c: Case, text: (full: string) => string): [string, string, string] {
  const root = join(mkdtempSync(join(tmpdir(), 'at-final-line-')), 'data');
  cpSync(join(fixtures, c.name, c.home), root, { recursive: true });
  const transcript = listFiles(root, '.jsonl').sort((a, b) => statSync(b).size - statSync(a).size)[0];
  const full = readFileSync(transcript, 'utf8');
  assert.ok(full.endsWith('\n'));
  writeFileSync(transcript, text(full));
  return [root, transcript, full];
}

async function snapshotFor(c: Case, text: (full: string) => string): Promise<unknown> {
  const [root] = copyWith(c, text);
  const engine = await engineOver(c, root);
  try {
    return await snapshotOf(engine, root);
  } finally {
    await engine.dispose();
  }
}

/** The first `k` lines of `full`, each with its newline. */
function firstLines(full: string, k: number): string {
  return full
    .split('\n')
    .slice(0, k)
    .map((l) => `${l}\n`)
    .join('');
}

/** The line whose record adds the last prompt (binary search over prefixes, each indexed fresh). */
async function lastPromptLine(c: Case, full: string): Promise<number> {
  const total = full.split('\n').length - 1;
  const promptsWith = async (k: number): Promise<number> => ((await snapshotFor(c, () => firstLines(full, k))) as { counts: { prompts: number } }).counts.prompts;
  const all = await promptsWith(total);
  let lo = 0;
  let hi = total;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((await promptsWith(mid)) < all) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return hi;
}

for (const c of cases) {
  describe(`final record without a newline: ${c.name}`, () => {
    test('the whole file without its final newline indexes like the whole file', async () => {
      const complete = await snapshotFor(c, (full) => full);
      const cut = await snapshotFor(c, (full) => full.slice(0, -1));
      assert.deepEqual(cut, complete);
    });

    test('a prompt record as the last line is indexed; the newline and the rest later change nothing twice', async () => {
      const [, , full] = copyWith(c, (f) => f);
      const k = await lastPromptLine(c, full);
      const withNewline = await snapshotFor(c, () => firstLines(full, k));
      // The prompt's line is the last one, without its newline.
      const [root, transcript] = copyWith(c, () => firstLines(full, k).slice(0, -1));
      const storage = mkdtempSync(join(tmpdir(), 'at-final-line-storage-'));
      const engine = await engineOver(c, root, storage);
      try {
        assert.deepEqual(await snapshotOf(engine, root), withNewline, 'the unterminated record is indexed');
        // Indexed again unchanged (a pass with nothing new) and after a restart: still the same.
        await engine.refresh();
        assert.deepEqual(await snapshotOf(engine, root), withNewline);
        // The agent goes on: the newline, then the rest of the session.
        appendFileSync(transcript, '\n');
        await engine.refresh();
        assert.deepEqual(await snapshotOf(engine, root), withNewline, 'the newline alone adds nothing');
        appendFileSync(transcript, full.slice(firstLines(full, k).length));
        const stats = await engine.refresh();
        assert.deepEqual(await snapshotOf(engine, root), await snapshotFor(c, (f) => f), 'equal to a fresh index of the complete file');
        assert.deepEqual(stats.issues, {}, 'no issue counted');
      } finally {
        await engine.dispose();
      }
    });

    test('a last line that is not a whole record (cut inside it) still waits for its newline', async () => {
      const [, , full] = copyWith(c, (f) => f);
      const k = await lastPromptLine(c, full);
      const before = firstLines(full, k - 1);
      const line = full.split('\n')[k - 1];
      const expected = await snapshotFor(c, () => before);
      const [root, transcript] = copyWith(c, () => before + line.slice(0, Math.floor(line.length / 2)));
      const engine = await engineOver(c, root);
      try {
        assert.deepEqual(await snapshotOf(engine, root), expected);
        appendFileSync(transcript, `${line.slice(Math.floor(line.length / 2))}\n`);
        await engine.refresh();
        assert.deepEqual(await snapshotOf(engine, root), await snapshotFor(c, () => firstLines(full, k)));
      } finally {
        await engine.dispose();
      }
    });
  });
}
