// Path helpers for recorded paths. Transcripts may come from Windows machines, so separators and
// absoluteness are judged from the recorded string itself, never from the platform we run on.
import { posix } from 'node:path';

const WINDOWS_ABSOLUTE = /^[A-Za-z]:[\\/]/;
const UNC = /^\\\\/;

function looksWindows(p: string): boolean {
  return WINDOWS_ABSOLUTE.test(p) || UNC.test(p);
}

/** Whether a recorded path is absolute (POSIX, drive letter or UNC), whatever platform we run on. */
export function isAbsoluteRecordedPath(p: string): boolean {
  return p.startsWith('/') || looksWindows(p);
}

/** Absolute path with forward slashes; relative paths are resolved against `cwd` when it is known. */
export function absolutePath(p: string, cwd: string | undefined): string {
  // Backslashes are separators only in Windows paths; on POSIX they are legal file name characters.
  const windows = looksWindows(p) || (cwd !== undefined && looksWindows(cwd));
  const forward = windows ? p.replace(/\\/g, '/') : p;
  if (forward.startsWith('/') || WINDOWS_ABSOLUTE.test(forward)) {
    return posix.normalize(forward);
  }
  if (!cwd) {
    return forward;
  }
  const base = windows ? cwd.replace(/\\/g, '/') : cwd;
  return posix.normalize(`${base}/${forward}`);
}
