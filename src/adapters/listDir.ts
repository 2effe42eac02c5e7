// Directory listings for discovery, synchronous as all of discovery (in the index worker or the CLI, never the
// extension host's thread): an awaited listing per folder cost a trip through libuv's thread pool each.
import { readdirSync, type Dirent } from 'node:fs';
import type { ParseIssue } from '../core/ops';
import { isObject } from '../core/jsonValues';

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function isMissing(err: unknown): boolean {
  return isObject(err) && err.code === 'ENOENT';
}

/** The folder's entries; undefined when it cannot be read (reported, except a missing folder unless asked). */
export function listDir(dir: string, issues: ParseIssue[], reportMissing: boolean): Dirent[] | undefined {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if (reportMissing || !isMissing(err)) {
      issues.push({ kind: 'io', file: dir, message: `cannot read directory: ${errorMessage(err)}` });
    }
    return undefined;
  }
}
