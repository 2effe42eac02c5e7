// Patch application in both directions for checkpoints. Forward is the shared exact replay (recordedPatch.ts);
// backward only for unified diffs (Claude structuredPatch, Gemini fileDiff, Codex unified_diff): a Codex apply_patch
// section locates its hunks by context in the old file, so it cannot be run backwards reliably.
import { applyPatch, parsePatch, reversePatch } from 'diff';
import type { PatchOps } from '../core/checkpoints/checkpointModel';
import { applyRecordedPatch } from './recordedPatch';

function reverseRecordedPatch(after: string, patch: string): string | undefined {
  if (/^\*\*\* (Update|Add|Delete) File: /m.test(patch) || !/^@@ /m.test(patch)) {
    return undefined;
  }
  try {
    const parsed = parsePatch(patch);
    if (parsed.length !== 1) {
      return undefined;
    }
    const result = applyPatch(after, reversePatch(parsed[0]));
    return typeof result === 'string' ? result : undefined;
  } catch {
    return undefined;
  }
}

export const recordedPatchOps: PatchOps = {
  apply: (before, patch) => applyRecordedPatch(before, patch),
  reverse: reverseRecordedPatch,
};
