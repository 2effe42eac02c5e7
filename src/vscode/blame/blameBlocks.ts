// Groups a document's attributions into blocks of consecutive lines from one prompt: one CodeLens and one gutter tint
// per block. Pure (no `vscode`).
import type { LineAttribution } from '../../core/blame/blameModel';
import { promptKey, samePrompt } from './promptRef';

export interface BlameBlock {
  /** First and last document line of the block (inclusive). */
  startLine: number;
  endLine: number;
  /** The block's most recent attribution (the prompt is the same for every line; tool calls and times may not be). */
  attribution: LineAttribution;
}

/**
 * Blocks of lines attributed to the same prompt. Blank lines between two lines of the same prompt stay in its block
 * whoever wrote them (an agent's blank separator lines often survive from earlier versions); anywhere else they count
 * as what they are attributed to. Blocks of blank lines only (a separator left after an edit) and blocks spanning
 * fewer than `minLines` lines are left out.
 */
export function blameBlocks(lines: readonly (LineAttribution | null)[], isBlank: (line: number) => boolean, minLines = 1): BlameBlock[] {
  const n = lines.length;
  // nextNonBlank[i]: the first non-blank line at or after i (n when none).
  const nextNonBlank = new Int32Array(n + 1);
  nextNonBlank[n] = n;
  for (let i = n - 1; i >= 0; i--) {
    nextNonBlank[i] = isBlank(i) ? nextNonBlank[i + 1] : i;
  }

  const blocks: BlameBlock[] = [];
  let current: BlameBlock | undefined;
  const close = (): void => {
    if (current && current.endLine - current.startLine + 1 >= minLines && nextNonBlank[current.startLine] <= current.endLine) {
      blocks.push(current);
    }
    current = undefined;
  };

  for (let i = 0; i < n; i++) {
    const a = lines[i];
    if (current && nextNonBlank[i] !== i) {
      const next = nextNonBlank[i];
      const after = next < n ? lines[next] : null;
      if (after && samePrompt(after, current.attribution)) {
        current.endLine = next;
        current.attribution = latest(current.attribution, after);
        i = next;
        continue;
      }
    }
    if (a && current && samePrompt(a, current.attribution)) {
      current.endLine = i;
      current.attribution = latest(current.attribution, a);
      continue;
    }
    close();
    if (a) {
      current = { startLine: i, endLine: i, attribution: a };
    }
  }
  close();
  return blocks;
}

function time(ts: string): number {
  const t = Date.parse(ts);
  return Number.isNaN(t) ? -Infinity : t;
}

function latest(a: LineAttribution, b: LineAttribution): LineAttribution {
  return time(b.timestamp) > time(a.timestamp) ? b : a;
}

/**
 * A colour slot per prompt of the document, in the order the prompts first changed it (earliest tool call first), so
 * a prompt keeps its colour while the file is edited and neighbouring prompts differ while there are fewer prompts
 * than colours.
 */
export function promptSlots(lines: readonly (LineAttribution | null)[], slotCount: number): Map<string, number> {
  const first = new Map<string, { at: number; index: number; key: string }>();
  for (const a of lines) {
    if (!a) {
      continue;
    }
    const key = promptKey(a);
    const at = time(a.timestamp);
    const seen = first.get(key);
    if (!seen || at < seen.at) {
      first.set(key, { at, index: a.promptIndex, key });
    }
  }
  const ordered = [...first.values()].sort((x, y) => x.at - y.at || x.index - y.index || x.key.localeCompare(y.key));
  return new Map(ordered.map((p, i) => [p.key, i % Math.max(1, slotCount)]));
}
