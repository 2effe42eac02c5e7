// `when`-clause context keys. Values are cached so repeated state updates do not cost a round trip to the UI.
import * as vscode from 'vscode';
import type { Log } from './log';

export const ContextKey = {
  /** An index pass started by the extension (startup, settings change, Refresh) is running. */
  Indexing: 'agentTrail:indexing',
  /** The index holds at least one session (whatever the agent filter shows). */
  HasSessions: 'agentTrail:hasSessions',
  /** The first index pass has finished. */
  Ready: 'agentTrail:ready',
  /** The last index pass failed, or the index worker could not start. */
  Error: 'agentTrail:error',
  /** The Sessions view's agent filter hides some agents. */
  Filtered: 'agentTrail:filtered',
} as const;

export type ContextKeyName = (typeof ContextKey)[keyof typeof ContextKey];

export class ContextKeys {
  private readonly values = new Map<ContextKeyName, boolean>();

  constructor(private readonly log: Log) {}

  get(key: ContextKeyName): boolean {
    return this.values.get(key) ?? false;
  }

  set(key: ContextKeyName, value: boolean): void {
    if (this.values.get(key) === value) {
      return;
    }
    this.values.set(key, value);
    vscode.commands.executeCommand('setContext', key, value).then(undefined, (err: unknown) => {
      this.log.error(err, 'contextKeys', `setContext ${key}`);
    });
  }
}
