// How a prompt's change to one file is shown: a side-by-side diff of two read-only virtual documents when the
// transcripts give the contents, the recorded patches otherwise. Pure (no `vscode`): the document references
// travel in `agent-trail:` URI queries, so they are encoded here and decoded by the content provider.
import type { PromptFileDiff } from '../core/readModel';
import { baseName } from './paths';

export type DiffSide = 'before' | 'after' | 'patch';

/** Everything needed to (re)load one virtual document, even after a window reload restores the editor. */
export interface DiffDocumentRef {
  sessionKey: string;
  promptId: string;
  /** Absolute path of the changed file, as the index records it. */
  path: string;
  side: DiffSide;
}

export function encodeDiffQuery(ref: DiffDocumentRef): string {
  return new URLSearchParams({ session: ref.sessionKey, prompt: ref.promptId, file: ref.path, side: ref.side }).toString();
}

export function decodeDiffQuery(query: string): DiffDocumentRef | undefined {
  const params = new URLSearchParams(query);
  const sessionKey = params.get('session');
  const promptId = params.get('prompt');
  const path = params.get('file');
  const side = params.get('side');
  if (!sessionKey || !promptId || !path || (side !== 'before' && side !== 'after' && side !== 'patch')) {
    return undefined;
  }
  return { sessionKey, promptId, path, side };
}

export type DiffPlan =
  | { kind: 'diff'; title: string }
  | { kind: 'patch'; title: string }
  | { kind: 'none'; message: string };

/**
 * `diff` when both sides are known (null = the file did not exist on that side, shown empty), `patch` when a side
 * is unknown but patches were recorded, `none` when the transcripts hold nothing to show.
 */
export function planPromptDiff(diff: PromptFileDiff, promptIndex: number | undefined): DiffPlan {
  const name = baseName(diff.path);
  const where = promptIndex === undefined ? '' : ` · Prompt #${promptIndex}`;
  if (diff.before !== undefined && diff.after !== undefined) {
    let suffix = '';
    if (diff.before === null && diff.after === null) {
      suffix = ' (did not exist)';
    } else if (diff.before === null) {
      suffix = ' (did not exist before)';
    } else if (diff.after === null) {
      suffix = ' (deleted)';
    }
    return { kind: 'diff', title: `${name}${where}${suffix}` };
  }
  if (diff.patches.length > 0) {
    return { kind: 'patch', title: `${name}${where} (recorded patch)` };
  }
  if (diff.after !== undefined) {
    // Only the result is known (e.g. a whole-file write with no prior read): compare it with an empty document.
    return { kind: 'diff', title: `${name}${where} (previous content unknown)` };
  }
  return { kind: 'none', message: `The transcripts do not record the content of ${name} for this prompt.` };
}

/** Text of one virtual document; unknown and missing sides are empty. */
export function diffDocumentContent(diff: PromptFileDiff, side: DiffSide): string {
  switch (side) {
    case 'before':
      return diff.before ?? '';
    case 'after':
      return diff.after ?? '';
    case 'patch':
      return patchDocument(diff);
  }
}

/** The recorded patch texts in order, separated so multi-step edits stay readable. */
export function patchDocument(diff: PromptFileDiff): string {
  if (diff.patches.length === 0) {
    return '';
  }
  if (diff.patches.length === 1) {
    return ensureNewline(diff.patches[0] ?? '');
  }
  return diff.patches
    .map((patch, i) => `# ── change ${i + 1} of ${diff.patches.length} ──\n${ensureNewline(patch)}`)
    .join('\n');
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
