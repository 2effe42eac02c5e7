// The files a checkpoint names, as they are now (null: absent), for planning and conflict checks. Paths that are not
// safe to restore are left out and reported with the reason. A symlink is read through (restore writes through it);
// each existing file's identity (device and inode) tells the planner when two paths are one file.
import { readFileSync, statSync } from 'node:fs';
import { resolveSafeTarget } from './pathSafety';

export interface CurrentFiles {
  contents: Map<string, string | null>;
  unsafe: Map<string, string>;
  /** "dev:ino" of each existing file (through symlinks): equal for a symlink and its target, and for hard links. */
  identity: Map<string, string>;
}

export function readCurrentFiles(paths: readonly string[], folders: readonly string[]): CurrentFiles {
  const contents = new Map<string, string | null>();
  const unsafe = new Map<string, string>();
  const identity = new Map<string, string>();
  for (const p of paths) {
    const safe = resolveSafeTarget(p, folders);
    if (!safe.ok) {
      unsafe.set(p, safe.reason);
      continue;
    }
    try {
      contents.set(p, readFileSync(safe.path, 'utf8'));
      const st = statSync(safe.path);
      if (st.ino !== 0) {
        identity.set(p, `${st.dev}:${st.ino}`);
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        contents.set(p, null);
      } else {
        unsafe.set(p, `cannot read ${p}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
  return { contents, unsafe, identity };
}
