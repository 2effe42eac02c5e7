// Orders sessions newest first and nests subagent sessions under their parent when the parent is listed.
// Pure (no `vscode`).
import type { SessionSummary } from '../core/readModel';

export interface SessionTreeEntry {
  session: SessionSummary;
  /** Subagent sessions spawned by this one, oldest first (the order they were started in). */
  children: SessionTreeEntry[];
}

function time(ts: string): number {
  const t = Date.parse(ts);
  return Number.isNaN(t) ? 0 : t;
}

export function buildSessionHierarchy(sessions: readonly SessionSummary[]): SessionTreeEntry[] {
  const byKey = new Map<string, SessionSummary>();
  for (const s of sessions) {
    byKey.set(s.key, s);
  }
  // parentSessionId is the agent's own id; a subagent always belongs to the same agent as its parent.
  const parentKey = (s: SessionSummary): string | undefined => {
    if (!s.parentSessionId) {
      return undefined;
    }
    const key = `${s.agent}:${s.parentSessionId}`;
    return key !== s.key && byKey.has(key) ? key : undefined;
  };
  const childrenOf = new Map<string, SessionSummary[]>();
  for (const s of byKey.values()) {
    const parent = parentKey(s);
    if (parent !== undefined) {
      const list = childrenOf.get(parent) ?? [];
      list.push(s);
      childrenOf.set(parent, list);
    }
  }

  const placed = new Set<string>();
  const build = (s: SessionSummary): SessionTreeEntry => {
    placed.add(s.key);
    const kids = (childrenOf.get(s.key) ?? [])
      .filter((c) => !placed.has(c.key))
      .sort((a, b) => time(a.startedAt) - time(b.startedAt));
    return { session: s, children: kids.map(build) };
  };

  const roots: SessionTreeEntry[] = [];
  for (const s of byKey.values()) {
    if (parentKey(s) === undefined) {
      roots.push(build(s));
    }
  }
  // Sessions caught in a parent cycle have no root above them: show them at the top level rather than lose them.
  for (const s of byKey.values()) {
    if (!placed.has(s.key)) {
      roots.push(build(s));
    }
  }

  // A parent counts as recently active when any of its subagents is.
  const latest = (e: SessionTreeEntry): number =>
    Math.max(time(e.session.updatedAt), ...e.children.map((c) => latest(c)));
  const order = new Map<SessionTreeEntry, number>(roots.map((e) => [e, latest(e)]));
  return roots.sort((a, b) => (order.get(b) ?? 0) - (order.get(a) ?? 0) || a.session.key.localeCompare(b.session.key));
}
