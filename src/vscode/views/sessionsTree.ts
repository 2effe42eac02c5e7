// TreeDataProvider of the Sessions view. Every query goes to the index worker; nothing here parses transcripts.
import * as vscode from 'vscode';
import type { AgentId } from '../../core/model';
import type { PromptSummary } from '../../core/readModel';
import type { IndexService } from '../../indexer/indexService';
import { matchesAgentFilter } from '../agentFilter';
import { ContextKey, type ContextKeys } from '../contextKeys';
import type { Log } from '../log';
import type { PathContext } from '../paths';
import { buildSessionHierarchy, type SessionTreeEntry } from '../sessionHierarchy';
import { GroupNode } from './nodes/groupNode';
import { PromptNode } from './nodes/promptNode';
import { SessionNode } from './nodes/sessionNode';
import { ListPace } from './sessionsRefresh';
import type { TreeContext, ViewNode } from './nodes/viewNode';

const component = 'sessions';

export class SessionsTree implements vscode.TreeDataProvider<ViewNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<ViewNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly renderEmitter = new vscode.EventEmitter<void>();
  /** Fires after the root level was listed (visibleSessions is current). */
  readonly onDidRenderRoots = this.renderEmitter.event;

  private readonly promptCache = new Map<string, Promise<PromptSummary[]>>();
  /** How long listing the sessions takes: the view refreshes no more often than that allows (sessionsRefresh.ts). */
  readonly listPace = new ListPace();
  private filter: AgentId[] | undefined;
  /** Queries wait until the index has its configuration; before that the worker has nothing to answer with. */
  private connected = false;
  private renderedAt = Date.now();
  private visibleCount = 0;
  /** The root level of the last render, to find the way down to a session (reveal). */
  private lastRoots: SessionTreeEntry[] = [];
  /** Each node's parent, as getChildren handed it out; TreeView.reveal walks up through getParent. */
  private readonly parents = new WeakMap<ViewNode, ViewNode>();
  private readonly context: TreeContext;

  constructor(
    private readonly index: IndexService,
    private readonly log: Log,
    private readonly contextKeys: ContextKeys,
    private pathContext: PathContext,
  ) {
    this.context = {
      log,
      paths: () => this.pathContext,
      now: () => this.renderedAt,
      prompts: (key) => this.prompts(key),
    };
  }

  /** Number of root sessions the last render showed (after the agent filter). */
  get visibleSessions(): number {
    return this.visibleCount;
  }

  getTreeItem(node: ViewNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  async getChildren(node?: ViewNode): Promise<ViewNode[]> {
    try {
      if (node) {
        const children = await node.getChildren();
        for (const child of children) {
          this.parents.set(child, node);
        }
        return children;
      }
      return await this.roots();
    } catch (err) {
      this.log.error(err, component, node ? 'Unable to load tree items' : 'Unable to list sessions');
      return [];
    }
  }

  private async roots(): Promise<ViewNode[]> {
    if (!this.connected) {
      return [];
    }
    this.renderedAt = Date.now();
    // All agents are listed and filtered here, so the view knows whether the index is empty or only filtered.
    const all = await this.listPace.timed(() => this.index.listSessions());
    this.contextKeys.set(ContextKey.HasSessions, all.length > 0);
    const shown = all.filter((s) => matchesAgentFilter(s.agent, this.filter));
    const roots = buildSessionHierarchy(shown);
    this.lastRoots = roots;
    this.visibleCount = roots.length;
    this.renderEmitter.fire();
    return roots.map((entry) => new SessionNode(entry, this.context));
  }

  getParent(node: ViewNode): ViewNode | undefined {
    return this.parents.get(node);
  }

  /**
   * The node of a prompt, reached from the root the way the view shows it (through parent sessions' Subagents
   * groups), so that getParent knows the whole chain; undefined when the view does not list the prompt (filtered out,
   * not indexed yet).
   */
  async findPromptNode(sessionKey: string, promptId: string): Promise<PromptNode | undefined> {
    let level = await this.getChildren();
    const path = sessionPath(this.lastRoots, sessionKey);
    if (!path) {
      return undefined;
    }
    let session: SessionNode | undefined;
    for (const key of path) {
      if (session) {
        // A subagent session is listed in its parent's "Subagents" group.
        const groupId = `${session.session.key}/subagents`;
        const group = (await this.getChildren(session)).find((n) => n instanceof GroupNode && n.getTreeItem().id === groupId);
        level = group ? await this.getChildren(group) : [];
      }
      session = level.find((n): n is SessionNode => n instanceof SessionNode && n.session.key === key);
      if (!session) {
        return undefined;
      }
    }
    if (!session) {
      return undefined;
    }
    const prompts = await this.getChildren(session);
    return prompts.find((n): n is PromptNode => n instanceof PromptNode && n.prompt.id === promptId);
  }

  /** A prompt's summary (from the cached prompt list of its session). */
  async findPrompt(sessionKey: string, promptId: string): Promise<PromptSummary | undefined> {
    const prompts = await this.prompts(sessionKey);
    return prompts.find((p) => p.id === promptId);
  }

  private prompts(sessionKey: string): Promise<PromptSummary[]> {
    let pending = this.promptCache.get(sessionKey);
    if (!pending) {
      pending = this.index.listPrompts(sessionKey);
      pending.catch(() => this.promptCache.delete(sessionKey));
      this.promptCache.set(sessionKey, pending);
    }
    return pending;
  }

  connect(): void {
    this.connected = true;
    this.refresh([]);
  }

  setFilter(filter: AgentId[] | undefined): void {
    this.filter = filter;
    this.changeEmitter.fire(undefined);
  }

  setPaths(paths: PathContext): void {
    this.pathContext = paths;
    this.changeEmitter.fire(undefined);
  }

  /**
   * Re-renders from the root (order and relative times change whenever any session does), dropping the prompt
   * lists of the sessions that changed; an empty list drops them all. Item ids keep expansion state.
   */
  refresh(changedSessions: readonly string[]): void {
    if (changedSessions.length === 0) {
      this.promptCache.clear();
    } else {
      for (const key of changedSessions) {
        this.promptCache.delete(key);
      }
    }
    this.changeEmitter.fire(undefined);
  }

  /** Re-renders with cached data (relative times age). */
  rerender(): void {
    this.changeEmitter.fire(undefined);
  }

  dispose(): void {
    this.promptCache.clear();
    this.changeEmitter.dispose();
    this.renderEmitter.dispose();
  }
}

/** Session keys from a root down to `key` (subagent sessions are nested under their parents). */
function sessionPath(entries: readonly SessionTreeEntry[], key: string): string[] | undefined {
  for (const entry of entries) {
    if (entry.session.key === key) {
      return [key];
    }
    const below = sessionPath(entry.children, key);
    if (below) {
      return [entry.session.key, ...below];
    }
  }
  return undefined;
}
