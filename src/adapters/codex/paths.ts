// Codex records paths three ways: absolute, relative to the turn cwd (apply_patch is told "never absolute"),
// and as `file://` URIs (0.16x CommandExecution.cwd). Everything becomes an absolute forward-slash path here.
import { normalizePath } from '../../core/paths';

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:\//.test(p);
}

/** `file:///tmp/x` → `/tmp/x`, `file:///C:/x` → `C:/x`; other strings unchanged. */
export function fromFileUri(p: string): string {
  if (!p.startsWith('file://')) {
    return p;
  }
  let rest = p.slice('file://'.length);
  // `file://host/share` (UNC) keeps the host; `file:///…` has an empty host.
  if (rest.startsWith('/') && /^\/[A-Za-z]:\//.test(rest)) {
    rest = rest.slice(1);
  }
  try {
    return decodeURIComponent(rest);
  } catch {
    return rest;
  }
}

/** Collapse `.` and `..` segments of a forward-slash path (never above the root). */
function collapse(p: string): string {
  const drive = /^[A-Za-z]:/.test(p) ? p.slice(0, 2) : '';
  const body = p.slice(drive.length);
  const parts: string[] = [];
  for (const seg of body.split('/')) {
    if (seg === '' || seg === '.') {
      continue;
    }
    if (seg === '..') {
      parts.pop();
      continue;
    }
    parts.push(seg);
  }
  return `${drive}/${parts.join('/')}`;
}

/** Absolute, forward-slash path of `p`, resolved against `cwd` when relative (kept relative if no cwd is known). */
export function resolvePath(p: string, cwd: string | undefined): string {
  const s = normalizePath(fromFileUri(p).trim());
  if (isAbsolute(s)) {
    return collapse(s);
  }
  if (!cwd) {
    return s;
  }
  const base = normalizePath(fromFileUri(cwd));
  return collapse(`${base}/${s}`);
}
