// Which archived contents the DB refers to, and which transcripts recorded them: what a damaged archive lost, and
// what to read again to store it anew.
import type { IndexStore } from './indexStore';

const blobRefRe = /"\$blob":"([0-9a-f]{64})"/g;

/** Every blob hash the DB refers to, with the sessions that refer to it. */
export function referencedBlobs(store: IndexStore): Map<string, Set<string>> {
  const refs = new Map<string, Set<string>>();
  const add = (hash: unknown, session: unknown): void => {
    if (typeof hash !== 'string' || hash === '') {
      return;
    }
    let set = refs.get(hash);
    if (!set) {
      set = new Set();
      refs.set(hash, set);
    }
    set.add(String(session));
  };
  for (const r of store.all('SELECT session_key, before_blob, after_blob, patch_blob FROM file_changes', [])) {
    add(r.before_blob, r.session_key);
    add(r.after_blob, r.session_key);
    add(r.patch_blob, r.session_key);
  }
  for (const r of store.all("SELECT session_key, blob FROM backups WHERE status = 'ok'", [])) {
    add(r.blob, r.session_key);
  }
  // Long inputs, results and command lines of steps; the pattern is a constant, never built from data.
  for (const r of store.all(`SELECT session_key, data FROM steps WHERE data LIKE '%"$blob"%'`, [])) {
    for (const m of String(r.data).matchAll(blobRefRe)) {
      add(m[1], r.session_key);
    }
  }
  return refs;
}

/** The transcripts the given sessions were read from. */
export function sourcesOf(store: IndexStore, sessionKeys: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const key of sessionKeys) {
    const r = store.one('SELECT sources FROM sessions WHERE key = ?', [key]);
    if (!r) {
      continue;
    }
    try {
      for (const s of JSON.parse(String(r.sources)) as unknown[]) {
        if (typeof s === 'string') {
          out.add(s);
        }
      }
    } catch {
      // a damaged row: nothing to read again for it
    }
  }
  return [...out];
}

/** Makes the next pass read `path` again from its start (its cursor says nothing was read). */
export function forgetCursor(store: IndexStore, path: string): void {
  store.run("UPDATE sources SET size = -1, mtime_ms = -1, offset = 0, line_no = 0, head = '', state = NULL, status = 'ok' WHERE path = ?", [path]);
}
