// A branched session's prompts for the Sessions view (Pi `/tree`): the conversation the user ended on as the session's
// own children, the other branches under "Other branches", each named by the user's label or the branch summary, else
// by where it forked. Pure (no `vscode`), unit-tested.
import type { PromptTree } from '../core/model';
import { promptBranches } from '../core/promptBranches';
import type { PromptSummary } from '../core/readModel';
import { firstLine } from './sessionLabels';

export interface BranchGroup {
  /** Stable within the session: the branch's first prompt. */
  id: string;
  label: string;
  /** Where it forked, for the row's description. */
  description: string;
  prompts: PromptSummary[];
}

export interface SessionPromptGroups {
  endedOn: PromptSummary[];
  others: BranchGroup[];
}

export function sessionPromptGroups(prompts: readonly PromptSummary[], tree: PromptTree | undefined): SessionPromptGroups {
  const ordered = [...prompts].sort((a, b) => a.index - b.index);
  const byId = new Map(ordered.map((p) => [p.id, p]));
  const pick = (ids: readonly string[]): PromptSummary[] => ids.flatMap((id) => byId.get(id) ?? []);
  const { endedOn, others } = promptBranches(ordered.map((p) => p.id), tree);
  return {
    endedOn: pick(endedOn),
    others: others.map((b) => {
      const members = pick(b.promptIds);
      const from = b.forkedFrom === null ? undefined : byId.get(b.forkedFrom);
      return {
        id: b.promptIds[0],
        label: b.label !== undefined ? firstLine(b.label) : `Branch at #${members[0]?.index ?? '?'}`,
        description: `${from ? `from #${from.index}` : 'from the start'} · ${members.map((p) => `#${p.index}`).join(', ')}`,
        prompts: members,
      };
    }),
  };
}
