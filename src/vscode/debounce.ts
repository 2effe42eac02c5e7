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
 * so a session that an agent keeps appending to still refreshes steadily.
 */
export function debounce<A>(fn: (args: A[]) => void, waitMs: number, maxWaitMs = waitMs * 5): Debounced<A> {
  let pending: A[] = [];
  let timer: NodeJS.Timeout | undefined;
  let firstAt = 0;

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
    const delay = Math.max(0, Math.min(waitMs, firstAt + maxWaitMs - now));
    timer = setTimeout(run, delay);
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
