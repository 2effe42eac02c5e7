// Settings → IndexConfig. Pure (no `vscode`): config.ts reads the raw values, this file validates them and maps
// them onto what the index worker needs, so the mapping is unit-tested without an editor.
import { join } from 'node:path';
import type { AgentSourceConfig, IndexConfig } from '../indexer/indexService';

export interface SourceSettings {
  enabled: boolean;
  /** Data roots; empty = the agent's defaults. */
  folders: string[];
}

/** Mirrors the `agentTrail.*` settings tree (contributes.configuration in package.json). */
export interface AgentTrailSettings {
  sources: {
    claudeCode: SourceSettings;
    codex: SourceSettings;
    geminiCli: SourceSettings;
  };
  index: {
    include: string[];
    exclude: string[];
    maxLineMB: number;
  };
}

export type SourceSettingKey = keyof AgentTrailSettings['sources'];

/** Setting key → the agent id the index uses. */
export const sourceAgents: Readonly<Record<SourceSettingKey, keyof IndexConfig['agents']>> = {
  claudeCode: 'claude-code',
  codex: 'codex',
  geminiCli: 'gemini-cli',
};

export const defaultMaxLineMB = 64;
/** Quiet time before the index DB is saved; until then (and between saves) the archive journal holds what changed. */
export const persistDelayMs = 30_000;

export const defaultSettings: Readonly<AgentTrailSettings> = {
  sources: {
    claudeCode: { enabled: true, folders: [] },
    codex: { enabled: true, folders: [] },
    geminiCli: { enabled: true, folders: [] },
  },
  index: { include: [], exclude: [], maxLineMB: defaultMaxLineMB },
};

function stringList(value: unknown): string[] {
  if (!Array.isArray(value)) {
    return [];
  }
  const out: string[] = [];
  for (const item of value) {
    if (typeof item === 'string' && item.trim() && !out.includes(item.trim())) {
      out.push(item.trim());
    }
  }
  return out;
}

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * Reads every setting through `read(dottedPath)` (relative to `agentTrail`) and replaces values of the wrong
 * type with the defaults: a hand-edited settings.json must never stop indexing.
 */
export function normalizeSettings(read: (path: string) => unknown): AgentTrailSettings {
  const source = (key: SourceSettingKey): SourceSettings => ({
    enabled: bool(read(`sources.${key}.enabled`), true),
    folders: stringList(read(`sources.${key}.folders`)),
  });
  return {
    sources: { claudeCode: source('claudeCode'), codex: source('codex'), geminiCli: source('geminiCli') },
    index: {
      include: stringList(read('index.include')),
      exclude: stringList(read('index.exclude')),
      maxLineMB: positive(read('index.maxLineMB'), defaultMaxLineMB),
    },
  };
}

/** `~` and `~/x` → home-relative; people copy these from agent docs. */
export function expandHome(path: string, home: string): string {
  if (path === '~') {
    return home;
  }
  if (path.startsWith('~/') || path.startsWith('~\\')) {
    return join(home, path.slice(2));
  }
  return path;
}

export interface IndexHost {
  /** context.storageUri fsPath (created by the caller), or undefined when no workspace is open. */
  storageDir: string | undefined;
  extensionPath: string;
  workspaceFolders: string[];
  home: string;
  env: Record<string, string | undefined>;
}

export function toIndexConfig(settings: AgentTrailSettings, host: IndexHost): IndexConfig {
  const agent = (key: SourceSettingKey): AgentSourceConfig => ({
    enabled: settings.sources[key].enabled,
    roots: settings.sources[key].folders.map((f) => expandHome(f, host.home)),
  });
  return {
    storageDir: host.storageDir,
    wasmPath: join(host.extensionPath, 'dist', 'sql-wasm.wasm'),
    workspaceFolders: [...host.workspaceFolders],
    agents: {
      'claude-code': agent('claudeCode'),
      codex: agent('codex'),
      'gemini-cli': agent('geminiCli'),
    },
    include: [...settings.index.include],
    exclude: [...settings.index.exclude],
    maxLineBytes: Math.round(positive(settings.index.maxLineMB, defaultMaxLineMB) * 1024 * 1024),
    home: host.home,
    env: host.env,
    persistDelayMs,
  };
}
