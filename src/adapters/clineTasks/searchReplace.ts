// SEARCH/REPLACE blocks of the edit tools, as unified hunks where the block says where it applies:
// - Cline `replace_in_file` (cline/cline v3.89.0 `apps/vscode/src/core/assistant-message/diff.ts`): blocks
//   `------- SEARCH` … `=======` … `+++++++ REPLACE` (older prompts: `<<<<<<< SEARCH` … `>>>>>>> REPLACE`), with no
//   line numbers: where a block applied is not in the block (Cline matches exactly, then line-trimmed, then by
//   anchors), so these give no hunk.
// - Roo Code `apply_diff` (RooCodeInc/Roo-Code cb83656 `src/core/diff/strategies/multi-search-replace.ts`):
//   `<<<<<<< SEARCH` `:start_line:N` `-------` … `=======` … `>>>>>>> REPLACE`: a hunk at line N of the file before
//   the tool (the blocks' line numbers all refer to it). Roo may match near N (fuzzy): a hunk whose removed lines are
//   not at N does not apply when replayed (recordedPatch.ts applies without fuzz), which is honest, never a guess.
export interface SearchReplaceBlock {
  startLine?: number;
  search: string[];
  replace: string[];
}

const searchStart = /^(?:-{3,} SEARCH|<{3,} SEARCH)>?\s*$/;
const divider = /^={3,}\s*$/;
const replaceEnd = /^(?:\+{3,} REPLACE|>{3,} REPLACE)<?\s*$/;

/** The blocks of a diff text; undefined when it is not one whole sequence of blocks. */
export function searchReplaceBlocks(diff: string): SearchReplaceBlock[] | undefined {
  const lines = diff.replace(/\r\n/g, '\n').split('\n');
  const blocks: SearchReplaceBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i].trim() === '') {
      i++;
      continue;
    }
    if (!searchStart.test(lines[i])) {
      return undefined;
    }
    i++;
    const block: SearchReplaceBlock = { search: [], replace: [] };
    const start = /^:start_line:\s*(\d+)\s*$/.exec(lines[i] ?? '');
    if (start) {
      block.startLine = Number(start[1]);
      i++;
      if (/^:end_line:\s*\d+\s*$/.test(lines[i] ?? '')) {
        i++;
      }
      if (/^-{3,}\s*$/.test(lines[i] ?? '')) {
        i++;
      }
    }
    while (i < lines.length && !divider.test(lines[i])) {
      block.search.push(lines[i++]);
    }
    if (i >= lines.length) {
      return undefined;
    }
    i++;
    while (i < lines.length && !replaceEnd.test(lines[i])) {
      block.replace.push(lines[i++]);
    }
    if (i >= lines.length) {
      return undefined;
    }
    i++;
    blocks.push(block);
  }
  return blocks.length > 0 ? blocks : undefined;
}

/** Whether a text is SEARCH/REPLACE blocks (Cline's `tool` message content of a replace_in_file). */
export function isSearchReplace(text: string): boolean {
  return /^(?:-{3,}|<{3,}) SEARCH/m.test(text) && /^(?:\+{3,}|>{3,}) REPLACE/m.test(text);
}

/**
 * The unified hunks of blocks that each name their start line in the file before the edit; undefined when a block
 * does not (or they overlap). An empty SEARCH (insert) has no line to check and gives no hunk.
 */
export function searchReplaceHunks(blocks: readonly SearchReplaceBlock[]): string | undefined {
  const sorted = [...blocks].sort((a, b) => (a.startLine ?? 0) - (b.startLine ?? 0));
  let shift = 0;
  let end = 0;
  const out: string[] = [];
  for (const b of sorted) {
    if (b.startLine === undefined || b.startLine < 1 || b.search.length === 0 || b.startLine <= end) {
      return undefined;
    }
    const oldStart = b.startLine;
    const newStart = oldStart + shift;
    out.push(`@@ -${oldStart},${b.search.length} +${b.replace.length === 0 ? newStart - 1 : newStart},${b.replace.length} @@`);
    out.push(...b.search.map((l) => `-${l}`), ...b.replace.map((l) => `+${l}`));
    shift += b.replace.length - b.search.length;
    end = oldStart + b.search.length - 1;
  }
  return out.join('\n') + '\n';
}
