// What the adapters' discovery remembers (DiscoveryMemo, adapter.ts), kept in the storage folder so a restart does
// not read again what the last run already ruled out (the first line of every other project's Codex rollout). It is
// a cache: anything wrong with the file (missing, damaged, another version) means starting empty, never an error;
// entries are checked by the adapter before use. Saved only when a discovery changed it.
import { readFileSync } from 'node:fs';
import type { DiscoveryMemo } from '../adapters/adapter';
import { isObject } from '../core/jsonValues';
import type { Logger } from '../core/logger';
import { writeFileAtomic } from '../store/durableFile';

const version = 1;

/** One agent's memo for one discovery, counting what was remembered and what had to be read. */
export interface CountingMemo extends DiscoveryMemo {
  readonly remembered: number;
  readonly learned: number;
}

export class DiscoveryMemoFile {
  private readonly agents = new Map<string, Map<string, unknown>>();
  private changed = false;

  constructor(
    private readonly file: string | undefined,
    private readonly log: Logger,
  ) {
    if (!file) {
      return;
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return; // first run
    }
    try {
      const data: unknown = JSON.parse(text);
      if (!isObject(data) || data.version !== version || !isObject(data.agents)) {
        throw new Error('not a discovery memo of this version');
      }
      for (const [agent, entries] of Object.entries(data.agents)) {
        if (isObject(entries)) {
          this.agents.set(agent, new Map(Object.entries(entries)));
        }
      }
    } catch (err) {
      this.log.debug(`[index] ${file}: ${err instanceof Error ? err.message : String(err)}; discovery starts without it`);
    }
  }

  /**
   * The memo one discovery of `agent` uses. After a discovery that looked at everything, `prune` drops what it did
   * not ask about (files gone since).
   */
  forDiscovery(agent: string): CountingMemo & { prune(): void } {
    let entries = this.agents.get(agent);
    if (!entries) {
      entries = new Map();
      this.agents.set(agent, entries);
    }
    const map = entries;
    const asked = new Set<string>();
    /** Keys answered from memory and not replaced (an entry the adapter found stale is set again). */
    const used = new Set<string>();
    let learned = 0;
    const memo = {
      get: (key: string): unknown => {
        asked.add(key);
        const v = map.get(key);
        if (v !== undefined) {
          used.add(key);
        }
        return v;
      },
      set: (key: string, value: unknown): void => {
        asked.add(key);
        used.delete(key);
        map.set(key, value);
        learned++;
        this.changed = true;
      },
      get remembered(): number {
        return used.size;
      },
      get learned(): number {
        return learned;
      },
      prune: (): void => {
        for (const key of map.keys()) {
          if (!asked.has(key)) {
            map.delete(key);
            this.changed = true;
          }
        }
      },
    };
    return memo;
  }

  /** Writes the memo if a discovery changed it; a failure is logged (the next run just reads more). */
  save(): void {
    if (!this.file || !this.changed) {
      return;
    }
    this.changed = false;
    const agents: Record<string, Record<string, unknown>> = {};
    for (const [agent, entries] of this.agents) {
      agents[agent] = Object.fromEntries(entries);
    }
    try {
      writeFileAtomic(this.file, JSON.stringify({ version, agents }));
    } catch (err) {
      this.log.debug(`[index] could not save ${this.file}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
