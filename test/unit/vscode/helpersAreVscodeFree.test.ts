// The pure helpers under src/vscode are unit-tested without an editor, so they must never import `vscode`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const pureHelpers = [
  'agentFilter.ts',
  'debounce.ts',
  'diffPresentation.ts',
  'indexConfig.ts',
  'paths.ts',
  'sessionBranches.ts',
  'sessionHierarchy.ts',
  'sessionLabels.ts',
  'blame/blameBlocks.ts',
  'blame/blameConfig.ts',
  'blame/blameHoverMarkdown.ts',
  'blame/blameIndex.ts',
  'blame/blameLabels.ts',
  'blame/cursorAgentActivity.ts',
  'blame/documentLines.ts',
  'blame/promptRef.ts',
  'blame/promptSummaries.ts',
  'blame/remapLines.ts',
  'restore/restoreArgs.ts',
  'restore/restorePreview.ts',
  'views/sessionsRefresh.ts',
];

describe('vscode-free helpers', () => {
  for (const file of pureHelpers) {
    it(`${file} does not import vscode`, () => {
      const text = readFileSync(join(process.cwd(), 'src', 'vscode', file), 'utf8');
      assert.doesNotMatch(text, /from ['"]vscode['"]|require\(['"]vscode['"]\)/);
    });
  }
});
