// sessions.prompt_tree: a branched session's conversation tree (model.ts PromptTree) as JSON, NULL for the rest.
import type { SqlValue } from 'sql.js';
import type { PromptTree } from '../core/model';
import { isObject } from '../core/jsonValues';

export function promptTreeColumn(tree: PromptTree | undefined): string | null {
  return tree ? JSON.stringify(tree) : null;
}

/** The stored tree, or undefined when there is none (or the cell is not one: the DB is a cache, rebuilt on doubt). */
export function promptTreeOf(cell: SqlValue | undefined): PromptTree | undefined {
  if (typeof cell !== 'string') {
    return undefined;
  }
  try {
    const v: unknown = JSON.parse(cell);
    return isObject(v) && isObject(v.parents) && (typeof v.leaf === 'string' || v.leaf === null) ? (v as unknown as PromptTree) : undefined;
  } catch {
    return undefined;
  }
}
