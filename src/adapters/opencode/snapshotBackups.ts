// OpenCode's snapshot trees (docs/formats/opencode.md "Checkpoints") as the prompts' file backups. OpenCode records
// the work tree as a git tree before and after every step, in a git dir of its own,
// `<data>/snapshot/<projectID>/<sha1 of the worktree path>/`, whose objects/info/alternates points into the repository's
// objects. The first step-start tree of a prompt is every file as the prompt started, hand edits included. This reads
// it for the files each response changed (its tools' edits, its shell commands' writes, its `patch` parts' files),
// which covers what `summary.diffs` cannot: binary or big files, and prompts killed before their summary was written.
// Read when the response is read, so the contents reach the index before OpenCode's `git gc --prune=7.days` drops them.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { IndexOp, ParseIssue } from '../../core/ops';
import { arr, isObject, nonEmpty, str, type JsonObject } from '../../core/jsonValues';
import { changedByPrompt } from '../git/changedPaths';
import { checkpointBackupOps } from '../git/checkpointBackups';
import { treeFiles, type GitSource } from '../git/gitObjects';
import type { ReadOnlyDb } from '../sqlite/readOnlySqlite';
import { iso } from './partSteps';

export interface ResponseSnapshots {
  db: ReadOnlyDb;
  /** The database file: its folder is OpenCode's data dir, which holds `snapshot/`. */
  databasePath: string;
  sessionId: string;
  projectId: string | undefined;
  promptId: string;
  /** The git work tree OpenCode snapshots (the assistant message's `path.root`). */
  root: string | undefined;
  /** The response's parts, parsed, and the step ops made from them. */
  parts: readonly JsonObject[];
  ops: readonly IndexOp[];
}

/** The prompt's first step-start snapshot (the tree as it started) and when its first response was made. */
function promptStart(db: ReadOnlyDb, sessionId: string, promptId: string): { tree: string; timestamp: string } | undefined {
  const rows = db.all(
    // json_valid first: json_extract throws on a malformed row, which would fail the whole reading.
    `SELECT m.time_created AS created, json_extract(p.data, '$.snapshot') AS tree FROM part p JOIN message m ON m.id = p.message_id
     WHERE m.session_id = ? AND CASE WHEN json_valid(m.data) THEN json_extract(m.data, '$.parentID') END = ?
       AND CASE WHEN json_valid(p.data) THEN json_extract(p.data, '$.type') END = 'step-start'
     ORDER BY m.time_created, m.id, p.id LIMIT 1`,
    [sessionId, promptId],
  );
  const tree = nonEmpty(rows[0]?.tree);
  return tree ? { tree, timestamp: iso(Number(rows[0].created)) ?? '' } : undefined;
}

export function snapshotBackups(r: ResponseSnapshots, file: string, issues: ParseIssue[]): IndexOp[] {
  if (r.root === undefined || r.projectId === undefined || r.projectId === 'global') {
    return []; // not a git repository: OpenCode takes no snapshots there
  }
  const paths = changedByPrompt(r.ops, r.root).get(r.promptId) ?? new Set<string>();
  for (const p of r.parts) {
    if (p.type === 'patch') {
      arr(p.files).forEach((f) => typeof f === 'string' && paths.add(f));
    }
  }
  if (paths.size === 0) {
    return [];
  }
  const start = promptStart(r.db, r.sessionId, r.promptId);
  if (!start) {
    return [];
  }
  const dir = join(r.databasePath, '..', 'snapshot', r.projectId, createHash('sha1').update(r.root).digest('hex'));
  if (!existsSync(join(dir, 'objects'))) {
    // Snapshots turned off (`"snapshot": false`), or a data folder copied without them: the summaries still serve.
    return [];
  }
  const source: GitSource = { cwd: r.root, objectDir: join(dir, 'objects') };
  // OpenCode leaves files over its size limit out of its trees: a file missing from the start tree is reported
  // absent only when the response's own after-tree holds it (so it is one OpenCode captures).
  const after = [...r.parts].reverse().find((p) => p.type === 'step-finish' && str(p.snapshot) !== undefined);
  const mayBeAbsent = (rel: string): boolean => {
    if (!isObject(after)) {
      return false;
    }
    try {
      return treeFiles(source, String(after.snapshot), [rel]).has(rel);
    } catch {
      return false; // the after-tree cannot be read: absence is not proven
    }
  };
  return checkpointBackupOps(source, r.sessionId, [{ promptId: r.promptId, trees: [start.tree], label: `opencode snapshot ${start.tree}`, timestamp: start.timestamp, paths: [...paths], mayBeAbsent }], file, issues);
}
