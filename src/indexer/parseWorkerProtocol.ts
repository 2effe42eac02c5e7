// Messages between the thread that stores (parseWorkerSource.ts) and the parse worker (parseWorker.ts).
// Flow control is by credits counted in bytes of transcript: the worker reads a batch only while it holds credit, and
// the storing side returns a batch's bytes once it takes or discards it, so at most `parseAheadBytes` (plus the one
// batch being read) wait in memory. Bytes, not batches: thousands of small transcripts are one small batch each, and
// a count that bounds 1 MB batches let the worker run only a file or two ahead of them.
import type { ParseIssue } from '../core/ops';
import type { BatchJob, ParsedBatch } from './batchSource';
import type { ParseOptions } from './inThreadSource';
import type { StringLink } from './sharedStrings';

/** Bytes of transcript read ahead of the batch being stored, over all jobs (four of the parse worker's 1 MB batches). */
export const parseAheadBytes = 4 * 1024 * 1024;

export type ParseRequest =
  /** Queue jobs; the worker runs jobs one at a time in the order they came (several per message: fewer wake-ups). */
  | { type: 'jobs'; jobs: JobRequest[] }
  /** Bytes of credit given back. */
  | { type: 'credit'; bytes: number }
  /** Stop (or never start) a job. Batches of it already under way are still posted and must be discarded. */
  | { type: 'cancel'; id: number };

export interface JobRequest {
  id: number;
  job: BatchJob;
  options: ParseOptions;
}

export type ParseReply =
  /**
   * `seq` counts a job's batches from 0, so a lost or repeated batch is detected rather than applied. `links` put
   * back the repeated long texts sent once (sharedStrings.ts). `bytes`: the transcript bytes it covers, the credit it took.
   */
  | { type: 'batch'; id: number; seq: number; batch: ParsedBatch; links: StringLink[]; bytes: number }
  /** The job's file is read to its end; `issues` belong to no batch. */
  | { type: 'end'; id: number; issues: ParseIssue[] }
  | { type: 'failed'; id: number; error: string };

export function isParseRequest(value: unknown): value is ParseRequest {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const v = value as { type?: unknown; id?: unknown; bytes?: unknown; jobs?: unknown };
  switch (v.type) {
    case 'jobs':
      return Array.isArray(v.jobs) && v.jobs.every(isJobRequest);
    case 'credit':
      return typeof v.bytes === 'number';
    case 'cancel':
      return typeof v.id === 'number';
    default:
      return false;
  }
}

function isJobRequest(value: unknown): value is JobRequest {
  const v = value as { id?: unknown; job?: unknown; options?: unknown } | null;
  return typeof v === 'object' && v !== null && typeof v.id === 'number' && typeof v.job === 'object' && v.job !== null && typeof v.options === 'object' && v.options !== null;
}
