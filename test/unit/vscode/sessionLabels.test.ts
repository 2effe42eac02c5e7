import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

process.env.TZ = 'UTC';

import {
  absoluteTime,
  changedFileDescription,
  codeBlock,
  commandDescription,
  commandStatus,
  commandTooltip,
  escapeMarkdown,
  firstLine,
  inlineCode,
  promptDescription,
  promptLabel,
  promptTooltip,
  readFileDescription,
  relativeTime,
  sessionDescription,
  sessionLabel,
  sessionTooltip,
} from '../../../src/vscode/sessionLabels';
import { command, prompt, session } from './fixtures';

const now = Date.parse('2025-11-20T12:05:00.000Z');
const paths = { workspaceFolders: ['/home/dev/project'], home: '/home/dev' };

describe('text helpers', () => {
  it('takes the first non-blank line, collapsed and truncated', () => {
    assert.equal(firstLine('\n\n  hello   world  \nsecond'), 'hello world');
    assert.equal(firstLine('x'.repeat(100), 10), `${'x'.repeat(9)}…`);
    assert.equal(firstLine('   \n  '), '');
  });

  it('escapes Markdown so transcript text renders literally', () => {
    assert.equal(escapeMarkdown('*a* [b](c) $(zap) <i>'), '\\*a\\* \\[b\\]\\(c\\) \\$\\(zap\\) \\<i\\>');
  });

  it('fences code with more backticks than the content holds', () => {
    assert.equal(codeBlock('echo hi', 'sh'), '```sh\necho hi\n```');
    assert.equal(codeBlock('a ```` b'), '`````\na ```` b\n`````');
    assert.equal(inlineCode('a`b'), '``a`b``');
  });

  it('formats times and survives unparsable ones', () => {
    assert.equal(relativeTime('2025-11-20T12:00:00.000Z', now), '5 minutes ago');
    assert.equal(relativeTime('not a date', now), '');
    assert.equal(absoluteTime('2025-11-20T12:00:00.000Z'), 'Nov 20, 2025, 12:00 PM');
    assert.equal(absoluteTime('garbage'), 'garbage');
  });
});

describe('session labels', () => {
  it('uses the title, or a short id when there is none', () => {
    assert.equal(sessionLabel(session({ title: 'Refactor\nthe parser' })), 'Refactor');
    assert.equal(sessionLabel(session({ title: '', id: '0123456789abcdef' })), 'Session 01234567');
  });

  it('describes agent and age', () => {
    assert.equal(sessionDescription(session(), now), 'Claude Code · 5 minutes ago');
    assert.equal(sessionDescription(session({ agent: 'codex', updatedAt: '' }), now), 'Codex');
  });

  it('puts cwd, models, CLI version, times and counts in the tooltip', () => {
    const md = sessionTooltip(session({ cliVersion: '2.0.1', promptCount: 1, title: 'Use *stars*' }), paths, now);
    assert.match(md, /\*\*Use \\\*stars\\\*\*\*/);
    assert.match(md, /`project`/);
    assert.match(md, /`claude-sonnet-4-5`/);
    assert.match(md, /Claude Code `2\.0\.1`/);
    assert.match(md, /Started Nov 20, 2025, 10:00 AM/);
    assert.match(md, /Updated Nov 20, 2025, 12:00 PM \(5 minutes ago\)/);
    assert.match(md, /1 prompt\b/);
    assert.match(md, /2 files changed/);
    assert.match(md, /1 command\b/);
  });

  it('marks subagent sessions', () => {
    assert.match(sessionTooltip(session({ parentSessionId: 'p' }), paths, now), /subagent session/);
  });
});

describe('prompt labels', () => {
  it('numbers prompts and shows their first line', () => {
    assert.equal(promptLabel(prompt({ index: 4, text: 'Add tests\nfor everything' })), '#4 Add tests');
    assert.equal(promptLabel(prompt({ index: 2, text: '' })), '#2 (empty prompt)');
  });

  it('shows the time of day for today and the date otherwise', () => {
    assert.equal(promptDescription(prompt({ timestamp: '2025-11-20T10:00:00.000Z' }), now), '10:00 AM');
    assert.equal(promptDescription(prompt({ timestamp: '2025-11-18T09:30:00.000Z' }), now), 'Nov 18, 9:30 AM');
  });

  it('keeps the full text, escaped, with its line breaks', () => {
    const md = promptTooltip(prompt({ text: 'line *one*\nline two', filesRead: ['/a'] }));
    assert.match(md, /line \\\*one\\\*  \nline two/);
    assert.match(md, /1 file read/);
  });
});

describe('file descriptions', () => {
  it('describes the operation and the folder', () => {
    assert.equal(
      changedFileDescription({ path: '/home/dev/project/src/a.ts', op: 'update', changeCount: 1 }, paths),
      'modified · src',
    );
    assert.equal(changedFileDescription({ path: '/home/dev/project/a.ts', op: 'create', changeCount: 1 }, paths), 'created');
    assert.equal(
      changedFileDescription(
        { path: '/home/dev/project/a.ts', op: 'rename', movePath: '/home/dev/project/lib/b.ts', changeCount: 1 },
        paths,
      ),
      'renamed → lib/b.ts',
    );
    assert.equal(readFileDescription('/home/dev/project/docs/x.md', paths), 'read · docs');
  });
});

describe('command labels', () => {
  it('derives the status from the exit code', () => {
    assert.equal(commandStatus(command({ exitCode: 0 })), 'passed');
    assert.equal(commandStatus(command({ exitCode: 2 })), 'failed');
    assert.equal(commandStatus(command({ exitCode: null })), 'unknown');
    assert.equal(commandDescription(command({ exitCode: 2 })), 'exit 2');
    assert.equal(commandDescription(command({ exitCode: 0 })), '');
    assert.equal(commandDescription(command({ exitCode: null })), 'no exit code');
  });

  it('a failure without an exit code is failed, not unknown', () => {
    const refused = command({ exitCode: null, failed: true });
    assert.equal(commandStatus(refused), 'failed');
    assert.equal(commandDescription(refused), 'failed');
    assert.match(commandTooltip(refused), /failed \\\(no exit code recorded\\\)/);
  });

  it('shows the command and the output preview in code blocks', () => {
    const md = commandTooltip(command({ command: 'npm test', exitCode: 1, outputPreview: 'FAIL x\n' }));
    assert.match(md, /exit code 1 \\\(failed\\\)/);
    assert.match(md, /```sh\nnpm test\n```/);
    assert.match(md, /```text\nFAIL x\n```/);
    assert.match(commandTooltip(command({ outputPreview: '' })), /No output recorded/);
  });
});
