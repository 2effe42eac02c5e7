import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

process.env.TZ = 'UTC';

import { blameHoverMarkdown, foldPrompt, hoverCommands } from '../../../src/vscode/blame/blameHoverMarkdown';
import { attribution } from './blameFixtures';
import { command, prompt } from './fixtures';

const now = Date.parse('2025-11-20T12:05:00.000Z');
const paths = { workspaceFolders: ['/home/dev/project'], home: '/home/dev' };
const path = '/home/dev/project/src/calc.js';

/** Every `](command:…)` link target in the Markdown. */
function commandLinks(markdown: string): { command: string; args: unknown }[] {
  return [...markdown.matchAll(/\]\(command:([\w.]+)\?([^ )]*)/g)].map((m) => ({ command: m[1], args: JSON.parse(decodeURIComponent(m[2])) }));
}

describe('blame hover', () => {
  it('shows who, the prompt, the model, both times and the tool call', () => {
    const md = blameHoverMarkdown({ attribution: attribution({ promptIndex: 2, prompt: 'add a divide function' }), path, paths, now });
    assert.match(md, /^\*\*✦ Claude Code\*\* · prompt 2 · 3 hours ago/);
    assert.match(md, /\$\(comment-discussion\) Calculator/);
    assert.match(md, /add a divide function/);
    assert.match(md, /\$\(hubot\) `claude-sonnet-4-5`/);
    assert.match(md, /\$\(clock\) Nov 20, 2025, 9:00 AM \(3 hours ago\)/);
    assert.match(md, /\$\(tools\) `Edit` · edit\n/);
    assert.doesNotMatch(md, /toolu_01/, 'no internal call id');
  });

  it('says when a line was observed changing rather than recorded (a Cursor composer seen working)', () => {
    const md = blameHoverMarkdown({ attribution: attribution({ agent: 'cursor', via: 'observed', tool: 'observed change', toolCallId: 'observed' }), path, paths, now });
    assert.match(md, /\$\(eye\) Observed, not recorded: the file changed while this Cursor session was working/);
    assert.doesNotMatch(md, /\$\(tools\)/);
  });

  it('escapes Markdown and HTML in the prompt, so it cannot format, link or run anything', () => {
    const text = '# Heading\n<img src=x onerror=alert(1)>\n[quit](command:workbench.action.quit) **bold** $(zap)\n    indented `code`';
    const md = blameHoverMarkdown({ attribution: attribution({ prompt: text, sessionTitle: '<script>x</script> [t](http://e)' }), path, paths, now });
    assert.match(md, /\\# Heading/);
    assert.doesNotMatch(md, /(?<!\\)<\/?(img|script)/);
    assert.match(md, /\\<img src=x onerror=alert\\\(1\\\)\\>/);
    assert.match(md, /\\\[quit\\\]\\\(command:workbench\\\.action\\\.quit\\\)/);
    // The icon escape under the Markdown escape: rendered, `\$(zap)`, which VS Code shows as the text `$(zap)`.
    assert.match(md, /\\\\\\\$\\\(zap\\\)/);
    assert.match(md, /&nbsp;&nbsp;&nbsp;&nbsp;indented \\`code\\`/);
    // The only links are ours, and they carry only the prompt's session key and id.
    const links = commandLinks(md);
    assert.deepEqual(
      links.map((l) => l.command),
      ['agentTrail.openTimeline', 'agentTrail.revealPrompt', 'agentTrail.copyPrompt'],
    );
    assert.deepEqual(links[0].args, [{ sessionKey: 'claude-code:aaaaaaaa-1111', promptId: 'p1' }]);
    assert.ok(links.every((l) => hoverCommands.includes(l.command)));
  });

  it('folds prompts longer than 20 lines and says how to get the rest', () => {
    const text = Array.from({ length: 26 }, (_, i) => `line ${i + 1}`).join('\n');
    const md = blameHoverMarkdown({ attribution: attribution({ prompt: text }), path, paths, now });
    assert.match(md, /line 20/);
    assert.doesNotMatch(md, /line 21/);
    assert.match(md, /_\(6 more lines — Copy Prompt for the full text\)_/);
    const short = blameHoverMarkdown({ attribution: attribution({ prompt: 'one line' }), path, paths, now });
    assert.doesNotMatch(short, /Copy Prompt for the full text/);
  });

  it('folds by characters too, for prompts of a few huge lines', () => {
    assert.deepEqual(foldPrompt('a\nb\nc', 2), { shown: 'a\nb', hiddenLines: 1, truncated: false });
    const folded = foldPrompt('x'.repeat(5000));
    assert.equal(folded.hiddenLines, 0);
    assert.equal(folded.truncated, true);
    assert.equal(folded.shown.length, 4000);
    const md = blameHoverMarkdown({ attribution: attribution({ prompt: 'x'.repeat(5000) }), path, paths, now });
    assert.match(md, /_\(Shortened — Copy Prompt for the full text\)_/);
  });

  it('lists the other files the prompt changed and the commands it ran, with exit codes', () => {
    const summary = prompt({
      id: 'p1',
      filesChanged: [
        { path, op: 'update', changeCount: 2 },
        { path: '/home/dev/project/test/calc.test.js', op: 'create', changeCount: 1 },
        { path: '/home/dev/project/old.js', op: 'rename', movePath: '/home/dev/project/new.js', changeCount: 1 },
        { path: '/home/dev/project/test/calc.test.js', op: 'update', changeCount: 1 },
      ],
      commands: [command({ command: 'npm test', exitCode: 0 }), command({ stepId: 's2', command: 'npm run lint\n--fix', exitCode: 2 }), command({ stepId: 's3', command: 'ls', exitCode: null })],
    });
    const md = blameHoverMarkdown({ attribution: attribution(), summary, path, paths, now });
    assert.match(md, /\*\*Also changed\*\* \(2\)\n\n- `test\/calc\.test\.js` · created\n- `new\.js` · renamed from old\\\.js\n/);
    assert.doesNotMatch(md, /`src\/calc\.js`/);
    assert.match(md, /\*\*Commands\*\* \(3\)\n\n- \$\(pass\) `npm test` · exit 0\n- \$\(error\) `npm run lint` · exit 2\n- \$\(question\) `ls` · no exit code/);
  });
});
