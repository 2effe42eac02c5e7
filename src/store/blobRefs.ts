// Large strings inside index operations are moved to the blob archive and replaced by references, so the DB
// and the journal hold metadata and references, not multi-MB bodies. File contents (before/after/patch) are
// always archived, whatever their size, because blame and restore need them byte for byte later.
import type { FileChange } from '../core/model';
import type { BlobArchive } from './blobArchive';

export interface BlobRef {
  $blob: string;
  size: number;
  /** The first characters, so lists and tooltips need not read the blob. */
  preview: string;
}

export const inlineLimit = 4096;
const previewLength = 512;

export function isBlobRef(value: unknown): value is BlobRef {
  return typeof value === 'object' && value !== null && typeof (value as { $blob?: unknown }).$blob === 'string';
}

function toRef(archive: BlobArchive, text: string): BlobRef {
  return { $blob: archive.put(text), size: text.length, preview: text.slice(0, previewLength) };
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

export function externalizeFileChange(archive: BlobArchive, change: FileChange): StoredFileChange {
  const stored: StoredFileChange = { path: change.path, op: change.op };
  if (change.before !== undefined) {
    stored.before = change.before === null ? null : toRef(archive, change.before);
  }
  if (change.after !== undefined) {
    stored.after = change.after === null ? null : toRef(archive, change.after);
  }
  if (change.patch !== undefined) {
    stored.patch = toRef(archive, change.patch);
  }
  if (change.movePath !== undefined) {
    stored.movePath = change.movePath;
  }
  return stored;
}

/** Replaces every string longer than `inlineLimit` in a JSON-like value by a blob reference. */
export function externalizeLarge(archive: BlobArchive, value: unknown): unknown {
  if (typeof value === 'string') {
    return value.length > inlineLimit ? toRef(archive, value) : value;
  }
  if (Array.isArray(value)) {
    return value.map((v) => externalizeLarge(archive, v));
  }
  if (typeof value === 'object' && value !== null) {
    if (isBlobRef(value)) {
      return value;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = externalizeLarge(archive, v);
    }
    return out;
  }
  return value;
}

/**
 * Replaces blob references by their content. A missing blob becomes its preview followed by a marker,
 * never an empty string, so nothing pretends to be complete when it is not.
 */
export function internalize(archive: BlobArchive, value: unknown): unknown {
  if (isBlobRef(value)) {
    const content = archive.get(value.$blob);
    return content ?? `${value.preview}\n[agent-trail: archived content ${value.$blob.slice(0, 12)} is missing]`;
  }
  if (Array.isArray(value)) {
    return value.map((v) => internalize(archive, v));
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = internalize(archive, v);
    }
    return out;
  }
  return value;
}

/** The content behind a ref; undefined when unknown or the blob is missing (never ''). */
export function readRef(archive: BlobArchive, ref: BlobRef | null | undefined): string | null | undefined {
  if (ref === null) {
    return null;
  }
  if (ref === undefined) {
    return undefined;
  }
  return archive.get(ref.$blob);
}
