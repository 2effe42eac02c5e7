// The Copilot Chat storage fixture (test/fixtures/copilot-chat, README.md there) laid out in a temp folder: an editor
// `User` folder with two workspace storage folders (the workspace's and a decoy folder's) and the project the
// sessions edited. `__WORKSPACE__` and `__DECOY__` in the files become the temp project's and decoy's paths.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentRegistry } from '../../../../src/adapters/agentRegistry';
import { makeIndexConfig } from '../../../../src/indexer/indexConfig';
import { IndexEngine } from '../../../../src/indexer/indexEngine';

export const chatFixture = join(process.cwd(), 'test/fixtures/copilot-chat');

export interface ChatStorage {
  root: string;
  user: string;
  project: string;
  decoy: string;
  ws: string;
}

function substitute(dir: string, from: Record<string, string>): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      substitute(p, from);
    } else {
      const text = readFileSync(p, 'utf8');
      const out = Object.entries(from).reduce((t, [k, v]) => t.split(k).join(v), text);
      if (out !== text) {
        writeFileSync(p, out);
      }
    }
  }
}

export function layOutChatStorage(): ChatStorage {
  const root = mkdtempSync(join(tmpdir(), 'ad-copilot-chat-'));
  const project = join(root, 'project');
  const decoy = join(root, 'decoy');
  cpSync(chatFixture, root, { recursive: true });
  mkdirSync(decoy, { recursive: true });
  substitute(root, { __WORKSPACE__: project, __DECOY__: decoy });
  const ws = join(root, 'User/workspaceStorage/aaa111');
  // git keeps no times: the flat copy of sess-log is the older one, as when VS Code moved the session to its log.
  const log = join(ws, 'chatSessions/sess-log.jsonl');
  const t = statSync(log).mtime;
  utimesSync(join(ws, 'chatSessions/sess-log.json'), new Date(t.getTime() - 60_000), new Date(t.getTime() - 60_000));
  return { root, user: join(root, 'User'), project, decoy, ws };
}

const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');
const sqliteWasm = join(process.cwd(), 'node_modules/@sqlite.org/sqlite-wasm/dist/sqlite3.wasm');

/** An index of the Copilot Chat agent alone over `roots` (default: the User folder), refreshed once. */
export async function chatEngine(s: ChatStorage, roots: string[] = [s.user]): Promise<IndexEngine> {
  const engine = new IndexEngine();
  await engine.configure(
    makeIndexConfig(
      { storageDir: undefined, wasmPath: wasm, workspaceFolders: [s.project], home: '/nonexistent-home', env: {} },
      { agents: Object.fromEntries(agentRegistry.ids.map((id) => [id, { enabled: id === 'copilot-chat', roots: id === 'copilot-chat' ? roots : [] }])), sqliteWasmPath: sqliteWasm },
    ),
  );
  await engine.refresh();
  return engine;
}

