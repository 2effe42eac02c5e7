// Where IndexEngine gets parsed batches of an append-only transcript from. The engine owns cursors, head hashes and
// the store; a source only reads complete lines from a position and runs the adapter over them, so the engine can
// apply one batch while a pipelined source (parseWorkerSource.ts) already reads and parses the next.
import type { TranscriptFile } from '../adapters/adapter';
import type { IndexOp, ParseIssue } from '../core/ops';
import type { HeadMark } from './lineReader';

/**
 * One file to read from a cursor, or a whole document (`file.mode` 'whole': read and parsed at once, from 0). Plain
 * data: it crosses to the parse worker as is.
 */
export interface BatchJob {
  file: TranscriptFile;
  fromOffset: number;
  fromLineNo: number;
  /** The adapter's state at `fromOffset` (JSON-serializable by the adapter contract). */
  state: unknown;
  maxLineBytes: number;
  /** The file's size when the job was made (reading goes on to the real end): lets a source choose by size. */
  knownSize: number;
}

/** Complete lines up to `endOffset`, parsed. Applying batches in order from the job's start is the whole file. */
export interface ParsedBatch {
  /**
   * The last batch's ops also hold those of a whole JSON record after the last newline at the end of the file
   * (see readParsedBatches): applied now, read again once its newline arrives, as idempotent upserts.
   */
  ops: IndexOp[];
  /**
   * The adapter's state after this batch, i.e. what the cursor at `endOffset` stores. In-thread, an adapter may
   * update this same object for the next batch: use it before asking for the next one.
   */
  state: unknown;
  /** Read and parse issues of this batch's lines. */
  issues: ParseIssue[];
  endOffset: number;
  endLineNo: number;
  /** A whole document's only batch: the SHA-256 of the text read (its journal mark, see transcriptHashes.ts). */
  sha256?: string;
  /** A reading from offset 0: the head hash of what it read up to `endOffset` (LineBatch.head). */
  head?: HeadMark;
}

export interface BatchSource {
  /**
   * Hint: `job` (the same object) will be asked for after the jobs hinted before it, in the order of the hints. A
   * pipelined source may read and parse it as soon as those are read. Asking for a job cancels the hints given
   * before it (a job the engine did not ask for after all); asking for one never hinted cancels them all.
   */
  prefetch(job: BatchJob): void;
  /**
   * The batches of `job`, in file order. Issues that belong to no batch (the file cannot be opened, a read fails
   * after the last complete line) are pushed to `issues`. Stopping the iteration early cancels the rest.
   */
  batches(job: BatchJob, issues: ParseIssue[]): AsyncIterable<ParsedBatch>;
  /** Much will be read soon (the first pass of a new index): a source may get ready while files are discovered. */
  prepare(): void;
  /** Nothing more to read for now (a pass is over): a source may free what it holds until the next job. */
  idle(): void;
  dispose(): Promise<void>;
}
