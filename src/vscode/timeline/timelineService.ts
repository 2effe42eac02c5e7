// Owns the timeline panels: one per session (opening it again reveals it), restored after a window reload by the
// panel serializer from the UI state the page persisted, and reloaded when the index changes their session.
import * as vscode from 'vscode';
import { DisposableStore } from '../disposableStore';
import { isTimelineUiState } from '../../core/timeline/timelineProtocol';
import type { IndexService } from '../../indexer/indexService';
import { debounce } from '../debounce';
import type { Log } from '../log';
import { pluralize } from '../../core/plural';
import { agentLabel, relativeTime, sessionLabel } from '../sessionLabels';
import { TimelinePanel, timelineViewType, type CheckpointActions, type RevealTarget } from './timelinePanel';

const component = 'timeline';
/** An agent appending to an open session: refresh the page at most about once a second. */
const reloadDebounceMs = 400;

export class TimelineService implements vscode.Disposable {
  private readonly panels = new Map<string, TimelinePanel>();
  private readonly disposables = new DisposableStore();

  constructor(
    private readonly index: IndexService,
    private readonly log: Log,
    private readonly extensionUri: vscode.Uri,
    private readonly checkpoints: CheckpointActions,
  ) {
    const reload = debounce<string[]>((batches) => {
      const keys = new Set(batches.flat());
      for (const [key, panel] of this.panels) {
        if (keys.size === 0 || keys.has(key)) {
          void panel.reload().catch((err: unknown) => log.error(err, component, 'Unable to refresh a timeline'));
        }
      }
    }, reloadDebounceMs);
    this.disposables.push(
      { dispose: () => reload.cancel() },
      index.onDidChange((change) => {
        if (!change.observed) {
          reload(change.sessions);
        }
      }),
      vscode.window.registerWebviewPanelSerializer(timelineViewType, {
        deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
          if (!isTimelineUiState(state)) {
            log.warn('A timeline panel came back without a session to show; closing it', component);
            panel.dispose();
            return;
          }
          this.adopt(panel, state.sessionKey, state.promptIndex);
        },
      }),
    );
  }

  /** Opens (or reveals) the timeline of a session, scrolled to a prompt when given. */
  async open(sessionKey: string, target?: RevealTarget): Promise<void> {
    const existing = this.panels.get(sessionKey);
    if (existing) {
      existing.reveal(target);
      return;
    }
    const panel = vscode.window.createWebviewPanel(timelineViewType, 'Timeline', { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, { enableScripts: true, enableFindWidget: true });
    const timeline = this.adopt(panel, sessionKey);
    timeline.reveal(target);
  }

  /** Asks which session (newest first) and opens its timeline. */
  async pickAndOpen(): Promise<void> {
    const sessions = await this.index.listSessions();
    if (sessions.length === 0) {
      void vscode.window.showInformationMessage('Agent Trail has no agent sessions for this workspace yet.');
      return;
    }
    const sorted = [...sessions].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
    const picked = await vscode.window.showQuickPick(
      sorted.map((s) => ({
        label: sessionLabel(s),
        description: `${agentLabel(s.agent)} · ${relativeTime(s.updatedAt)}`,
        detail: `${pluralize(s.promptCount, 'prompt')} · ${pluralize(s.filesChanged, 'file')} changed · ${pluralize(s.commandCount, 'command')} · ${s.cwd}`,
        key: s.key,
      })),
      { title: 'Agent Trail: Open Timeline', placeHolder: 'Pick a session', matchOnDescription: true, matchOnDetail: true },
    );
    if (picked) {
      await this.open(picked.key);
    }
  }

  private adopt(panel: vscode.WebviewPanel, sessionKey: string, promptIndex?: number): TimelinePanel {
    const timeline = new TimelinePanel(
      panel,
      sessionKey,
      {
        index: this.index,
        log: this.log,
        extensionUri: this.extensionUri,
        checkpoints: this.checkpoints,
        openSession: (agentSessionId, parentKey) => this.openChild(agentSessionId, parentKey),
      },
      promptIndex,
    );
    this.panels.set(sessionKey, timeline);
    timeline.onDidDispose(() => {
      if (this.panels.get(sessionKey) === timeline) {
        this.panels.delete(sessionKey);
      }
    });
    return timeline;
  }

  /** Subagent sessions share their parent's agent: the key is `${agent}:${id}`. */
  private async openChild(agentSessionId: string, parentKey: string): Promise<void> {
    const agent = parentKey.slice(0, parentKey.indexOf(':'));
    const key = `${agent}:${agentSessionId}`;
    const sessions = await this.index.listSessions();
    if (!sessions.some((s) => s.key === key)) {
      void vscode.window.showInformationMessage('That subagent session is not in the index.');
      return;
    }
    await this.open(key);
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) {
      panel.dispose();
    }
    this.panels.clear();
    this.disposables.dispose();
  }
}
