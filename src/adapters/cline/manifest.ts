// The session manifest `<id>.json`: what the transcript does not say (cwd, title, the session's model, start time,
// checkpoints). Its shape varies between runs of one version (docs/formats/cline.md): only session_id, cwd,
// started_at, model/provider, metadata.title and metadata.checkpoint are relied on, each checked.
import { readFileSync } from 'node:fs';
import { arr, isObject, nonEmpty, num, obj, str } from '../../core/jsonValues';
import type { ParseIssue } from '../../core/ops';

/** One checkpoint of the user's repo, taken before the first model call of prompt `runCount` (1-based). */
export interface ClineCheckpoint {
  /** The commit: `refs/cline/checkpoints/<session>/<runCount>` when kind is `stash`, plain HEAD when `commit`. */
  ref: string;
  runCount: number;
  /** `stash`: a ref Cline wrote (tracked work tree + a third parent with untracked files); `commit`: clean tree, no ref. */
  kind: string;
  createdAt?: number;
}

export interface ClineManifest {
  sessionId?: string;
  cwd?: string;
  title?: string;
  startedAt?: string;
  model?: string;
  cliVersion?: string;
  checkpoints: ClineCheckpoint[];
}

function checkpoints(metadata: Record<string, unknown> | undefined): ClineCheckpoint[] {
  const out: ClineCheckpoint[] = [];
  for (const c of arr(obj(metadata?.checkpoint)?.history)) {
    const ref = isObject(c) ? nonEmpty(c.ref) : undefined;
    const runCount = isObject(c) ? num(c.runCount) : undefined;
    if (isObject(c) && ref && runCount !== undefined && Number.isInteger(runCount) && runCount >= 1) {
      out.push({ ref, runCount, kind: str(c.kind) ?? 'unknown', createdAt: num(c.createdAt) });
    }
  }
  return out;
}

/** The manifest's fields, from its parsed JSON (anything that is not an object gives an empty manifest). */
export function manifestFields(value: unknown): ClineManifest {
  if (!isObject(value)) {
    return { checkpoints: [] };
  }
  const metadata = obj(value.metadata);
  return {
    sessionId: nonEmpty(value.session_id),
    cwd: nonEmpty(value.cwd) ?? nonEmpty(value.workspace_root),
    title: nonEmpty(metadata?.title),
    startedAt: nonEmpty(value.started_at),
    model: nonEmpty(value.model),
    cliVersion: nonEmpty(obj(metadata?.sessionHistoryOrigin)?.version),
    checkpoints: checkpoints(metadata),
  };
}

/**
 * The manifest at `path`, or undefined when there is none yet (Cline writes it at the session's start, but a reader
 * can come between the two files) or it cannot be read or parsed (counted in `issues`: a partial rewrite is read
 * again with the next change).
 */
export function readManifest(path: string, issues: ParseIssue[]): ClineManifest | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (!(isObject(err) && err.code === 'ENOENT')) {
      issues.push({ kind: 'io', file: path, message: `cannot read the session manifest: ${err instanceof Error ? err.message : String(err)}` });
    }
    return undefined;
  }
  try {
    return manifestFields(JSON.parse(text));
  } catch (err) {
    issues.push({ kind: 'invalid-json', file: path, message: `session manifest is not valid JSON (partly written?): ${err instanceof Error ? err.message : String(err)}` });
    return undefined;
  }
}
