// The index configuration of one CLI run, from its options: the same defaults as the extension's
// (indexer/indexConfig.ts), with the agents' folders and skips from the command line.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { agentRegistry, type AgentRegistry } from '../adapters/agentRegistry';
import { editorUserDirs } from '../adapters/editorDirs';
import { makeIndexConfig } from '../indexer/indexConfig';
import type { IndexConfig } from '../indexer/indexService';
import { workspaceCacheDir } from '../restore/restoreCache';
import type { CliOptions } from './args';

function cacheDirFor(workspace: string, env: NodeJS.ProcessEnv): string {
  return workspaceCacheDir(workspace, env, homedir());
}

export function buildConfig(opts: CliOptions, workspace: string, env: NodeJS.ProcessEnv, registry: AgentRegistry = agentRegistry): IndexConfig {
  const home = env.HOME && env.HOME.trim() !== '' ? env.HOME : homedir();
  return makeIndexConfig(
    {
      storageDir: opts.cacheDir ? resolve(opts.cacheDir) : cacheDirFor(workspace, env),
      wasmPath: join(__dirname, 'sql-wasm.wasm'),
      workspaceFolders: [workspace],
      home,
      env: { ...env },
    },
    {
      agents: Object.fromEntries(
        registry.ids.map((id) => [id, { enabled: !opts.disabled.has(id), roots: (opts.agentDirs[id] ?? []).map((d) => resolve(d)) }]),
      ),
      editorUserDirs: editorUserDirs(home, env, process.platform),
      // One run of the CLI saves once, at the end (dispose).
      persistDelayMs: 60_000,
    },
  );
}

