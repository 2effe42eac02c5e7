// Where long output is cut into blocks (textView.ts). Pure, so it is unit-tested without a DOM.

export const sliceChars = 256 * 1024;

/** End of the block starting at `at`: just after the last line break within the slice, else the slice end. */
export function chunkEnd(text: string, at: number, size = sliceChars): number {
  const hard = Math.min(text.length, at + size);
  if (hard === text.length) {
    return hard;
  }
  const nl = text.lastIndexOf('\n', hard - 1);
  return nl >= at ? nl + 1 : hard;
}
