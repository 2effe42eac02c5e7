// One place for IndexConfig defaults, shared by the extension's settings mapping, the CLI, the benchmark and tests.
import { agentRegistry } from '../adapters/agentRegistry';
import type { IndexConfig } from './indexService';
import { defaultLineReaderOptions } from './lineReader';

export interface IndexConfigBase {
  wasmPath: string;
  workspaceFolders: string[];
  home: string;
  storageDir?: string;
  env?: Record<string, string | undefined>;
}

/** Every agent enabled at its default data folders, no globs, the default line limit. */
export function makeIndexConfig(base: IndexConfigBase, overrides: Partial<IndexConfig> = {}): IndexConfig {
  return {
    storageDir: base.storageDir,
    wasmPath: base.wasmPath,
    workspaceFolders: base.workspaceFolders,
    agents: Object.fromEntries(agentRegistry.ids.map((id) => [id, { enabled: true, roots: [] }])),
    include: [],
    exclude: [],
    maxLineBytes: defaultLineReaderOptions.maxLineBytes,
    home: base.home,
    env: base.env ?? {},
    persistDelayMs: 30_000,
    ...overrides,
  };
}
