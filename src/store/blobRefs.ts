// Large strings inside index operations are moved to the blob archive and replaced by references, so the DB
// and the journal hold metadata and references, not multi-MB bodies. File contents (before/after/patch) are
// always archived, whatever their size, because blame and restore need them byte for byte later.
import { maxJsonDepth } from '../core/jsonDepth';
import type { FileChange } from '../core/model';
import type { BlobArchive } from './blobArchive';

export interface BlobRef {
  $blob: string;
  size: number;
  /**
   * The first characters, so lists and tooltips need not read the blob. Absent on file contents: those are only
   * ever used whole, and a missing one must read as unknown, never as a fragment.
   */
  preview?: string;
}

/**
 * Strings longer than this (tool inputs, results, command lines and outputs) are archived. The DB is held whole in
 * memory while indexing, and bodies between 1 and 4 KB (most shell outputs and tool results) were a third of it; the
 * timeline reads a prompt's archived bodies when it shows the prompt (a read and a hash each, microseconds).
 */
export const inlineLimit = 1024;
/** Characters of an archived text kept with its reference (and as a command's output preview in the commands table). */
export const previewLength = 512;
/**
 * Characters kept with an archived tool input or result: only read when the blob is missing (the timeline, like
 * everything else, reads the blob), and 512 of them per result were 5% of the DB.
 */
export const shortPreviewLength = 160;

export function isBlobRef(value: unknown): value is BlobRef {
  return typeof value === 'object' && value !== null && typeof (value as { $blob?: unknown }).$blob === 'string';
}

/**
 * `memo` (per operation) avoids hashing the same body twice: a Write's input content and its `after`, a command's
 * output in both the command and the tool result.
 */
function toRef(archive: BlobArchive, text: string, memo: Map<string, BlobRef> | undefined, preview: number): BlobRef {
  const known = memo?.get(text);
  const hash = known?.$blob ?? archive.put(text);
  const ref: BlobRef = preview > 0 ? { $blob: hash, size: text.length, preview: text.slice(0, preview) } : { $blob: hash, size: text.length };
  memo?.set(text, ref);
  return ref;
}

/** A FileChange whose contents are references (null/undefined keep their meaning: absent/unknown). */
export interface StoredFileChange {
  path: string;
  op: FileChange['op'];
  before?: BlobRef | null;
  after?: BlobRef | null;
  patch?: BlobRef;
  movePath?: string;
}

export function externalizeFileChange(archive: BlobArchive, change: FileChange, memo?: Map<string, BlobRef>): StoredFileChange {
  const stored: StoredFileChange = { path: change.path, op: change.op };
  if (change.before !== undefined) {
    stored.before = change.before === null ? null : toRef(archive, change.before, memo, 0);
  }
  if (change.after !== undefined) {
    stored.after = change.after === null ? null : toRef(archive, change.after, memo, 0);
  }
  if (change.patch !== undefined) {
    stored.patch = toRef(archive, change.patch, memo, 0);
  }
  if (change.movePath !== undefined) {
    stored.movePath = change.movePath;
  }
  return stored;
}

/**
 * How deep the walks below go. Adapters bound every value they parse (core/jsonDepth), so this only matters for
 * values stored before that bound existed: deeper parts are passed through as they are (a long string down there
 * stays inline) instead of overflowing the stack and failing the whole session.
 */
const walkDepth = maxJsonDepth + 16;

/**
 * Replaces every string longer than `inlineLimit` in a JSON-like value by a blob reference that keeps the first
 * `preview` characters.
 */
export function externalizeLarge(archive: BlobArchive, value: unknown, memo?: Map<string, BlobRef>, preview = previewLength, depth = 0): unknown {
  if (typeof value === 'string') {
    return value.length > inlineLimit ? toRef(archive, value, memo, preview) : value;
  }
  if (typeof value !== 'object' || value === null || depth > walkDepth || isBlobRef(value)) {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((v) => externalizeLarge(archive, v, memo, preview, depth + 1));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = externalizeLarge(archive, v, memo, preview, depth + 1);
  }
  return out;
}

/**
 * Replaces blob references by their content. A missing text blob becomes its preview followed by a marker, a
 * missing file content becomes undefined (unknown) — never an empty string, nothing pretends to be complete.
 */
export function internalize(archive: BlobArchive, value: unknown, depth = 0): unknown {
  if (depth > walkDepth) {
    return value;
  }
  if (isBlobRef(value)) {
    const content = archive.get(value.$blob);
    if (content !== undefined) {
      return content;
    }
    return value.preview === undefined ? undefined : `${value.preview}\n[agent-trail: archived content ${value.$blob.slice(0, 12)} is missing]`;
  }
  if (Array.isArray(value)) {
    return value.map((v) => internalize(archive, v, depth + 1));
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = internalize(archive, v, depth + 1);
    }
    return out;
  }
  return value;
}
