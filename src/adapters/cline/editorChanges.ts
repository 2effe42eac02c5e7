// File changes of Cline's `editor` tool, from its input and its result text (@cline/core 3.0.65):
// - file absent: created with `new_text` ("File created successfully at: <path>"), written as is except that on
//   Windows a text without "\r" gets CRLF line ends (the OS EOL);
// - `old_text`: the one occurrence replaced ("Edited <path>" + a ```diff block of the changed lines: the common
//   prefix and suffix lines of before/after trimmed, then `-N: line` for old lines N…, `+N: line` for new lines N…;
//   cut after 200 lines with "... diff truncated ..."). That is one context-free hunk, exact where not cut;
// - `insert_line`: `new_text`'s lines inserted before line N ("Inserted content at line N in <path>.").
// Nothing here is the file's content before an edit: an edit is a patch, never a before/after.
import type { FileChange } from '../../core/model';
import { normalizePath } from '../../core/paths';

function lines(text: string): string[] {
  return text.split(/\r\n|\n/);
}

function hunk(oldStart: number, removed: string[], newStart: number, added: string[]): string {
  // Unified-diff convention: an empty range starts at the line before it.
  const header = `@@ -${removed.length === 0 ? oldStart - 1 : oldStart},${removed.length} +${added.length === 0 ? newStart - 1 : newStart},${added.length} @@`;
  return [header, ...removed.map((l) => `-${l}`), ...added.map((l) => `+${l}`)].join('\n') + '\n';
}

/** The hunk of an "Edited" result's numbered diff; undefined when it is cut, malformed or changes nothing. */
export function editedHunk(result: string): string | undefined {
  const m = /```diff\n([\s\S]*?)\n?```\s*$/.exec(result);
  if (!m) {
    return undefined;
  }
  const removed: string[] = [];
  const added: string[] = [];
  let oldStart: number | undefined;
  let newStart: number | undefined;
  for (const line of m[1] === '' ? [] : m[1].split('\n')) {
    const l = /^([-+])(\d+): ([\s\S]*)$/.exec(line) ?? /^([-+])(\d+):()$/.exec(line);
    if (!l) {
      // "... diff truncated (…) ..." or anything unknown: the rest of the change is not recorded.
      return undefined;
    }
    const n = Number(l[2]);
    const side = l[1] === '-' ? removed : added;
    const start = l[1] === '-' ? oldStart : newStart;
    // Each side must be one run of consecutive line numbers, removed lines before added ones.
    if ((start !== undefined && n !== start + side.length) || (l[1] === '-' && added.length > 0)) {
      return undefined;
    }
    if (l[1] === '-') {
      oldStart ??= n;
    } else {
      newStart ??= n;
    }
    side.push(l[3]);
  }
  if (removed.length === 0 && added.length === 0) {
    return undefined;
  }
  // Both sides start after the same common prefix.
  const at = oldStart ?? newStart ?? 0;
  if (oldStart !== undefined && newStart !== undefined && oldStart !== newStart) {
    return undefined;
  }
  return hunk(at, removed, at, added);
}

function isWindowsPath(path: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

/** What Cline writes for a new file's text: as is, except CRLF line ends on Windows when the text has no CR. */
export function windowsCreated(path: string, text: string): string {
  return isWindowsPath(path) && !text.includes('\r') ? text.replace(/\n/g, '\r\n') : text;
}

/** The change a successful `editor` call made, from its input and result text; undefined when not one. */
export function editorChange(input: Record<string, unknown>, result: string): FileChange | undefined {
  const path = typeof input.path === 'string' ? input.path : undefined;
  const newText = typeof input.new_text === 'string' ? input.new_text : undefined;
  if (!path || newText === undefined) {
    return undefined;
  }
  const file = normalizePath(path);
  if (result.startsWith('File created successfully at: ')) {
    return { path: file, op: 'create', before: null, after: windowsCreated(path, newText) };
  }
  const inserted = /^Inserted content at line (\d+) in /.exec(result);
  if (inserted) {
    const n = Number(inserted[1]);
    return { path: file, op: 'update', patch: hunk(n, [], n, lines(newText)) };
  }
  if (result.startsWith('Edited ')) {
    const patch = editedHunk(result);
    return patch !== undefined ? { path: file, op: 'update', patch } : { path: file, op: 'update' };
  }
  return undefined;
}
