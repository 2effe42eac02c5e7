// Bad rows in an OpenCode database (a hand-made minimal database: the recorded ones have none) are counted issues,
// never a crash, and cost only themselves; a file that is not a database cannot be read (the index counts that and
// keeps the cursor). The tables have the columns of a 1.2-era database (no `model`, `workspace_id`…).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SqliteReadError } from '../../../../src/adapters/sqlite/readOnlySqlite';
import type { ToolCallStep } from '../../../../src/core/model';
import { dbFile, makeDatabase, readAll } from './opencodeFixtures';

const row = (table: 'message' | 'part', values: (string | number | null)[]): { sql: string; params: (string | number | null)[] } => ({
  sql: table === 'message' ? 'INSERT INTO message VALUES (?, ?, ?, ?, ?)' : 'INSERT INTO part VALUES (?, ?, ?, ?, ?, ?)',
  params: values,
});

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'at-opencode-bad-'));
  dirs.push(dir);
  return join(dir, 'opencode.db');
}

describe('OpenCode database: malformed rows', () => {
  it('counts each bad row as an issue and reads every other row', async () => {
    const path = tempDb();
    const assistant = (parent: string | undefined): string => JSON.stringify({ role: 'assistant', parentID: parent, modelID: 'm1', path: { cwd: '/w', root: '/w' }, time: { created: 3 } });
    await makeDatabase(path, [
      { sql: 'INSERT INTO session VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', params: ['ses_b', 'p', null, 's', '/w', 'Bad rows', '1.2.1', 1, 9] },
      { sql: 'INSERT INTO session VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', params: ['ses_nodir', 'p', null, 's', null, 'x', '1.2.1', 1, 9] },
      row('message', ['msg_1', 'ses_b', 2, 2, JSON.stringify({ role: 'user', time: { created: 2 } })]),
      row('part', ['prt_1', 'msg_1', 'ses_b', 2, 2, JSON.stringify({ type: 'text', text: 'do it' })]),
      row('message', ['msg_2', 'ses_b', 3, 3, assistant('msg_1')]),
      row('part', ['prt_2', 'msg_2', 'ses_b', 3, 3, JSON.stringify({ type: 'tool', tool: 'bash', callID: 'c', state: { status: 'completed', input: { command: 'false' }, output: '', metadata: { exit: 1, output: '' } } })]),
      row('part', ['prt_3', 'msg_2', 'ses_b', 3, 3, '{"type":"text","text":"cut off']),
      row('part', ['prt_4', 'msg_2', 'ses_b', 3, 3, JSON.stringify({ type: 'hologram' })]),
      row('part', ['prt_5', 'msg_2', 'ses_b', 3, 3, '[1, 2]']),
      row('message', ['msg_3', 'ses_b', 4, 4, assistant(undefined)]),
      row('message', ['msg_4', 'ses_b', 5, 5, 'not json']),
      row('message', ['msg_5', 'ses_b', 6, 6, JSON.stringify({ role: 'system' })]),
      row('message', ['msg_6', 'ses_b', 7, 7, null]),
    ]);
    const run = await readAll(dbFile(path, ['/w']));
    const kinds: Record<string, number> = {};
    for (const i of run.issues) {
      kinds[i.kind] = (kinds[i.kind] ?? 0) + 1;
      assert.equal(i.file, path);
    }
    assert.deepEqual(kinds, { 'missing-field': 3, 'invalid-json': 2, 'unknown-record': 3 }, JSON.stringify(run.issues, null, 1));
    assert.equal(run.sessions.length, 1);
    const s = run.sessions[0];
    assert.deepEqual([s.title, s.cliVersion, s.models], ['Bad rows', '1.2.1', ['m1']]);
    assert.deepEqual(
      s.prompts.map((p) => p.text),
      ['do it'],
    );
    const bash = s.prompts[0].steps.filter((x): x is ToolCallStep => x.type === 'tool');
    assert.deepEqual(
      bash.map((b) => [b.command?.command, b.command?.exitCode, b.command?.cwd]),
      [['false', 1, '/w']],
    );
  });

  it('a file that is not a database throws a clear error (the index counts it and keeps its cursor)', async () => {
    const path = tempDb();
    writeFileSync(path, 'not a database at all\n'.repeat(100));
    await assert.rejects(readAll(dbFile(path, ['/w'])), (err: unknown) => err instanceof SqliteReadError && /not a database/.test(err.message));
  });
});
