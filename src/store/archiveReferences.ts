// Which archived contents the DB refers to, and which transcripts recorded them: what a damaged archive lost, and
// what to read again to store it anew.
import type { IndexStore } from './indexStore';

const blobRefRe = /"\$blob":"([0-9a-f]{64})"/g;

/** Every blob hash the DB refers to (sqlite removes the duplicates: this runs on every open). */
export function referencedBlobs(store: IndexStore): Set<string> {
  const refs = new Set<string>();
  const rows = store.all(
    `SELECT before_blob AS h FROM file_changes UNION SELECT after_blob FROM file_changes UNION SELECT patch_blob FROM file_changes
     UNION SELECT blob FROM backups WHERE status = 'ok'`,
    [],
  );
  for (const r of rows) {
    if (typeof r.h === 'string' && r.h !== '') {
      refs.add(r.h);
    }
  }
  // Long inputs, results and command lines of steps; the pattern is a constant, never built from data.
  for (const r of store.all(`SELECT data FROM steps WHERE data LIKE '%"$blob"%'`, [])) {
    for (const m of String(r.data).matchAll(blobRefRe)) {
      refs.add(m[1]);
    }
  }
  return refs;
}

/** The sessions that refer to any of `hashes` (only asked when some are lost). */
export function sessionsReferring(store: IndexStore, hashes: ReadonlySet<string>): Set<string> {
  const sessions = new Set<string>();
  const has = (v: unknown): boolean => typeof v === 'string' && hashes.has(v);
  for (const r of store.all('SELECT session_key, before_blob, after_blob, patch_blob FROM file_changes', [])) {
    if (has(r.before_blob) || has(r.after_blob) || has(r.patch_blob)) {
      sessions.add(String(r.session_key));
    }
  }
  for (const r of store.all("SELECT session_key, blob FROM backups WHERE status = 'ok'", [])) {
    if (has(r.blob)) {
      sessions.add(String(r.session_key));
    }
  }
  for (const r of store.all(`SELECT session_key, data FROM steps WHERE data LIKE '%"$blob"%'`, [])) {
    if ([...String(r.data).matchAll(blobRefRe)].some((m) => hashes.has(m[1]))) {
      sessions.add(String(r.session_key));
    }
  }
  return sessions;
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
