// Blame's proof that a version it rebuilt from a diff is the recorded version (blameEngine.ts's ContentProof), by
// comparing bytes with the archive's instead of hashing: 1,000 Gemini CLI edits of a 5,000-line file are 1,000
// rebuilt versions of ~450 KB, and encoding and hashing each was most of a first blame. A chain of versions is proven
// from the bytes of the one before: a version that is the previous one with a few lines replaced is compared as its
// unchanged head, its new lines and its unchanged tail (three memcmp), its text never built.
//
// The archive's bytes are read unchecked (BlobArchive.storedBytes): equal to a content derived independently of them
// (the previous proven version and a diff), they cannot be a damaged record. Anything not proven is left to the
// replay, which then reads the recorded content through the archive's checked get().
import type { ContentProof } from '../core/blame/blameEngine';
import type { BlobArchive } from './blobArchive';

interface Proven {
  id: string;
  /** The content's UTF-8 bytes (a view of `owner`). */
  bytes: Buffer;
  owner: Buffer;
  /** Every byte is ASCII: a char offset into the text is the same byte offset. */
  ascii: boolean;
}

export class ArchiveProof implements ContentProof {
  /** The last content proven, whose bytes the next version of a chain is compared with. */
  private last: Proven | undefined;
  /** A buffer to read the next version into (the one before last's, reused; never a shared pool's). */
  private spare: Buffer | undefined;

  constructor(private readonly archive: () => BlobArchive) {}

  isContent(text: string, id: string): boolean {
    const bytes = this.read(id);
    // Decoded as the archive's get() decodes: equal, it is what reading the recorded content would have answered.
    if (bytes === undefined || bytes.length < text.length || bytes.toString('utf8') !== text) {
      return false;
    }
    // As many UTF-16 units as UTF-8 bytes only when every char is ASCII.
    this.keep(id, bytes, bytes.length === text.length);
    return true;
  }

  isSplice(fromId: string, headChars: number, middle: string, tailChars: number, id: string): boolean | undefined {
    const from = this.last;
    // Char offsets are byte offsets only in ASCII; other texts (and a chain this did not prove) are compared whole.
    if (from === undefined || from.id !== fromId || !from.ascii || headChars + tailChars > from.bytes.length) {
      return undefined;
    }
    const prev = from.bytes;
    const mid = Buffer.from(middle, 'utf8');
    const length = headChars + mid.length + tailChars;
    const next = this.read(id);
    if (next === undefined || next.length !== length) {
      return false;
    }
    const same =
      next.compare(prev, 0, headChars, 0, headChars) === 0 &&
      next.compare(mid, 0, mid.length, headChars, headChars + mid.length) === 0 &&
      next.compare(prev, prev.length - tailChars, prev.length, length - tailChars, length) === 0;
    if (same) {
      // The head and tail are ASCII (the version before is): the new lines decide.
      this.keep(id, next, mid.length === middle.length);
    }
    return same;
  }

  /** The stored bytes of `id`, read into the spare buffer when it is large enough. */
  private read(id: string): Buffer | undefined {
    return this.archive().storedBytes(id, this.spare);
  }

  private keep(id: string, bytes: Buffer, ascii: boolean): void {
    const spare = this.spare;
    // Read into the spare (a view of it) or into a buffer of their own (Buffer.alloc: not a shared pool's).
    const owner = spare !== undefined && bytes.buffer === spare.buffer && bytes.byteOffset === spare.byteOffset ? spare : bytes;
    // A file that grows a little with every edit would outgrow a spare of its own size each time (a new zero-filled
    // buffer per version): one with room to grow is allocated instead.
    const next = this.last?.owner;
    this.spare = next !== undefined && next.length >= bytes.length ? next : Buffer.allocUnsafeSlow(Math.ceil(bytes.length * 1.25) + 4096);
    this.last = { id, bytes, owner, ascii };
  }
}
