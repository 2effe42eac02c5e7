// One timeline webview panel: shows one session, answers the page's requests (steps, diffs, full outputs), and hands
// clicks that act on the workspace (open a file, restore, compare) to the services that own them. The session goes to
// the page as an outline with the steps of the prompts where it opens; the page asks for the other prompts' steps as
// it needs them, so opening a 1,000-prompt session reads and sends only that. The page is untrusted:
// every message is validated (timelineProtocol.isWebviewMessage) and every action it can ask for is one a click in
// the page could ask for anyway.
import * as vscode from 'vscode';
import { DisposableStore } from '../disposableStore';
import { agentRegistry } from '../../adapters/agentRegistry';
import type { VersionedPrompt } from '../../core/readModel';
import { buildTimelineOutline, changeOf, openingRange, parseChangeId, stepOutput, timelinePromptSteps, withSteps } from '../../core/timeline/timelineModel';
import { timelineDiff } from '../../core/timeline/timelineDiff';
import { isWebviewMessage, maxPromptsPerRequest, type HostMessage, type TimelinePromptSteps, type TimelineSession, type TimelineStep, type WebviewMessage } from '../../core/timeline/timelineProtocol';
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
  private readonly disposables = new DisposableStore();
  /** The outline: every prompt without its steps. */
  private timeline: TimelineSession | undefined;
  /** Paths the page was shown (changed files, edit and read steps sent): the only ones it may ask to open. */
  private readonly mentioned = new Set<string>();
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
    /** Where the page was scrolled before a window reload (its saved state): the steps sent first are there. */
    private openAt?: number,
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
      const outline = await this.deps.index.sessionOutline(this.sessionKey);
      if (this.disposed) {
        return;
      }
      if (!outline) {
        this.timeline = undefined;
        this.post({ type: 'missing', sessionKey: this.sessionKey, message: 'This session is no longer in the index (its transcript was deleted, or it belongs to a folder that is not open).' });
        return;
      }
      this.timeline = buildTimelineOutline(this.sessionKey, outline);
      const timeNote = agentRegistry.get(this.timeline.agent)?.timeNote;
      if (timeNote !== undefined) {
        this.timeline.timeNote = timeNote;
      }
      for (const p of this.timeline.prompts) {
        p.changedFiles.forEach((f) => this.mentioned.add(f));
      }
      this.panel.title = titleFor(this.timeline);
      await this.sendSession();
      this.deps.log.debug(`Timeline of ${this.sessionKey}: ${this.timeline.prompts.length} prompts, ${this.timeline.counts.toolCalls} tool calls, sent in ${Date.now() - started} ms`, component);
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

  /** The outline, with the steps of the prompts around the one the page opens at (a reveal target, else its last place). */
  private async sendSession(): Promise<void> {
    const timeline = this.timeline;
    if (!this.ready || !timeline) {
      return;
    }
    const target = this.pendingReveal;
    const range = openingRange(timeline, (p) => (target?.promptId !== undefined ? p.id === target.promptId : p.index === (target?.promptIndex ?? this.openAt)));
    const loaded = range ? await this.promptSteps(range.from, range.to) : [];
    if (this.disposed || this.timeline !== timeline) {
      return;
    }
    this.post({ type: 'session', session: withSteps(timeline, loaded), ...restoreState() });
    this.flushReveal();
  }

  /** The steps of the prompts with index in [from, to] as the page shows them; their paths become openable. */
  private async promptSteps(from: number, to: number): Promise<TimelinePromptSteps[]> {
    const prompts: VersionedPrompt[] = await this.deps.index.sessionPrompts(this.sessionKey, from, to);
    return prompts.slice(0, maxPromptsPerRequest).map((p) => {
      const out = timelinePromptSteps(p);
      for (const s of out.steps) {
        stepPaths(s).forEach((f) => this.mentioned.add(f));
      }
      return out;
    });
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
          await this.sendSession();
        } else {
          await this.reload();
        }
        return;
      case 'requestSteps': {
        const prompts = await this.promptSteps(message.from, message.to);
        this.post({ type: 'steps', sessionKey: this.sessionKey, prompts });
        return;
      }
      case 'requestDiff': {
        const stepId = parseChangeId(message.changeId)?.stepId;
        const change = stepId === undefined ? undefined : changeOf(await this.deps.index.sessionStep(this.sessionKey, stepId), message.changeId);
        if (!change || !this.timeline) {
          this.post({ type: 'diff', changeId: message.changeId, message: 'This change is no longer in the index.' });
          return;
        }
        this.post({ type: 'diff', changeId: message.changeId, ...timelineDiff(change, this.timeline.cwd) });
        return;
      }
      case 'requestOutput': {
        const output = stepOutput(await this.deps.index.sessionStep(this.sessionKey, message.stepId));
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
    if (!this.mentioned.has(path)) {
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
    this.disposables.dispose();
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

function stepPaths(step: TimelineStep): string[] {
  switch (step.type) {
    case 'edit':
      return step.files.flatMap((f) => (f.movePath !== undefined ? [f.path, f.movePath] : [f.path]));
    case 'read':
      return step.reads.map((r) => r.path);
    default:
      return [];
  }
}
