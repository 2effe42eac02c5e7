// An event listener that must not throw into the editor's event loop (an exception there is lost to the user and can
// stop the emitter's other listeners): the failure is logged in the Agent Trail channel instead.
import type { Log } from './log';

/** `fn` as a listener whose failures are logged as `what` failing (component `component`). */
export function safeListener<A extends unknown[]>(log: Log, component: string, what: string, fn: (...args: A) => void): (...args: A) => void {
  return (...args: A): void => {
    try {
      fn(...args);
    } catch (err) {
      log.error(err, component, what);
    }
  };
}
