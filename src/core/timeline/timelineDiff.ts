// The diff shown for one recorded file change in the timeline: a git-style unified diff when the contents (or a
// unified patch) are recorded, the raw patch when only an apply_patch section without line numbers is. Pure.
import { createTwoFilesPatch } from 'diff';
import type { FileChange } from '../model';
import { relativeTo } from '../paths';

export interface TimelineDiffText {
  diff?: string;
  patch?: string;
  message?: string;
}

/** Beyond this many characters per side the diff is not computed: a diff nobody can read costs seconds. */
export const maxDiffInput = 4_000_000;

/** diff2html shows the header's names: relative to the session folder reads best. */
function shown(path: string, cwd: string): string {
  const rel = relativeTo(path, cwd);
  return rel !== undefined && rel !== '.' ? rel : path.replace(/^\/+/, '');
}

function header(change: FileChange, cwd: string): string {
  const from = change.before === null ? '/dev/null' : `a/${shown(change.path, cwd)}`;
  const to = change.after === null ? '/dev/null' : `b/${shown(change.movePath ?? change.path, cwd)}`;
  return `--- ${from}\n+++ ${to}\n`;
}

export function timelineDiff(change: FileChange, cwd: string): TimelineDiffText {
  if (change.before !== undefined && change.after !== undefined) {
    const before = change.before ?? '';
    const after = change.after ?? '';
    if (before.length > maxDiffInput || after.length > maxDiffInput) {
      return { message: `Too large to diff here (${Math.max(before.length, after.length).toLocaleString('en-US')} characters); open the file instead.` };
    }
    if (before === after) {
      return { message: change.op === 'rename' ? `Moved to ${change.movePath ?? '?'} without changes.` : 'No changes to the content.' };
    }
    // createTwoFilesPatch writes an `Index:`/`===` preamble diff2html does not need; our header replaces it.
    const body = createTwoFilesPatch(change.path, change.movePath ?? change.path, before, after, '', '', { context: 3 });
    const firstHunk = body.indexOf('\n@@');
    return { diff: header(change, cwd) + (firstHunk >= 0 ? body.slice(firstHunk + 1) : '') };
  }
  const patch = change.patch;
  if ((patch === undefined || patch.trim() === '') && typeof change.after === 'string') {
    // A whole-file write whose earlier content nobody recorded (Pi's `write`, an overwrite without a read): what
    // it wrote is known, what it replaced is not, so no diff can be drawn; the written text is shown as it is.
    return change.after.length > maxDiffInput
      ? { message: `The content before this change is not recorded, and the written content is too large to show here (${change.after.length.toLocaleString('en-US')} characters); open the file instead.` }
      : { message: 'The content before this change is not recorded. The file as written:', patch: change.after };
  }
  if (patch === undefined || patch.trim() === '') {
    return { message: 'The transcript records no content for this change.' };
  }
  if (/^(---|\+\+\+|@@ -\d)/m.test(patch) && !patch.startsWith('*** ')) {
    const hunks = patch.slice(Math.max(0, patch.search(/^@@ -\d/m)));
    return { diff: header(change, cwd) + hunks };
  }
  if (/^\*\*\* (Begin Patch|Update File: |Add File: |Delete File: )/.test(patch)) {
    return { patch, message: 'Recorded as a patch without line numbers (apply_patch).' };
  }
  // Any other `*** ` patch says on its first line what it records (e.g. Gemini CLI < 0.25 tool arguments).
  const first = patch.split('\n', 1)[0];
  return { patch, message: first.startsWith('*** ') ? `Recorded only as: ${first.slice(4)}.` : 'Recorded as a patch without line numbers.' };
}
