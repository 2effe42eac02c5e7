// The Sessions view's agent filter: a view toggle (kept in workspaceState), not a setting. Pure (no `vscode`).
import type { AgentId } from '../core/model';
import { agentLabel } from './sessionLabels';

/** Agents the filter offers; the index only reads these three today. */
export const filterableAgents: readonly AgentId[] = ['claude-code', 'codex', 'gemini-cli'];

/** workspaceState key. */
export const agentFilterStateKey = 'agentTrail.sessions.agents';

/**
 * A filter is a non-empty, strict subset of `filterableAgents`; "all" and "none" both mean no filter
 * (an empty view with no way to tell why is worse than showing everything).
 */
export function normalizeAgentFilter(value: unknown): AgentId[] | undefined {
  if (!Array.isArray(value)) {
    return undefined;
  }
  const picked = filterableAgents.filter((agent) => value.includes(agent));
  if (picked.length === 0 || picked.length === filterableAgents.length) {
    return undefined;
  }
  return picked;
}

export function matchesAgentFilter(agent: AgentId, filter: readonly AgentId[] | undefined): boolean {
  return filter === undefined || filter.includes(agent);
}

/** "Filtered: Claude Code, Codex" for the TreeView description; undefined when unfiltered. */
export function agentFilterDescription(filter: readonly AgentId[] | undefined): string | undefined {
  if (filter === undefined || filter.length === 0) {
    return undefined;
  }
  return `Filtered: ${filter.map(agentLabel).join(', ')}`;
}
