// How the editor writes each file of a restore. It goes through one WorkspaceEdit (so open editors can undo it), and
// VS Code's disk provider saves a text file in place (open with truncation, no rename), which keeps a symlink a link
// and a hard link linked. Even so the edit is aimed at the file that changes: a symlink's edit is made on its target
// (inside the workspace, else refused), so the document edited is the file written whatever the link's editor does.
// A file with several hard links is written directly in place (linkedWrite): an editor save that replaces the file
// (atomic saves, some save participants) would split it from its other links, and the restore must not.
import { lstatSync, realpathSync } from 'node:fs';
import type { RestoreTarget } from './restoreApply';
import { writeRoute } from './linkedWrite';

export type EditRoute =
  /** Through the WorkspaceEdit, on `path` (the target of a symlink, else the file itself). */
  | { target: RestoreTarget; via: 'edit'; path: string }
  /** Written by Agent Trail in place, after the edit. */
  | { target: RestoreTarget; via: 'direct'; path: string; reason: string }
  | { target: RestoreTarget; via: 'refused'; reason: string };

export function editRoutes(targets: readonly RestoreTarget[], folders: readonly string[]): EditRoute[] {
  return targets.map((target): EditRoute => {
    if (target.file.action === 'delete') {
      // Removing a path removes that entry only: a symlink's target and a hard link's siblings stay.
      return { target, via: 'edit', path: target.path };
    }
    const route = writeRoute(target.path, folders);
    switch (route.kind) {
      case 'refused':
        return { target, via: 'refused', reason: route.reason };
      case 'hardlink':
        return { target, via: 'direct', path: route.path, reason: `it has ${route.nlink} hard links: written in place so the others keep seeing it` };
      case 'symlink':
      case 'file':
      case 'absent':
        return { target, via: 'edit', path: route.path };
    }
  });
}

/** `path` and, for a symlink, the file it leads to: unsaved editors of either hold changes a restore would meet. */
export function pathsOnDisk(paths: readonly string[]): string[] {
  const out = new Set<string>();
  for (const p of paths) {
    out.add(p);
    try {
      if (lstatSync(p).isSymbolicLink()) {
        out.add(realpathSync(p));
      }
    } catch {
      // Absent or dangling: the path itself is all there is.
    }
  }
  return [...out];
}
