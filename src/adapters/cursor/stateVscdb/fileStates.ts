// What a file held around a composer's edits (docs/formats/cursorStateVscdb.md §5). Cursor keeps, per composer,
// each edited file's content before the composer first edited it ("V0": `originalFileStates[uri]` = {content,
// firstEditBubbleId, isNewlyCreated}), and per bubble a checkpoint before its edits (`bubble.checkpointId`) and
// one after (`afterCheckpointId`), stored as `checkpointId:<composerId>:<id>` = {files: [{uri,
// originalModelDiffWrtV0}], nonExistentFiles, …}. Cursor adds a file to a bubble's checkpoint when that bubble is
// about to edit it, so a checkpoint names only the files its bubble touched: a file it does not name is known only
// when the composer had not edited it yet (then it still is V0). Nothing else is guessed.
import { arr, isObject, nonEmpty, type JsonObject } from '../../../core/jsonValues';
import { applyDiffWrtV0 } from './lineDiffs';
import { pathOfUri } from './fileUris';

export interface FileV0 {
  /** The content before the composer's first edit; null: the composer created the file. */
  content: string | null;
  /** The bubble of the composer's first edit of the file. */
  firstEditBubbleId?: string;
}

/** path → V0 of a composer's `originalFileStates`. */
export function originalFileStates(composer: JsonObject): Map<string, FileV0> {
  const out = new Map<string, FileV0>();
  const states = composer.originalFileStates;
  if (!isObject(states)) {
    return out;
  }
  for (const [uri, s] of Object.entries(states)) {
    const path = pathOfUri(uri);
    if (!path || !isObject(s)) {
      continue;
    }
    const created = s.isNewlyCreated === true;
    const content = typeof s.content === 'string' ? s.content : undefined;
    if (content === undefined && !created) {
      continue; // no content recorded (newer versions may keep it elsewhere, §5): unknown
    }
    const first = nonEmpty(s.firstEditBubbleId);
    out.set(path, { content: created ? null : (content as string), ...(first ? { firstEditBubbleId: first } : {}) });
  }
  return out;
}

export interface Checkpoint {
  /** path → its line-range diff against V0. */
  files: Map<string, unknown>;
  /** Files that did not exist at the checkpoint. */
  nonExistent: Set<string>;
}

export function parseCheckpoint(value: unknown): Checkpoint | undefined {
  if (!isObject(value)) {
    return undefined;
  }
  const files = new Map<string, unknown>();
  for (const f of arr(value.files)) {
    const path = isObject(f) ? pathOfUri(f.uri) : undefined;
    if (path && isObject(f)) {
      files.set(path, f.originalModelDiffWrtV0);
    }
  }
  const nonExistent = new Set<string>();
  for (const f of arr(value.nonExistentFiles)) {
    const path = pathOfUri(isObject(f) && 'uri' in f ? f.uri : f);
    if (path) {
      nonExistent.add(path);
    }
  }
  return { files, nonExistent };
}

/**
 * The content of `path` at `checkpoint`, taken before the bubble at position `at` of the conversation (`order`:
 * bubble id → position); null: the file did not exist; undefined: not known.
 */
export function contentAt(path: string, v0s: ReadonlyMap<string, FileV0>, checkpoint: Checkpoint | undefined, at: number, order: ReadonlyMap<string, number>): string | null | undefined {
  const v0 = v0s.get(path);
  if (checkpoint?.files.has(path)) {
    if (!v0) {
      return undefined;
    }
    return applyDiffWrtV0(v0.content ?? '', checkpoint.files.get(path));
  }
  if (checkpoint?.nonExistent.has(path)) {
    return null;
  }
  if (!v0) {
    return undefined;
  }
  const first = v0.firstEditBubbleId !== undefined ? order.get(v0.firstEditBubbleId) : undefined;
  // Not edited by the composer before this bubble: still what it was before the composer's first edit.
  return first !== undefined && first >= at ? v0.content : undefined;
}

/** The checkpoint ids a bubble refers to. */
export function bubbleCheckpoints(bubble: JsonObject): { before?: string; after?: string } {
  const before = nonEmpty(bubble.checkpointId);
  const after = nonEmpty(bubble.afterCheckpointId);
  return { ...(before ? { before } : {}), ...(after ? { after } : {}) };
}
