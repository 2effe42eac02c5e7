import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BlameEngine } from '../../../src/core/blame/blameEngine';
import type { FileHistory } from '../../../src/core/blame/blameModel';
import { contentSkipReason, defaultBlameSettings, normalizeBlameSettings } from '../../../src/vscode/blame/blameConfig';
import { lineLengths, replayedWithLineFeeds, toDocumentLines, toLineFeeds } from '../../../src/vscode/blame/documentLines';
import { commandLink, isPromptRef, promptRef, samePrompt } from '../../../src/vscode/blame/promptRef';
import { PromptSummaries } from '../../../src/vscode/blame/promptSummaries';
import { attribution } from './blameFixtures';
import { prompt } from './fixtures';

describe('blame settings', () => {
  it('uses the defaults for missing or mistyped values', () => {
    assert.deepEqual(normalizeBlameSettings(() => undefined), defaultBlameSettings);
    const wrong: Record<string, unknown> = { 'codeLens.enabled': 'yes', 'codeLens.minLines': 0, 'maxFileSizeKB': -3, agents: 'codex', observeShellChanges: 'no', observeCursorAgent: 1 };
    assert.deepEqual(normalizeBlameSettings((p) => wrong[p]), defaultBlameSettings);
  });

  it('reads valid values; the agents list keeps known agents only, and may be empty', () => {
    const values: Record<string, unknown> = {
      'codeLens.enabled': false,
      'codeLens.minLines': 3.7,
      'hover.enabled': false,
      'lineAnnotation.enabled': false,
      'gutter.enabled': true,
      agents: ['codex', 'nope', 'claude-code'],
      maxFileSizeKB: 512,
      observeShellChanges: false,
      observeCursorAgent: false,
    };
    assert.deepEqual(normalizeBlameSettings((p) => values[p]), {
      codeLens: { enabled: false, minLines: 3 },
      hover: { enabled: false },
      lineAnnotation: { enabled: false },
      gutter: { enabled: true },
      agents: ['claude-code', 'codex'],
      maxFileSizeKB: 512,
      observeShellChanges: false,
      observeCursorAgent: false,
    });
    assert.deepEqual(normalizeBlameSettings((p) => (p === 'agents' ? [] : undefined)).agents, []);
  });

  it('skips binary and oversized contents, and says why', () => {
    assert.equal(contentSkipReason('const a = 1;\n', 2048), undefined);
    assert.match(contentSkipReason('PNG\u0000\u0001', 2048) ?? '', /^binary/);
    assert.equal(contentSkipReason(`${'a'.repeat(9000)}\u0000`, 2048), undefined);
    assert.match(contentSkipReason('a'.repeat(2 * 1024 + 1), 2) ?? '', /^larger than agentTrail\.blame\.maxFileSizeKB \(3 KB > 2 KB\)/);
    // Counted in UTF-8 bytes: 1,000 three-byte characters are 3,000 bytes (over 2 KB), 600 are 1,800.
    assert.match(contentSkipReason('€'.repeat(1000), 2) ?? '', /^larger/);
    assert.equal(contentSkipReason('€'.repeat(600), 2), undefined);
  });
});

describe('document lines', () => {
  it('pads the engine lines to the document line count (the empty line after a final newline)', () => {
    assert.deepEqual(toDocumentLines(['a', 'b'], 3), ['a', 'b', null]);
    assert.deepEqual(toDocumentLines([], 1), [null]);
    assert.deepEqual(toDocumentLines(['a', 'b'], 1), ['a']);
  });

  it('measures lines the way VS Code counts them, without line breaks', () => {
    assert.deepEqual(lineLengths(''), [0]);
    assert.deepEqual(lineLengths('ab\ncd'), [2, 2]);
    assert.deepEqual(lineLengths('ab\r\n\r\ncde\r\n'), [2, 0, 3, 0]);
  });

  it('blames a CRLF buffer against LF recorded contents (and the reverse) line for line', () => {
    const engine = new BlameEngine(() => undefined);
    const origin = attribution({ via: 'write', tool: 'Write' });
    const history = (content: string): FileHistory => ({
      path: '/w/a.js',
      events: [{ kind: 'edit', seq: 1, ord: 0, timestamp: origin.timestamp, path: '/w/a.js', op: 'create', before: null, after: content, origin: { ...origin, via: 'write' } }],
      shellRuns: [],
    });
    for (const [recorded, buffer] of [
      ['a\nb\n', 'a\r\nb\r\nc\r\n'],
      ['a\r\nb\r\n', 'a\nb\nc\n'],
    ]) {
      const replayed = replayedWithLineFeeds(engine.replay(history(recorded)));
      const text = toLineFeeds(buffer);
      const lines = toDocumentLines(engine.blame(replayed, text, []).lines, lineLengths(text).length);
      assert.deepEqual(
        lines.map((l) => l?.promptIndex ?? null),
        [1, 1, null, null],
        JSON.stringify(recorded),
      );
    }
  });
});

describe('prompt references', () => {
  it('recognizes and strips references', () => {
    assert.equal(isPromptRef({ sessionKey: 'codex:1', promptId: 'p' }), true);
    assert.equal(isPromptRef({ sessionKey: 'codex:1' }), false);
    assert.equal(isPromptRef({ sessionKey: '', promptId: 'p' }), false);
    assert.equal(isPromptRef(null), false);
    assert.deepEqual(promptRef(attribution()), { sessionKey: 'claude-code:aaaaaaaa-1111', promptId: 'p1' });
    assert.equal(samePrompt(attribution(), attribution({ toolCallId: 'x' })), true);
    assert.equal(samePrompt(attribution(), attribution({ promptIndex: 2 })), false);
  });

  it('encodes command link arguments as VS Code expects', () => {
    const link = commandLink('agentTrail.revealPrompt', { sessionKey: 'a:b c', promptId: ')' });
    assert.equal(link, 'command:agentTrail.revealPrompt?%5B%7B%22sessionKey%22%3A%22a%3Ab%20c%22%2C%22promptId%22%3A%22)%22%7D%5D');
    assert.deepEqual(JSON.parse(decodeURIComponent(link.slice(link.indexOf('?') + 1))), [{ sessionKey: 'a:b c', promptId: ')' }]);
  });
});

describe('prompt summaries', () => {
  it('asks the index once per session until that session changes; failures do not stick', async () => {
    const asked: string[] = [];
    let fail = true;
    const summaries = new PromptSummaries({
      listPrompts: (key) => {
        asked.push(key);
        if (key === 'bad' && fail) {
          fail = false;
          return Promise.reject(new Error('worker busy'));
        }
        return Promise.resolve([prompt({ sessionKey: key, id: 'p1' }), prompt({ sessionKey: key, id: 'p2', index: 2 })]);
      },
    });
    assert.equal((await summaries.find('s', 'p2'))?.index, 2);
    assert.equal(await summaries.find('s', 'nope'), undefined);
    assert.deepEqual(asked, ['s']);
    summaries.invalidate(['other']);
    await summaries.find('s', 'p1');
    assert.deepEqual(asked, ['s']);
    summaries.invalidate(['s']);
    await summaries.find('s', 'p1');
    assert.deepEqual(asked, ['s', 's']);
    summaries.invalidate([]);
    await summaries.find('s', 'p1');
    assert.equal(asked.length, 3);
    await assert.rejects(summaries.find('bad', 'p1'), /worker busy/);
    assert.equal((await summaries.find('bad', 'p1'))?.id, 'p1');
  });
});
