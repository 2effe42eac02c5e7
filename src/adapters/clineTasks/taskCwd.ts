// Where a task's working folder is recorded; neither extension keeps it in the task's transcript itself:
// - Cline: `state/taskHistory.json` (HistoryItem `cwdOnTaskInitialization`, cline/cline v3.89.0
//   `apps/vscode/src/shared/HistoryItem.ts`), else the first `<environment_details>` of the API history:
//   "# Current Working Directory (<path>) Files" (`apps/vscode/src/core/task/index.ts`);
// - Roo Code: `history_item.json` `workspace` (RooCodeInc/Roo-Code cb83656 `packages/types/src/history.ts`), else
//   "# Current Workspace Directory (<path>) Files" (`src/core/environment/getEnvironmentDetails.ts`).
// A multi-root Cline task names its primary folder by name only ("(Primary: name)"): not a path, not used.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { arr, isObject, nonEmpty } from '../../core/jsonValues';
import type { ParseIssue } from '../../core/ops';
import { errorMessage, isMissing } from '../listDir';
import { apiHistoryName, historyItemName } from './taskPaths';

/** A JSON file's value; undefined when it is missing (silently) or unreadable/invalid (counted). */
export function readJsonFile(path: string, issues: ParseIssue[]): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (!isMissing(err)) {
      issues.push({ kind: 'io', file: path, message: `cannot read: ${errorMessage(err)}` });
    }
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    // The extensions rewrite these files whole: a read during a rewrite sees a cut-off document.
    issues.push({ kind: 'invalid-json', file: path, message: `not valid JSON (partly written?): ${errorMessage(err)}` });
    return undefined;
  }
}

const envCwd = /# Current (?:Working|Workspace) Directory \(([^)\n]+)\) Files/;

function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

/** The folder named by the first environment details of an API history (parsed), if any. */
export function environmentCwd(history: unknown): string | undefined {
  for (const m of arr(history)) {
    if (!isObject(m) || m.role !== 'user') {
      continue;
    }
    const texts = typeof m.content === 'string' ? [m.content] : arr(m.content).map((b) => (isObject(b) && typeof b.text === 'string' ? b.text : ''));
    for (const t of texts) {
      const found = envCwd.exec(t);
      if (found && isAbsolutePath(found[1].trim())) {
        return found[1].trim();
      }
    }
  }
  return undefined;
}

/** Cline's task history (`<storage>/state/taskHistory.json`): each task's recorded folder by id. */
export function clineHistoryCwds(storageDir: string, issues: ParseIssue[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of arr(readJsonFile(join(storageDir, 'state', 'taskHistory.json'), issues))) {
    const id = isObject(item) ? nonEmpty(item.id) : undefined;
    const cwd = isObject(item) ? nonEmpty(item.cwdOnTaskInitialization) : undefined;
    if (id && cwd) {
      out.set(id, cwd);
    }
  }
  return out;
}

/** Roo Code's `history_item.json` workspace. */
export function rooHistoryCwd(taskDir: string, issues: ParseIssue[]): string | undefined {
  const item = readJsonFile(join(taskDir, historyItemName), issues);
  return isObject(item) ? nonEmpty(item.workspace) : undefined;
}

/** The API history's folder (reads the whole history: discovery remembers the answer). */
export function apiHistoryCwd(taskDir: string, issues: ParseIssue[]): string | undefined {
  return environmentCwd(readJsonFile(join(taskDir, apiHistoryName), issues));
}
