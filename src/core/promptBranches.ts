// A branched session's prompts split into the conversation the user ended on and the branches left behind (Pi
// `/tree`), from the session's PromptTree. The prompts' own order (their index) stays the order things happened on
// disk; this only says which conversation each prompt belongs to, for the Sessions view, the timeline and the CLI.
import type { PromptTree } from './model';

export interface OtherBranch {
  /** The prompt this branch continues (on the ended-on conversation or another branch); null: from the start. */
  forkedFrom: string | null;
  /** The branch's prompts, first to last. */
  promptIds: string[];
  /** The user's label on one of its prompts, else the summary Pi wrote when the user left it. */
  label?: string;
}

export interface PromptBranches {
  /** The conversation the session ended on (as the agent would resume it), in prompt order. */
  endedOn: string[];
  /** The other branches, by their first prompt's order. */
  others: OtherBranch[];
}

/**
 * `promptIds` in the session's prompt order. Without a tree every prompt is on the one conversation. A prompt the
 * tree does not name (the store's placeholder for steps before any prompt) stays with the ended-on conversation:
 * nothing says it is elsewhere.
 */
export function promptBranches(promptIds: readonly string[], tree: PromptTree | undefined): PromptBranches {
  if (!tree) {
    return { endedOn: [...promptIds], others: [] };
  }
  const known = new Set(promptIds);
  const onPath = new Set<string>();
  for (let p = tree.leaf; p !== null && known.has(p) && !onPath.has(p); p = tree.parents[p] ?? null) {
    onPath.add(p);
  }
  const endedOn = promptIds.filter((id) => onPath.has(id) || !(id in tree.parents));
  const rest = promptIds.filter((id) => !endedOn.includes(id));
  const restSet = new Set(rest);
  const hasChild = new Set(rest.map((id) => tree.parents[id]).filter((p): p is string => p !== null && p !== undefined));
  const assigned = new Set<string>();
  const others: OtherBranch[] = [];
  for (const tip of rest.filter((id) => !hasChild.has(id))) {
    const chain: string[] = [];
    let p: string | null = tip;
    while (p !== null && restSet.has(p) && !assigned.has(p)) {
      chain.unshift(p);
      assigned.add(p);
      p = tree.parents[p] ?? null;
    }
    const label = [...chain].reverse().map((id) => tree.labels?.[id]).find((l) => l !== undefined) ?? tree.summaries?.[tip];
    others.push({ forkedFrom: p !== null && known.has(p) ? p : null, promptIds: chain, ...(label !== undefined ? { label } : {}) });
  }
  // A cycle (a damaged tree) leaves prompts no tip reaches: they are shown as one more branch, never dropped.
  const unreached = rest.filter((id) => !assigned.has(id));
  if (unreached.length > 0) {
    others.push({ forkedFrom: null, promptIds: unreached });
  }
  const order = new Map(promptIds.map((id, i) => [id, i]));
  others.sort((a, b) => (order.get(a.promptIds[0]) ?? 0) - (order.get(b.promptIds[0]) ?? 0));
  return { endedOn, others };
}

/**
 * Prompt id → which other branch it is on, in words (`other branch 1 "cli attempt" · from #1`), for every prompt not
 * on the ended-on conversation: the timeline's mark, the blame hover's line. `prompts` in the session's order.
 */
export function otherBranchMarks(prompts: readonly { id: string; index: number }[], tree: PromptTree | undefined): Map<string, string> {
  const marks = new Map<string, string>();
  const { others } = promptBranches(prompts.map((p) => p.id), tree);
  const index = new Map(prompts.map((p) => [p.id, p.index]));
  others.forEach((b, i) => {
    const label = b.label !== undefined ? ` "${b.label.length > 60 ? `${b.label.slice(0, 59)}…` : b.label}"` : '';
    const from = b.forkedFrom === null ? 'from the start' : `from #${index.get(b.forkedFrom) ?? '?'}`;
    for (const id of b.promptIds) {
      marks.set(id, `other branch ${i + 1}${label} · ${from}`);
    }
  });
  return marks;
}
