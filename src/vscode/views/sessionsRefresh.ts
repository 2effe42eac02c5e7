// How often the Sessions view lists the sessions again while the index changes (vscode-free, so the indexing
// benchmark can drive the index exactly the way the view does). Index changes come in bursts (a first index reports
// every transcript); the view refreshes after a quiet moment, and at least every `maxWaitMs` during a long burst —
// but never so often that listing takes over: listing 20,000 sessions costs about half a second of the index
// worker, and refreshing every 500 ms made a first index of 20,000 transcripts 4.6 times slower per file than one of
// 5,000 (`npm run bench:index -- --many-files`).

export const sessionsChangeDebounceMs = 100;
export const sessionsChangeMaxWaitMs = 500;
/**
 * A change after a quiet spell (an agent appended one record) is listed this soon: waiting the debounce for a burst
 * that is not coming made an appended record take over 100 ms to show (`npm run bench:live`).
 */
export const sessionsChangeQuietMs = 5;

/** The most of the time listing may take while changes keep coming (the rest is the index's). */
const listShare = 0.2;

/** Times each listing, and spaces them so they take at most `listShare` of the time. */
export class ListPace {
  private lastMs = 0;

  async timed<T>(list: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      return await list();
    } finally {
      this.lastMs = Date.now() - started;
    }
  }

  /** The least time from one refresh to the next (debounce's minGapMs). */
  minGapMs(): number {
    return this.lastMs / listShare;
  }
}
