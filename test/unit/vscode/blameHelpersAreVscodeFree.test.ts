// The pure blame helpers are unit-tested without an editor, so they must never import `vscode`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const pureHelpers = [
  'blameBlocks.ts',
  'blameConfig.ts',
  'blameHoverMarkdown.ts',
  'blameIndex.ts',
  'blameLabels.ts',
  'documentLines.ts',
  'promptRef.ts',
  'promptSummaries.ts',
  'remapLines.ts',
];

describe('vscode-free blame helpers', () => {
  for (const file of pureHelpers) {
    it(`blame/${file} does not import vscode`, () => {
      const text = readFileSync(join(process.cwd(), 'src', 'vscode', 'blame', file), 'utf8');
      assert.doesNotMatch(text, /from ['"]vscode['"]|require\(['"]vscode['"]\)/);
    });
  }
});
