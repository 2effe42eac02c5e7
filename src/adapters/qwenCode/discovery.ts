// Finds the Qwen Code transcripts that may belong to workspace folders: `<root>/projects/<sanitized project
// root>/chats/[archive/]<sessionId>.jsonl` and its subagents' `subagents/<sessionId>/agent-<agentId>.jsonl`. Qwen's folder name replaces every non-alphanumeric character with '-' (as Claude
// Code's, but never shortened), so `/x/demo_repo` and `/x/demo-repo` share a folder: this only pre-filters, the
// records' cwd decides membership (store/workspaceSessions.ts).
import { join } from 'node:path';
import type { ParseIssue } from '../../core/ops';
import type { AdapterEnvironment, TranscriptFile } from '../adapter';
import { ancestorsOf, folderSpellings, listDir, sanitizeProjectPath } from '../claudeCode/discovery';

/** A session transcript; `<id>.runtime.json` (TUI process info) and other files next to it are not. */
const SESSION_FILE = /^[^.][^/\\]*\.jsonl$/;

function nonBlank(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

/**
 * Where Qwen Code writes transcripts: `$QWEN_RUNTIME_DIR` when set, else its global folder (`$QWEN_HOME`, else
 * `~/.qwen`). Both when they differ, as the runtime folder may have been set for some runs only. The settings'
 * `advanced.runtimeOutputDir` is not read: a user who set it names that folder in the folders setting.
 */
export function qwenDefaultRoots(env: AdapterEnvironment): string[] {
  const global = nonBlank(env.env.QWEN_HOME) ?? join(env.home, '.qwen');
  const runtime = nonBlank(env.env.QWEN_RUNTIME_DIR);
  const roots = runtime !== undefined && runtime !== global ? [runtime, global] : [global];
  return roots.map((r) => r.normalize('NFC'));
}

/** Whether a project folder name may hold sessions started in the folder sanitized as `name` or below it. */
function projectMatches(dirName: string, name: string): boolean {
  // Compared without case: Qwen lower-cases the path first on Windows.
  const d = dirName.toLowerCase();
  const s = name.toLowerCase();
  return /^-+$/.test(s) || d === s || d.startsWith(`${s}-`);
}

const AGENT_FILE = /^agent-.+\.jsonl$/;

/**
 * Subagent transcripts: `<project>/subagents/<sessionId>/agent-<agentId>.jsonl` (Qwen's agent-transcript.ts; next to
 * them `.meta.json` and a `.jsonl.stream` of partial text, which are no transcripts).
 */
function subagentFiles(subagentsDir: string, issues: ParseIssue[]): TranscriptFile[] {
  const files: TranscriptFile[] = [];
  for (const session of listDir(subagentsDir, issues, false)) {
    if (!session.isDirectory()) {
      continue;
    }
    const dir = join(subagentsDir, session.name);
    for (const entry of listDir(dir, issues, false)) {
      if (entry.isFile() && AGENT_FILE.test(entry.name)) {
        files.push({ agent: 'qwen-code', path: join(dir, entry.name), mode: 'append', parentSessionId: session.name });
      }
    }
  }
  return files;
}

export async function discoverQwenTranscripts(roots: string[], workspaceFolders: string[], issues: ParseIssue[]): Promise<TranscriptFile[]> {
  const spellings = workspaceFolders.flatMap(folderSpellings);
  const names = spellings.map(sanitizeProjectPath);
  // Sessions started in a parent folder belong when they worked inside the workspace, which only the records tell.
  const ancestorNames = new Set(spellings.flatMap(ancestorsOf).map((a) => sanitizeProjectPath(a).toLowerCase()));
  const seen = new Set<string>();
  const files: TranscriptFile[] = [];
  for (const root of roots) {
    const projectsDir = join(root, 'projects');
    for (const project of listDir(projectsDir, issues, true)) {
      if (!project.isDirectory() || !(names.some((n) => projectMatches(project.name, n)) || ancestorNames.has(project.name.toLowerCase()))) {
        continue;
      }
      for (const file of subagentFiles(join(projectsDir, project.name, 'subagents'), issues)) {
        if (!seen.has(file.path)) {
          seen.add(file.path);
          files.push(file);
        }
      }
      const chatsDir = join(projectsDir, project.name, 'chats');
      const entries = listDir(chatsDir, issues, false);
      // Sessions the user archived (`chats/archive/`) are still the history of the work.
      const archive = entries.some((e) => e.isDirectory() && e.name === 'archive') ? join(chatsDir, 'archive') : undefined;
      for (const [dir, list] of [[chatsDir, entries], ...(archive ? [[archive, listDir(archive, issues, false)] as const] : [])] as const) {
        for (const entry of list) {
          const path = join(dir, entry.name);
          if (entry.isFile() && SESSION_FILE.test(entry.name) && !seen.has(path)) {
            seen.add(path);
            files.push({ agent: 'qwen-code', path, mode: 'append' });
          }
        }
      }
    }
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
