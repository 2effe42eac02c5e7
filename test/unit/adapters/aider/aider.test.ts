// Aider end to end on a repository built as aider builds it (aiderRepo.ts, test/fixtures/aider/README.md): the
// history read as it grows, aider's commits attributed to the prompts whose replies made them (a hand commit and
// aider's commit of the user's dirty files not), blame of the committed lines, restore to the commit before, the CLI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { aiderAdapter } from '../../../../src/adapters/aider/aiderAdapter';
import { agentRegistry } from '../../../../src/adapters/agentRegistry';
import type { TranscriptFile } from '../../../../src/adapters/adapter';
import { BlameEngine } from '../../../../src/core/blame/blameEngine';
import { CheckpointResolver } from '../../../../src/core/checkpoints/checkpointModel';
import type { ToolCallStep } from '../../../../src/core/model';
import { makeIndexConfig } from '../../../../src/indexer/indexConfig';
import { IndexEngine } from '../../../../src/indexer/indexEngine';
import { applyRecordedPatch } from '../../../../src/store/recordedPatch';
import { recordedPatchOps } from '../../../../src/store/recordedPatchOps';
import { runAdapter } from '../../helpers/parseWithAdapter';
import { appHand, appInitial, appP1, appP6, buildAiderRepo, testP3 } from './aiderRepo';

const fixture = buildAiderRepo();
after(() => rmSync(fixture.root, { recursive: true, force: true }));
const historyFile: TranscriptFile = { agent: 'aider', path: join(fixture.repo, '.aider.chat.history.md'), mode: 'append', cwdHint: fixture.repo };
const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');
const sqliteWasmPath = join(process.cwd(), 'node_modules/@sqlite.org/sqlite-wasm/dist/sqlite3.wasm');

function tools(steps: readonly { type: string }[]): ToolCallStep[] {
  return steps.filter((s): s is ToolCallStep => s.type === 'tool');
}

