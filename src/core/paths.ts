// Path helpers on recorded paths (strings, no file system): agents write absolute paths of the machine they
// ran on, with either separator.

/** Forward slashes, no trailing slash (except the root). */
export function normalizePath(p: string): string {
  let s = p.replace(/\\/g, '/');
  while (s.length > 1 && s.endsWith('/') && !/^[A-Za-z]:\/$/.test(s)) {
    s = s.slice(0, -1);
  }
  return s;
}

function comparable(p: string, caseInsensitive: boolean): string {
  const n = normalizePath(p);
  return caseInsensitive ? n.toLowerCase() : n;
}

/** True when `p` is `folder` or inside it. Windows-style drive paths compare case-insensitively. */
export function isWithin(p: string, folder: string): boolean {
  if (!p || !folder) {
    return false;
  }
  const ci = /^[A-Za-z]:/.test(p) || /^[A-Za-z]:/.test(folder);
  const a = comparable(p, ci);
  const b = comparable(folder, ci);
  return a === b || a.startsWith(b.endsWith('/') ? b : `${b}/`);
}

/**
 * True when a session started in `cwd` may belong to `folder`: started in it or below it, or above it (in a parent
 * folder; it then belongs through the files it touched inside, see store/workspaceSessions.ts).
 */
export function mayBelongTo(cwd: string, folder: string): boolean {
  return isWithin(cwd, folder) || isWithin(folder, cwd);
}

/** `p` relative to `folder` with '/', '.' for the folder itself; undefined when outside. */
export function relativeTo(p: string, folder: string): string | undefined {
  if (!isWithin(p, folder)) {
    return undefined;
  }
  const a = normalizePath(p);
  const b = normalizePath(folder);
  if (a.length === b.length) {
    return '.';
  }
  return a.slice(b.endsWith('/') ? b.length : b.length + 1);
}

/** The first of `folders` containing `p` (the deepest one, for nested workspace folders). */
export function containingFolder(p: string, folders: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const f of folders) {
    if (isWithin(p, f) && (!best || normalizePath(f).length > normalizePath(best).length)) {
      best = f;
    }
  }
  return best;
}

/** Workspace-relative when inside one of the folders (multi-root: prefixed by the folder name), else as is. */
export function displayPath(p: string, folders: readonly string[]): string {
  const folder = containingFolder(p, folders);
  if (!folder) {
    return normalizePath(p);
  }
  const rel = relativeTo(p, folder) ?? p;
  if (folders.length > 1) {
    const name = normalizePath(folder).split('/').pop() ?? folder;
    return rel === '.' ? name : `${name}/${rel}`;
  }
  return rel;
}
