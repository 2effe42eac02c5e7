// One timeline webview panel: shows one session, answers the page's requests (diffs, full outputs), and hands clicks
// that act on the workspace (open a file, restore, compare) to the services that own them. The page is untrusted:
// every message is validated (timelineProtocol.isWebviewMessage) and every action it can ask for is one a click in
// the page could ask for anyway.
import * as vscode from 'vscode';
import type { SessionDetail } from '../../core/model';
import { buildTimeline, findChange, fullOutput } from '../../core/timeline/timelineModel';
import { timelineDiff } from '../../core/timeline/timelineDiff';
import { isWebviewMessage, type HostMessage, type TimelineSession, type WebviewMessage } from '../../core/timeline/timelineProtocol';
import type { IndexService } from '../../indexer/indexService';
import type { Log } from '../log';
import { newNonce, timelineHtml } from './timelineHtml';

export const timelineViewType = 'agentTrail.timeline';

/** What the page's checkpoint buttons do; implemented by the restore flow. */
export interface CheckpointActions {
  restoreCheckpoint(sessionKey: string, beforePrompt: number, paths?: string[]): Promise<unknown>;
  compareCheckpoint(sessionKey: string, beforePrompt: number): Promise<void>;
}

export interface TimelinePanelDeps {
  index: IndexService;
  log: Log;
  extensionUri: vscode.Uri;
  checkpoints: CheckpointActions;
  /** Opens another session's timeline (subagent links). */
  openSession(agentSessionId: string, parentKey: string): Promise<void>;
}

export interface RevealTarget {
  promptId?: string;
  promptIndex?: number;
  stepId?: string;
}

const component = 'timeline';
/** How long a page may take to say `ready` before it is loaded again, and how many times it is tried. */
const pageStartMs = 10_000;
const pageAttempts = 3;

