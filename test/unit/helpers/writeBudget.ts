// A disk that fills up, simulated: every write through durableFile's fileIo stops once `budget` more bytes have been
// written (then ENOSPC, as a real full disk), each call writing at most `chunk` bytes (short writes).
import { fileIo } from '../../../src/store/durableFile';

/** Limits writes from now on; returns the function that lifts the limit. */
export function limitWrites(budget: number, chunk = Infinity): () => void {
  const real = fileIo.write;
  let left = budget;
  fileIo.write = (fd, buffer, offset, length, position) => {
    if (left <= 0) {
      const err: NodeJS.ErrnoException = new Error('ENOSPC: no space left on device, write');
      err.code = 'ENOSPC';
      throw err;
    }
    const n = real(fd, buffer, offset, Math.min(length, chunk, left), position);
    left -= n;
    return n;
  };
  return () => {
    fileIo.write = real;
  };
}
