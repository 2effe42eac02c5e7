// Reads the complete lines of a growing transcript from a byte offset, in batches. Only bytes up to the last
// newline are consumed (an agent may be writing the next line right now); lines over the size limit are
// skipped and reported, never loaded whole. What follows the last newline at the end of the file is handed over
// separately as `tail`, unconsumed: a file copied or rewritten by another tool may simply lack its final newline.
import { closeSync, openSync, readSync } from 'node:fs';
import type { TranscriptLine } from '../adapters/adapter';
import type { ParseIssue } from '../core/ops';
import { PendingLine } from './pendingLine';
import { headBytes, headDigest } from './transcriptHashes';

/** The head hash of the bytes a reading from offset 0 consumed (see headHashSync): what the cursor records. */
export interface HeadMark {
  /** min(headBytes, endOffset). */
  length: number;
  digest: string;
}

export interface LineBatch {
  lines: TranscriptLine[];
  /** Offset just after the last consumed newline. */
  endOffset: number;
  endLineNo: number;
  /**
   * Last batch only: the bytes after the last newline when the end of the file was reached (within the size
   * limit), as the line they would be once the newline arrives. Not consumed: `endOffset` stays before it.
   */
  tail?: TranscriptLine;
  /**
   * A reading from offset 0: the head hash of the file's first min(headBytes, endOffset) bytes, as read. The storing
   * thread records it with the cursor instead of opening the file again to hash them (one open per transcript).
   */
  head?: HeadMark;
}

export interface LineReaderOptions {
  maxLineBytes: number;
  /** Yield a batch when its lines reach this many bytes. */
  batchBytes: number;
  chunkBytes: number;
  /**
   * How many bytes the caller expects to read (the file's size less the offset, when known): a smaller file gets a
   * read buffer of its size instead of two of `chunkBytes`. Thousands of small transcripts otherwise allocate
   * megabytes each, and the collector spends more time on those than the index on everything else.
   */
  expectedBytes?: number;
}

/** The smallest read buffer: below this, a buffer of the expected size saves nothing. */
const minChunkBytes = 16 * 1024;

export const defaultLineReaderOptions: LineReaderOptions = {
  maxLineBytes: 64 * 1024 * 1024,
  batchBytes: 8 * 1024 * 1024,
  chunkBytes: 4 * 1024 * 1024,
};

/** A line's text without its CR (CRLF files). */
function lineText(buf: Buffer): string {
  const text = buf.toString('utf8');
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

export async function* readLines(
  path: string,
  fromOffset: number,
  fromLineNo: number,
  options: LineReaderOptions,
  issues: ParseIssue[],
): AsyncGenerator<LineBatch> {
  // Synchronous reads: the parse worker is a thread of its own, and in the engine's thread the batches are small or
  // few (appends). Each awaited open, read and close was a trip through the thread pool that cost more than the
  // read itself (thousands of small transcripts: a third of the parse worker's time).
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    issues.push({ kind: 'io', file: path, message: `cannot open: ${err instanceof Error ? err.message : String(err)}` });
    return;
  }
  try {
    const pending = new PendingLine(options.maxLineBytes);
    /** Bytes of the current, incomplete line (also while skipping it, when they are not kept). */
    let pendingBytes = 0;
    /** File offset of the first pending byte (= start of the current, incomplete line). */
    let lineStart = fromOffset;
    let lineNo = fromLineNo;
    let skipping = false;
    let position = fromOffset;
    let batch: TranscriptLine[] = [];
    let batchBytes = 0;
    // The first read is sized to what is expected (+1: reading it whole then also shows the end); a full-sized
    // buffer is made only when the file turns out longer. One buffer: a line's bytes that go on past a read are
    // copied (PendingLine), and the lines handed out are strings.
    let chunk = Buffer.allocUnsafe(options.expectedBytes === undefined ? options.chunkBytes : Math.min(options.chunkBytes, Math.max(minChunkBytes, options.expectedBytes + 1)));
    let atEnd = false;
    /** A reading from 0: the file's first bytes (up to headBytes) as read, and the mark of the last length asked. */
    let headCopy: Buffer | undefined;
    let mark: HeadMark | undefined;
    const headAt = (end: number): HeadMark | undefined => {
      const length = Math.min(headBytes, end);
      if (headCopy === undefined || length > headCopy.length) {
        return undefined;
      }
      if (mark?.length !== length) {
        mark = { length, digest: headDigest(headCopy.subarray(0, length)) };
      }
      return mark;
    };
    for (;;) {
      let bytesRead: number;
      try {
        bytesRead = readSync(fd, chunk, 0, chunk.length, position);
      } catch (err) {
        issues.push({ kind: 'io', file: path, message: `read failed at ${position}: ${err instanceof Error ? err.message : String(err)}` });
        break;
      }
      if (bytesRead === 0) {
        atEnd = true;
        break;
      }
      const full = bytesRead === chunk.length;
      const data = chunk.subarray(0, bytesRead);
      if (position === 0 && fromOffset === 0) {
        headCopy = Buffer.from(data.subarray(0, Math.min(headBytes, bytesRead)));
      }
      let start = 0;
      for (;;) {
        const nl = data.indexOf(0x0a, start);
        if (nl < 0) {
          break;
        }
        const piece = data.subarray(start, nl);
        const lineBytes = pendingBytes + piece.length;
        lineNo++;
        if (skipping || lineBytes > options.maxLineBytes) {
          issues.push({ kind: 'oversized-line', file: path, line: lineNo, message: `line of ${lineBytes} bytes skipped (limit ${options.maxLineBytes})` });
        } else {
          batch.push({ text: lineText(pending.take(piece)), offset: lineStart, lineNo });
          batchBytes += lineBytes;
        }
        pending.clear();
        pendingBytes = 0;
        skipping = false;
        lineStart = position + nl + 1;
        start = nl + 1;
        if (batchBytes >= options.batchBytes) {
          yield { lines: batch, endOffset: lineStart, endLineNo: lineNo, head: headAt(lineStart) };
          batch = [];
          batchBytes = 0;
        }
      }
      if (start < data.length) {
        const rest = data.subarray(start);
        if (skipping || pendingBytes + rest.length > options.maxLineBytes) {
          // Too long already: stop buffering it, just look for its end.
          skipping = true;
          pending.clear();
          pendingBytes += rest.length;
        } else {
          pending.append(rest);
          pendingBytes += rest.length;
        }
      }
      position += bytesRead;
      if (full && chunk.length < options.chunkBytes) {
        chunk = Buffer.allocUnsafe(options.chunkBytes);
      }
    }
    const tail = atEnd && pendingBytes > 0 && !skipping ? lineText(pending.take(Buffer.alloc(0))) : undefined;
    if (tail !== undefined) {
      yield { lines: batch, endOffset: lineStart, endLineNo: lineNo, tail: { text: tail, offset: lineStart, lineNo: lineNo + 1 }, head: headAt(lineStart) };
    } else if (batch.length > 0 || lineStart !== fromOffset) {
      yield { lines: batch, endOffset: lineStart, endLineNo: lineNo, head: headAt(lineStart) };
    }
  } finally {
    closeSync(fd);
  }
}
