// Where OpenCode keeps its sessions: one SQLite database for every project of the user (1.2.0 and later),
// `<data>/opencode.db` with its `-wal` and `-shm`, where <data> is `$XDG_DATA_HOME/opencode` or
// `~/.local/share/opencode` (on every platform: OpenCode takes it from the xdg-basedir package). Builds of other
// release channels write `opencode-<channel>.db` beside it. The database cannot be pre-filtered by name: which
// sessions belong to the workspace is decided while reading it, by each session's recorded directory.
import { statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { AdapterEnvironment, TranscriptFile } from '../adapter';
import { errorMessage, isMissing, listDir } from '../listDir';
import type { ParseIssue } from '../../core/ops';

/** `opencode.db`, or a channel's `opencode-<channel>.db` (never its -wal/-shm). */
export const databaseName = /^opencode(?:-[A-Za-z0-9._]+)?\.db$/;

/** A database's companion files: a change to one of them is a change of the database. */
export const companionSuffix = /-(?:wal|journal)$/;

/**
 * `$XDG_DATA_HOME/opencode`, else `~/.local/share/opencode`; `OPENCODE_DB` as an absolute path moves the database
 * (its folder is then searched too; a name of its own other than `opencode*.db` is not recognised).
 */
export function opencodeDefaultRoots(env: AdapterEnvironment): string[] {
  const xdg = env.env.XDG_DATA_HOME;
  const data = join(xdg && isAbsolute(xdg) ? xdg : join(env.home, '.local', 'share'), 'opencode');
  const roots = [data];
  const db = env.env.OPENCODE_DB;
  if (db && isAbsolute(db) && dirname(db) !== data) {
    roots.push(dirname(db));
  }
  return roots;
}

/** The databases under each root, each to be read for the sessions recorded in `workspaceFolders`. */
export function discoverOpencodeDatabases(roots: string[], workspaceFolders: string[], issues: ParseIssue[]): Promise<TranscriptFile[]> {
  const files: TranscriptFile[] = [];
  for (const root of roots) {
    const entries = listDir(root, issues, true);
    for (const name of (entries ?? []).map((e) => e.name).filter((n) => databaseName.test(n)).sort()) {
      const path = join(root, name);
      try {
        if (!statSync(path).isFile()) {
          continue;
        }
      } catch (err) {
        if (!isMissing(err)) {
          issues.push({ kind: 'io', file: path, message: `cannot stat: ${errorMessage(err)}` });
        }
        continue;
      }
      files.push({ agent: 'opencode', path, mode: 'database', workspaceFolders: [...workspaceFolders] });
    }
  }
  return Promise.resolve(files);
}

/** The database a changed path under a root belongs to (its `-wal` or `-journal`), else the path itself. */
export function databaseOf(path: string): string {
  return companionSuffix.test(path) && databaseName.test(basename(path).replace(companionSuffix, '')) ? path.replace(companionSuffix, '') : path;
}
