// The benchmark corpus must stay something the product really reads: a small corpus, indexed by the real IndexEngine,
// gives exactly the sessions the manifest says are in the workspace (none of the other projects'), no unreadable
// lines, the hot file's every edit, and the long session's every prompt. And the generator is deterministic.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeIndexConfig } from '../../../src/indexer/indexConfig';
import { IndexEngine } from '../../../src/indexer/indexEngine';
import { corpusAgents, corpusRandom, generateRealisticCorpus, type CorpusOptions } from '../../../scripts/bench/realisticCorpus';

const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');
const sqliteWasm = join(process.cwd(), 'node_modules/@sqlite.org/sqlite-wasm/dist/sqlite3.wasm');
const small: CorpusOptions = { mb: 4, seed: 3, projects: 8, hotEdits: 60, hotSessions: 6, longSessionPrompts: 40 };

function digest(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else h.update(p.slice(dir.length)).update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex');
}

test('a small realistic corpus indexes to what its manifest says', async () => {
  const root = mkdtempSync(join(tmpdir(), 'at-corpus-'));
  try {
    const m = await generateRealisticCorpus(join(root, 'c'), small);
    assert.ok(m.transcriptBytes > 3 * 1024 * 1024, `${m.transcriptBytes} bytes of transcripts`);
    assert.ok(m.transcripts['claude-code'] > 0 && m.transcripts.codex > 0, JSON.stringify(m.transcripts));
    // Every agent the product reads has sessions in the workspace, OpenCode's in its one database.
    for (const agent of corpusAgents) assert.ok(m.workspaceSessions[agent] > 0, `${agent} sessions in the workspace`);
    assert.ok(m.opencodeDb && m.opencodeDb.workspaceDataBytes > 0 && m.opencodeDb.dataBytes >= m.opencodeDb.workspaceDataBytes, JSON.stringify(m.opencodeDb));
    assert.ok(m.workspaceSubagents > 0 && m.fileHistoryBackups > 0, 'subagents and file-history backups');
    assert.ok(m.otherSessions['claude-code'] + m.otherSessions.codex > 0, 'other projects have sessions to rule out');
    assert.equal(m.fffdRecords.lines.length, 2, 'two Codex records with U+FFFD runs');
    for (const b of m.fffdRecords.bytes) assert.ok(b > 260_000 && b < 290_000, `U+FFFD record of ${b} bytes`);
    const lines = readFileSync(m.fffdRecords.path, 'utf8').split('\n');
    for (const n of m.fffdRecords.lines) {
      assert.match(lines[n - 1], /\uFFFD{4}/);
      assert.doesNotThrow(() => JSON.parse(lines[n - 1]), 'the U+FFFD record is valid JSON');
    }

    // The recordings' folders (/tmp/agent-trail-fixtures/… and the newer agents' /tmp/agent-trail-fixtures-<agent>/…).
    const recorded = '/tmp/agent-trail-fixtures';
    for (const f of [...m.workspaceTranscriptFiles, m.fffdRecords.path, m.opencodeDb?.path ?? '']) {
      assert.ok(!readFileSync(f, 'utf8').includes(recorded), `${f} still names the recording's folder`);
    }
    const all = new IndexEngine();
    try {
      // The folder of all projects in scope: every session of the corpus, the decoys' included.
      await all.configure(makeIndexConfig({ storageDir: undefined, wasmPath: wasm, workspaceFolders: [m.allProjectsFolder], home: m.home, env: {} }, { sqliteWasmPath: sqliteWasm }));
      await all.refresh();
      const sum = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);
      assert.equal((await all.listSessions()).length, sum(m.workspaceSessions) + sum(m.otherSessions) + m.subagentTranscripts, 'every session with all projects in scope');
    } finally {
      await all.dispose();
    }

    const engine = new IndexEngine();
    try {
      await engine.configure(makeIndexConfig({ storageDir: undefined, wasmPath: wasm, workspaceFolders: m.workspaceFolders, home: m.home, env: {} }, { sqliteWasmPath: sqliteWasm }));
      const stats = await engine.refresh();
      const sessions = await engine.listSessions();
      const top = sessions.filter((s) => !s.parentSessionId);
      const perAgent: Record<string, number> = Object.fromEntries(corpusAgents.map((a) => [a, 0]));
      for (const s of top) perAgent[s.agent]++;
      assert.deepEqual(perAgent, m.workspaceSessions, 'sessions per agent in the workspace');
      assert.equal(sessions.length - top.length, m.workspaceSubagents, 'subagent sessions of the workspace');
      for (const s of sessions) assert.ok(s.cwd.startsWith(m.workspaceFolders[0]), `${s.key} is another project's (${s.cwd})`);
      for (const kind of ['io', 'invalid-json', 'oversized-line', 'too-deep', 'archive-damaged', 'partial-line']) {
        assert.equal(stats.issues[kind] ?? 0, 0, `${kind} issues: ${JSON.stringify(stats.issues)}`);
      }
      // The U+FFFD records are the only lines that may be taken for binary (the product drops them today).
      assert.ok((stats.issues.binary ?? 0) <= m.fffdRecords.lines.length, JSON.stringify(stats.issues));

      let hotChanges = 0;
      for (const id of m.hotFile.sessionIds) {
        for (const p of await engine.listPrompts(`claude-code:${id}`)) {
          hotChanges += p.filesChanged.filter((f) => f.path === m.hotFile.path).length;
        }
      }
      assert.equal(hotChanges, m.hotFile.edits + m.hotFile.creates, 'every edit of the hot file is a prompt that changed it');
      const basis = await engine.blameBasis(m.hotFile.path);
      assert.equal(basis?.replayed.content, readFileSync(m.hotFile.path, 'utf8'), 'the replayed hot file is the one on disk');
      assert.ok(basis?.replayed.origins.every((o) => o !== null), 'every line of the hot file has an agent origin');
      const long = sessions.find((s) => s.id === m.longSession.id);
      assert.equal(long?.promptCount, m.longSession.prompts);
    } finally {
      await engine.dispose();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the corpus is the same bytes every run, and a second call reuses it', async () => {
  const root = mkdtempSync(join(tmpdir(), 'at-corpus-'));
  try {
    const opts: CorpusOptions = { ...small, mb: 2 };
    const a = await generateRealisticCorpus(join(root, 'c'), opts);
    const first = digest(join(root, 'c', 'home'));
    rmSync(join(root, 'c'), { recursive: true });
    const b = await generateRealisticCorpus(join(root, 'c'), opts);
    assert.equal(digest(join(root, 'c', 'home')), first);
    assert.deepEqual({ ...b, generatedInSeconds: 0 }, { ...a, generatedInSeconds: 0 });
    const again = await generateRealisticCorpus(join(root, 'c'), opts);
    assert.equal(again.generatedInSeconds, b.generatedInSeconds, 'the cached corpus is reused');
    const other = await generateRealisticCorpus(join(root, 'd'), { ...opts, seed: 4 });
    assert.notEqual(other.hotFile.finalSha256, a.hotFile.finalSha256, 'another seed, another corpus');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the corpus random source does not cycle (copies must not share session ids)', () => {
  // 200,000 draws of a 32-bit generator repeat a value a few times by chance; a short cycle repeats most of them.
  const rand = corpusRandom(17);
  const seen = new Set<number>();
  for (let i = 0; i < 200_000; i++) seen.add(rand());
  assert.ok(seen.size > 199_900, `${seen.size} distinct values of 200,000`);
});
