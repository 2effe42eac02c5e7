// Builds what the editor needs to blame a file (BlameBasis): the file's history from the index — following renames
// recorded by edit tools and made with `mv` in the shell — the committed content when no transcript records an
// earlier state, and the replay. Cached per path until the index changes.
import type { BlameBasis } from '../core/blame/blameEngine';
import { BlameEngine } from '../core/blame/blameEngine';
import type { FileHistory, ShellRun } from '../core/blame/blameModel';
import { shellRenames } from '../core/blame/shellRenames';
import { normalizePath } from '../core/paths';
import { ArchiveProof } from '../store/archiveProof';
import { fileHistory } from '../store/blameHistory';
import { gitHeadContent } from '../store/gitHead';
import type { IndexStore } from '../store/indexStore';
import type { Observation } from '../store/observationLog';
import { applyRecordedPatch, applyRecordedPatchToLines } from '../store/recordedPatch';

function time(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The shell run that moved another file to `path`, latest first, with the path it came from. */
function shellRenameInto(path: string, runs: readonly ShellRun[], cwdOf: (run: ShellRun) => string): { from: string; run: ShellRun } | undefined {
  for (let i = runs.length - 1; i >= 0; i--) {
    const run = runs[i];
    if (!run.command.includes(baseName(path)) || !/\bmv\b/.test(run.command)) {
      continue;
    }
    const hit = shellRenames(run.command, cwdOf(run)).find((r) => r.to === path);
    if (hit) {
      return { from: hit.from, run };
    }
  }
  return undefined;
}

export class BlameBasisBuilder {
  private readonly cache = new Map<string, Promise<BlameBasis | undefined>>();

  constructor(
    private readonly store: () => IndexStore,
    private readonly workspaceFolders: () => string[],
    /** What the extension saw of a file while agents worked (none by default). */
    private readonly observations: (path: string) => Observation[] = () => [],
  ) {}

  /** Forget every cached basis (any index change may add history to any file). */
  invalidate(): void {
    this.cache.clear();
  }

  basis(path: string): Promise<BlameBasis | undefined> {
    const key = normalizePath(path);
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.build(key);
      this.cache.set(key, hit);
      hit.catch(() => this.cache.delete(key));
    }
    return hit;
  }

  private async build(path: string): Promise<BlameBasis | undefined> {
    const folders = this.workspaceFolders();
    // Shell runs only when one names the file: otherwise none can be credited, and neither can a move by `mv`.
    const history = fileHistory(this.store(), path, folders, this.observations(path), { shellRuns: 'when-one-names-the-file' });
    const folder = history.folder ?? folders.find((f) => path.startsWith(`${f}/`)) ?? folders[0] ?? '/';
    const names = [path];
    let merged: FileHistory = history;
    // A file moved into place by `mv`: its lines come from the old path, up to the move.
    const moved = shellRenameInto(path, history.shellRuns, () => folder);
    // A backup saying the target did not exist before the move (OpenCode's prompt summaries) is what the move implies.
    const beforeMove = (e: FileHistory['events'][number]): boolean => moved !== undefined && time(e.timestamp) < time(moved.run.startedAt) && !(e.kind === 'state' && e.content === null);
    if (moved && !history.events.some(beforeMove)) {
      // Its events only: the runs are the target's.
      const old = fileHistory(this.store(), moved.from, folders, this.observations(moved.from), { shellRuns: 'when-one-names-the-file' });
      const before = old.events.filter((e) => time(e.timestamp) <= time(moved.run.startedAt));
      names.unshift(moved.from);
      merged = { ...history, events: [...before, ...history.events.filter((e) => time(e.timestamp) >= time(moved.run.startedAt))] };
      if (before.length === 0 || (before[0].kind === 'edit' ? before[0].before : before[0].content) === undefined) {
        merged.headContent = await gitHeadContent(moved.from);
      }
    }
    const touchedByShell = merged.shellRuns.some((r) => names.some((n) => r.command.includes(baseName(n))));
    if (merged.events.length === 0 && !touchedByShell) {
      return undefined;
    }
    if (merged.headContent === undefined) {
      const first = merged.events[0];
      const firstBefore = first === undefined ? undefined : first.kind === 'edit' ? first.before : first.content;
      // A first observed state is a change seen happening: the committed content is what it changed.
      if (firstBefore === undefined || (first?.kind === 'state' && first.source === 'observed')) {
        merged.headContent = await gitHeadContent(names[0]);
      }
    }
    // Rebuilt versions are proven against the archive's bytes of the recorded ones; a proof per build, so the bytes
    // it holds go with it.
    const engine = new BlameEngine(applyRecordedPatch, applyRecordedPatchToLines, new ArchiveProof(() => this.store().archive));
    const replayed = engine.replay(merged, names);
    // Only the runs that can explain later changes cross the worker boundary.
    const shellRuns = merged.shellRuns.filter((r) => names.some((n) => r.command.includes(baseName(n))));
    return { replayed, shellRuns };
  }
}
