// What the observers of agents' work share (observeShellChanges.ts, observeCursorAgent.ts): watching the workspace
// folders' files, one read per burst of writes once it settles, and the checks before a changed file's content is
// recorded (size, binary, what blame would skip anyway).
import * as vscode from 'vscode';
import type { Log } from '../log';
import { contentSkipReason } from './blameConfig';
import { safeListener } from '../safeListener';
import { blameSettingChanged } from './blameSettings';

/** A command writes a file in bursts; one read after it settles. */
const settleMs = 200;

/** Version control internals and dependencies change in bulk and are not what blame shows. */
export function ignoredPath(path: string): boolean {
  return /[\\/](\.git|node_modules)([\\/]|$)/.test(path);
}

/**
 * Watches every `file:` workspace folder for created and changed files (deletions have no content to record).
 * `accept` is asked at each event whether it matters now (undefined: drop it, nothing read or queued — the user's own
 * edits are none of our business) and returns what `settled` is then called with, once the path's burst has settled,
 * with the time of the burst's last event (the change happened then; the read follows a little later).
 */
export class WorkspaceFileChanges<T> implements vscode.Disposable {
  private watchers: vscode.Disposable[] = [];
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly accept: () => T | undefined,
    private readonly settled: (uri: vscode.Uri, seenAt: string, tag: T) => void,
    private readonly log: Log,
    /** What fails when a file event cannot be handled, for the log. */
    private readonly what: string,
  ) {}

  /** (Re)creates the watchers for the current workspace folders. */
  watch(): void {
    this.stop();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') {
        continue;
      }
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/*'), false, false, true);
      const onEvent = safeListener(this.log, 'observe', this.what, (uri: vscode.Uri) => this.onFileEvent(uri));
      this.watchers.push(watcher, watcher.onDidCreate(onEvent), watcher.onDidChange(onEvent));
    }
  }

  private onFileEvent(uri: vscode.Uri): void {
    if (uri.scheme !== 'file' || ignoredPath(uri.fsPath)) {
      return;
    }
    const tag = this.accept();
    if (tag === undefined) {
      return;
    }
    const path = uri.fsPath;
    clearTimeout(this.pending.get(path));
    const seenAt = new Date().toISOString();
    const timer = setTimeout(() => {
      this.pending.delete(path);
      this.settled(uri, seenAt, tag);
    }, settleMs);
    this.pending.set(path, timer);
  }

  stop(): void {
    for (const w of this.watchers) {
      w.dispose();
    }
    this.watchers = [];
    for (const timer of this.pending.values()) {
      clearTimeout(timer);
    }
    this.pending.clear();
  }

  dispose(): void {
    this.stop();
  }
}

/**
 * A changed file's text as blame would read it, or undefined (logged at debug level) when it is a folder, larger than
 * `maxFileSizeKB`, binary, or content blame skips. Throws when it cannot be read (gone again, a temporary file).
 */
export async function observableContent(uri: vscode.Uri, maxFileSizeKB: number, log: Log): Promise<string | undefined> {
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.type & vscode.FileType.Directory) {
    return undefined;
  }
  if (stat.size > maxFileSizeKB * 1024) {
    log.debug(`Not observing ${uri.fsPath}: larger than agentTrail.blame.maxFileSizeKB`, 'observe');
    return undefined;
  }
  const bytes = await vscode.workspace.fs.readFile(uri);
  if (bytes.subarray(0, 8192).includes(0)) {
    log.debug(`Not observing ${uri.fsPath}: binary`, 'observe');
    return undefined;
  }
  const content = new TextDecoder('utf-8').decode(bytes);
  const skip = contentSkipReason(content, maxFileSizeKB);
  if (skip !== undefined) {
    log.debug(`Not observing ${uri.fsPath}: ${skip}`, 'observe');
    return undefined;
  }
  return content;
}

/**
 * Runs `rewatch` whenever the workspace folders change or the blame setting `setting` does; a failure is logged as
 * `what` failing, never thrown into the editor's event loop. The caller runs it once itself at start.
 */
export function rewatchOnChanges(setting: string, rewatch: () => void, log: Log, what: string): vscode.Disposable[] {
  const guarded = safeListener(log, 'observe', what, rewatch);
  return [
    vscode.workspace.onDidChangeWorkspaceFolders(guarded),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (blameSettingChanged(e, setting)) {
        guarded();
      }
    }),
  ];
}
