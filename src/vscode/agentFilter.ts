// The Sessions view's agent filter: a view toggle (kept in workspaceState), not a setting. Pure (no `vscode`).
import { agentRegistry } from '../adapters/agentRegistry';
import type { AgentId } from '../core/model';
import { agentLabel } from './sessionLabels';

/** Agents the filter offers: those the index reads. */
export const filterableAgents: readonly AgentId[] = agentRegistry.ids;

/** workspaceState key. */
export const agentFilterStateKey = 'agentTrail.sessions.agents';

/**
 * A filter is a non-empty, strict subset of `filterableAgents`; "all" and "none" both mean no filter
 * (an empty view with no way to tell why is worse than showing everything).
 */
export function normalizeAgentFilter(value: unknown, offered: readonly AgentId[] = filterableAgents): AgentId[] | undefined {
  if (!Array.isArray(value)) {
    return undefined;
  }
  const picked = offered.filter((agent) => value.includes(agent));
  if (picked.length === 0 || picked.length === offered.length) {
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
