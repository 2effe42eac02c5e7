// Where the Cline and Roo Code VS Code extensions keep their tasks: `<editor User dir>/globalStorage/<extension id>/`
// holds `tasks/<taskId>/` (ui_messages.json, api_conversation_history.json, task_metadata.json, Roo's
// history_item.json), Cline's `state/taskHistory.json` and Cline's shadow checkpoint repositories
// `checkpoints/<cwd hash>/.git` (Roo keeps one per task: `tasks/<taskId>/checkpoints/.git`).
// Sources: cline/cline v3.89.0 `apps/vscode/src/core/storage/disk.ts` (GlobalFileNames, ensureTaskDirectoryExists),
// RooCodeInc/Roo-Code cb83656 `src/shared/globalFileNames.ts`. Format notes: docs/formats/clineTasks.md.
import { basename, dirname, join } from 'node:path';
import type { AdapterEnvironment } from '../adapter';

/** The Cline extension's id, the folder name of its global storage. */
export const clineExtensionId = 'saoudrizwan.claude-dev';
/** Roo Code's extension id. */
export const rooExtensionId = 'rooveterinaryinc.roo-cline';

/** The task's transcript: the UI messages, rewritten whole after every message. */
export const uiMessagesName = 'ui_messages.json';
export const apiHistoryName = 'api_conversation_history.json';
export const taskMetadataName = 'task_metadata.json';
/** Roo Code's per-task history item (`workspace`: the task's folder). */
export const historyItemName = 'history_item.json';

/** Each editor's global storage folder of the extension (the folders need not exist). */
export function extensionStorageRoots(env: AdapterEnvironment, extensionId: string): string[] {
  return (env.editorUserDirs ?? []).map((d) => join(d, 'globalStorage', extensionId));
}

/** The task folder of a transcript `<root>/tasks/<id>/ui_messages.json`. */
export function taskDirOf(uiMessages: string): string {
  return dirname(uiMessages);
}

export function taskIdOf(uiMessages: string): string {
  return basename(dirname(uiMessages));
}

/** The extension's storage folder a task belongs to (`<storage>/tasks/<id>/ui_messages.json`). */
export function storageDirOf(uiMessages: string): string {
  return dirname(dirname(dirname(uiMessages)));
}

/** Whether `segments` below a storage root are `tasks/<id>/ui_messages.json`. */
export function isTaskTranscriptPath(segments: readonly string[]): boolean {
  return segments.length === 3 && segments[0] === 'tasks' && segments[2] === uiMessagesName;
}

/** Folders to watch below a storage root: `tasks` and every task folder in it. */
export function descendsToTasks(segments: readonly string[]): boolean {
  return segments.length === 0 || (segments[0] === 'tasks' && segments.length <= 2);
}
