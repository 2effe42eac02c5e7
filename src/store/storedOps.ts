// Index operations as stored in the DB and the journal: bodies replaced by blob references.
import type { IndexOp, StepPatch } from '../core/ops';
import type { StoredFileChange } from './blobRefs';

export type StoredStepPatch = Omit<StepPatch, 'fileChanges'> & { fileChanges?: StoredFileChange[] };

export type BackupStatus = 'ok' | 'absent' | 'missing';

export type StoredOp =
  | Extract<IndexOp, { op: 'session' | 'prompt' | 'rewind' }>
  | { op: 'step'; sessionId: string; step: StoredStepPatch }
  | {
      op: 'fileBackup';
      sessionId: string;
      promptId: string;
      path: string;
      version: number;
      timestamp: string;
      /** Archived content hash; null when the file did not exist or the backup could not be read. */
      blob: string | null;
      status: BackupStatus;
    };
