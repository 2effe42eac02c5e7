// Which indexed sessions belong to the workspace folders. A session belongs to a folder when it was started in it or
// below it, and also when it was started in a PARENT folder of it and read or changed files inside it (an agent run at
// a monorepo's root that worked on the package open here; a session started in the home folder). Subagent sessions
// belong where their parent session does, and a parent counts its subagents' work as its own.
import { isWithin } from '../core/paths';
import { sessionKey, withSubagents, type IndexStore } from './indexStore';

/** Every path a session (and its subagents) read or changed. */
function touchedPaths(store: IndexStore, key: string): string[] {
  const { sql, params } = withSubagents(key);
  return store
    .all(
      `SELECT path FROM file_changes WHERE ${sql}
       UNION SELECT move_path FROM file_changes WHERE ${sql} AND move_path IS NOT NULL
       UNION SELECT path FROM reads WHERE ${sql}`,
      [...params, ...params, ...params],
    )
    .map((r) => String(r.path));
}

/** Keys of the sessions that belong to at least one of `folders` (none when `folders` is empty). */
export function workspaceSessionKeys(store: IndexStore, folders: readonly string[]): Set<string> {
  const keys = new Set<string>();
  if (folders.length === 0) {
    return keys;
  }
  const rows = store.all('SELECT key, agent, cwd, parent_id FROM sessions', []);
  const children: { key: string; parent: string }[] = [];
  for (const r of rows) {
    const key = String(r.key);
    const cwd = String(r.cwd);
    if (r.parent_id !== null) {
      children.push({ key, parent: sessionKey(String(r.agent), String(r.parent_id)) });
    }
    if (folders.some((f) => isWithin(cwd, f))) {
      keys.add(key);
      continue;
    }
    // Started above a workspace folder: it belongs only through what it did inside that folder.
    const below = folders.filter((f) => cwd !== '' && isWithin(f, cwd));
    if (below.length > 0 && r.parent_id === null && touchedPaths(store, key).some((p) => below.some((f) => isWithin(p, f)))) {
      keys.add(key);
    }
  }
  for (const c of children) {
    if (keys.has(c.parent)) {
      keys.add(c.key);
    }
  }
  return keys;
}
