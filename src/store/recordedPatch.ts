// The one way recorded patches are replayed (blame, prompt diffs): Codex apply_patch sections (`*** Update File:` …) with
// Codex's own matching rules, Gemini CLI < 0.25 write_file/replace arguments with that CLI's rules, and unified diffs
// (`@@ -a,b +c,d @@`) exactly, without fuzz. A patch that does not apply gives undefined, never a guess.
import { applyPatch } from 'diff';
import { applyPatchSection } from '../adapters/codex/applyPatch';
import { applyLegacyGeminiPatch, isLegacyGeminiPatch } from '../adapters/geminiCli/legacyEdits';
import type { LinePatchApplier, PatchApplier } from '../core/blame/blameEngine';
import { applyUnifiedDiffToLines } from './unifiedDiffLines';

export const applyRecordedPatch: PatchApplier = (before, patch) => {
  if (isLegacyGeminiPatch(patch)) {
    return applyLegacyGeminiPatch(before, patch);
  }
  if (/^\*\*\* (Update|Add|Delete) File: /m.test(patch)) {
    const applied = applyPatchSection(before, patch);
    return applied.ok ? applied.content : undefined;
  }
  if (!/^@@ /m.test(patch)) {
    return undefined;
  }
  try {
    const result = applyPatch(before, patch);
    return typeof result === 'string' ? result : undefined;
  } catch {
    return undefined;
  }
};

/**
 * applyRecordedPatch on a content already split into lines, for blame's replay: unified diffs whose hunks all fit
 * where their headers say (unifiedDiffLines.ts); undefined leaves every other patch to applyRecordedPatch.
 */
export const applyRecordedPatchToLines: LinePatchApplier = (lines, finalNewline, patch) => {
  if (isLegacyGeminiPatch(patch) || /^\*\*\* (Update|Add|Delete) File: /m.test(patch) || !/^@@ /m.test(patch)) {
    return undefined;
  }
  return applyUnifiedDiffToLines(lines, finalNewline, patch);
};
