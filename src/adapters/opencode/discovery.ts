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

/** The folder of the JSON files of ≤ 1.1.65 under the data folder (storageReader.ts): a source of its own. */
export const storageFolder = 'storage';

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

/**
 * The databases under each root, and its `storage/` folder of JSON files (≤ 1.1.65) when that holds sessions, each
 * to be read for the sessions recorded in `workspaceFolders`. Both may exist after an upgrade (OpenCode 1.2-1.15
 * imported the files into the database and left them): the same ids make one session of the index.
 */
export function discoverOpencodeDatabases(roots: string[], workspaceFolders: string[], issues: ParseIssue[]): Promise<TranscriptFile[]> {
  const files: TranscriptFile[] = [];
  for (const root of roots) {
    const entries = listDir(root, issues, true);
    // storage/ first: a session in both (imported on upgrade, then maybe continued) gets the database's newer
    // title and fields last on a first reading; later the files of a storage/ no longer written are not read again.
    const storage = join(root, storageFolder);
    if ((entries ?? []).some((e) => e.name === storageFolder && e.isDirectory()) && isDirectory(join(storage, 'session'), issues)) {
      files.push({ agent: 'opencode', path: storage, mode: 'database', workspaceFolders: [...workspaceFolders] });
    }
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

function isDirectory(path: string, issues: ParseIssue[]): boolean {
  try {
    return statSync(path).isDirectory();
  } catch (err) {
    if (!isMissing(err)) {
      issues.push({ kind: 'io', file: path, message: `cannot stat: ${errorMessage(err)}` });
    }
    return false;
  }
}

/** The storage folder a changed file under `<root>/storage/{session,message,part}/<folder>/` belongs to. */
function storageOf(path: string): string | undefined {
  const parts = path.split(/[\\/]/);
  const at = parts.length - 4;
  return at > 0 && parts[at] === storageFolder && ['session', 'message', 'part'].includes(parts[at + 1]) && parts[at + 3].endsWith('.json')
    ? path.slice(0, path.length - parts.slice(at + 1).join('/').length - 1)
    : undefined;
}

/**
 * The source a changed path under a root belongs to: a storage file's storage folder, a database's `-wal` or
 * `-journal`'s database, else the path itself.
 */
export function databaseOf(path: string): string {
  const storage = storageOf(path);
  if (storage) {
    return storage;
  }
  return companionSuffix.test(path) && databaseName.test(basename(path).replace(companionSuffix, '')) ? path.replace(companionSuffix, '') : path;
}
