// The Sessions view: owns the TreeView handle (message, description), the agent filter toggle and the live
// refresh that follows index change events.
import * as vscode from 'vscode';
import { DisposableStore } from '../disposableStore';
import type { AgentId } from '../../core/model';
import type { PromptSummary } from '../../core/readModel';
import type { IndexService } from '../../indexer/indexService';
import {
  agentFilterDescription,
  agentFilterStateKey,
  filterableAgents,
  matchesAgentFilter,
  normalizeAgentFilter,
} from '../agentFilter';
import { ContextKey, type ContextKeys } from '../contextKeys';
import { debounce, type Debounced } from '../debounce';
import type { Log } from '../log';
import type { PathContext } from '../paths';
import { agentLabel } from '../sessionLabels';
import type { ViewNode } from './nodes/viewNode';
import { SessionsTree } from './sessionsTree';
import { sessionsChangeDebounceMs, sessionsChangeMaxWaitMs, sessionsChangeQuietMs } from './sessionsRefresh';

export const sessionsViewId = 'agentTrail.views.sessions';

/** Index change events arrive per appended record; one refresh per burst keeps the view calm and still live. */
/** Relative times ("3 minutes ago") age; re-render while the view is visible. */
const ageRefreshMs = 60_000;

export class SessionsView implements vscode.Disposable {
  readonly tree: SessionsTree;
  readonly treeView: vscode.TreeView<ViewNode>;
  private readonly disposables = new DisposableStore();
  private readonly applyChanges: Debounced<readonly string[]>;
  private filter: AgentId[] | undefined;
  private ageTimer: NodeJS.Timeout | undefined;
  /** Indexing progress wins over the filter notice; both live in the one TreeView message. */
  private progressMessage: string | undefined;
  /** Reveals in flight: a full re-render while one runs cancels it (the tree drops the chain being expanded). */
  private revealing = 0;
  private rerenderAfterReveal = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    index: IndexService,
    private readonly log: Log,
    private readonly contextKeys: ContextKeys,
    paths: PathContext,
  ) {
    this.filter = normalizeAgentFilter(context.workspaceState.get<unknown>(agentFilterStateKey));
    this.tree = new SessionsTree(index, log, contextKeys, paths);
    this.tree.setFilter(this.filter);
    this.disposables.push(this.tree);

    this.treeView = vscode.window.createTreeView(sessionsViewId, {
      treeDataProvider: this.tree,
      showCollapseAll: true,
    });
    this.disposables.push(this.treeView);
    this.updateFilterState();

    this.applyChanges = debounce<readonly string[]>(
      (batches) => {
        try {
          // Any batch with no keys means "everything may have changed".
          const all = batches.some((keys) => keys.length === 0);
          this.tree.refresh(all ? [] : [...new Set(batches.flat())]);
        } catch (err) {
          this.log.error(err, 'sessions', 'Unable to refresh the Sessions view');
        }
      },
      sessionsChangeDebounceMs,
      sessionsChangeMaxWaitMs,
      () => this.tree.listPace.minGapMs(),
      sessionsChangeQuietMs,
    );
    this.disposables.push({ dispose: () => this.applyChanges.cancel() });

    this.disposables.push(
      index.onDidChange((change) => {
        try {
          if (change.observed) {
            // Only a file's blame changed (an observed shell change); no session did.
            return;
          }
          this.applyChanges(change.sessions);
        } catch (err) {
          this.log.error(err, 'sessions', 'Unable to handle an index change');
        }
      }),
      this.tree.onDidRenderRoots(() => this.updateMessage()),
      this.treeView.onDidChangeVisibility((e) => {
        try {
          this.updateAgeTimer(e.visible);
          if (e.visible) {
            // Times shown while hidden are stale.
            if (this.revealing > 0) {
              this.rerenderAfterReveal = true;
            } else {
              this.tree.rerender();
            }
          }
        } catch (err) {
          this.log.error(err, 'sessions', 'Unable to update the Sessions view');
        }
      }),
    );
    this.updateAgeTimer(this.treeView.visible);
  }

  /** Indexing progress for the line above the tree (undefined when done). */
  setProgressMessage(message: string | undefined): void {
    this.progressMessage = message;
    this.updateMessage();
  }

  /**
   * The TreeView description is not shown while Sessions is the container's only view (its title merges into the
   * container's), so an active filter is also stated above the tree. Never while the filter hides everything:
   * any message hides the welcome content, which explains that case and offers to change the filter.
   */
  private updateMessage(): void {
    let message = this.progressMessage;
    if (message === undefined && this.filter !== undefined && this.tree.visibleSessions > 0) {
      message = agentFilterDescription(this.filter);
    }
    if (this.treeView.message !== message) {
      this.treeView.message = message;
    }
  }

  /** Called once the index has its configuration: from here on the tree may query it. */
  connect(): void {
    this.tree.connect();
  }

  refreshAll(): void {
    this.applyChanges.cancel();
    this.tree.refresh([]);
  }

  setPaths(paths: PathContext): void {
    this.tree.setPaths(paths);
  }

  /**
   * Shows a prompt in the view, selected (blame's lenses, hover and status bar link here). Says why when the view
   * does not list it. Resolves to whether it was revealed.
   */
  async revealPrompt(sessionKey: string, promptId: string): Promise<boolean> {
    let node = await this.tree.findPromptNode(sessionKey, promptId);
    if (!node) {
      // The session's prompt list may predate the prompt (the refresh after an index change is debounced).
      this.tree.refresh([sessionKey]);
      node = await this.tree.findPromptNode(sessionKey, promptId);
    }
    if (!node) {
      const agent = sessionKey.slice(0, sessionKey.indexOf(':')) as AgentId;
      if (!matchesAgentFilter(agent, this.filter)) {
        const change = 'Change Agent Filter';
        const choice = await vscode.window.showInformationMessage(
          `The Sessions view hides ${agentLabel(agent)} sessions (agent filter).`,
          change,
        );
        if (choice === change) {
          await this.pickAgentFilter();
          if (matchesAgentFilter(agent, this.filter)) {
            return this.revealPrompt(sessionKey, promptId);
          }
        }
      } else {
        void vscode.window.showInformationMessage('The Sessions view does not list this prompt (yet). Try Refresh.');
      }
      return false;
    }
    // Revealing shows a hidden view, and a shown view re-renders: that waits until the reveal is done.
    this.revealing++;
    try {
      await this.treeView.reveal(node, { select: true, focus: true, expand: false });
    } finally {
      this.revealing--;
      if (this.revealing === 0 && this.rerenderAfterReveal) {
        this.rerenderAfterReveal = false;
        this.tree.rerender();
      }
    }
    return true;
  }

  /** A prompt's summary, from the view's cache when it has it. */
  findPrompt(sessionKey: string, promptId: string): Promise<PromptSummary | undefined> {
    return this.tree.findPrompt(sessionKey, promptId);
  }

  async pickAgentFilter(): Promise<void> {
    interface AgentPick extends vscode.QuickPickItem {
      agent: AgentId;
    }
    const items: AgentPick[] = filterableAgents.map((agent) => ({
      label: agentLabel(agent),
      agent,
      picked: matchesAgentFilter(agent, this.filter),
    }));
    const picked = await vscode.window.showQuickPick(items, {
      canPickMany: true,
      title: 'Show Sessions From',
      placeHolder: 'Choose the agents whose sessions the Sessions view lists',
    });
    if (picked === undefined) {
      return;
    }
    this.filter = normalizeAgentFilter(picked.map((p) => p.agent));
    await this.context.workspaceState.update(agentFilterStateKey, this.filter);
    this.updateFilterState();
    this.tree.setFilter(this.filter);
    this.updateMessage();
  }

  private updateFilterState(): void {
    this.treeView.description = agentFilterDescription(this.filter);
    this.contextKeys.set(ContextKey.Filtered, this.filter !== undefined);
  }

  private updateAgeTimer(visible: boolean): void {
    if (visible && this.ageTimer === undefined) {
      this.ageTimer = setInterval(() => this.tree.rerender(), ageRefreshMs);
    } else if (!visible && this.ageTimer !== undefined) {
      clearInterval(this.ageTimer);
      this.ageTimer = undefined;
    }
  }

  dispose(): void {
    this.updateAgeTimer(false);
    this.disposables.dispose();
  }
}
