import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

process.env.TZ = 'UTC';

import { annotationText, escapeIcons, lensTitle, markdownLiteral, markdownLiteralParagraphs, lensTooltip, promptSnippet, statusText, statusTooltip } from '../../../src/vscode/blame/blameLabels';
import { attribution } from './blameFixtures';

const now = Date.parse('2025-11-20T12:05:00.000Z');
const a = attribution({
  promptIndex: 2,
  prompt: '\n  add a divide function that   throws on zero and a test for it, then run the tests\nsecond line',
  timestamp: '2025-11-20T09:00:00.000Z',
});

describe('blame labels', () => {
  it('lens: agent, prompt number, relative time, first line of the prompt truncated to 60', () => {
    assert.equal(lensTitle(a, now), '✦ Claude Code · prompt 2 · 3 hours ago — add a divide function that throws on zero and a test for it…');
    assert.equal(promptSnippet(a.prompt, 60).length, 60);
  });

  it('lens: leaves out an unparsable time and names empty prompts', () => {
    assert.equal(lensTitle(attribution({ timestamp: 'garbage', prompt: '  \n ' }), now), '✦ Claude Code · prompt 1 — (empty prompt)');
  });

  it('lens and status text show icon syntax from prompts literally', () => {
    assert.equal(escapeIcons('run $(zap) and $(not an icon) \\$(x'), 'run \\$(zap) and $(not an icon) \\$(x');
    assert.match(lensTitle(attribution({ prompt: 'use $(sync~spin) here' }), now), /use \\\$\(sync~spin\) here$/);
  });

  it('escapes transcript text for icon-rendering Markdown: icon escape under the Markdown escape', () => {
    assert.equal(markdownLiteral('a $(zap) *b*'), 'a \\\\\\$\\(zap\\) \\*b\\*');
    assert.equal(markdownLiteralParagraphs('x\n  $(zap)'), 'x  \n&nbsp;&nbsp;\\\\\\$\\(zap\\)');
  });

  it('lens tooltip names the session', () => {
    assert.equal(lensTooltip(a), 'Written by Claude Code for prompt 2 of “Calculator”. Click to open the prompt in the session’s timeline.');
    assert.equal(lensTooltip(attribution({ sessionTitle: undefined, agent: 'codex' })), 'Written by Codex for prompt 1. Click to open the prompt in the session’s timeline.');
  });

  it('annotation: agent, time, prompt number and a shorter snippet', () => {
    assert.equal(annotationText(a, now), '✦ Claude Code, 3 hours ago · prompt 2: add a divide function that throws on zero and a t…');
    assert.equal(annotationText(attribution({ agent: 'gemini-cli', timestamp: '', prompt: 'hi' }), now), '✦ Gemini CLI · prompt 1: hi');
  });

  it('status bar: prompt number and agent; tooltip with the escaped first lines', () => {
    assert.equal(statusText(a), '✦ prompt 2 · Claude Code');
    const tooltip = statusTooltip(attribution({ prompt: '**do** <b>it</b>\n' + 'line\n'.repeat(15) }), now);
    assert.match(tooltip, /^\*\*✦ Prompt 1\*\* · Claude Code · 3 hours ago/);
    assert.match(tooltip, /\\\*\\\*do\\\*\\\* \\<b\\>it\\<\/b\\>/);
    assert.doesNotMatch(tooltip, /<b>/);
    assert.match(tooltip, /\n…\n/);
    assert.match(tooltip, /_Click to show the prompt in the Sessions view\._$/);
  });
});
