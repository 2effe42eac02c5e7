// The Cline and Roo Code extensions' tasks → index operations: one TranscriptFile per task, its `ui_messages.json`,
// read whole (both extensions rewrite it whole after every message), with the task's API history
// (`api_conversation_history.json`: the folder, saved contents, exit codes), `task_metadata.json` (models) and the
// shadow-git checkpoints read alongside. Format: docs/formats/clineTasks.md.
import { join } from 'node:path';
import type { AgentId } from '../../core/model';
import { parseJsonDocument } from '../../core/jsonDepth';
import { arr, isObject, nonEmpty } from '../../core/jsonValues';
import type { IndexOp, ParseIssue } from '../../core/ops';
import type { ParseOutput, TranscriptFile } from '../adapter';
import { apiResults } from './apiResults';
import { shadowCheckpointBackups } from './shadowCheckpoints';
import { clineHistoryCwds, environmentCwd, readJsonFile, rooHistoryCwd } from './taskCwd';
import { TaskDocument } from './taskDocument';
import { apiHistoryName, storageDirOf, taskDirOf, taskIdOf, taskMetadataName } from './taskPaths';

/** The models `task_metadata.json` names (`model_usage[].model_id`, cline/cline v3.89.0 ModelContextTracker.ts). */
function models(metadata: unknown): string[] {
  const out: string[] = [];
  for (const u of arr(isObject(metadata) ? metadata.model_usage : undefined)) {
    const id = isObject(u) ? nonEmpty(u.model_id) : undefined;
    if (id !== undefined && !out.includes(id)) {
      out.push(id);
    }
  }
  return out;
}

/** The task's folder: its history record, else the API history's environment details, else discovery's hint. */
function taskCwd(agent: AgentId, file: TranscriptFile, history: unknown, issues: ParseIssue[]): string | undefined {
  const dir = taskDirOf(file.path);
  const recorded = agent === 'roo' ? rooHistoryCwd(dir, issues) : clineHistoryCwds(storageDirOf(file.path), issues).get(taskIdOf(file.path));
  return recorded ?? environmentCwd(history) ?? file.cwdHint;
}

/**
 * The checkpoint's content as the `before` of each prompt's first change of a file, where the change has none: the
 * timeline's diff and the replay of a patch (Roo's apply_diff) then start from what the file held, not from what an
 * earlier prompt left (the checkpoint also has the user's own edits between prompts).
 */
function beforesFromBackups(ops: readonly IndexOp[], backups: readonly IndexOp[]): void {
  const held = new Map<string, string>();
  for (const b of backups) {
    if (b.op === 'fileBackup' && b.backup !== undefined && 'text' in b.backup) {
      held.set(`${b.promptId}\0${b.path}`, b.backup.text);
    }
  }
  const seen = new Set<string>();
  for (const o of ops) {
    if (o.op !== 'step' || o.step.promptId === undefined) {
      continue;
    }
    for (const c of o.step.fileChanges ?? []) {
      const key = `${o.step.promptId}\0${c.path}`;
      if (seen.has(key)) {
        continue;
      }
      seen.add(key);
      const text = held.get(key);
      if (c.before === undefined && c.op === 'update' && text !== undefined) {
        c.before = text;
      }
    }
  }
}

export function parseTaskDocument(agent: AgentId, file: TranscriptFile, text: string): ParseOutput<null> {
  const issues: ParseIssue[] = [];
  // A read during a rewrite sees a cut-off document; the next change reads it again.
  const parsed = parseJsonDocument(text, file.path, issues);
  if (!parsed) {
    return { state: null, ops: [], issues };
  }
  if (!Array.isArray(parsed.value)) {
    issues.push({ kind: 'unknown-record', file: file.path, message: 'ui_messages.json is not a JSON array' });
    return { state: null, ops: [], issues };
  }
  const dir = taskDirOf(file.path);
  const history = readJsonFile(join(dir, apiHistoryName), issues);
  const cwd = taskCwd(agent, file, history, issues);
  const doc = new TaskDocument(
    { agent, file: file.path, taskId: taskIdOf(file.path), cwd, models: models(readJsonFile(join(dir, taskMetadataName), issues)), api: apiResults(history, cwd) },
    parsed.value,
  );
  doc.parse();
  const backups = shadowCheckpointBackups(agent, doc.ops, doc.prompts, doc.checkpoints, file.path, cwd, doc.issues);
  beforesFromBackups(doc.ops, backups);
  return { state: null, ops: [...doc.ops, ...backups], issues: [...issues, ...doc.issues] };
}
