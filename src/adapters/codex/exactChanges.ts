// The per-file changes Codex records once a patch ran (`FileChange` turn items, `patch_apply_end`): keyed by
// absolute path, with the added/deleted file's full content or the update's unified diff (computed by Codex against
// the real file, so it applies by line numbers). Preferred over the hunks parsed from the call.
import type { FileChange } from '../../core/model';
import { resolvePath } from './paths';
import { isObject, nonEmpty, obj, str, type JsonObject } from '../../core/jsonValues';

interface NormalizedChange {
  type: 'add' | 'delete' | 'update';
  content?: string;
  unifiedDiff?: string;
  movePath?: string;
}

/** `{type:"add",content}` (internally tagged, newer) or `{add:{content}}` (externally tagged, 2025 builds). */
function normalizeChange(raw: unknown): NormalizedChange | undefined {
  if (!isObject(raw)) {
    return undefined;
  }
  let type = str(raw.type);
  let body: JsonObject = raw;
  if (type === undefined) {
    for (const key of ['add', 'delete', 'update'] as const) {
      const inner = obj(raw[key]);
      if (inner) {
        type = key;
        body = inner;
        break;
      }
    }
  }
  if (type !== 'add' && type !== 'delete' && type !== 'update') {
    return undefined;
  }
  const out: NormalizedChange = { type };
  const content = str(body.content);
  if (content !== undefined) {
    out.content = content;
  }
  const diff = str(body.unified_diff) ?? str(body.unifiedDiff);
  if (diff !== undefined) {
    out.unifiedDiff = diff;
  }
  const move = nonEmpty(body.move_path) ?? nonEmpty(body.movePath);
  if (move !== undefined) {
    out.movePath = move;
  }
  return out;
}

/** Exact file changes in the patch's file order (`order`: absolute paths from the call; the map itself has none). */
export function exactFileChanges(changes: unknown, cwd: string | undefined, order: readonly string[]): FileChange[] {
  const out: FileChange[] = [];
  if (!isObject(changes)) {
    return out;
  }
  for (const [key, raw] of Object.entries(changes)) {
    const change = normalizeChange(raw);
    if (!change) {
      continue;
    }
    const path = resolvePath(key, cwd);
    if (change.type === 'add') {
      out.push({ path, op: 'create', before: null, after: change.content ?? '' });
    } else if (change.type === 'delete') {
      const fc: FileChange = { path, op: 'delete', after: null };
      if (change.content !== undefined) {
        fc.before = change.content;
      }
      out.push(fc);
    } else {
      const fc: FileChange = { path, op: change.movePath ? 'rename' : 'update' };
      if (change.unifiedDiff !== undefined) {
        fc.patch = change.unifiedDiff;
      }
      if (change.movePath) {
        fc.movePath = resolvePath(change.movePath, cwd);
      }
      out.push(fc);
    }
  }
  const rank = (p: string): number => {
    const i = order.indexOf(p);
    return i < 0 ? order.length : i;
  };
  return out
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c.path) - rank(b.c.path) || a.i - b.i)
    .map((x) => x.c);
}
