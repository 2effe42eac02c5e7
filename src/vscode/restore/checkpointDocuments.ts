// Read-only `agent-trail-checkpoint:` documents: a file's content at a checkpoint (or the empty side of a file that
// is absent), for the restore preview's diffs and Compare with Checkpoint. The contents are computed by the restore
// flow and held here; the URI path is the file's own, so the editor picks its language and tab name.
import * as vscode from 'vscode';

export const checkpointScheme = 'agent-trail-checkpoint';

/** Older contents are dropped first; a diff reopened after that (or after a restart) says so instead of lying. */
const maxDocuments = 200;

export class CheckpointDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changeEmitter.event;
  private next = 0;

  /** A document holding `content`; `label` names the side (shown in the tab and the diff title). */
  uriFor(path: string, label: string, content: string): vscode.Uri {
    const key = `${Date.now().toString(36)}-${(this.next++).toString(36)}`;
    this.contents.set(key, content);
    while (this.contents.size > maxDocuments) {
      const oldest = this.contents.keys().next().value;
      if (oldest === undefined) {
        break;
      }
      this.contents.delete(oldest);
    }
    const p = path.replace(/\\/g, '/');
    return vscode.Uri.from({ scheme: checkpointScheme, path: p.startsWith('/') ? p : `/${p}`, query: new URLSearchParams({ k: key, side: label }).toString() });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const key = new URLSearchParams(uri.query).get('k') ?? '';
    return this.contents.get(key) ?? '(This checkpoint preview is no longer available: open it again from Agent Trail.)\n';
  }

  dispose(): void {
    this.contents.clear();
    this.changeEmitter.dispose();
  }
}
