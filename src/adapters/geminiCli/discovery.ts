// Where Gemini CLI keeps chats, and which project each project temp dir belongs to.
//
// `<root>/tmp/<id>/chats/session-*.json|.jsonl` (+ subagents in `chats/<parentSessionId>/<id>.jsonl`), where <id> is
// - ≥ 0.29: a slug; `<root>/tmp/<slug>/.project_root` holds the absolute project root and `<root>/projects.json`
//   maps `{"projects": {"/abs/root": "slug"}}` (keys lower-cased on Windows);
// - ≤ 0.28: sha256 hex of the project root exactly as Gemini saw it. A hash cannot be reversed, so such a dir is
//   matched only against the workspace folders themselves and their direct subdirectories (a session started
//   deeper inside a folder, or from a path spelled differently, e.g. through a symlink, is not found).
// Session files record only that hash, so the project root found here is handed to the parser as `cwdHint`.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AdapterEnvironment, TranscriptFile } from '../adapter';
import { errorMessage, isMissing, listDir } from '../listDir';
import type { ParseIssue } from '../../core/ops';
import { mayBelongTo, normalizePath } from '../../core/paths';
import { isObject } from '../../core/jsonValues';

/**
 * `GEMINI_CLI_HOME` replaces the home directory for everything Gemini CLI stores (`homedir()` in its core), so
 * the data dir is `$GEMINI_CLI_HOME/.gemini`. (macOS seatbelt sandboxing moves runtime data to
 * `~/.cache/.gemini`; that is not a default root.)
 */
export function geminiDefaultRoots(env: AdapterEnvironment): string[] {
  const home = env.env.GEMINI_CLI_HOME || env.home;
  return [join(home, '.gemini')];
}

/** slug → project root, from `projects.json` (absent before 0.29). */
function readRegistry(root: string, issues: ParseIssue[]): Map<string, string> {
  const bySlug = new Map<string, string>();
  const file = join(root, 'projects.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (!isMissing(err)) {
      issues.push({ kind: 'io', file, message: `cannot read: ${errorMessage(err)}` });
    }
    return bySlug;
  }
  try {
    const data: unknown = JSON.parse(text);
    const projects = isObject(data) && isObject(data.projects) ? data.projects : {};
    for (const [projectRoot, slug] of Object.entries(projects)) {
      if (typeof slug === 'string') {
        bySlug.set(slug, projectRoot);
      }
    }
  } catch (err) {
    issues.push({ kind: 'invalid-json', file, message: `projects.json: ${errorMessage(err)}` });
  }
  return bySlug;
}

function readProjectRootMarker(dir: string): string | undefined {
  try {
    const text = readFileSync(join(dir, '.project_root'), 'utf8').trim();
    return text || undefined;
  } catch {
    return undefined;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Spellings Gemini may have hashed: as given, forward or back slashes, and either drive-letter case on Windows. */
function spellings(p: string): string[] {
  const forward = normalizePath(p);
  const variants = [p, forward];
  if (/^[A-Za-z]:/.test(forward)) {
    const back = forward.replace(/\//g, '\\');
    for (const v of [forward, back]) {
      variants.push(v[0].toUpperCase() + v.slice(1), v[0].toLowerCase() + v.slice(1));
    }
  }
  return [...new Set(variants)];
}

/** hash → candidate project root: every workspace folder, its direct subdirectories and its parent folders. */
function hashCandidates(workspaceFolders: string[]): Map<string, string> {
  const byHash = new Map<string, string>();
  const add = (p: string): void => {
    for (const spelling of spellings(p)) {
      byHash.set(sha256(spelling), p);
    }
  };
  for (const folder of workspaceFolders) {
    add(folder);
    for (let child = folder, parent = dirname(child); parent !== child; child = parent, parent = dirname(child)) {
      add(parent);
    }
    try {
      for (const d of readdirSync(folder, { withFileTypes: true })) {
        if (d.isDirectory() && d.name !== '.git' && d.name !== 'node_modules') {
          add(join(folder, d.name));
        }
      }
    } catch {
      // A folder that cannot be listed still matches by its own hash.
    }
  }
  return byHash;
}

/** A project in or below a workspace folder, or above one (its sessions belong through the files they touched). */
function belongs(projectRoot: string, workspaceFolders: string[]): boolean {
  return workspaceFolders.some((f) => mayBelongTo(projectRoot, f));
}

/** Session files of one `chats/` dir; a `.json` that was migrated to `.jsonl` (same name + `l`) is left out. */
function chatFiles(chatsDir: string, projectRoot: string, issues: ParseIssue[]): TranscriptFile[] {
  const entries = listDir(chatsDir, issues, false);
  if (!entries) {
    return [];
  }
  const names = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
  const files: TranscriptFile[] = [];
  for (const e of entries) {
    if (e.isFile() && e.name.startsWith('session-')) {
      if (e.name.endsWith('.jsonl')) {
        files.push({ agent: 'gemini-cli', path: join(chatsDir, e.name), mode: 'append', cwdHint: projectRoot });
      } else if (e.name.endsWith('.json') && !names.has(`${e.name}l`)) {
        files.push({ agent: 'gemini-cli', path: join(chatsDir, e.name), mode: 'whole', cwdHint: projectRoot });
      }
    } else if (e.isDirectory()) {
      // chats/<parentSessionId>/<subSessionId>.jsonl
      const subDir = join(chatsDir, e.name);
      for (const s of listDir(subDir, issues, false) ?? []) {
        if (s.isFile() && s.name.endsWith('.jsonl')) {
          files.push({
            agent: 'gemini-cli',
            path: join(subDir, s.name),
            mode: 'append',
            cwdHint: projectRoot,
            parentSessionId: e.name,
          });
        }
      }
    }
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

export async function discoverGeminiTranscripts(
  roots: string[],
  workspaceFolders: string[],
  issues: ParseIssue[],
): Promise<TranscriptFile[]> {
  const files: TranscriptFile[] = [];
  const hashes = hashCandidates(workspaceFolders);
  for (const root of roots) {
    const tmp = join(root, 'tmp');
    const projectDirs = listDir(tmp, issues, true);
    if (!projectDirs) {
      continue;
    }
    const registry = readRegistry(root, issues);
    for (const d of projectDirs) {
      if (!d.isDirectory()) {
        continue;
      }
      const dir = join(tmp, d.name);
      const projectRoot =
        readProjectRootMarker(dir) ?? registry.get(d.name) ?? (/^[0-9a-f]{64}$/.test(d.name) ? hashes.get(d.name) : undefined);
      if (!projectRoot || !belongs(projectRoot, workspaceFolders)) {
        continue;
      }
      files.push(...chatFiles(join(dir, 'chats'), projectRoot, issues));
    }
  }
  return files;
}
