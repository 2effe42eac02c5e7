// Where OpenCode's database is found, which changed names under its data folder the index reads, and the index
// reading it end to end: rows appearing in the WAL while the index watches are read from the cursor (the WAL
// changing is a change of the database, not a new file that sends discovery looking).
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { agentRegistry } from '../../../../src/adapters/agentRegistry';
import { opencodeAgent } from '../../../../src/adapters/opencode/opencodeAgent';
import type { ParseIssue } from '../../../../src/core/ops';
import { makeIndexConfig } from '../../../../src/indexer/indexConfig';
import { IndexEngine } from '../../../../src/indexer/indexEngine';
import { copyData, removeCopy, sqliteWasmPath } from './opencodeFixtures';

const adapter = opencodeAgent.adapter;

describe('OpenCode discovery', () => {
  it('the data folder is $XDG_DATA_HOME/opencode or ~/.local/share/opencode; an absolute $OPENCODE_DB adds its folder', () => {
    assert.deepEqual(adapter.defaultRoots({ home: '/home/u', env: {} }), ['/home/u/.local/share/opencode']);
    assert.deepEqual(adapter.defaultRoots({ home: '/home/u', env: { XDG_DATA_HOME: '/xdg' } }), ['/xdg/opencode']);
    assert.deepEqual(adapter.defaultRoots({ home: '/home/u', env: { XDG_DATA_HOME: 'relative' } }), ['/home/u/.local/share/opencode']);
    assert.deepEqual(adapter.defaultRoots({ home: '/home/u', env: { OPENCODE_DB: '/db/opencode.db' } }), ['/home/u/.local/share/opencode', '/db']);
    assert.deepEqual(adapter.defaultRoots({ home: '/home/u', env: { OPENCODE_DB: 'opencode-x.db' } }), ['/home/u/.local/share/opencode']);
  });

  it('finds opencode.db and channel databases (not their -wal/-shm), handing on the workspace folders; a missing folder is reported', async () => {
    const root = mkdtempSync(join(tmpdir(), 'at-opencode-disc-'));
    for (const name of ['opencode.db', 'opencode.db-wal', 'opencode.db-shm', 'opencode-dev.db', 'other.db', 'opencode.json']) {
      writeFileSync(join(root, name), '');
    }
    mkdirSync(join(root, 'snapshot'));
    const issues: ParseIssue[] = [];
    const files = await adapter.discover([root, join(root, 'missing')], ['/w'], issues);
    assert.deepEqual(
      files.map((f) => [f.path, f.mode, f.agent, f.workspaceFolders]),
      [
        [join(root, 'opencode-dev.db'), 'database', 'opencode', ['/w']],
        [join(root, 'opencode.db'), 'database', 'opencode', ['/w']],
      ],
    );
    assert.deepEqual(
      issues.map((i) => [i.kind, i.file]),
      [['io', join(root, 'missing')]],
    );
    rmSync(root, { recursive: true });
  });

  it('watch scope: the database and its WAL (read as the database) at the top of the folder; below it only storage/ (storage.test.ts)', () => {
    const w = opencodeAgent.watch;
    assert.equal(w.relevant(['opencode.db']), 'transcript');
    assert.equal(w.relevant(['opencode.db-wal']), 'transcript');
    assert.equal(w.relevant(['opencode-beta.db-wal']), 'transcript');
    assert.equal(w.relevant(['opencode.db-shm']), undefined, 'the -shm changes on every read');
    assert.equal(w.relevant(['log', 'opencode.log']), undefined);
    assert.equal(w.relevant(['snapshot', 'p', 'HEAD']), undefined);
    assert.equal(w.descend(['snapshot']), false);
    assert.equal(w.sourceOf?.('/d/opencode.db-wal'), '/d/opencode.db');
    assert.equal(w.sourceOf?.('/d/opencode.db-journal'), '/d/opencode.db');
    assert.equal(w.sourceOf?.('/d/opencode.db'), '/d/opencode.db');
    assert.equal(w.sourceOf?.('/d/other.db-wal'), '/d/other.db-wal');
  });
});

describe('OpenCode in the index', () => {
  const repo = '/tmp/agent-trail-fixtures-opencode/opencode-wal-kill-v1.18.33/demo-repo';

  it('reads the database, and the rows its WAL gains while the index watches as a change of the database', { timeout: 60_000 }, async () => {
    const data = copyData('opencode-wal-kill-v1.18.33');
    const wal = join(data, 'opencode.db-wal');
    const walCopy = `${data}.wal`;
    copyFileSync(wal, walCopy);
    rmSync(wal);
    const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');
    const engine = new IndexEngine();
    const logs: string[] = [];
    engine.onLog((_level, message) => logs.push(message));
    await engine.configure(
      makeIndexConfig(
        { storageDir: undefined, wasmPath: wasm, workspaceFolders: [repo], home: '/nonexistent-home', env: {} },
        { agents: Object.fromEntries(agentRegistry.ids.map((id) => [id, { enabled: id === 'opencode', roots: id === 'opencode' ? [data] : [] }])), sqliteWasmPath, persistDelayMs: 10 },
      ),
    );
    try {
      await engine.refresh();
      const before = await engine.listSessions();
      assert.deepEqual(
        before.map((s) => [s.agent, s.cwd, s.promptCount]),
        [['opencode', repo, 1]],
        'the main file alone: prompt 1',
      );
      await engine.watch();
      const changed = new Promise<void>((resolve) => {
        const sub = engine.onDidChange(() => {
          sub.dispose();
          resolve();
        });
      });
      copyFileSync(walCopy, wal);
      await changed;
      assert.deepEqual(
        (await engine.listSessions()).map((s) => s.promptCount),
        [2],
      );
      assert.ok(!logs.some((l) => l.includes('discovering opencode again')), logs.join('\n'));
    } finally {
      await engine.dispose();
      removeCopy(data);
      rmSync(walCopy, { force: true });
    }
  });
});
