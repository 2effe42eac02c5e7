// Reading and parsing in the calling thread: the CLI's and the tests' source, the parse worker's own loop, and the
// fallback when the parse worker fails.
import { readFileSync } from 'node:fs';
import type { IndexOp, ParseIssue } from '../core/ops';
import { agentRegistry, type AgentRegistry } from '../adapters/agentRegistry';
import type { BatchJob, BatchSource, ParsedBatch } from './batchSource';
import { defaultLineReaderOptions, readLines } from './lineReader';
import { documentHash } from './transcriptHashes';

export interface ParseOptions {
  /** Lines per batch, in bytes (see LineReaderOptions.batchBytes). */
  batchBytes: number;
  /** Bytes per read (see LineReaderOptions.chunkBytes). */
  chunkBytes: number;
}

const defaultParseOptions: ParseOptions = { batchBytes: defaultLineReaderOptions.batchBytes, chunkBytes: defaultLineReaderOptions.chunkBytes };

/**
 * A final line without its newline is taken when it is a whole JSON object or array: no prefix of one parses (its
 * brackets would not close), so it cannot be a record still being written. A bare number could be ("12" of "123").
 */
function isWholeRecord(text: string): boolean {
  const t = text.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) {
    return false;
  }
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

/**
 * readLines + adapter.parseLines. Reader issues go with the batch whose lines they concern; the rest to `trailing`.
 * A whole record after the last newline is parsed too, from a copy of the state: its ops are applied now, while
 * the batch's state and end stay before it. Once its newline arrives the line is read again from there and gives
 * the same ops, which the store applies as the upserts they are (keyed by the agents' ids), so nothing doubles.
 * Its issues, if any, are counted again then.
 */
/** `registry`: whose adapters parse (tests register agents of their own; a parse worker has the default). */
export async function* readParsedBatches(job: BatchJob, options: ParseOptions, trailing: ParseIssue[], registry: AgentRegistry = agentRegistry): AsyncGenerator<ParsedBatch> {
  const adapter = registry.adapter(job.file.agent);
  if (job.file.mode === 'whole') {
    const batch = readWholeDocument(job, registry, trailing);
    if (batch) {
      yield batch;
    }
    return;
  }
  const readIssues: ParseIssue[] = [];
  let state = job.state;
  const lineOptions = { maxLineBytes: job.maxLineBytes, batchBytes: options.batchBytes, chunkBytes: options.chunkBytes, expectedBytes: Math.max(0, job.knownSize - job.fromOffset) };
  for await (const lines of readLines(job.file.path, job.fromOffset, job.fromLineNo, lineOptions, readIssues)) {
    const out = adapter.parseLines(job.file, state, lines.lines);
    state = out.state;
    let ops = out.ops;
    let issues = readIssues.length > 0 ? [...readIssues.splice(0), ...out.issues] : out.issues;
    if (lines.tail && isWholeRecord(lines.tail.text)) {
      // Adapters may update their state in place: the tail gets a copy (JSON-serializable by contract).
      const provisional = adapter.parseLines(job.file, JSON.parse(JSON.stringify(state)) as unknown, [lines.tail]);
      ops = [...ops, ...provisional.ops];
      issues = [...issues, ...provisional.issues];
    }
    readBackups(ops);
    yield { ops, state, issues, endOffset: lines.endOffset, endLineNo: lines.endLineNo, head: lines.head };
  }
  // Only when read to the end: after an early stop these lines are read (and reported) again next time.
  trailing.push(...readIssues);
}

/** Backup contents read with a batch at most; the store reads the rest itself (a bound on a batch's memory). */
const backupBytesPerBatch = 4 * 1024 * 1024;

/**
 * Reads the agent's file backups (Claude Code's file-history) that `ops` name into the ops, so that in the parse
 * worker their reads (thousands of small files) happen off the storing thread. Returns the characters read.
 */
export function readBackups(ops: IndexOp[]): number {
  let read = 0;
  for (const op of ops) {
    if (op.op !== 'fileBackup' || op.backupPath === null || op.backup !== undefined || read >= backupBytesPerBatch) {
      continue;
    }
    try {
      const text = readFileSync(op.backupPath, 'utf8');
      op.backup = { text };
      read += text.length;
    } catch (err) {
      op.backup = { error: err instanceof Error ? err.message : String(err) };
    }
  }
  return read;
}

/**
 * A whole document (Gemini CLI's legacy chats) as one batch: read whole, parsed, and hashed for its journal mark. An
 * unreadable file gives no batch and an issue in `trailing` (its cursor stays: it is tried again next pass).
 */
function readWholeDocument(job: BatchJob, registry: AgentRegistry, trailing: ParseIssue[]): ParsedBatch | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(job.file.path);
  } catch (err) {
    trailing.push({ kind: 'io', file: job.file.path, message: `cannot read: ${err instanceof Error ? err.message : String(err)}` });
    return undefined;
  }
  const text = bytes.toString('utf8');
  const out = registry.adapter(job.file.agent).parseDocument(job.file, text);
  return { ops: out.ops, state: undefined, issues: out.issues, endOffset: bytes.length, endLineNo: 0, sha256: documentHash(text) };
}

export class InThreadBatchSource implements BatchSource {
  private readonly options: ParseOptions;

  constructor(
    options: Partial<ParseOptions> = {},
    private readonly registry: AgentRegistry = agentRegistry,
  ) {
    this.options = { ...defaultParseOptions, ...options };
  }

  prefetch(): void {
    // Nothing to overlap with: reading happens when the batches are asked for.
  }

  batches(job: BatchJob, issues: ParseIssue[]): AsyncIterable<ParsedBatch> {
    return readParsedBatches(job, this.options, issues, this.registry);
  }

  prepare(): void {
    // Nothing to get ready.
  }

  idle(): void {
    // Holds nothing between files.
  }

  async dispose(): Promise<void> {
    // Holds nothing between files.
  }
}
