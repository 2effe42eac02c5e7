// Writes a file through a temporary sibling and a rename, so a crash leaves the old or the new content, never half.
import { randomBytes } from 'node:crypto';
import { chmodSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export function atomicWrite(path: string, bytes: Uint8Array, mode?: number): void {
  const temp = join(dirname(path), `.${basename(path)}.agent-trail-${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, bytes);
    if (mode !== undefined) {
      // writeFileSync's mode is filtered by the umask; the file's own bits are what undo must bring back.
      chmodSync(temp, mode & 0o7777);
    }
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}
