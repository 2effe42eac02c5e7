// Pi's entry tree, folded to the prompts' tree (model.ts PromptTree) one entry at a time: which prompt every entry
// belongs to (a user message starts its own; every other entry belongs to its parent's), which prompt each prompt
// continues, where the leaf is, and the labels and branch summaries the user left. Pi 0.73.1 semantics
// (dist/core/session-manager.js): the leaf on load is the entry written last (`_buildIndex`), a `/tree` move is not
// written until something is appended under the new position, `label` entries are appended under the leaf and name
// their `targetId`, `branch_summary` is appended under the entry the user moved to and summarizes the branch left.
import type { PromptTree } from '../../core/model';

/** Entry id → its prompt id (null: before any prompt), in file order. Pairs, not an object: 8-hex ids can look numeric. */
export interface TreeState {
  entries: [string, string | null][];
  tree: PromptTree;
  /** The tree changed since it was last emitted. */
  dirty?: true;
}

/** Entries remembered at most: a branch from an older entry is still seen, its prompt is unknown (issue). */
const maxEntries = 20_000;

export function initialTreeState(): TreeState {
  return { entries: [], tree: { parents: {}, leaf: null } };
}

/** The prompt `entryId` belongs to: null before any prompt, undefined when the entry is not (or no longer) known. */
export function promptOfEntry(s: TreeState, entryId: string): string | null | undefined {
  for (let i = s.entries.length - 1; i >= 0; i--) {
    if (s.entries[i][0] === entryId) {
      return s.entries[i][1];
    }
  }
  return undefined;
}

function remember(s: TreeState, entryId: string, promptId: string | null): void {
  s.entries.push([entryId, promptId]);
  if (s.entries.length > maxEntries) {
    s.entries.splice(0, s.entries.length - maxEntries);
  }
}

function setLeaf(s: TreeState, promptId: string | null): void {
  if (s.tree.leaf !== promptId) {
    s.tree.leaf = promptId;
    s.dirty = true;
  }
}

/** A user message: a prompt of its own, continuing the prompt of its parent entry. */
export function treePrompt(s: TreeState, entryId: string, parentPrompt: string | null): void {
  s.tree.parents[entryId] = parentPrompt;
  s.dirty = true;
  remember(s, entryId, entryId);
  setLeaf(s, entryId);
}

/** Any other entry: it belongs to its parent's prompt (known by the caller), and it is the leaf now. */
export function treeEntry(s: TreeState, entryId: string, promptId: string | null): void {
  remember(s, entryId, promptId);
  setLeaf(s, promptId);
}

export function treeLabel(s: TreeState, promptId: string, label: string | undefined): void {
  const labels = { ...s.tree.labels };
  if (label) {
    labels[promptId] = label;
  } else {
    delete labels[promptId];
  }
  s.tree.labels = labels;
  s.dirty = true;
}

/**
 * The first line of what the summary says: Pi wraps the model's summary in its own preamble ("The user explored a
 * different conversation branch before returning here. / Summary of that exploration:") and appends the file lists
 * (`<read-files>`, `<modified-files>`), which the tree's label has no room for.
 */
export function summaryLine(summary: string): string | undefined {
  const marker = 'Summary of that exploration:';
  const at = summary.indexOf(marker);
  const body = (at >= 0 ? summary.slice(at + marker.length) : summary).split(/<(?:read|modified)-files>/)[0];
  const line = body.split('\n').map((l) => l.trim()).find((l) => l !== '');
  return line === undefined ? undefined : line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

export function treeSummary(s: TreeState, promptId: string, summary: string): void {
  s.tree.summaries = { ...s.tree.summaries, [promptId]: summary };
  s.dirty = true;
}
