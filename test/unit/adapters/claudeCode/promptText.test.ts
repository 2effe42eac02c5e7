import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyUserRecord } from '../../../../src/adapters/claudeCode/promptText';

function classify(content: unknown, record: Record<string, unknown> = {}) {
  return classifyUserRecord({ type: 'user', ...record }, { role: 'user', content });
}

describe('classifyUserRecord', () => {
  it('keeps typed text exactly, whitespace included', () => {
    assert.deepEqual(classify('add another hello world console log to @index.ts '), { kind: 'prompt', text: 'add another hello world console log to @index.ts ' });
    assert.deepEqual(classify([{ type: 'text', text: 'line one\nline two' }]), { kind: 'prompt', text: 'line one\nline two' });
  });

  it('rejects injected and machine text', () => {
    for (const content of [
      '<system-reminder>The user opened a file</system-reminder>',
      '<local-command-caveat>Caveat: …</local-command-caveat>',
      '<bash-input>ls</bash-input>',
      '<bash-stdout>a.js</bash-stdout><bash-stderr></bash-stderr>',
      '[Request interrupted by user]',
      '[Request interrupted by user for tool use]',
      'This session is being continued from a previous conversation that ran out of context.',
      [{ type: 'text', text: '[Request interrupted by user]' }],
      [{ type: 'tool_result', tool_use_id: 't', content: 'ok' }],
      [],
    ]) {
      assert.deepEqual(classify(content), { kind: 'none' }, JSON.stringify(content));
    }
  });

  it('rejects meta, compaction and non-human records even when the text looks typed', () => {
    assert.deepEqual(classify('expanded skill text', { isMeta: true }), { kind: 'none' });
    assert.deepEqual(classify('Summary', { isCompactSummary: true }), { kind: 'none' });
    assert.deepEqual(classify('task finished', { origin: { kind: 'task-notification' } }), { kind: 'none' });
    assert.deepEqual(classify('hello', { origin: { kind: 'human' } }), { kind: 'prompt', text: 'hello' });
  });

  it('turns slash commands into `/name args`, in either tag order', () => {
    assert.deepEqual(classify('<command-name>/review</command-name>\n<command-message>review</command-message>\n<command-args>src/a.js --deep</command-args>'), {
      kind: 'command',
      text: '/review src/a.js --deep',
    });
    assert.deepEqual(classify('<command-message>init is analyzing your codebase…</command-message>\n<command-name>/init</command-name>'), { kind: 'command', text: '/init' });
    assert.deepEqual(classify('<command-name>compact</command-name><command-args></command-args>'), { kind: 'command', text: '/compact' });
    assert.deepEqual(classify('<local-command-stdout>Compacted</local-command-stdout>'), { kind: 'local-output' });
  });

  it('drops IDE context blocks next to the typed text; an image-only prompt has no text', () => {
    assert.deepEqual(
      classify([
        { type: 'text', text: '<ide_opened_file>The user opened /r/a.ts in the IDE.</ide_opened_file>' },
        { type: 'text', text: 'fix this' },
      ]),
      { kind: 'prompt', text: 'fix this' },
    );
    assert.deepEqual(classify([{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } }]), { kind: 'prompt', text: '' });
  });
});
