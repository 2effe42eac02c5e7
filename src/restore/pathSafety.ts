// Restore writes only inside the workspace folders. A target is refused when its text climbs (`..`), when it lies
// outside every folder, or when a symlink on its way leads out: the real path of the target (or, for a file that does
// not exist yet, of its nearest existing ancestor) must be inside the real path of one of the folders.
import { lstatSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export type SafeTarget = { ok: true; path: string; folder: string } | { ok: false; reason: string };

function inside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function realFolder(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return resolve(folder);
  }
}

/** `target`: absolute, or relative to the first folder. */
export function resolveSafeTarget(target: string, folders: readonly string[]): SafeTarget {
  if (target.split(/[\\/]+/).includes('..')) {
    return { ok: false, reason: `${target}: paths with .. are not restored` };
  }
  if (folders.length === 0) {
    return { ok: false, reason: 'no workspace folder' };
  }
  const abs = isAbsolute(target) ? resolve(target) : resolve(folders[0], target);
  const folder = folders.map((f) => resolve(f)).find((f) => inside(abs, f) && abs !== f);
  if (!folder) {
    return { ok: false, reason: `${target} is outside the workspace folders` };
  }
  // The real location of what would be written: the target itself when it exists (a symlink is followed), else
  // its nearest existing ancestor with the rest appended.
  let probe = abs;
  const rest: string[] = [];
  while (!exists(probe)) {
    const parent = dirname(probe);
    if (parent === probe) {
      break;
    }
    rest.unshift(probe.slice(parent.length).replace(/^[\\/]+/, ''));
    probe = parent;
  }
  let real: string;
  try {
    real = rest.length > 0 ? join(realpathSync(probe), ...rest) : realpathSync(probe);
  } catch {
    // A dangling symlink: where it points is not known to be inside.
    return { ok: false, reason: `${target}: cannot resolve ${probe} (dangling symlink?)` };
  }
  // A symlink may lead into another workspace folder (multi-root): still inside what the person opened.
  if (!folders.some((f) => inside(real, realFolder(f)))) {
    return { ok: false, reason: `${target} resolves to ${real}, outside the workspace (symlink)` };
  }
  return { ok: true, path: abs, folder };
}

export const pathSeparator = sep;
