// Settings → IndexConfig. Pure (no `vscode`): config.ts reads the raw values, this file validates them and maps
// them onto what the index worker needs, so the mapping is unit-tested without an editor.
import { join } from 'node:path';
import { agentRegistry, type AgentRegistry } from '../adapters/agentRegistry';
import { editorUserDirs } from '../adapters/editorDirs';
import type { IndexConfig } from '../indexer/indexService';

export interface SourceSettings {
  enabled: boolean;
  /** Data roots; empty = the agent's defaults. */
  folders: string[];
}

/** Mirrors the `agentTrail.*` settings tree (contributes.configuration in package.json). */
export interface AgentTrailSettings {
  /** `agentTrail.sources.<settingKey>` of every registered agent (adapters/agentRegistry.ts). */
  sources: Record<string, SourceSettings>;
  index: {
    include: string[];
    exclude: string[];
    maxLineMB: number;
  };
}

export const defaultMaxLineMB = 64;
/** Quiet time before the index DB is saved; until then (and between saves) the archive journal holds what changed. */
export const persistDelayMs = 30_000;

/** Every agent of `registry` enabled at its default folders. */
export function defaultSettingsOf(registry: AgentRegistry = agentRegistry): AgentTrailSettings {
  return {
    sources: Object.fromEntries(registry.all.map((d) => [d.settingKey, { enabled: true, folders: [] }])),
    index: { include: [], exclude: [], maxLineMB: defaultMaxLineMB },
  };
}

export const defaultSettings: Readonly<AgentTrailSettings> = defaultSettingsOf();

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
export function normalizeSettings(read: (path: string) => unknown, registry: AgentRegistry = agentRegistry): AgentTrailSettings {
  const source = (key: string): SourceSettings => ({
    enabled: bool(read(`sources.${key}.enabled`), true),
    folders: stringList(read(`sources.${key}.folders`)),
  });
  return {
    sources: Object.fromEntries(registry.all.map((d) => [d.settingKey, source(d.settingKey)])),
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
  /** The running editor's user-data folder (`…/Code/User`), from the extension's global storage. */
  editorUserDir?: string;
  /** The running editor's storage folder of this workspace (`…/User/workspaceStorage/<id>`), from storageUri. */
  workspaceStorageDir?: string;
}

export function toIndexConfig(settings: AgentTrailSettings, host: IndexHost, registry: AgentRegistry = agentRegistry): IndexConfig {
  const agents: IndexConfig['agents'] = {};
  for (const d of registry.all) {
    // An agent missing from the settings object (built by hand, by an older version) is read at its defaults.
    const source = settings.sources[d.settingKey] ?? { enabled: true, folders: [] };
    agents[d.id] = { enabled: source.enabled, roots: source.folders.map((f) => expandHome(f, host.home)) };
  }
  return {
    storageDir: host.storageDir,
    wasmPath: join(host.extensionPath, 'dist', 'sql-wasm.wasm'),
    workspaceFolders: [...host.workspaceFolders],
    agents,
    include: [...settings.index.include],
    exclude: [...settings.index.exclude],
    maxLineBytes: Math.round(positive(settings.index.maxLineMB, defaultMaxLineMB) * 1024 * 1024),
    home: host.home,
    env: host.env,
    editorUserDirs: editorUserDirs(host.home, host.env, process.platform, host.editorUserDir),
    ...(host.workspaceStorageDir !== undefined ? { workspaceStorageDir: host.workspaceStorageDir } : {}),
    persistDelayMs,
  };
}
