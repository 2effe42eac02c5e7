// The adapters the indexer runs, by agent. Adding an agent = one adapter module + one line here.
import type { AgentAdapter } from '../adapters/adapter';
import { claudeCodeAdapter } from '../adapters/claudeCode/claudeCodeAdapter';
import { codexAdapter } from '../adapters/codex/codexAdapter';
import { geminiCliAdapter } from '../adapters/geminiCli/geminiCliAdapter';

export const indexedAgents = ['claude-code', 'codex', 'gemini-cli'] as const;
export type IndexedAgent = (typeof indexedAgents)[number];

const adapters: Record<IndexedAgent, AgentAdapter> = {
  'claude-code': claudeCodeAdapter as AgentAdapter,
  codex: codexAdapter as AgentAdapter,
  'gemini-cli': geminiCliAdapter as AgentAdapter,
};

export function adapterFor(agent: string): AgentAdapter {
  const adapter = (adapters as Record<string, AgentAdapter | undefined>)[agent];
  if (!adapter) {
    throw new Error(`no adapter for agent ${agent}`);
  }
  return adapter;
}
