// Bookkeeping records: titles (`custom-title`, `ai-title`, `summary`) and file-history index records.
import { backupEntries } from './fileHistory';
import { absolutePath, isAbsoluteRecordedPath } from './paths';
import { str, type JsonObject } from './records';
import { MAX_SUMMARIES, MAX_UNRESOLVED_BACKUPS, sessionOfUuid } from './state';
import { backupFilePath } from './transcriptLayout';
import { emitBackup, emitTitle, issue, sessionRef, TITLE_PRIORITY, type Run } from './parseContext';

export function onSummary(run: Run, rec: JsonObject): void {
  const { st } = run;
  const summary = str(rec, 'summary');
  const leafUuid = str(rec, 'leafUuid');
  if (summary === undefined || leafUuid === undefined) {
    issue(run, 'missing-field', 'summary record without summary or leafUuid');
    return;
  }
  const leafSession = sessionOfUuid(st, leafUuid);
  if (leafSession !== undefined) {
    emitTitle(run, leafSession, summary, TITLE_PRIORITY.summary);
    return;
  }
  st.summaries.push({ leafUuid, summary });
  if (st.summaries.length > MAX_SUMMARIES) {
    st.summaries.shift();
  }
}

export function onTitle(run: Run, rec: JsonObject, key: 'customTitle' | 'aiTitle', priority: number): void {
  const title = str(rec, key);
  if (title === undefined) {
    issue(run, 'missing-field', `${String(rec.type)} record without ${key}`);
    return;
  }
  emitTitle(run, sessionRef(run, rec).id, title, priority);
}

/** The session whose prompts file-history snapshots refer to (and whose backup directory holds the files). */
function backupSessionId(run: Run): string | undefined {
  const { layout, file, st } = run;
  if (layout.agentId === undefined) {
    return layout.stem;
  }
  // Subagent edits are backed up under the parent session, for the parent's prompt.
  const fromState = st.sessionId?.endsWith(`:${layout.agentId}`) ? st.sessionId.slice(0, -layout.agentId.length - 1) : undefined;
  return layout.parentSessionId ?? file.parentSessionId ?? fromState;
}

export function onFileHistory(run: Run, rec: JsonObject): void {
  const { st } = run;
  const entries = backupEntries(rec);
  if (!entries) {
    issue(run, 'missing-field', `${String(rec.type)} record without its prompt id or tracked files`);
    return;
  }
  const sessionId = backupSessionId(run);
  if (sessionId === undefined) {
    if (entries.length > 0) {
      issue(run, 'missing-field', 'file-history record in a transcript whose session is unknown');
    }
    return;
  }
  for (const e of entries) {
    const backup = {
      sessionId,
      promptId: e.promptId,
      key: e.key,
      backupPath: e.backupFileName === null ? null : backupFilePath(run.layout.configRoot, sessionId, e.backupFileName),
      version: e.version,
      timestamp: e.timestamp,
    };
    if (!isAbsoluteRecordedPath(e.key) && st.rootCwd === undefined) {
      // Keys are relative to the launch cwd, which the first conversation record will tell.
      if (st.unresolvedBackups.length < MAX_UNRESOLVED_BACKUPS) {
        st.unresolvedBackups.push(backup);
      }
      continue;
    }
    emitBackup(run, backup, absolutePath(e.key, st.rootCwd));
  }
}
