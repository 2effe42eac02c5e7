// The start of a line that goes on past the bytes read so far. Its bytes are collected in one buffer that grows by
// doubling (never past the line limit), so a 50 MB record is held once as bytes: keeping a copy of every read's
// part and then concatenating them all held it three times at once (the parts, their concatenation, its text).

/** The smallest buffer: most lines that cross a read boundary are short. */
const minCapacity = 64 * 1024;

export class PendingLine {
  private bytes: Buffer | undefined;
  /** Bytes collected so far. */
  length = 0;

  constructor(private readonly maxBytes: number) {}

  append(part: Uint8Array): void {
    const need = this.length + part.length;
    if (!this.bytes || need > this.bytes.length) {
      // Untouched capacity of a large allocation is not resident; doubling keeps the copies few.
      const grown = Buffer.allocUnsafe(Math.max(need, Math.min(2 * (this.bytes?.length ?? 0), this.maxBytes), minCapacity));
      this.bytes?.copy(grown, 0, 0, this.length);
      this.bytes = grown;
    }
    this.bytes.set(part, this.length);
    this.length = need;
  }

  /** The whole line: what was collected followed by `last`; the collected bytes are let go. */
  take(last: Buffer): Buffer {
    if (this.length === 0) {
      return last;
    }
    this.append(last);
    const line = (this.bytes as Buffer).subarray(0, this.length);
    this.clear();
    return line;
  }

  clear(): void {
    this.bytes = undefined;
    this.length = 0;
  }
}
