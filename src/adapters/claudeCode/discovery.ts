// Finds the Claude Code transcripts that may belong to workspace folders, by Claude's project directory
// naming alone: sessions started in a folder or below it, and sessions started in one of its parent folders (they
// belong when they worked inside the folder). The encoding is lossy (`/x/demo_repo` and `/x/demo-repo` share a
// directory name), so this only pre-filters: the records decide membership later (store/workspaceSessions.ts).
import { readdirSync, realpathSync, type Dirent } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AdapterEnvironment, TranscriptFile } from '../adapter';
import type { ParseIssue } from '../../core/ops';

/** Claude truncates longer names to this length and appends a runtime-dependent hash. */
const MAX_SANITIZED_LENGTH = 200;
const AGENT_FILE = /^agent-.+\.jsonl$/;

/** Claude's `sanitizePath` without the hash suffix: every non-alphanumeric UTF-16 unit becomes '-'. */
export function sanitizeProjectPath(path: string): string {
  return path.replace(/[^a-zA-Z0-9]/g, '-');
}

export function claudeDefaultRoots(env: AdapterEnvironment): string[] {
  const configured = env.env.CLAUDE_CONFIG_DIR;
  const root = configured && configured.trim() !== '' ? configured : join(env.home, '.claude');
  return [root.normalize('NFC')];
}

export function trimTrailingSeparators(folder: string): string {
  const trimmed = folder.replace(/[\\/]+$/, '');
  return trimmed === '' ? folder : trimmed;
}

/**
 * Whether a project directory name may hold sessions started in `folder` or below it. Compared without
 * case: Windows drive letters and case-insensitive file systems make both spellings plausible.
 */
function projectDirMatches(dirName: string, sanitizedFolder: string): boolean {
  const d = dirName.toLowerCase();
  const s = sanitizedFolder.toLowerCase();
  if (/^-+$/.test(s)) {
    // The file system root: every project is inside it.
    return true;
  }
  if (s.length > MAX_SANITIZED_LENGTH) {
    // `<first 200 chars>-<hash>`: the hash cannot be recomputed (it depends on Claude's runtime); subfolders
    // share the same prefix.
    return d.startsWith(s.slice(0, MAX_SANITIZED_LENGTH));
  }
  return d === s || d.startsWith(`${s}-`);
}

/**
 * Whether a project directory name may hold sessions started exactly in `sanitizedAncestor` (a parent folder of a
 * workspace folder): such a session belongs to the workspace when it worked inside it, which only its records tell.
 */
function ancestorDirMatches(dirName: string, sanitizedAncestor: string): boolean {
  const d = dirName.toLowerCase();
  const s = sanitizedAncestor.toLowerCase();
  return s.length > MAX_SANITIZED_LENGTH ? d.startsWith(`${s.slice(0, MAX_SANITIZED_LENGTH)}-`) : d === s;
}

/** The parent folders of `folder`, nearest first, the file system root included. */
export function ancestorsOf(folder: string): string[] {
  const out: string[] = [];
  let current = trimTrailingSeparators(folder);
  for (;;) {
    const parent = dirname(current);
    if (parent === current) {
      return out;
    }
    out.push(parent);
    current = parent;
  }
}

function ioIssue(path: string, err: unknown): ParseIssue {
  const message = err instanceof Error ? err.message : String(err);
  return { kind: 'io', file: path, message: `cannot read ${path}: ${message}` };
}

function isMissing(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ENOENT';
}

/**
 * Synchronous, as all of discovery (in the index worker or the CLI, never the extension host's thread): a run lists
 * a folder per project and per session, and an awaited listing each cost a trip through libuv's thread pool.
 */
export function listDir(path: string, issues: ParseIssue[], reportMissing: boolean): Dirent[] {
  try {
    return readdirSync(path, { withFileTypes: true });
  } catch (err) {
    if (reportMissing || !isMissing(err)) {
      issues.push(ioIssue(path, err));
    }
    return [];
  }
}

/** Subagent transcripts of one session directory (≥2.1.2), workflow runs included. */
function subagentFiles(sessionDir: string, parentSessionId: string, issues: ParseIssue[]): TranscriptFile[] {
  const files: TranscriptFile[] = [];
  const subagentsDir = join(sessionDir, 'subagents');
  const add = (dir: string, entry: Dirent): void => {
    if (entry.isFile() && AGENT_FILE.test(entry.name)) {
      files.push({ agent: 'claude-code', path: join(dir, entry.name), mode: 'append', parentSessionId });
    }
  };
  const entries = listDir(subagentsDir, issues, false);
  for (const entry of entries) {
    add(subagentsDir, entry);
  }
  if (!entries.some((e) => e.isDirectory() && e.name === 'workflows')) {
    return files;
  }
  const workflowsDir = join(subagentsDir, 'workflows');
  for (const run of listDir(workflowsDir, issues, false)) {
    if (run.isDirectory()) {
      const runDir = join(workflowsDir, run.name);
      for (const entry of listDir(runDir, issues, false)) {
        add(runDir, entry);
      }
    }
  }
  return files;
}

function projectFiles(projectDir: string, issues: ParseIssue[]): TranscriptFile[] {
  const files: TranscriptFile[] = [];
  const entries = listDir(projectDir, issues, true);
  for (const entry of entries) {
    if (entry.isFile() && entry.name.endsWith('.jsonl')) {
      // Main sessions, and 2.0.x subagents (`agent-<id>.jsonl`, parent known only from their records).
      files.push({ agent: 'claude-code', path: join(projectDir, entry.name), mode: 'append' });
    }
  }
  for (const entry of entries) {
    if (entry.isDirectory()) {
      files.push(...subagentFiles(join(projectDir, entry.name), entry.name, issues));
    }
  }
  return files;
}

/** A folder as given and as resolved (Claude records the realpath'd launch dir). */
export function folderSpellings(folder: string): string[] {
  const spellings = new Set([trimTrailingSeparators(folder)]);
  try {
    spellings.add(trimTrailingSeparators(realpathSync(folder)));
  } catch {
    // A folder that cannot be resolved is still matched by the name it was given.
  }
  return [...spellings];
}

export async function discoverClaudeTranscripts(
  roots: string[],
  workspaceFolders: string[],
  issues: ParseIssue[],
): Promise<TranscriptFile[]> {
  const spellings = workspaceFolders.flatMap(folderSpellings);
  const names = spellings.map(sanitizeProjectPath);
  const ancestorNames = [...new Set(spellings.flatMap(ancestorsOf).map(sanitizeProjectPath))];
  const seen = new Set<string>();
  const files: TranscriptFile[] = [];
  for (const root of roots) {
    const projectsDir = join(root, 'projects');
    const projects = listDir(projectsDir, issues, true).filter(
      (entry) => entry.isDirectory() && (names.some((n) => projectDirMatches(entry.name, n)) || ancestorNames.some((n) => ancestorDirMatches(entry.name, n))),
    );
    for (const file of projects.flatMap((entry) => projectFiles(join(projectsDir, entry.name), issues))) {
      if (!seen.has(file.path)) {
        seen.add(file.path);
        files.push(file);
      }
    }
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
