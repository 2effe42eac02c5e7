// Trailing debounce with a ceiling, for turning bursts of index change events into one tree refresh.
// Pure (no `vscode`); timers are Node's.

export interface Debounced<A> {
  /** Queue a call; arguments of every call in the burst are passed to the callback together. */
  (arg: A): void;
  /** Run the pending call now (no-op when nothing is pending). */
  flush(): void;
  cancel(): void;
}

/**
 * Calls `fn` `waitMs` after the last call, but no later than `maxWaitMs` after the first call of a burst,
 * so a session that an agent keeps appending to still refreshes steadily. `minGapMs` (asked each time) keeps runs at
 * least that far apart: what a run sets off may cost more as data grows (listing 20,000 sessions), and must not take
 * over the worker a first index runs in. `quietMs`: the first call after a quiet spell (nothing pending, no run for
 * twice `waitMs`) runs that soon instead of `waitMs` — a lone change (one appended record) is not held back waiting for
 * a burst that is not coming, while a burst still runs at most once early and is then debounced as usual.
 */
export function debounce<A>(
  fn: (args: A[]) => void,
  waitMs: number,
  maxWaitMs = waitMs * 5,
  minGapMs: () => number = () => 0,
  quietMs?: number,
): Debounced<A> {
  let pending: A[] = [];
  let timer: NodeJS.Timeout | undefined;
  let firstAt = 0;
  let lastRunAt = Number.NEGATIVE_INFINITY;
  let lastQuietStart = Number.NaN;

  const run = (): void => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (pending.length === 0) {
      return;
    }
    const args = pending;
    pending = [];
    lastRunAt = Date.now();
    fn(args);
  };

  const queue = (arg: A): void => {
    const now = Date.now();
    const quiet = pending.length === 0 && now - lastRunAt >= 2 * waitMs;
    if (pending.length === 0) {
      firstAt = now;
    }
    pending.push(arg);
    if (quiet) {
      lastQuietStart = now;
    }
    if (timer !== undefined) {
      clearTimeout(timer);
    }
    // A burst that began after a quiet spell keeps its early run (later calls in it do not push it back).
    const early = quietMs !== undefined && firstAt === lastQuietStart;
    const due = Math.max(early ? firstAt + quietMs : Math.min(now + waitMs, firstAt + maxWaitMs), lastRunAt + minGapMs());
    timer = setTimeout(run, Math.max(0, due - now));
  };
  const cancel = (): void => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    pending = [];
  };
  return Object.assign(queue, { flush: run, cancel });
}
