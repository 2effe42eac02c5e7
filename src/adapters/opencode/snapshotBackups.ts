// OpenCode's snapshot trees (docs/formats/opencode.md "Checkpoints") as the prompts' file backups. OpenCode records
// the work tree as a git tree before and after every step, in a git dir of its own,
// `<data>/snapshot/<projectID>/<sha1 of the worktree path>/`, whose objects/info/alternates points into the
// repository's objects. The first step-start tree of a prompt is every file as the prompt started, hand edits
// included. This reads it for the files the prompt's responses changed (their tools' edits, the files their shell
// commands write, their `patch` parts' files), which covers what `summary.diffs` cannot: binary or big files, and
// prompts killed before their summary was written. Read with each page of responses (all its prompts at once),
// so the contents reach the index before OpenCode's `git gc --prune=7.days` drops them.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { IndexOp, ParseIssue } from '../../core/ops';
import { arr, nonEmpty, type JsonObject } from '../../core/jsonValues';
import { changedByPrompt } from '../git/changedPaths';
import { checkpointBackupOps, type PromptCheckpoint } from '../git/checkpointBackups';
import type { GitSource } from '../git/gitObjects';
import type { ReadOnlyDb } from '../sqlite/readOnlySqlite';
import { iso } from './partSteps';

/** What one response (assistant message) of a prompt says about the files it changed. */
export interface Response {
  promptId: string;
  /** The git work tree OpenCode snapshots (the assistant message's `path.root`). */
  root: string | undefined;
  /** The response's parts, parsed, and the step ops made from them. */
  parts: readonly JsonObject[];
  ops: readonly IndexOp[];
}

/** The files one prompt's responses (of one page) changed, and the trees taken after their steps. */
interface PromptChanges {
  root: string;
  paths: Set<string>;
  afterTrees: string[];
}

/** A page's responses grouped by prompt: a prompt's start tree is read once for all of them. */
function byPrompt(responses: readonly Response[]): Map<string, PromptChanges> {
  const out = new Map<string, PromptChanges>();
  for (const r of responses) {
    if (r.root === undefined) {
      continue;
    }
    const c = out.get(r.promptId) ?? { root: r.root, paths: new Set<string>(), afterTrees: [] };
    changedByPrompt(r.ops, r.root)
      .get(r.promptId)
      ?.forEach((p) => c.paths.add(p));
    for (const p of r.parts) {
      if (p.type === 'patch') {
        arr(p.files).forEach((f) => typeof f === 'string' && c.paths.add(f));
      } else if (p.type === 'step-finish' && typeof p.snapshot === 'string' && p.snapshot !== '') {
        c.afterTrees.push(p.snapshot);
      }
    }
    out.set(r.promptId, c);
  }
  return out;
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

/**
 * The backups one page of a session's responses gives. `databasePath`: the database file, whose folder is OpenCode's
 * data dir (it holds `snapshot/`); `projectId`: the session's project (names the snapshot folder).
 */
export function snapshotBackups(db: ReadOnlyDb, databasePath: string, sessionId: string, projectId: string | undefined, responses: readonly Response[], issues: ParseIssue[]): IndexOp[] {
  if (projectId === undefined || projectId === 'global') {
    return []; // not a git repository: OpenCode takes no snapshots there
  }
  // The page's prompts grouped by snapshot folder (one per work tree), each group read in one go.
  const groups = new Map<string, { source: GitSource; checkpoints: PromptCheckpoint[] }>();
  for (const [promptId, c] of byPrompt(responses)) {
    if (c.paths.size === 0) {
      continue;
    }
    const dir = join(databasePath, '..', 'snapshot', projectId, createHash('sha1').update(c.root).digest('hex'));
    if (!existsSync(join(dir, 'objects'))) {
      // Snapshots turned off (`"snapshot": false`), or a data folder copied without them: the summaries still serve.
      continue;
    }
    const start = promptStart(db, sessionId, promptId);
    if (!start) {
      continue;
    }
    const group = groups.get(dir) ?? { source: { cwd: c.root, objectDir: join(dir, 'objects') }, checkpoints: [] };
    group.checkpoints.push({
      promptId,
      trees: [start.tree],
      label: `opencode snapshot ${start.tree}`,
      timestamp: start.timestamp,
      paths: [...c.paths],
      // OpenCode leaves ignored files and files over its size limit out of its trees: a file missing from the start
      // tree is reported absent only when a tree taken after one of these steps holds it (so it is one OpenCode captures).
      absentOnlyIfIn: c.afterTrees,
      // Snapshots older than 7 days are pruned by OpenCode itself: the prompt's summary is what is left.
      prunedByAgent: true,
    });
    groups.set(dir, group);
  }
  return [...groups.values()].flatMap((g) => checkpointBackupOps(g.source, sessionId, g.checkpoints, databasePath, issues));
}
