// The history as aider appends to it while it runs: the index reads the new lines from where it stopped (append mode),
// a turn cut between two reads is completed by the next one, and the commit printed last is read then.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { agentRegistry } from '../../../../src/adapters/agentRegistry';
import type { ToolCallStep } from '../../../../src/core/model';
import { makeIndexConfig } from '../../../../src/indexer/indexConfig';
import { IndexEngine } from '../../../../src/indexer/indexEngine';
import { appP6, buildAiderRepo } from './aiderRepo';

const fixture = buildAiderRepo();
after(() => rmSync(fixture.root, { recursive: true, force: true }));
const history = join(fixture.repo, '.aider.chat.history.md');

test('lines appended while aider runs: the open turn grows, its commit is attributed once printed', async () => {
  const engine = new IndexEngine();
  await engine.configure(
    makeIndexConfig(
      { storageDir: undefined, wasmPath: join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm'), workspaceFolders: [fixture.repo], home: '/nonexistent-home', env: {} },
      { agents: Object.fromEntries(agentRegistry.ids.map((id) => [id, { enabled: id === 'aider', roots: [] }])), sqliteWasmPath: join(process.cwd(), 'node_modules/@sqlite.org/sqlite-wasm/dist/sqlite3.wasm') },
    ),
  );
  try {
    await engine.refresh();
    assert.equal((await engine.listSessions()).length, 2);
    appendFileSync(history, '\n# aider chat started at 2025-03-01 12:00:00\n\n#### say bye  \n\nsrc/app.py\n```python\n<<<<<<< SEARCH\n    main()\n');
    await engine.refresh();
    const third = async (): Promise<{ key: string; prompts: { text: string; steps: { name: string; changes: number }[] }[] }> => {
      const s = (await engine.listSessions()).find((x) => x.startedAt === new Date(2025, 2, 1, 12, 0, 0).toISOString());
      assert.ok(s);
      const d = await engine.sessionDetail(s.key);
      return { key: s.key, prompts: (d?.prompts ?? []).map((p) => ({ text: p.text, steps: p.steps.map((x) => ({ name: x.type === 'tool' ? x.name : x.type, changes: x.type === 'tool' ? (x as ToolCallStep).fileChanges.length : 0 })) })) };
    };
    assert.deepEqual((await third()).prompts, [{ text: 'say bye', steps: [{ name: 'text', changes: 0 }] }], 'the reply so far; its block is not complete yet');
    // Aider applies the edit, commits it and prints the rest.
    const after = appP6.replace('    main()\n', '    main()\n    print("bye")\n');
    writeFileSync(join(fixture.repo, 'src/app.py'), after);
    const env = { PATH: process.env.PATH ?? '', HOME: fixture.root, GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@example.com' };
    execFileSync('git', ['commit', '-qam', 'feat: Say bye\n\nCo-authored-by: aider (gpt-4o) <aider@aider.chat>'], { cwd: fixture.repo, env });
    const hash = execFileSync('git', ['rev-parse', '--short=7', 'HEAD'], { cwd: fixture.repo, env, encoding: 'utf8' }).trim();
    appendFileSync(history, `=======\n    main()\n    print("bye")\n>>>>>>> REPLACE\n\`\`\`\n\n> Applied edit to src/app.py  \n> Commit ${hash} feat: Say bye  \n`);
    await engine.refresh();
    assert.deepEqual((await third()).prompts, [
      {
        text: 'say bye',
        steps: [
          { name: 'text', changes: 0 },
          { name: 'SEARCH/REPLACE', changes: 0 },
          { name: 'git commit', changes: 1 },
        ],
      },
    ]);
  } finally {
    await engine.dispose();
  }
});
