// Messages between the thread that stores (parseWorkerSource.ts) and the parse worker (parseWorker.ts).
// Flow control is by credits: the worker posts a batch only while it holds a credit, and the storing side returns
// one credit for every batch it takes or discards, so at most `parseCredits` batches wait in memory.
import type { ParseIssue } from '../core/ops';
import type { BatchJob, ParsedBatch } from './batchSource';
import type { ParseOptions } from './inThreadSource';
import type { StringLink } from './sharedStrings';

/** Batches read ahead of the one being stored, over all jobs. */
export const parseCredits = 2;

export type ParseRequest =
  /** Queue a job; the worker runs jobs one at a time in the order they came. */
  | { type: 'job'; id: number; job: BatchJob; options: ParseOptions }
  | { type: 'credit'; count: number }
  /** Stop (or never start) a job. Batches of it already under way are still posted and must be discarded. */
  | { type: 'cancel'; id: number };

export type ParseReply =
  /**
   * `seq` counts a job's batches from 0, so a lost or repeated batch is detected rather than applied. `links` put
   * back the repeated long texts sent once (sharedStrings.ts).
   */
  | { type: 'batch'; id: number; seq: number; batch: ParsedBatch; links: StringLink[] }
  /** The job's file is read to its end; `issues` belong to no batch. */
  | { type: 'end'; id: number; issues: ParseIssue[] }
  | { type: 'failed'; id: number; error: string };

export function isParseRequest(value: unknown): value is ParseRequest {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const v = value as { type?: unknown; id?: unknown; count?: unknown; job?: unknown; options?: unknown };
  switch (v.type) {
    case 'job':
      return typeof v.id === 'number' && typeof v.job === 'object' && v.job !== null && typeof v.options === 'object' && v.options !== null;
    case 'credit':
      return typeof v.count === 'number';
    case 'cancel':
      return typeof v.id === 'number';
    default:
      return false;
  }
}
