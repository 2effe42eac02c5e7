// Path display for the views: workspace-relative when possible, `~`-relative for the home folder, absolute otherwise.
// Pure (no `vscode`) so it is unit-tested; transcripts record absolute paths with forward or back slashes.

export interface PathContext {
  /** Absolute workspace folder paths, in workspace order. */
  workspaceFolders: readonly string[];
  home: string;
}

export function normalizeSlashes(path: string): string {
  return path.replace(/\\/g, '/');
}

function trimTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') && !/^[a-zA-Z]:\/$/.test(path) ? path.slice(0, -1) : path;
}

/** Windows drive paths compare case-insensitively; POSIX paths do not. */
function samePrefix(path: string, folder: string): boolean {
  const insensitive = /^[a-zA-Z]:/.test(folder);
  const p = insensitive ? path.toLowerCase() : path;
  const f = insensitive ? folder.toLowerCase() : folder;
  return p === f || p.startsWith(f.endsWith('/') ? f : `${f}/`);
}

function stripPrefix(path: string, folder: string): string {
  const rest = path.slice(folder.length);
  return rest.startsWith('/') ? rest.slice(1) : rest;
}

export function baseName(path: string): string {
  const p = trimTrailingSlash(normalizeSlashes(path));
  const i = p.lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1);
}

export function dirName(path: string): string {
  const p = trimTrailingSlash(normalizeSlashes(path));
  const i = p.lastIndexOf('/');
  if (i < 0) {
    return '';
  }
  return i === 0 ? '/' : p.slice(0, i);
}

/**
 * `src/a.ts` for a file in the (single) workspace folder; `folderName/src/a.ts` when several folders are open
 * (as VS Code's own `asRelativePath` does); `~/x` under the home folder; the absolute path otherwise.
 * The longest matching workspace folder wins, so nested folders resolve to the innermost one.
 */
export function displayPath(path: string, ctx: PathContext): string {
  const p = trimTrailingSlash(normalizeSlashes(path));
  let best: string | undefined;
  for (const raw of ctx.workspaceFolders) {
    const folder = trimTrailingSlash(normalizeSlashes(raw));
    if (folder && samePrefix(p, folder) && (best === undefined || folder.length > best.length)) {
      best = folder;
    }
  }
  if (best !== undefined) {
    const rel = stripPrefix(p, best);
    if (ctx.workspaceFolders.length > 1) {
      return rel ? `${baseName(best)}/${rel}` : baseName(best);
    }
    return rel || baseName(best);
  }
  const home = trimTrailingSlash(normalizeSlashes(ctx.home));
  if (home && home !== '/' && samePrefix(p, home)) {
    const rel = stripPrefix(p, home);
    return rel ? `~/${rel}` : '~';
  }
  return p;
}

/** The folder part of `displayPath` ('' for a file at the workspace root). */
export function displayDirectory(path: string, ctx: PathContext): string {
  const shown = displayPath(path, ctx);
  const i = shown.lastIndexOf('/');
  if (i < 0) {
    return '';
  }
  return i === 0 ? '/' : shown.slice(0, i);
}
