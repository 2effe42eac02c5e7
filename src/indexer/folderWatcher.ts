// Watches an agent's data folder for changed transcripts without polling it. Node's `recursive` option on Linux
// (Node 20) puts an inotify watch and a stat on every FILE of the tree, synchronously, and re-lists a folder on each
// change inside it; agents' folders hold thousands of files. Here, on Linux, only the folders that can hold
// transcripts are watched (a folder's watch reports changes to the files in it), each on its own; elsewhere the
// platform's native recursive watch is used. A root that does not exist yet is waited for by watching its nearest
// existing parent; a root that cannot be watched (watch limit, file systems without events) falls back to a slow
// check of folder times plus a callback that lets the index check its own transcripts (never a re-discovery).
import { watch, type FSWatcher, type Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

export type WatchMode = 'events' | 'waiting' | 'checking';

export interface FolderWatcherHooks {
  /** A name in a watched folder changed: `rename` = created, removed or replaced; `change` = written. */
  onChange(path: string, kind: 'change' | 'rename'): void;
  /** The root appeared, or folders were added whose files existed before they were watched: look again. */
  onRescan(): void;
  /** Checking mode only: the index should stat the transcripts it knows under the root. */
  onCheck(): void;
  onMode(mode: WatchMode, detail: string): void;
}

export interface FolderWatcherOptions {
  /** Whether the folder at these path segments below the root can hold transcripts (the root is always watched). */
  descend(segments: string[]): boolean;
  /** The platform's recursive watch instead of one watch per folder (default: everywhere but Linux). */
  nativeRecursive?: boolean;
  /** Checking mode: how often folder times and known transcripts are looked at (default 30 s). */
  checkEveryMs?: number;
  /** Replaces fs.watch (tests simulate a file system without events). */
  watchFn?: typeof watch;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}

export class FolderWatcher {
  private readonly folders = new Map<string, FSWatcher>();
  /** Checking mode: folder → mtime at the last check, and its subfolders then (unchanged while its time is). */
  private readonly folderTimes = new Map<string, { mtimeMs: number; children: string[] }>();
  private waitingOn: FSWatcher | undefined;
  private checkTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private modeNow: WatchMode | undefined;
  private readonly native: boolean;
  private readonly checkEveryMs: number;
  private readonly watchFn: typeof watch;

  constructor(
    readonly root: string,
    private readonly options: FolderWatcherOptions,
    private readonly hooks: FolderWatcherHooks,
  ) {
    this.native = options.nativeRecursive ?? process.platform !== 'linux';
    this.checkEveryMs = options.checkEveryMs ?? 30_000;
    this.watchFn = options.watchFn ?? watch;
  }

  get mode(): WatchMode | undefined {
    return this.modeNow;
  }

  /** Number of folders watched one by one (Linux), for logs and tests. */
  get watchedFolders(): number {
    return this.folders.size;
  }

  async start(): Promise<void> {
    const st = await statOrUndefined(this.root);
    if (this.closed) {
      return;
    }
    if (!st?.isDirectory()) {
      await this.waitForRoot();
      return;
    }
    try {
      if (this.native) {
        this.watchNative();
      } else {
        await this.watchTree(this.root, []);
      }
      this.setMode('events', this.native ? 'recursive watch' : `${this.folders.size} folder(s)`);
    } catch (err) {
      // Part of the tree may be watched (the watch limit reached half way): all of it is checked instead.
      this.closeWatches();
      this.startChecking(errorText(err));
    }
  }

  close(): void {
    this.closed = true;
    this.closeWatches();
    if (this.checkTimer) {
      clearInterval(this.checkTimer);
      this.checkTimer = undefined;
    }
  }

  private closeWatches(): void {
    for (const w of this.folders.values()) {
      w.close();
    }
    this.folders.clear();
    this.waitingOn?.close();
    this.waitingOn = undefined;
  }

  private setMode(mode: WatchMode, detail: string): void {
    this.modeNow = mode;
    this.hooks.onMode(mode, detail);
  }

  private segments(path: string): string[] {
    const rel = relative(this.root, path);
    return rel === '' ? [] : rel.split(sep);
  }

  private watchNative(): void {
    const w = this.watchFn(this.root, { recursive: true }, (event, name) => {
      if (typeof name !== 'string') {
        return;
      }
      const path = join(this.root, name);
      if (this.options.descend(this.segments(dirname(path)))) {
        this.hooks.onChange(path, event === 'rename' ? 'rename' : 'change');
      }
    });
    w.on('error', (err) => this.failed(err));
    this.folders.set(this.root, w);
  }

  /** Watches `dir` and the folders below it that `descend` allows. Returns the folders newly watched. */
  private async watchTree(dir: string, segs: string[]): Promise<number> {
    if (this.closed || this.folders.has(dir)) {
      return 0;
    }
    const w = this.watchFn(dir, (event, name) => {
      if (typeof name === 'string') {
        void this.onFolderEvent(dir, segs, name, event === 'rename' ? 'rename' : 'change');
      }
    });
    w.on('error', (err) => {
      if (dir === this.root) {
        this.failed(err);
      } else {
        // A folder removed while watched: only its own watch ends.
        w.close();
        this.folders.delete(dir);
      }
    });
    this.folders.set(dir, w);
    let added = 1;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return added;
    }
    for (const e of entries) {
      const childSegs = [...segs, e.name];
      if (e.isDirectory() && this.options.descend(childSegs)) {
        added += await this.watchTree(join(dir, e.name), childSegs);
      }
    }
    return added;
  }

  private async onFolderEvent(dir: string, segs: string[], name: string, kind: 'change' | 'rename'): Promise<void> {
    const path = join(dir, name);
    if (kind === 'rename') {
      if (dir === this.root && !(await statOrUndefined(this.root))) {
        // The root itself went away: wait for it again.
        this.closeWatches();
        await this.waitForRoot();
        return;
      }
      const childSegs = [...segs, name];
      if (this.options.descend(childSegs) && !this.folders.has(path)) {
        const st = await statOrUndefined(path);
        if (st?.isDirectory()) {
          try {
            await this.watchTree(path, childSegs);
          } catch (err) {
            this.failed(err);
            return;
          }
          // Files written into the new folder before its watch was set up have sent no event.
          this.hooks.onRescan();
          return;
        }
      }
    }
    this.hooks.onChange(path, kind);
  }

  /** Watches the nearest existing parent of the root until the root exists. */
  private async waitForRoot(): Promise<void> {
    if (this.closed) {
      return;
    }
    let dir = dirname(this.root);
    while (!(await statOrUndefined(dir))?.isDirectory() && dirname(dir) !== dir) {
      dir = dirname(dir);
    }
    if (this.closed) {
      return;
    }
    const next = relative(dir, this.root).split(sep)[0];
    try {
      const w = this.watchFn(dir, (_event, name) => {
        if (name === next) {
          void this.rootMayExist();
        }
      });
      w.on('error', (err) => this.failed(err));
      this.waitingOn = w;
    } catch (err) {
      this.startChecking(errorText(err));
      return;
    }
    this.setMode('waiting', `${this.root} does not exist yet; watching ${dir} for it`);
    // Created between the look above and the watch.
    if (await statOrUndefined(join(dir, next))) {
      await this.rootMayExist();
    }
  }

  private async rootMayExist(): Promise<void> {
    if (this.closed || !this.waitingOn) {
      return;
    }
    this.waitingOn.close();
    this.waitingOn = undefined;
    if ((await statOrUndefined(this.root))?.isDirectory()) {
      await this.start();
      this.hooks.onRescan();
    } else {
      // A parent on the way appeared (or the name came and went): wait one level deeper, or again.
      await this.waitForRoot();
    }
  }

  private failed(err: unknown): void {
    if (this.closed || this.modeNow === 'checking') {
      return;
    }
    this.closeWatches();
    this.startChecking(errorText(err));
  }

  /**
   * No events: every `checkEveryMs`, the times of the folders that can hold transcripts (a created or removed file
   * changes its folder's time) and, through onCheck, the sizes of the transcripts the index knows.
   */
  private startChecking(reason: string): void {
    if (this.closed) {
      return;
    }
    this.setMode('checking', `cannot watch (${reason}); checking every ${this.checkEveryMs >= 1000 ? `${Math.round(this.checkEveryMs / 1000)} s` : `${this.checkEveryMs} ms`}`);
    const tick = async (): Promise<void> => {
      const changed = await this.folderTimesChanged(this.root, []);
      if (this.closed) {
        return;
      }
      if (changed) {
        this.hooks.onRescan();
      }
      this.hooks.onCheck();
    };
    void tick();
    // Keeps the process alive as a file-system watch does (close() ends it).
    this.checkTimer = setInterval(() => void tick(), this.checkEveryMs);
  }

  private async folderTimesChanged(dir: string, segs: string[]): Promise<boolean> {
    const st = await statOrUndefined(dir);
    const before = this.folderTimes.get(dir);
    if (!st?.isDirectory()) {
      this.folderTimes.delete(dir);
      return before !== undefined;
    }
    let changed = before?.mtimeMs !== st.mtimeMs;
    let children = before?.children ?? [];
    if (changed) {
      try {
        const entries = await readdir(dir, { withFileTypes: true });
        children = entries.filter((e) => e.isDirectory() && this.options.descend([...segs, e.name])).map((e) => e.name);
      } catch {
        children = [];
      }
    }
    this.folderTimes.set(dir, { mtimeMs: st.mtimeMs, children });
    for (const name of children) {
      changed = (await this.folderTimesChanged(join(dir, name), [...segs, name])) || changed;
    }
    return changed;
  }
}
