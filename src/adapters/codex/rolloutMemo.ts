// Codex keeps every project's rollouts in one dated tree, so discovery reads the first line of each to learn its cwd
// (discovery.ts). A rollout only grows: while it is the same file (same inode) and not shorter than when it was
// read, its first line — and so its cwd — is what was read then. Remembered here, a rollout of another project is
// read once, not on every discovery, and not again after a restart (the memo is kept with the index).
import { statSync } from 'node:fs';
import type { DiscoveryMemo } from '../adapter';
import { isObject } from '../../core/jsonValues';

/** What discovery learns from a rollout's first line(s). */
export interface Peek {
  cwd?: string;
  parentSessionId?: string;
}

interface Remembered extends Peek {
  ino: number;
  /** The file's size when it was read. */
  size: number;
}

function remembered(value: unknown): Remembered | undefined {
  if (!isObject(value) || typeof value.ino !== 'number' || typeof value.size !== 'number') {
    return undefined;
  }
  const out: Remembered = { ino: value.ino, size: value.size };
  if (typeof value.cwd === 'string') {
    out.cwd = value.cwd;
  }
  if (typeof value.parentSessionId === 'string') {
    out.parentSessionId = value.parentSessionId;
  }
  return out;
}

/**
 * `peek(path)`, or what it returned before for this same file. A rollout whose cwd was not found yet (a bare-era
 * file still being started) is read again once it has grown: the cwd may be in what was added.
 */
export function rememberedPeek(path: string, memo: DiscoveryMemo | undefined, peek: (path: string) => Peek): Peek {
  if (!memo) {
    return peek(path);
  }
  const st = statSync(path);
  const before = remembered(memo.get(path));
  if (before && before.ino === st.ino && (before.cwd !== undefined ? st.size >= before.size : st.size === before.size)) {
    const { ino: _ino, size: _size, ...info } = before;
    return info;
  }
  const info = peek(path);
  memo.set(path, { ino: st.ino, size: st.size, ...info });
  return info;
}
