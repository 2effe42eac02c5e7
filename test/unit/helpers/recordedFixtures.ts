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

/** The agent names the recorder's ground-truth files use, as the index's agent ids. */
export const truthAgentIds: Readonly<Record<string, AgentId>> = {
  claude: 'claude-code',
  codex: 'codex',
  gemini: 'gemini-cli',
  pi: 'pi',
  qwen: 'qwen-code',
  copilot: 'copilot',
  cline: 'cline',
  opencode: 'opencode',
};

export interface RecordedCase {
  name: string;
  /** Subfolder of the fixture holding each agent's data folder. */
  roots: Partial<Record<AgentId, string>>;
  /** A HOME with all agents' folders (the multi-agent fixture). */
  home?: string;
  tarball: string;
  /**
   * Blame's truth when not `ground-truth.json`: `ground-truth-sessions.json` gives line origins across every session
   * of the repo (`<session label>:prompt-N`, snapshots relative to test/fixtures/recorded), for a fixture whose
   * data folder also holds the sessions recorded before it in the same repo.
   */
  truth?: string;
  /**
   * The sessions the truth's prompts 1, 2, … were made in, when each was its own session (Cline print mode: one
   * session per invocation): prompt-N is the first prompt of the N-th of these.
   */
  promptSessions?: string[];
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
  // Copilot CLI: the TUI rewind fixtures as recorded before their `/rewind` (copilot-home); the rewind itself is
  // tested in test/unit/adapters/copilot. copilot-second-session's HOME holds two sessions of one repo, which its
  // ground-truth.json (one session) cannot tell apart: it is checked there against ground-truth-sessions.json.
  ...['copilot-notes-cli', 'copilot-big-file', 'copilot-decoy', 'copilot-tui-rewind', 'copilot-tui-rewind-conversation'].map(
    (name): RecordedCase => ({ name: `${name}-v1.0.102`, roots: { copilot: 'copilot-home/dot-copilot' }, tarball: 'repo.tar.gz' }),
  ),
  ...['cline-notes-cli', 'cline-big-file', 'cline-decoy'].map(
    (name): RecordedCase => ({ name: `${name}-v3.0.65`, roots: { cline: 'cline-home/dot-cline/data/sessions' }, tarball: 'repo.tar.gz' }),
  ),
  {
    name: 'cline-second-session-v3.0.65',
    roots: { cline: 'cline-home/dot-cline/data/sessions' },
    tarball: 'repo.tar.gz',
    truth: 'ground-truth-sessions.json',
  },
  {
    name: 'cline-print-v3.0.65',
    roots: { cline: 'cline-home/dot-cline/data/sessions' },
    tarball: 'repo.tar.gz',
    promptSessions: ['1796320308360_m5beq', '1796320313648_ifbd9', '1796320316950_rirqs'],
  },
  { name: 'multi-agent', roots: {}, home: 'home', tarball: 'repos.tar.gz' },
  ...['pi-notes-cli', 'pi-tui', 'pi-big-file', 'pi-shell-failures', 'pi-branches'].map(
    (name): RecordedCase => ({ name: `${name}-v0.73.1`, roots: { pi: 'pi-home/agent' }, tarball: 'repo.tar.gz' }),
  ),
  // b/pi-home holds all three sessions (a, the decoy of WORK/demo/repo, b); b's repo is a's, continued.
  { name: 'pi-sessions-v0.73.1', roots: { pi: 'b/pi-home/agent' }, tarball: 'b/repo.tar.gz' },
  // Qwen Code 0.24.4. qwen-sessions: two sessions of the repo and a decoy of `…/demo_repo` (same project folder) in
  // one HOME. qwen-tui-rewind is not here: its ground truth ends before the rewind the transcript goes on with
  // (test/unit/adapters/qwenCode/rewind.test.ts checks it).
  ...['qwen-notes-cli', 'qwen-big-file', 'qwen-shell-failures', 'qwen-tui'].map(
    (name): RecordedCase => ({ name: `${name}-v0.24.4`, roots: { 'qwen-code': 'qwen-home/dot-qwen' }, tarball: 'repo.tar.gz' }),
  ),
  { name: 'qwen-sessions-v0.24.4', roots: { 'qwen-code': 'b/qwen-home/dot-qwen' }, tarball: 'b/repo.tar.gz' },
  // One database for all sessions of the HOME: clone and decoy hold demo-repo's sessions too, which must stay out.
  ...['opencode-notes-cli', 'opencode-wal-kill', 'opencode-big-file', 'opencode-clone', 'opencode-decoy'].map(
    (name): RecordedCase => ({ name: `${name}-v1.18.33`, roots: { opencode: 'opencode-home/data' }, tarball: 'repo.tar.gz' }),
  ),
  // OpenCode 1.1.65: no database, the JSON files under storage/ (legacy-decoy's hold demo-repo's two sessions too).
  ...['opencode-notes-cli', 'opencode-legacy-decoy'].map(
    (name): RecordedCase => ({ name: `${name}-v1.1.65`, roots: { opencode: 'opencode-home/data' }, tarball: 'repo.tar.gz' }),
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
