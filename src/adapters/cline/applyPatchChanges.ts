// File changes of Cline's `apply_patch` tool (a tool set's alternative to `editor`; not in the recordings, which got
// `editor` with a Claude model id): the canonical `*** Begin Patch` grammar Codex uses, parsed with the Codex adapter's parser. Cline's own application
// differs in one place that matters for contents (@cline/core 3.0.65): an added file is its '+' lines joined with
// "\n", WITHOUT a final newline (Codex writes one after every line), and CRLF on Windows like `editor`'s creates.
// Updates keep the recorded section as their patch; deletes and moves are what the patch says.
import { parseApplyPatch } from '../codex/applyPatch';
import { resolvePath } from '../codex/paths';
import type { FileChange } from '../../core/model';
import { isObject, str } from '../../core/jsonValues';
import { windowsCreated } from './editorChanges';

/** The patch text of an apply_patch input: the input itself when a string, else its `input` field. */
export function applyPatchText(input: unknown): string | undefined {
  return typeof input === 'string' ? input : isObject(input) ? str(input.input) : undefined;
}

/** The changes a successful apply_patch call made; [] when its patch does not parse (nothing is guessed). */
export function applyPatchChanges(input: unknown, cwd: string | undefined): FileChange[] {
  const text = applyPatchText(input);
  const parsed = text === undefined ? undefined : parseApplyPatch(text);
  if (!parsed?.ok) {
    return [];
  }
  return parsed.hunks.map((h): FileChange => {
    const path = resolvePath(h.path, cwd);
    switch (h.type) {
      case 'add': {
        const written = h.contents.endsWith('\n') ? h.contents.slice(0, -1) : h.contents;
        // Windows or not: the path as written when absolute, else the cwd Cline resolved it against.
        const where = /^([A-Za-z]:)?[\\/]/.test(h.path) ? h.path : (cwd ?? h.path);
        return { path, op: 'create', before: null, after: windowsCreated(where, written) };
      }
      case 'delete':
        return { path, op: 'delete', after: null };
      case 'update':
        return h.movePath !== undefined
          ? { path, op: 'rename', patch: h.text, movePath: resolvePath(h.movePath, cwd) }
          : { path, op: 'update', patch: h.text };
    }
  });
}
