import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agentRegistry } from '../../../src/adapters/agentRegistry';
import { agentFilterDescription, matchesAgentFilter, normalizeAgentFilter } from '../../../src/vscode/agentFilter';

describe('agent filter', () => {
  it('treats all, none and garbage as no filter', () => {
    assert.equal(normalizeAgentFilter([...agentRegistry.ids]), undefined);
    assert.equal(normalizeAgentFilter([]), undefined);
    assert.equal(normalizeAgentFilter('codex'), undefined);
    assert.equal(normalizeAgentFilter(undefined), undefined);
    assert.equal(normalizeAgentFilter(['bogus']), undefined);
  });

  it('keeps a strict subset in a stable order', () => {
    assert.deepEqual(normalizeAgentFilter(['gemini-cli', 'claude-code', 'bogus']), ['claude-code', 'gemini-cli']);
  });

  it('matches and describes', () => {
    assert.equal(matchesAgentFilter('codex', undefined), true);
    assert.equal(matchesAgentFilter('codex', ['claude-code']), false);
    assert.equal(agentFilterDescription(undefined), undefined);
    assert.equal(agentFilterDescription(['claude-code', 'codex']), 'Filtered: Claude Code, Codex');
  });
});
