// One writer at a time per storage folder. Two windows on one workspace, or the editor and the CLI pointed at one
// cache, each keep their own copy of the DB in memory; if both saved it whenever they liked, the last save would
// drop the other's sessions. So an indexer takes this lock for a pass (reading what the other saved first, and saving
// before it lets go), and the other waits.
//
// The lock is a file created with O_EXCL holding its owner. A holder that died leaves it behind: it is stale when
// its process is gone (same host), or when its holder stopped touching it (the holder refreshes its time while it
// holds it) for longer than `staleMs` (another host sharing the folder, a frozen process).
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync, unlinkSync, utimesSync } from 'node:fs';
import { hostname } from 'node:os';
import { privateFileMode, writeAll } from './durableFile';
import { errorCode, StorageError, systemReason } from './storageError';

export interface LockOwner {
  pid: number;
  host: string;
  token: string;
  since: string;
}

export interface StorageLockOptions {
  /** A lock whose time was not refreshed for this long is taken over. */
  staleMs: number;
  /** How often the holder refreshes the lock's time. */
  heartbeatMs: number;
  /** How often a waiting writer tries again. */
  pollMs: number;
}

const defaults: StorageLockOptions = { staleMs: 10 * 60_000, heartbeatMs: 15_000, pollMs: 100 };

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, it is someone else's.
    return errorCode(err) === 'EPERM';
  }
}

function readOwner(file: string): { owner: LockOwner | undefined; text: string; mtimeMs: number } | undefined {
  try {
    const text = readFileSync(file, 'utf8');
    const mtimeMs = statSync(file).mtimeMs;
    let owner: LockOwner | undefined;
    try {
      const v = JSON.parse(text) as Partial<LockOwner>;
      if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.token === 'string') {
        owner = { pid: v.pid, host: v.host, token: v.token, since: String(v.since ?? '') };
      }
    } catch {
      // Being written right now, or damaged: judged by its age.
    }
    return { owner, text, mtimeMs };
  } catch {
    return undefined;
  }
}

export type LockAttempt = { acquired: true } | { acquired: false; holder: LockOwner | undefined };

export class StorageLock {
  private token: string | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly options: StorageLockOptions;

  constructor(
    readonly file: string,
    options: Partial<StorageLockOptions> = {},
  ) {
    this.options = { ...defaults, ...options };
  }

  get held(): boolean {
    return this.token !== undefined;
  }

  /** One attempt; a stale lock is taken over. Throws a StorageError when the lock file cannot be written. */
  tryAcquire(): LockAttempt {
    if (this.token) {
      return { acquired: true };
    }
    for (let attempt = 0; attempt < 2; attempt++) {
      const owner: LockOwner = { pid: process.pid, host: hostname(), token: randomBytes(8).toString('hex'), since: new Date().toISOString() };
      let fd: number | undefined;
      try {
        fd = openSync(this.file, 'wx', privateFileMode);
      } catch (err) {
        if (errorCode(err) !== 'EEXIST') {
          throw new StorageError('write', this.file, `cannot create the lock ${this.file}: ${systemReason(err)}`, errorCode(err), { cause: err });
        }
        const current = readOwner(this.file);
        if (!current) {
          continue; // released meanwhile
        }
        if (!this.isStale(current.owner, current.mtimeMs)) {
          return { acquired: false, holder: current.owner };
        }
        // Taken over only if it is still the lock judged stale (another waiter may have replaced it meanwhile).
        const again = readOwner(this.file);
        if (again && again.text === current.text) {
          try {
            unlinkSync(this.file);
          } catch {
            // gone already
          }
        }
        continue;
      }
      try {
        writeAll(fd, Buffer.from(JSON.stringify(owner)), 0);
      } catch {
        // A full disk: the lock is held all the same (creating it took no data block); waiters judge a lock they
        // cannot read by its age, which the heartbeat keeps fresh.
      }
      closeSync(fd);
      this.token = owner.token;
      this.heartbeat = setInterval(() => this.touch(), this.options.heartbeatMs);
      this.heartbeat.unref();
      return { acquired: true };
    }
    return { acquired: false, holder: readOwner(this.file)?.owner };
  }

  /** Waits up to `waitMs` for the lock. */
  async acquire(waitMs: number): Promise<LockAttempt> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const attempt = this.tryAcquire();
      if (attempt.acquired || Date.now() >= deadline) {
        return attempt;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(this.options.pollMs, Math.max(1, deadline - Date.now()))));
    }
  }

  release(): void {
    if (this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
    }
    const token = this.token;
    this.token = undefined;
    // Removed only when it is still this one (a lock taken over as stale is someone else's now); one this process
    // could not write its owner into is recognised by being unreadable.
    const current = readOwner(this.file);
    if (token && current && (current.owner?.token === token || current.owner === undefined)) {
      try {
        unlinkSync(this.file);
      } catch {
        // gone already
      }
    }
  }

  private isStale(owner: LockOwner | undefined, mtimeMs: number): boolean {
    const age = Date.now() - mtimeMs;
    if (!owner) {
      // Unreadable (written on a full disk, or its writer died between create and write): only its age tells.
      return age > this.options.staleMs;
    }
    if (owner.host === hostname() && !processAlive(owner.pid)) {
      return true;
    }
    return age > this.options.staleMs;
  }

  private touch(): void {
    try {
      const now = new Date();
      utimesSync(this.file, now, now);
    } catch {
      // Taken over as stale: the next write under it is still serialized by the DB stamp check.
    }
  }
}

export function describeHolder(holder: LockOwner | undefined): string {
  return holder ? `process ${holder.pid} on ${holder.host}, since ${holder.since}` : 'another process';
}
