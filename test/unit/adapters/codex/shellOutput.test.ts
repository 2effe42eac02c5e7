// Tool output wrappers across Codex versions, and the prompt/injected-context rules.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractRequest, isInjectedText } from '../../../../src/adapters/codex/promptText';
import { commandFromArgv, durationToMs, outputText, parseToolOutput } from '../../../../src/adapters/codex/shellOutput';

describe('parseToolOutput', () => {
  it('reads the unified exec header (0.12x+)', () => {
    assert.deepEqual(parseToolOutput('Chunk ID: ef0014\nWall time: 1.2500 seconds\nProcess exited with code 3\nOriginal token count: 9\nOutput:\nline 1\nOutput:\n'), {
      output: 'line 1\nOutput:\n',
      exitCode: 3,
      durationMs: 1250,
      wrapped: true,
    });
  });

  it('leaves the exit code unknown while the process is still running', () => {
    const out = parseToolOutput('Chunk ID: 1\nWall time: 10.0000 seconds\nProcess running with session ID 42\nOriginal token count: 2\nOutput:\npartial');
    assert.equal(out.exitCode, null);
    assert.equal(out.output, 'partial');
  });

  it('reads the shell_command / apply_patch header', () => {
    assert.deepEqual(parseToolOutput('Exit code: 2\nWall time: 0.1 seconds\nTotal output lines: 3\nOutput:\na\nb\nc'), {
      output: 'a\nb\nc',
      exitCode: 2,
      durationMs: 100,
      wrapped: true,
    });
    assert.equal(parseToolOutput('Exit code: 0\nWall time: 0 seconds\nOutput:\nSuccess. Updated the following files:\nA x\n').output, 'Success. Updated the following files:\nA x\n');
  });

  it('reads the older JSON wrapper', () => {
    assert.deepEqual(parseToolOutput('{"output":"hi\\n","metadata":{"exit_code":1,"duration_seconds":0.5}}'), {
      output: 'hi\n',
      exitCode: 1,
      durationMs: 500,
      wrapped: true,
    });
  });

  it('keeps unrecognized text whole', () => {
    for (const text of ['plain output', 'Output:', '{"not":"a wrapper"}', 'Wall time: soon\nOutput:\nx', '']) {
      const out = parseToolOutput(text);
      if (text === 'Output:') {
        assert.equal(out.output, '');
        continue;
      }
      assert.deepEqual(out, { output: text, exitCode: null, wrapped: false }, text);
    }
  });
});

describe('output helpers', () => {
  it('flattens content items and hides images', () => {
    assert.equal(outputText([{ type: 'input_text', text: 'a' }, { type: 'input_image', image_url: 'data:image/png;base64,AAAA' }]), 'a\n[image]');
    // Code-mode `exec` output: a header item ending in a newline, then the script's text() items.
    assert.equal(
      outputText([
        { type: 'input_text', text: 'Script completed\nWall time 0.2 seconds\nOutput:\n' },
        { type: 'input_text', text: 'Hello, Ada\n' },
        { type: 'input_text', text: 'cat exited 1' },
        { type: 'input_text', text: 'done' },
      ]),
      'Script completed\nWall time 0.2 seconds\nOutput:\nHello, Ada\ncat exited 1\ndone',
    );
    assert.equal(outputText({ content: 'x', success: false }), 'x');
    assert.equal(outputText(undefined), '');
  });

  it('converts durations', () => {
    assert.equal(durationToMs({ secs: 1, nanos: 500_000_000 }), 1500);
    assert.equal(durationToMs({ secs: 0, nanos: 70_373_780 }), 70);
    assert.equal(durationToMs(2), 2000);
    assert.equal(durationToMs('250ms'), 250);
    assert.equal(durationToMs('nope'), undefined);
  });

  it('shows a shell-wrapped argv as its script and quotes the rest', () => {
    assert.equal(commandFromArgv(['/bin/bash', '-lc', 'npm test']), 'npm test');
    assert.equal(commandFromArgv(['pwsh', '-NoProfile', '-Command', 'dir']), 'dir');
    assert.equal(commandFromArgv(['rg', '-n', 'two words', 'src']), "rg -n 'two words' src");
  });
});

describe('prompt text', () => {
  it('recognizes injected context items', () => {
    for (const t of [
      '<environment_context>\n  <cwd>/x</cwd>\n</environment_context>',
      '<user_instructions>\nbe nice\n</user_instructions>',
      '# AGENTS.md instructions for /repo\n\n<INSTRUCTIONS>…</INSTRUCTIONS>',
      '<permissions instructions>\nsandbox…\n</permissions instructions>',
      '<collaboration_mode>default</collaboration_mode>',
      '<some_new_context>\nwhatever\n</some_new_context>',
      '<user_action>\n  <context>User initiated a review task.</context>\n  <action>review</action>\n</user_action>',
      '<task-notification>\n<task-id>a1</task-id>\n</task-notification>',
      '<heartbeat>\n  …\n</heartbeat>',
      '   ',
    ]) {
      assert.equal(isInjectedText(t), true, t);
    }
    for (const t of ['fix the bug', '<div>hello</div>', 'see <environment_context> docs']) {
      assert.equal(isInjectedText(t), false, t);
    }
  });

  it('takes the typed request out of the IDE context wrapper', () => {
    const wrapped = '# Context from my IDE setup:\n\n## Active file: src/a.ts\n\n## Open tabs:\n- a.ts\n\n## My request for Codex:\nrename foo to bar\n';
    assert.equal(extractRequest(wrapped), 'rename foo to bar');
    assert.equal(extractRequest('## My request for Codex: not a wrapper'), '## My request for Codex: not a wrapper');
  });
});
