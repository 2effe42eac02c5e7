// What prompt blame needs from the index: IndexService satisfies it structurally (blameBasis is being added there).
import type { BlameBasis } from '../../core/blame/blameEngine';
import type { PromptSummary } from '../../core/readModel';
import type { IndexChange, Unsubscribe } from '../../indexer/indexService';

export interface BlameBasisSource {
  /** The replayed history of the file at `path` (absolute); undefined when no agent ever touched it. */
  blameBasis(path: string): Promise<BlameBasis | undefined>;
}

export interface BlameIndex extends BlameBasisSource {
  /** Any index change may change any file's basis. */
  onDidChange(listener: (change: IndexChange) => void): Unsubscribe;
  /** For the hover: the other files a prompt changed and the commands it ran. */
  listPrompts(sessionKey: string): Promise<PromptSummary[]>;
}
