// Composition root: builds every service in order, wires them together and owns every disposable. VS Code gets one
// composite disposable, which disposes in reverse order of construction.
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { DisposableStore } from './disposableStore';
import type { IndexService } from '../indexer/indexService';
import { createWorkerIndexService } from '../indexer/indexWorkerClient';
import { readBlameSettings } from './blame/blameSettings';
import { CursorAgentObserver, cursorPlaces } from './blame/observeCursorAgent';
import { ShellChangeObserver } from './blame/observeShellChanges';
import { PromptBlame } from './blame/promptBlame';
import { registerCommands } from './commands';
import { changed } from './config';
import { ContextKey, ContextKeys } from './contextKeys';
import { debounce } from './debounce';
import { diffScheme, PromptDiffContentProvider } from './diffContentProvider';
import { IndexLifecycle } from './indexLifecycle';
import { Log } from './log';
import type { PathContext } from './paths';
import { registerRestoreCommands } from './restore/restoreCommands';
import { RestoreFlow } from './restore/restoreFlow';
import { registerTimelineCommands } from './timeline/timelineCommands';
import { TimelineService } from './timeline/timelineService';
import { createUnavailableIndexService } from './unavailableIndexService';
import { IndexingProgress } from './views/indexingProgress';
import { SessionsView } from './views/sessionsView';

/** Settings edits arrive per keystroke in settings.json; re-index once they settle. */
const reconfigureDebounceMs = 500;

export class Container implements vscode.Disposable {
  private readonly disposables = new DisposableStore((err) => this.log.error(err, 'container', 'Dispose failed'));
  private indexShutdown: Promise<void> | undefined;
  private disposed = false;

  private constructor(
    readonly log: Log,
    readonly index: IndexService,
    readonly lifecycle: IndexLifecycle,
  ) {}

  static create(context: vscode.ExtensionContext): Container {
    const disposables: vscode.Disposable[] = [];
    try {
      const log = new Log('Agent Trail');
      disposables.push(log);
      const version = (context.extension.packageJSON as { version?: string }).version ?? '?';
      log.info(`Activating Agent Trail ${version} (VS Code ${vscode.version}, ${vscode.env.appName})`, 'container');

      const contextKeys = new ContextKeys(log);
      contextKeys.set(ContextKey.Ready, false);
      contextKeys.set(ContextKey.Indexing, false);
      contextKeys.set(ContextKey.Error, false);
      contextKeys.set(ContextKey.HasSessions, false);

      let index: IndexService;
      try {
        index = createWorkerIndexService(join(context.extensionPath, 'dist', 'indexWorker.js'));
      } catch (err) {
        // Keep the views and commands up so the failure is visible where people look for sessions.
        log.error(err, 'container', 'Unable to start the index worker');
        index = createUnavailableIndexService(err);
      }
      // Worker lines usually carry their own [component] tag already.
      disposables.push(
        index.onLog((level, message) => log.write(level, message, message.startsWith('[') ? undefined : 'worker')),
      );

      const paths = (): PathContext => ({
        workspaceFolders: (vscode.workspace.workspaceFolders ?? [])
          .filter((f) => f.uri.scheme === 'file')
          .map((f) => f.uri.fsPath),
        home: homedir(),
      });

      const diffs = new PromptDiffContentProvider(index, log);
      disposables.push(diffs, vscode.workspace.registerTextDocumentContentProvider(diffScheme, diffs));
      disposables.push(
        index.onDidChange((change) => {
          try {
            if (change.observed) {
              // Observed shell changes are not part of any prompt's diff.
              return;
            }
            diffs.invalidate(change.sessions);
          } catch (err) {
            log.error(err, 'diffs', 'Unable to refresh open diffs');
          }
        }),
      );

      const sessions = new SessionsView(context, index, log, contextKeys, paths());
      disposables.push(sessions);

      const blame = new PromptBlame({ index, log, paths });
      disposables.push(blame);
      disposables.push(new ShellChangeObserver(index, log, readBlameSettings));
      disposables.push(new CursorAgentObserver(index, log, readBlameSettings, cursorPlaces(context)));

      const progress = new IndexingProgress(index, log, (message) => sessions.setProgressMessage(message));
      disposables.push(progress);

      const lifecycle = new IndexLifecycle(context, index, log, contextKeys, progress, {
        onConfigured: () => {
          sessions.connect();
          blame.connect();
        },
        onPassEnded: () => {
          sessions.refreshAll();
          blame.refresh();
        },
      });
      disposables.push(lifecycle);

      disposables.push(
        ...registerCommands({ log, lifecycle, sessions, diffs, paths }),
      );

      // Checkpoint restore: the timeline calls restore.restoreCheckpoint(...) directly; the commands wrap the same.
      const restore = new RestoreFlow(index, log, () => paths().workspaceFolders);
      disposables.push(restore, ...registerRestoreCommands(restore, log));

      const timelines = new TimelineService(index, log, context.extensionUri, restore);
      disposables.push(timelines, ...registerTimelineCommands(timelines, log));

      const reconfigure = debounce<string>((reasons) => {
        log.info(`Re-indexing: ${[...new Set(reasons)].join(', ')} changed`, 'container');
        lifecycle.reconfigure().catch((err: unknown) => {
          void log.reportError(err, 'container', 'Agent Trail could not apply the new settings');
        });
      }, reconfigureDebounceMs);
      disposables.push(
        { dispose: () => reconfigure.cancel() },
        vscode.workspace.onDidChangeConfiguration((e) => {
          try {
            if (changed(e, ['sources', 'index'])) {
              reconfigure('settings');
            }
          } catch (err) {
            log.error(err, 'container', 'Unable to handle a settings change');
          }
        }),
        vscode.workspace.onDidChangeWorkspaceFolders(() => {
          try {
            sessions.setPaths(paths());
            reconfigure('workspace folders');
          } catch (err) {
            log.error(err, 'container', 'Unable to handle a workspace folder change');
          }
        }),
      );

      const container = new Container(log, index, lifecycle);
      container.disposables.push(...disposables);
      return container;
    } catch (err) {
      for (const d of disposables.reverse()) {
        try {
          d.dispose();
        } catch {
          // Best effort: the original error is the one worth reporting.
        }
      }
      throw err;
    }
  }

  /** Starts indexing in the background; activate() returns before it finishes. */
  start(): void {
    this.lifecycle.start();
  }

  /** Persists the index and stops its worker. Safe to call more than once (deactivate, then dispose). */
  shutdownIndex(): Promise<void> {
    this.indexShutdown ??= (async () => {
      this.lifecycle.dispose();
      try {
        await this.index.flush();
      } catch (err) {
        this.log.error(err, 'container', 'Unable to persist the index');
      }
      try {
        await this.index.dispose();
      } catch (err) {
        this.log.error(err, 'container', 'Unable to stop the index worker');
      }
    })();
    return this.indexShutdown;
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    void this.shutdownIndex();
    this.disposables.dispose();
  }
}
