// The `agentTrail.blame.*` settings, validated. Pure (no `vscode`): blameSettings.ts reads the raw values, this file
// replaces wrong types with the defaults, so a hand-edited settings.json never breaks the editor features.
import { agentRegistry } from '../../adapters/agentRegistry';
import type { AgentId } from '../../core/model';

/** Agents whose attributions blame can show; the setting's enum. */
export const blameAgents: readonly AgentId[] = agentRegistry.all.filter((d) => d.blame).map((d) => d.id);

/** Mirrors contributes.configuration `agentTrail.blame.*` in package.json. */
export interface BlameSettings {
  codeLens: { enabled: boolean; minLines: number };
  hover: { enabled: boolean };
  lineAnnotation: { enabled: boolean };
  gutter: { enabled: boolean };
  /** Attributions of other agents are not shown anywhere. */
  agents: AgentId[];
  /** Larger documents are not blamed (nor read when observed). */
  maxFileSizeKB: number;
  /** Record workspace files seen changing while an agent works (observeShellChanges.ts). */
  observeShellChanges: boolean;
  /** Inside Cursor: record workspace files seen changing while a Cursor composer generates (observeCursorAgent.ts). */
  observeCursorAgent: boolean;
}

export const defaultBlameSettings: Readonly<BlameSettings> = {
  codeLens: { enabled: true, minLines: 1 },
  hover: { enabled: true },
  lineAnnotation: { enabled: true },
  gutter: { enabled: false },
  agents: [...blameAgents],
  maxFileSizeKB: 2048,
  observeShellChanges: true,
  observeCursorAgent: true,
};

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function atLeast(value: unknown, min: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min ? Math.floor(value) : fallback;
}

function agentList(value: unknown): AgentId[] {
  if (!Array.isArray(value)) {
    return [...defaultBlameSettings.agents];
  }
  // An explicit empty list means "none": that is what was written.
  return blameAgents.filter((agent) => value.includes(agent));
}

/** Reads every blame setting through `read(path)` (relative to `agentTrail.blame`). */
export function normalizeBlameSettings(read: (path: string) => unknown): BlameSettings {
  const d = defaultBlameSettings;
  return {
    codeLens: {
      enabled: bool(read('codeLens.enabled'), d.codeLens.enabled),
      minLines: atLeast(read('codeLens.minLines'), 1, d.codeLens.minLines),
    },
    hover: { enabled: bool(read('hover.enabled'), d.hover.enabled) },
    lineAnnotation: { enabled: bool(read('lineAnnotation.enabled'), d.lineAnnotation.enabled) },
    gutter: { enabled: bool(read('gutter.enabled'), d.gutter.enabled) },
    agents: agentList(read('agents')),
    maxFileSizeKB: atLeast(read('maxFileSizeKB'), 1, d.maxFileSizeKB),
    observeShellChanges: bool(read('observeShellChanges'), d.observeShellChanges),
    observeCursorAgent: bool(read('observeCursorAgent'), d.observeCursorAgent),
  };
}

/** Why a document's content is not blamed (binary, too large), or undefined when it is. */
export function contentSkipReason(text: string, maxFileSizeKB: number): string | undefined {
  const limit = maxFileSizeKB * 1024;
  // UTF-8 never takes fewer bytes than UTF-16 code units, so the length alone settles most large files.
  const bytes = text.length > limit ? text.length : Buffer.byteLength(text, 'utf8');
  if (bytes > limit) {
    return `larger than agentTrail.blame.maxFileSizeKB (${Math.ceil(bytes / 1024)} KB > ${maxFileSizeKB} KB)`;
  }
  if (text.slice(0, 8192).includes('\u0000')) {
    return 'binary (NUL in the first 8 KB)';
  }
  return undefined;
}
