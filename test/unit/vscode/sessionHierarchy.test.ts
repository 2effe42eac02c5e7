import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SessionSummary } from '../../../src/core/readModel';
import { buildSessionHierarchy, type SessionTreeEntry } from '../../../src/vscode/sessionHierarchy';
import { session } from './fixtures';

function shape(entries: SessionTreeEntry[]): unknown[] {
  return entries.map((e) => (e.children.length ? { [e.session.id]: shape(e.children) } : e.session.id));
}

function s(id: string, updatedAt: string, extra: Partial<SessionSummary> = {}): SessionSummary {
  return session({ id, updatedAt, startedAt: updatedAt, ...extra });
}

describe('buildSessionHierarchy', () => {
  it('orders sessions newest first', () => {
    const out = buildSessionHierarchy([
      s('old', '2025-01-01T00:00:00Z'),
      s('new', '2025-03-01T00:00:00Z'),
      s('mid', '2025-02-01T00:00:00Z'),
    ]);
    assert.deepEqual(shape(out), ['new', 'mid', 'old']);
  });

  it('nests subagents under a listed parent, oldest first, and ranks the parent by its latest child', () => {
    const out = buildSessionHierarchy([
      s('parent', '2025-01-01T00:00:00Z'),
      s('other', '2025-02-01T00:00:00Z'),
      s('sub2', '2025-03-01T00:00:00Z', { parentSessionId: 'parent', startedAt: '2025-01-03T00:00:00Z' }),
      s('sub1', '2025-01-02T00:00:00Z', { parentSessionId: 'parent', startedAt: '2025-01-02T00:00:00Z' }),
    ]);
    assert.deepEqual(shape(out), [{ parent: ['sub1', 'sub2'] }, 'other']);
  });

  it('keeps a subagent at the top level when its parent is not listed', () => {
    const out = buildSessionHierarchy([s('orphan', '2025-01-01T00:00:00Z', { parentSessionId: 'gone' })]);
    assert.deepEqual(shape(out), ['orphan']);
  });

  it('does not match a parent of another agent', () => {
    const out = buildSessionHierarchy([
      s('p', '2025-01-01T00:00:00Z', { agent: 'codex' }),
      s('c', '2025-01-02T00:00:00Z', { parentSessionId: 'p' }),
    ]);
    assert.equal(out.length, 2);
  });

  it('survives parent cycles without losing sessions', () => {
    const out = buildSessionHierarchy([
      s('a', '2025-01-01T00:00:00Z', { parentSessionId: 'b' }),
      s('b', '2025-01-02T00:00:00Z', { parentSessionId: 'a' }),
    ]);
    const ids: string[] = [];
    const walk = (es: SessionTreeEntry[]): void => es.forEach((e) => (ids.push(e.session.id), walk(e.children)));
    walk(out);
    assert.deepEqual(ids.sort(), ['a', 'b']);
  });
});
