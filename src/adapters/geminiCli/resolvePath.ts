// Tool arguments may hold paths relative to the directory Gemini CLI ran in (its project root); the model wants
// absolute forward-slash paths. Pure string work: the recorded machine may not be this one.
import { posix } from 'node:path';
import { normalizePath } from '../../core/paths';

export function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || p.startsWith('\\\\') || /^[A-Za-z]:[\\/]/.test(p);
}

/** `p` made absolute against `cwd` (when relative and a cwd is known), `.`/`..` collapsed, forward slashes. */
export function resolvePath(p: string, cwd: string | undefined): string {
  const slashed = p.replace(/\\/g, '/');
  if (slashed.startsWith('//')) {
    // UNC: posix.normalize would fold the leading `//` into one.
    return normalizePath(`/${posix.normalize(slashed.slice(1))}`);
  }
  if (isAbsolutePath(p)) {
    return normalizePath(posix.normalize(slashed));
  }
  if (!cwd) {
    return normalizePath(slashed);
  }
  return normalizePath(posix.normalize(`${normalizePath(cwd)}/${slashed}`));
}