export class TimelinePanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private detail: SessionDetail | undefined;
  private timeline: TimelineSession | undefined;
  private ready = false;
  private pendingReveal: RevealTarget | undefined;
  private loading: Promise<void> | undefined;
  private disposed = false;
  private readonly onDisposeListeners: (() => void)[] = [];
  private pageTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly sessionKey: string,
    private readonly deps: TimelinePanelDeps,
  ) {
    const webviewRoot = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [webviewRoot] };
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'agentTrail.svg');
    this.loadPage(webviewRoot, 1);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => {
        if (!isWebviewMessage(message)) {
          deps.log.warn(`Ignored a message the timeline page should not send: ${JSON.stringify(message).slice(0, 200)}`, component);
          return;
        }
        this.handle(message).catch((err: unknown) => void deps.log.reportError(err, component, 'The timeline could not do that'));
      }),
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => {
        // A hidden panel's page is destroyed; shown again, a new page starts and says `ready` again.
        if (!panel.visible) {
          this.ready = false;
          clearTimeout(this.pageTimer);
        } else if (!this.ready) {
          this.watchPage(webviewRoot, 1);
        }
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        const state = restoreState();
        this.post({ type: 'restoreEnabled', enabled: state.restoreEnabled, reason: state.restoreDisabledReason });
      }),
    );
  }

  /**
   * Sets the page and watches that it starts. VS Code's webview service worker sometimes fails to serve a new
   * webview's scripts (microsoft/vscode#125993; seen in code-server as resource requests answered 408 after 30 s),
   * which leaves a blank panel forever. A page that has not said `ready` in time is loaded again in a fresh frame
   * (a new nonce makes the HTML differ, so VS Code does reload it); after the last attempt the user is told.
   */
  private loadPage(webviewRoot: vscode.Uri, attempt: number): void {
    const webview = this.panel.webview;
    this.ready = false;
    webview.html = timelineHtml({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'main.js')).toString(),
      styleUris: ['codicon.css', 'main.css'].map((f) => webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, f)).toString()),
      title: this.panel.title,
    });
    this.watchPage(webviewRoot, attempt);
  }

  /** Hidden panels have no page (VS Code destroys it), so only a visible one is expected to start. */
  private watchPage(webviewRoot: vscode.Uri, attempt: number): void {
    clearTimeout(this.pageTimer);
    this.pageTimer = setTimeout(() => {
      if (this.disposed || this.ready || !this.panel.visible) {
        return;
      }
      if (attempt < pageAttempts) {
        this.deps.log.warn(`The timeline page of ${this.sessionKey} did not start within ${pageStartMs / 1000} s; loading it again (attempt ${attempt + 1} of ${pageAttempts})`, component);
        this.loadPage(webviewRoot, attempt + 1);
        return;
      }
      this.deps.log.error(`The timeline page of ${this.sessionKey} did not start after ${pageAttempts} attempts`, component);
      void vscode.window.showErrorMessage('The Agent Trail timeline could not load its page (the editor did not serve its scripts). Reloading the window usually fixes this.', 'Reload Window').then((choice) => {
        if (choice === 'Reload Window') {
          void vscode.commands.executeCommand('workbench.action.reloadWindow');
        }
      });
    }, pageStartMs);
  }

  onDidDispose(listener: () => void): void {
    this.onDisposeListeners.push(listener);
  }

  /** Loads (or reloads after the index changed) the session and sends it to the page. */
  reload(): Promise<void> {
    const run = async (): Promise<void> => {
      const started = Date.now();
      this.post({ type: 'loading', sessionKey: this.sessionKey });
      const detail = await this.deps.index.sessionDetail(this.sessionKey);
      if (this.disposed) {
        return;
      }
      if (!detail) {
        this.detail = undefined;
        this.timeline = undefined;
        this.post({ type: 'missing', sessionKey: this.sessionKey, message: 'This session is no longer in the index (its transcript was deleted, or it belongs to a folder that is not open).' });
        return;
      }
      this.detail = detail;
      this.timeline = buildTimeline(this.sessionKey, detail);
      this.panel.title = titleFor(this.timeline);
      this.sendSession();
      this.deps.log.debug(`Timeline of ${this.sessionKey}: ${this.timeline.prompts.length} prompts, ${this.timeline.counts.toolCalls} tool calls, built in ${Date.now() - started} ms`, component);
    };
    const next = (this.loading ?? Promise.resolve()).then(run, run);
    this.loading = next;
    return next;
  }

  reveal(target: RevealTarget | undefined): void {
    this.panel.reveal(undefined, false);
    if (target) {
      this.pendingReveal = target;
      this.flushReveal();
    }
  }

  private sendSession(): void {
    if (!this.ready || !this.timeline) {
      return;
    }
    this.post({ type: 'session', session: this.timeline, ...restoreState() });
    this.flushReveal();
  }

  private flushReveal(): void {
    const target = this.pendingReveal;
    if (!this.ready || !this.timeline || !target) {
      return;
    }
    const prompt = this.timeline.prompts.find((p) => (target.promptId !== undefined ? p.id === target.promptId : p.index === target.promptIndex));
    this.pendingReveal = undefined;
    if (prompt) {
      this.post(target.stepId !== undefined ? { type: 'reveal', promptIndex: prompt.index, stepId: target.stepId } : { type: 'reveal', promptIndex: prompt.index });
    }
  }

  private post(message: HostMessage): void {
    if (!this.disposed) {
      void this.panel.webview.postMessage(message);
    }
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        clearTimeout(this.pageTimer);
        if (this.timeline) {
          this.sendSession();
        } else {
          await this.reload();
        }
        return;
      case 'requestDiff': {
        const change = this.detail ? findChange(this.detail, message.changeId) : undefined;
        if (!change || !this.detail) {
          this.post({ type: 'diff', changeId: message.changeId, message: 'This change is no longer in the index.' });
          return;
        }
        this.post({ type: 'diff', changeId: message.changeId, ...timelineDiff(change, this.detail.cwd) });
        return;
      }
      case 'requestOutput': {
        const output = this.detail ? fullOutput(this.detail, message.stepId) : undefined;
        this.post({ type: 'output', stepId: message.stepId, output: output ?? '' });
        return;
      }
      case 'openFile':
        await this.openFile(message.path, message.line);
        return;
      case 'openSession':
        await this.deps.openSession(message.sessionId, this.sessionKey);
        return;
      case 'restoreCheckpoint':
        await this.deps.checkpoints.restoreCheckpoint(this.sessionKey, message.beforePrompt);
        return;
      case 'restoreFile':
        await this.deps.checkpoints.restoreCheckpoint(this.sessionKey, message.beforePrompt, [message.path]);
        return;
      case 'compareCheckpoint':
        await this.deps.checkpoints.compareCheckpoint(this.sessionKey, message.beforePrompt);
        return;
      case 'copyText':
        await vscode.env.clipboard.writeText(message.text);
        return;
    }
  }

  /** Only paths the session recorded are opened: the page cannot name arbitrary files. */
  private async openFile(path: string, line: number | undefined): Promise<void> {
    if (!this.timeline || !sessionMentions(this.timeline, path)) {
      this.deps.log.warn(`The timeline asked to open a path the session does not mention: ${path}`, component);
      return;
    }
    const uri = vscode.Uri.file(path);
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      void vscode.window.showInformationMessage(`${path} does not exist any more.`);
      return;
    }
    const options: vscode.TextDocumentShowOptions = { preview: true, viewColumn: vscode.ViewColumn.One };
    if (line !== undefined && line > 0) {
      const pos = new vscode.Position(line - 1, 0);
      options.selection = new vscode.Range(pos, pos);
    }
    await vscode.window.showTextDocument(uri, options);
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    clearTimeout(this.pageTimer);
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
    this.panel.dispose();
    for (const listener of this.onDisposeListeners.splice(0)) {
      listener();
    }
  }
}

function restoreState(): { restoreEnabled: boolean; restoreDisabledReason?: string } {
  return vscode.workspace.isTrusted ? { restoreEnabled: true } : { restoreEnabled: false, restoreDisabledReason: 'Restore is disabled in Restricted Mode: trust this workspace to restore files.' };
}

export function titleFor(timeline: TimelineSession): string {
  const title = timeline.title.length > 40 ? `${timeline.title.slice(0, 39)}…` : timeline.title;
  return `Timeline: ${title}`;
}

function sessionMentions(timeline: TimelineSession, path: string): boolean {
  for (const p of timeline.prompts) {
    if (p.changedFiles.includes(path)) {
      return true;
    }
    for (const s of p.steps) {
      if (s.type === 'edit' && s.files.some((f) => f.path === path || f.movePath === path)) {
        return true;
      }
      if (s.type === 'read' && s.reads.some((r) => r.path === path)) {
        return true;
      }
    }
  }
  return false;
}
