// Finding the rollouts of a workspace. Codex does not group rollouts by project (sessions/YYYY/MM/DD/, flat or dated
// archived_sessions/), so each candidate's first line is peeked for `session_meta.payload.cwd`. That line embeds
// the ~20 KB base instructions, hence the generous read limit.
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { mayBelongTo } from '../../core/paths';
import type { ParseIssue } from '../../core/ops';
import type { AdapterEnvironment, DiscoveryMemo, TranscriptFile } from '../adapter';
import { errorMessage, listDir } from '../listDir';
import { fromFileUri } from './paths';
import { rememberedPeek, type Peek } from './rolloutMemo';
import { isObject, nonEmpty, obj, str } from '../../core/jsonValues';

const firstLineLimit = 1024 * 1024;
/** Bare-era rollouts have no cwd in their meta; it is in the first environment_context, a few lines in. */
const barePeekLines = 64;
const maxDepth = 5;
/**
 * Discovery reads synchronously (in the index worker or the CLI, never the extension host's thread): the dated tree
 * is hundreds of folders and thousands of rollouts, and an awaited readdir, stat or read per name cost a trip through
 * libuv's thread pool each, most of a warm CLI run. A cold peek at many rollouts still lets the thread answer
 * queries between every `yieldEvery` of them.
 */
const yieldEvery = 256;

export function defaultCodexRoots(env: AdapterEnvironment): string[] {
  const configured = env.env.CODEX_HOME;
  return [configured && configured.trim() !== '' ? configured : join(env.home, '.codex')];
}

function isRolloutName(name: string): boolean {
  return /^rollout-.*\.(jsonl|json|jsonl\.zst)$/.test(name);
}

function walk(dir: string, depth: number, out: string[], issues: ParseIssue[]): void {
  const entries = listDir(dir, issues, false);
  for (const entry of entries ?? []) {
    const p = join(dir, entry.name);
    if (entry.isDirectory() && depth < maxDepth) {
      walk(p, depth + 1, out, issues);
    } else if (entry.isFile() && isRolloutName(entry.name)) {
      out.push(p);
    }
  }
}

/** Bytes read at a time while peeking: one read holds a modern session_meta line (~20 KB) whole. */
const peekChunkBytes = 64 * 1024;

/**
 * The first `lines` lines of a file, reading at most `limit` bytes and nothing past the `lines`-th newline's chunk.
 * Discovery peeks at every rollout on disk, other projects' too: newlines are found natively (indexOf), and only
 * the lines asked for are decoded.
 */
function readHead(path: string, lines: number, limit: number): string[] {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    let newlines = 0;
    /** Length of the head up to (not including) the `lines`-th newline, once found. */
    let end = -1;
    while (end < 0 && total < limit) {
      const buf = Buffer.allocUnsafe(Math.min(peekChunkBytes, limit - total));
      const bytesRead = readSync(fd, buf, 0, buf.length, total);
      if (bytesRead === 0) {
        break;
      }
      const chunk = buf.subarray(0, bytesRead);
      for (let at = chunk.indexOf(0x0a); at >= 0; at = chunk.indexOf(0x0a, at + 1)) {
        if (++newlines === lines) {
          end = total + at;
          break;
        }
      }
      chunks.push(chunk);
      total += bytesRead;
    }
    const head = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
    return head.subarray(0, end >= 0 ? end : total).toString('utf8').split('\n');
  } finally {
    closeSync(fd);
  }
}

/** A fragment cut out of a JSON string literal, with its escapes (`\\`, `\u00e9`…) undone. */
function unescapeJson(fragment: string): string {
  try {
    const v: unknown = JSON.parse(`"${fragment}"`);
    return typeof v === 'string' ? v : fragment;
  } catch {
    return fragment;
  }
}

function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(line);
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The recorded cwd (and subagent parent) of a rollout, from its first line or, for bare-era files, its first lines. */
function peek(path: string): Peek {
  const [first] = readHead(path, 1, firstLineLimit);
  const record = first !== undefined ? parseLine(first) : undefined;
  const payload = record && isObject(record.payload) ? record.payload : record;
  const out: Peek = {};
  if (payload && (str(record?.type) === 'session_meta' || record?.payload === undefined)) {
    const cwd = nonEmpty(payload.cwd);
    if (cwd) {
      out.cwd = fromFileUri(cwd);
    }
    const source = obj(payload.source);
    const spawn = obj(obj(source?.subagent)?.thread_spawn) ?? obj(obj(source?.sub_agent)?.thread_spawn);
    const parent = nonEmpty(spawn?.parent_thread_id) ?? nonEmpty(payload.parent_thread_id);
    if (parent) {
      out.parentSessionId = parent;
    }
  }
  if (out.cwd === undefined) {
    for (const line of readHead(path, barePeekLines, firstLineLimit)) {
      const m = /<environment_context>[\s\S]*?<cwd>([^<]+)<\/cwd>/.exec(line);
      if (m) {
        out.cwd = unescapeJson(m[1]).trim();
        break;
      }
    }
  }
  return out;
}

export async function discoverCodexFiles(roots: string[], workspaceFolders: string[], issues: ParseIssue[], memo?: DiscoveryMemo): Promise<TranscriptFile[]> {
  const found: TranscriptFile[] = [];
  for (const root of roots) {
    try {
      readdirSync(root);
    } catch (err) {
      issues.push({ kind: 'io', file: root, message: `Codex home not readable: ${errorMessage(err)}` });
      continue;
    }
    const candidates: string[] = [];
    walk(join(root, 'sessions'), 0, candidates, issues);
    walk(join(root, 'archived_sessions'), 0, candidates, issues);
    const plain = new Set(candidates.filter((p) => p.endsWith('.jsonl')));
    let peeked = 0;
    for (const path of candidates.sort()) {
      if (path.endsWith('.jsonl.zst')) {
        // The plain file wins when both exist (Codex keeps writing to the plain one).
        if (!plain.has(path.slice(0, -'.zst'.length))) {
          issues.push({ kind: 'io', file: path, message: 'compressed rollouts (.jsonl.zst) are not supported yet' });
        }
        continue;
      }
      if (path.endsWith('.json')) {
        // TypeScript-era rollouts (2025): one JSON document, rewritten on save, no cwd recorded.
        found.push({ agent: 'codex', path, mode: 'whole' });
        continue;
      }
      if (++peeked % yieldEvery === 0) {
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      let info: Peek;
      try {
        info = rememberedPeek(path, memo, peek);
      } catch (err) {
        issues.push({ kind: 'io', file: path, message: `cannot read: ${errorMessage(err)}` });
        continue;
      }
      // Unknown cwd: keep the file, the parsed session decides membership. A session started in a parent folder may
      // belong through the files it touched.
      if (info.cwd !== undefined && !workspaceFolders.some((f) => mayBelongTo(info.cwd ?? '', f))) {
        continue;
      }
      const file: TranscriptFile = { agent: 'codex', path, mode: 'append' };
      if (info.parentSessionId) {
        file.parentSessionId = info.parentSessionId;
      }
      found.push(file);
    }
  }
  return found;
}
