// Claude's file-history ("rewind") index records: which backup holds each tracked file's content at the start
// of a prompt. `file-history-snapshot` lists all tracked files of a prompt (isSnapshotUpdate: an edit added
// one); `file-history-delta` (~2.1.2xx) sets one tracked file per line.
import { isObject, num, obj, str, type JsonObject } from './records';

export interface BackupEntry {
  /** The prompt (user record uuid) whose start the backup describes. */
  promptId: string;
  /** Tracked path as recorded: relative to the launch cwd when inside it, else absolute. */
  key: string;
  /** null: the file did not exist at that point. */
  backupFileName: string | null;
  version: number;
  timestamp: string;
}

function entry(promptId: string, key: string, backup: unknown, fallbackTime: string): BackupEntry | undefined {
  if (!isObject(backup)) {
    return undefined;
  }
  const name = backup.backupFileName;
  if (typeof name !== 'string' && name !== null) {
    // Legacy entries (inline `originalContent`) have no backup file to point at.
    return undefined;
  }
  return {
    promptId,
    key,
    backupFileName: name,
    version: num(backup, 'version') ?? 0,
    timestamp: str(backup, 'backupTime') ?? fallbackTime,
  };
}

/** Entries of a snapshot/delta record; undefined when the record lacks its prompt id. */
export function backupEntries(record: JsonObject): BackupEntry[] | undefined {
  if (record.type === 'file-history-delta') {
    const promptId = str(record, 'snapshotMessageId') ?? str(record, 'messageId');
    const key = str(record, 'trackingPath');
    if (promptId === undefined || key === undefined) {
      return undefined;
    }
    const e = entry(promptId, key, record.backup, str(record, 'timestamp') ?? '');
    return e ? [e] : [];
  }
  const snapshot = obj(record, 'snapshot');
  // Updates keep the prompt's id inside the snapshot; the outer messageId is then the editing message.
  const promptId = str(snapshot, 'messageId') ?? str(record, 'messageId');
  const tracked = obj(snapshot, 'trackedFileBackups');
  if (promptId === undefined || !tracked) {
    return undefined;
  }
  const time = str(snapshot, 'timestamp') ?? '';
  const entries: BackupEntry[] = [];
  for (const [key, backup] of Object.entries(tracked)) {
    const e = entry(promptId, key, backup, time);
    if (e) {
      entries.push(e);
    }
  }
  return entries;
}
