// The recorded fixtures as the index sees them: which agent data folder each one has, and an IndexEngine over it
// scoped to the recorded repo's path (shared by the blame and restore tests on real transcripts).
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { agentRegistry } from '../../../src/adapters/agentRegistry';
import type { AgentId } from '../../../src/core/model';
import { makeIndexConfig } from '../../../src/indexer/indexConfig';
import { IndexEngine } from '../../../src/indexer/indexEngine';

export const recordedFixtures = join(process.cwd(), 'test/fixtures/recorded');
const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');
const sqliteWasm = join(process.cwd(), 'node_modules/@sqlite.org/sqlite-wasm/dist/sqlite3.wasm');

export interface RecordedCase {
  name: string;
  /** Subfolder of the fixture holding each agent's data folder. */
  roots: Partial<Record<AgentId, string>>;
  /** A HOME with all agents' folders (the multi-agent fixture). */
  home?: string;
  tarball: string;
}

export const recordedCases: RecordedCase[] = [
  { name: 'claude-print', roots: { 'claude-code': 'claude-home' }, tarball: 'repo.tar.gz' },
  { name: 'claude-tui', roots: { 'claude-code': 'claude-home' }, tarball: 'repo.tar.gz' },
  { name: 'claude-shell-edits', roots: { 'claude-code': 'claude-home' }, tarball: 'repo.tar.gz' },
  { name: 'claude-subagent', roots: { 'claude-code': 'claude-home' }, tarball: 'repo.tar.gz' },
  ...['claude-print', 'claude-tui', 'claude-shell-edits', 'claude-subagent', 'claude-subagent-async', 'claude-big-file'].map(
    (name): RecordedCase => ({ name: `${name}-v2.1.332`, roots: { 'claude-code': 'claude-home' }, tarball: 'repo.tar.gz' }),
  ),
  { name: 'claude-hooks-v2.1.250', roots: { 'claude-code': 'claude-home' }, tarball: 'repo.tar.gz' },
  { name: 'claude-hooks-v2.1.332', roots: { 'claude-code': 'claude-home' }, tarball: 'repo.tar.gz' },
  { name: 'claude-monorepo-v2.1.332', roots: { 'claude-code': 'claude-home' }, tarball: 'repo.tar.gz' },
  { name: 'codex-exec', roots: { codex: 'codex-home' }, tarball: 'repo.tar.gz' },
  { name: 'codex-tui', roots: { codex: 'codex-home' }, tarball: 'repo.tar.gz' },
  { name: 'codex-exec-v0.171.0', roots: { codex: 'codex-home' }, tarball: 'repo.tar.gz' },
  { name: 'codex-tui-v0.171.0', roots: { codex: 'codex-home' }, tarball: 'repo.tar.gz' },
  { name: 'codex-big-file-v0.171.0', roots: { codex: 'codex-home' }, tarball: 'repo.tar.gz' },
  { name: 'codex-code-mode-v0.145.0', roots: { codex: 'codex-home' }, tarball: 'repo.tar.gz' },
  { name: 'codex-code-mode-tui-v0.145.0', roots: { codex: 'codex-home' }, tarball: 'repo.tar.gz' },
  { name: 'codex-code-mode-v0.171.0', roots: { codex: 'codex-home' }, tarball: 'repo.tar.gz' },
  { name: 'codex-binary-output-v0.171.0', roots: { codex: 'codex-home' }, tarball: 'repo.tar.gz' },
  { name: 'gemini-print', roots: { 'gemini-cli': 'gemini-home' }, tarball: 'repo.tar.gz' },
  { name: 'gemini-print-same-minute', roots: { 'gemini-cli': 'gemini-home' }, tarball: 'repo.tar.gz' },
  { name: 'gemini-tui', roots: { 'gemini-cli': 'gemini-home' }, tarball: 'repo.tar.gz' },
  { name: 'gemini-legacy-print', roots: { 'gemini-cli': 'gemini-home' }, tarball: 'repo.tar.gz' },
  { name: 'gemini-legacy-continue', roots: { 'gemini-cli': 'gemini-home' }, tarball: 'repo.tar.gz' },
  { name: 'gemini-jsonl-continue', roots: { 'gemini-cli': 'gemini-home' }, tarball: 'repo.tar.gz' },
  { name: 'multi-agent', roots: {}, home: 'home', tarball: 'repos.tar.gz' },
  // One database for all sessions of the HOME: clone and decoy hold demo-repo's sessions too, which must stay out.
  ...['opencode-notes-cli', 'opencode-wal-kill', 'opencode-big-file', 'opencode-clone', 'opencode-decoy'].map(
    (name): RecordedCase => ({ name: `${name}-v1.18.33`, roots: { opencode: 'opencode-home/data' }, tarball: 'repo.tar.gz' }),
  ),
];

const unpacked: string[] = [];
process.on('exit', () => unpacked.forEach((d) => rmSync(d, { recursive: true, force: true })));

/**
 * The data folder as the agent left it: fixtures that keep a database's WAL gzipped (`opencode.db-wal.gz`) are read
 * from a private copy of the folder's files with the WAL unpacked (the committed files are never opened in place then).
 */
function unpackedRoot(root: string): string {
  const names = readdirSync(root);
  if (!names.some((n) => n.endsWith('-wal.gz'))) {
    return root;
  }
  const copy = mkdtempSync(join(tmpdir(), 'at-recorded-db-'));
  unpacked.push(copy);
  for (const n of names) {
    const p = join(root, n);
    if (!statSync(p).isFile()) {
      continue;
    }
    if (n.endsWith('-wal.gz')) {
      writeFileSync(join(copy, n.slice(0, -'.gz'.length)), gunzipSync(readFileSync(p)));
    } else {
      copyFileSync(p, join(copy, n));
    }
  }
  return copy;
}

/** An in-memory index of the fixture's transcripts, scoped to `workspace`, after one full pass. */
export async function indexRecorded(c: Pick<RecordedCase, 'name' | 'roots' | 'home'>, workspace: string): Promise<IndexEngine> {
  const dir = join(recordedFixtures, c.name);
  const agent = (id: AgentId): { enabled: boolean; roots: string[] } => {
    const root = c.roots[id];
    return { enabled: c.home !== undefined || root !== undefined, roots: root ? [unpackedRoot(join(dir, root))] : [] };
  };
  const engine = new IndexEngine();
  await engine.configure(
    makeIndexConfig(
      { storageDir: undefined, wasmPath: wasm, workspaceFolders: [workspace], home: c.home ? join(dir, c.home) : '/nonexistent-home', env: {} },
      { agents: Object.fromEntries(agentRegistry.ids.map((id) => [id, agent(id)])), sqliteWasmPath: sqliteWasm },
    ),
  );
  await engine.refresh();
  return engine;
}
