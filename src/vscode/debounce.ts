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
 * over the worker a first index runs in.
 */
export function debounce<A>(fn: (args: A[]) => void, waitMs: number, maxWaitMs = waitMs * 5, minGapMs: () => number = () => 0): Debounced<A> {
  let pending: A[] = [];
  let timer: NodeJS.Timeout | undefined;
  let firstAt = 0;
  let lastRunAt = Number.NEGATIVE_INFINITY;

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
    if (pending.length === 0) {
      firstAt = now;
    }
    pending.push(arg);
    if (timer !== undefined) {
      clearTimeout(timer);
    }
    const due = Math.max(Math.min(now + waitMs, firstAt + maxWaitMs), lastRunAt + minGapMs());
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