test('the history gives sessions by heading, prompts (multi-line, commands), replies, edit blocks and commits', () => {
  const one = runAdapter(aiderAdapter, [historyFile]);
  const many = runAdapter(aiderAdapter, [historyFile], { chunks: 13 });
  assert.deepEqual(many.sessions, one.sessions, 'fed in pieces, as the file grows, the same result');
  assert.deepEqual(one.issues, []);
  const [s1, s2] = one.sessions;
  assert.equal(one.sessions.length, 2);
  assert.equal(s1.cwd, fixture.repo);
  assert.equal(s1.startedAt, fixture.times.s1.iso);
  assert.deepEqual(s1.models, ['gpt-4o']);
  assert.equal(s1.cliVersion, '0.86.2');
  assert.deepEqual(
    s1.prompts.map((p) => [p.text, p.timestamp]),
    [
      ['add a greet function that takes a name', new Date(Date.parse(fixture.times.p1.iso) + 250).toISOString()],
      ['/run python -m pytest', new Date(Date.parse(fixture.times.p2.iso) + 250).toISOString()],
      ['add a test for greet', new Date(Date.parse(fixture.times.p3.iso) + 250).toISOString()],
    ],
    'times from .aider.input.history',
  );
  // Session 2's prompts have no input-history entry: their time is the session's start (a lower bound).
  assert.deepEqual(
    s2.prompts.map((p) => [p.text, p.timestamp]),
    [
      ['make greet shout', fixture.times.s2.iso],
      ['/undo', fixture.times.s2.iso],
      ['add a docstring to greet\nkeep it short', fixture.times.s2.iso],
    ],
  );
  const p1 = s1.prompts[0].steps;
  assert.equal(p1[0].type, 'text');
  assert.match(p1[0].type === 'text' ? p1[0].text : '', /^I will add `greet`/);
  const [edit, commit] = tools(p1);
  assert.deepEqual([edit.name, edit.input], ['SEARCH/REPLACE', { file_path: `${fixture.repo}/src/app.py`, format: 'search-replace', search: 'def main():\n    print("hello")', replace: 'def greet(name):\n    return f"Hello, {name}!"\n\n\ndef main():\n    print(greet("world"))' }]);
  assert.deepEqual(edit.fileChanges, [], 'what the model asked for; the commit says what happened');
  assert.equal(commit.name, 'git commit');
  assert.equal(commit.timestamp, fixture.times.c1.iso);
  assert.deepEqual(commit.fileChanges, [{ path: `${fixture.repo}/src/app.py`, op: 'update', before: appInitial, after: appP1 }]);
  const run = tools(s1.prompts[1].steps)[0];
  assert.deepEqual(run.command, {
    command: 'python -m pytest',
    cwd: fixture.repo,
    exitCode: null,
    output: 'Add 0.1k tokens of command output to the chat? (Y)es/(N)o [Yes]: y\nAdded 4 lines of output to the chat.',
  });
  const created = tools(s1.prompts[2].steps).find((t) => t.name === 'git commit');
  assert.deepEqual(created?.fileChanges, [{ path: `${fixture.repo}/tests/test_app.py`, op: 'create', before: null, after: testP3 }], 'author "(aider)": attributed');
  // The hand commit is named by no history line: no step has it.
  assert.ok(!s1.prompts.flatMap((p) => tools(p.steps)).some((t) => (t.input as { commit?: string }).commit === fixture.commits.hand));
  const shout = tools(s2.prompts[0].steps);
  const dirty = shout.find((t) => (t.input as { commit?: string }).commit === fixture.commits.dirty);
  assert.deepEqual(dirty?.fileChanges, [], 'the user\'s README committed by aider (committer only): not attributed');
  assert.match(dirty?.result?.text ?? '', /not attributed/);
  const shouted = shout.find((t) => (t.input as { commit?: string }).commit === fixture.commits.undone);
  // Undone by /undo: its changes are withdrawn from the prompt (the lines the undo put back keep their prompt).
  assert.deepEqual(shouted?.fileChanges, []);
  assert.match(shouted?.result?.text ?? '', /undone by \/undo/);
  const undo = tools(s2.prompts[1].steps)[0];
  assert.deepEqual([undo.name, undo.fileChanges, (undo.input as { commit?: string }).commit], ['/undo', [], fixture.commits.undone]);
  const last = tools(s2.prompts[2].steps).find((t) => t.name === 'git commit');
  assert.deepEqual(last?.fileChanges, [{ path: `${fixture.repo}/src/app.py`, op: 'update', before: appHand, after: appP6 }]);
  // Restore sources: each file as the commit's parent had it, once per prompt.
  const backups = one.ops.flatMap((o) => (o.op === 'fileBackup' ? [[o.promptId.replace(/^.*\//, ''), o.path.slice(fixture.repo.length + 1), o.backupPath === null ? null : (o.backup && 'text' in o.backup ? o.backup.text : undefined)]] : []));
  assert.deepEqual(backups, [
    ['p1', 'src/app.py', appInitial],
    ['p3', 'tests/test_app.py', null],
    ['p1', 'src/app.py', appHand],
    ['p3', 'src/app.py', appHand],
  ]);
});

async function engineFor(workspace: string): Promise<IndexEngine> {
  const engine = new IndexEngine();
  await engine.configure(
    makeIndexConfig(
      { storageDir: undefined, wasmPath: wasm, workspaceFolders: [workspace], home: '/nonexistent-home', env: {} },
      { agents: Object.fromEntries(agentRegistry.ids.map((id) => [id, { enabled: id === 'aider', roots: [] }])), sqliteWasmPath },
    ),
  );
  await engine.refresh();
  return engine;
}

test('index: found in the workspace (not the decoy), blame of committed lines names their prompts, restore gives the commit before', async () => {
  const engine = await engineFor(fixture.repo);
  try {
    const sessions = await engine.listSessions();
    assert.deepEqual(
      sessions.map((s) => [s.agent, s.startedAt, s.promptCount]).sort(),
      [
        ['aider', fixture.times.s1.iso, 3],
        ['aider', fixture.times.s2.iso, 3],
      ],
    );
    const file = join(fixture.repo, 'src/app.py');
    const content = readFileSync(file, 'utf8');
    assert.equal(content, appP6);
    const basis = await engine.blameBasis(file);
    const lines = basis ? new BlameEngine(applyRecordedPatch).blame(basis.replayed, content, basis.shellRuns).lines : [];
    const s1 = sessions.find((s) => s.startedAt === fixture.times.s1.iso)?.id;
    const s2 = sessions.find((s) => s.startedAt === fixture.times.s2.iso)?.id;
    const name = (i: number): string | null => {
      const l = lines[i];
      return l ? `${l.sessionId === s1 ? 's1' : l.sessionId === s2 ? 's2' : l.sessionId} #${l.promptIndex}` : null;
    };
    assert.deepEqual(
      content.split('\n').slice(0, -1).map((text, i) => [text, text.trim() === '' ? 'blank' : name(i)]),
      [
        ['# app entry point', null],
        ['def greet(name):', 's1 #1'],
        ['    """Greet someone."""', 's2 #3'],
        ['    return f"Hello, {name}!"', 's1 #1'],
        ['', 'blank'],
        ['', 'blank'],
        ['def main():', null],
        ['    print(greet("world"))', 's1 #1'],
        ['', 'blank'],
        ['', 'blank'],
        ['if __name__ == "__main__":', null],
        ['    main()', null],
      ],
      'the hand-written comment and the first commit\'s lines are nobody\'s prompt',
    );
    for (const [session, prompt, want] of [
      [s1, 1, appInitial],
      [s2, 3, appHand],
    ] as const) {
      const key = sessions.find((s) => s.id === session)?.key ?? '';
      const data = await engine.checkpointData(key);
      assert.ok(data);
      const current = new Map<string, string | null>([[file, content]]);
      const checkpoint = new CheckpointResolver(data.histories, recordedPatchOps, current).checkpoint(prompt);
      const state = checkpoint.files.find((f) => f.path === file)?.state;
      assert.deepEqual(state, { kind: 'content', content: want }, `src/app.py before prompt ${prompt}: the parent of its commit`);
    }
  } finally {
    await engine.dispose();
  }
});

test('agent-trail show and restore through the CLI', () => {
  const cli = join(process.cwd(), 'dist/cli.js');
  const home = mkdtempSync(join(tmpdir(), 'at-aider-home-'));
  const run = (args: string[]): { code: number | null; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, [cli, ...args, '--workspace', fixture.repo], { encoding: 'utf8', input: '', env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CACHE_HOME: join(home, 'cache') } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  try {
    const list = run(['sessions', '--json']);
    assert.equal(list.code, 0, list.stderr);
    const sessions = JSON.parse(list.stdout) as { id: string; agent: string; startedAt: string }[];
    assert.deepEqual(sessions.map((s) => s.agent), ['aider', 'aider']);
    const s2 = sessions.find((s) => s.startedAt === fixture.times.s2.iso)?.id ?? '';
    const show = run(['show', s2]);
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /make greet shout/);
    assert.match(show.stdout, /add a docstring to greet/);
    assert.match(show.stdout, /#3 [^\n]*\n {2}> add a docstring to greet\n {2}> keep it short\n {2}changed: src\/app\.py\n/);
    assert.doesNotMatch(show.stdout, /#1 [^\n]*\n {2}> make greet shout\n {2}changed/, 'the undone commit changes nothing');
    const json = run(['show', s2, '--json']);
    assert.equal(json.code, 0, json.stderr);
    const detail = JSON.parse(json.stdout) as { prompts: { steps: { name?: string; input?: { subject?: string } }[] }[] };
    assert.deepEqual(
      detail.prompts[2].steps.filter((t) => t.name === 'git commit').map((t) => t.input?.subject),
      ['feat: Add a docstring to greet'],
    );
    const restore = run(['restore', s2, '--before-prompt', '3', '--yes']);
    assert.equal(restore.code, 0, restore.stderr + restore.stdout);
    assert.equal(readFileSync(join(fixture.repo, 'src/app.py'), 'utf8'), appHand, 'the commit before prompt 3\'s');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
