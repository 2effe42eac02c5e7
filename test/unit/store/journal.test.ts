// The archive journal: first writes are plain (nothing to protect yet), replacing an existing journal is atomic,
// sync() makes what was written durable and survives files removed meanwhile, a torn last line is counted.
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Journal, type JournalHeader } from '../../../src/store/journal';
import type { StoredOp } from '../../../src/store/storedOps';

const header: JournalHeader = { v: 1, source: '/home/u/.gemini/tmp/p/chats/session-1.json', agent: 'gemini-cli', mode: 'whole' };
const batch = (text: string): StoredOp[] => [{ op: 'prompt', sessionId: 's', id: text, text, timestamp: '2026-01-01T00:00:00.000Z' }];

test('replace writes a new journal, then replaces it whole, leaving no temp file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'at-journal-'));
  const j = new Journal(dir);
  j.replace(header, batch('first'));
  assert.deepEqual(j.readAll().map((e) => e.batches), [[batch('first')]]);
  j.replace(header, batch('second'));
  assert.deepEqual(j.readAll().map((e) => e.batches), [[batch('second')]]);
  assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.tmp')), []);
  j.sync();
});

test('append adds batches; a torn last line is counted, the rest read back; sync survives a removed file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'at-journal-'));
  const j = new Journal(dir);
  const appendHeader: JournalHeader = { ...header, mode: 'append', agent: 'claude-code', source: '/home/u/.claude/projects/p/s.jsonl' };
  j.append(appendHeader, batch('a'));
  j.append(appendHeader, batch('b'));
  j.append(appendHeader, []);
  const [name] = readdirSync(dir);
  appendFileSync(join(dir, name), '[{"op":"prompt","sessi');
  const [entry] = j.readAll();
  assert.deepEqual(entry.batches, [batch('a'), batch('b')]);
  assert.equal(entry.damagedLines, 1);
  rmSync(join(dir, name));
  assert.doesNotThrow(() => j.sync());
});
