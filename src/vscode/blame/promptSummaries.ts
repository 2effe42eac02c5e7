// The index's summary of the prompts blame shows (files changed, commands), one query per session, kept until the
// index reports that session changed. Pure (no `vscode`).
import type { PromptSummary } from '../../core/readModel';
import type { BlameIndex } from './blameIndex';

/** Hovers touch a handful of sessions; a bound keeps a long editing day from holding every session's prompts. */
const maxCachedSessions = 32;

export class PromptSummaries {
  private readonly cache = new Map<string, Promise<PromptSummary[]>>();

  constructor(private readonly index: Pick<BlameIndex, 'listPrompts'>) {}

  async find(sessionKey: string, promptId: string): Promise<PromptSummary | undefined> {
    const prompts = await this.session(sessionKey);
    return prompts.find((p) => p.id === promptId);
  }

  /** Drops the sessions that changed; an empty list drops them all. */
  invalidate(sessionKeys: readonly string[]): void {
    if (sessionKeys.length === 0) {
      this.cache.clear();
      return;
    }
    for (const key of sessionKeys) {
      this.cache.delete(key);
    }
  }

  private session(sessionKey: string): Promise<PromptSummary[]> {
    let pending = this.cache.get(sessionKey);
    if (pending) {
      // Most recently used last.
      this.cache.delete(sessionKey);
      this.cache.set(sessionKey, pending);
      return pending;
    }
    pending = this.index.listPrompts(sessionKey);
    // A failed lookup must not stick.
    pending.catch(() => {
      if (this.cache.get(sessionKey) === pending) {
        this.cache.delete(sessionKey);
      }
    });
    this.cache.set(sessionKey, pending);
    if (this.cache.size > maxCachedSessions) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) {
        this.cache.delete(oldest);
      }
    }
    return pending;
  }
}
