// Read-only `agent-trail:` documents holding a prompt's before/after contents or recorded patches for one file.
// The URI carries the whole reference (session, prompt, file, side), so restored editors reload after a restart.
import * as vscode from 'vscode';
import type { PromptFileDiff } from '../core/readModel';
import type { IndexService } from '../indexer/indexService';
import { decodeDiffQuery, diffDocumentContent, encodeDiffQuery, planPromptDiff, type DiffDocumentRef } from './diffPresentation';
import type { Log } from './log';
import { normalizeSlashes } from './paths';

export const diffScheme = 'agent-trail';

/** What `agentTrail.openPromptDiff` needs; tree file nodes pass exactly this. */
export interface PromptDiffRequest {
  sessionKey: string;
  promptId: string;
  promptIndex?: number;
  path: string;
}

export function isPromptDiffRequest(value: unknown): value is PromptDiffRequest {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const v = value as Record<string, unknown>;
  return typeof v.sessionKey === 'string' && typeof v.promptId === 'string' && typeof v.path === 'string';
}

/**
 * The URI path is cosmetic (the query holds the reference): the file's own path, so the editor picks its language
 * and shows its name on the tab, or `displayName` in the file's folder for documents that are not the file itself.
 */
export function diffDocumentUri(ref: DiffDocumentRef, displayName?: string): vscode.Uri {
  let p = normalizeSlashes(ref.path);
  if (displayName !== undefined) {
    p = `${p.slice(0, p.lastIndexOf('/') + 1)}${displayName.replace(/\//g, '_')}`;
  }
  return vscode.Uri.from({ scheme: diffScheme, path: p.startsWith('/') ? p : `/${p}`, query: encodeDiffQuery(ref) });
}

const maxCachedDiffs = 32;

export class PromptDiffContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changeEmitter.event;
  /** Both sides of a diff are asked for at once; one index round trip serves them. */
  private readonly cache = new Map<string, Promise<PromptFileDiff>>();

  constructor(
    private readonly index: IndexService,
    private readonly log: Log,
  ) {}

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const ref = decodeDiffQuery(uri.query);
    if (!ref) {
      return '';
    }
    try {
      const diff = await this.loadDiff(ref);
      if (token.isCancellationRequested) {
        return '';
      }
      return diffDocumentContent(diff, ref.side);
    } catch (err) {
      this.log.error(err, 'diffs', `Unable to load ${ref.side} of ${ref.path}`);
      return '';
    }
  }

  loadDiff(ref: Pick<DiffDocumentRef, 'sessionKey' | 'promptId' | 'path'>): Promise<PromptFileDiff> {
    const key = JSON.stringify([ref.sessionKey, ref.promptId, ref.path]);
    let pending = this.cache.get(key);
    if (!pending) {
      pending = this.index.promptFileDiff(ref.sessionKey, ref.promptId, ref.path);
      // A failed lookup must not stick.
      pending.catch(() => this.cache.delete(key));
      this.cache.set(key, pending);
      if (this.cache.size > maxCachedDiffs) {
        const oldest = this.cache.keys().next().value;
        if (oldest !== undefined) {
          this.cache.delete(oldest);
        }
      }
    }
    return pending;
  }

  /**
   * Drops cached diffs of changed sessions and tells open documents to reload: the prompt an agent is still
   * working on keeps changing files. An empty list means everything may have changed.
   */
  invalidate(sessionKeys: readonly string[]): void {
    const all = sessionKeys.length === 0;
    for (const key of [...this.cache.keys()]) {
      const [sessionKey] = JSON.parse(key) as [string];
      if (all || sessionKeys.includes(sessionKey)) {
        this.cache.delete(key);
      }
    }
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme !== diffScheme) {
        continue;
      }
      const ref = decodeDiffQuery(doc.uri.query);
      if (ref && (all || sessionKeys.includes(ref.sessionKey))) {
        this.changeEmitter.fire(doc.uri);
      }
    }
  }

  /** Opens the prompt's change to one file: a diff editor, the recorded patches, or a message when neither exists. */
  async open(request: PromptDiffRequest): Promise<void> {
    const diff = await this.loadDiff(request);
    const plan = planPromptDiff(diff, request.promptIndex);
    const ref = { sessionKey: request.sessionKey, promptId: request.promptId, path: request.path };
    switch (plan.kind) {
      case 'diff':
        await vscode.commands.executeCommand(
          'vscode.diff',
          diffDocumentUri({ ...ref, side: 'before' }),
          diffDocumentUri({ ...ref, side: 'after' }),
          plan.title,
          { preview: true } satisfies vscode.TextDocumentShowOptions,
        );
        return;
      case 'patch': {
        // The `.diff` name gives the document diff highlighting and a tab title that says what it is.
        const uri = diffDocumentUri({ ...ref, side: 'patch' }, `${plan.title}.diff`);
        await vscode.window.showTextDocument(uri, { preview: true });
        return;
      }
      case 'none':
        void vscode.window.showInformationMessage(plan.message);
        return;
    }
  }

  dispose(): void {
    this.cache.clear();
    this.changeEmitter.dispose();
  }
}
