// The Cline and Roo Code VS Code extensions' tasks (docs/formats/clineTasks.md), on the fixture
// test/fixtures/clineTasks built into a temp folder by its materialize.sh (the workspace, a decoy folder, both
// extensions' globalStorage and their shadow-git checkpoints). End to end through dist/cli.js (npm test builds it)
// with HOME at the fixture, so the editors' default storage folders are what is read; the adapters directly for the
// shapes; hand-written damage for malformed input.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { agentRegistry } from '../../../../src/adapters/agentRegistry';
import { clineAdapter } from '../../../../src/adapters/cline/clineAdapter';
import { clineCwdHash } from '../../../../src/adapters/clineTasks/shadowCheckpoints';
import { searchReplaceBlocks, searchReplaceHunks } from '../../../../src/adapters/clineTasks/searchReplace';
import { rooAdapter } from '../../../../src/adapters/roo/rooAdapter';
import type { IndexOp } from '../../../../src/core/ops';
import { buildTimeline } from '../../../../src/core/timeline/timelineModel';
import { makeIndexConfig } from '../../../../src/indexer/indexConfig';
import { IndexEngine } from '../../../../src/indexer/indexEngine';
import { runAdapter } from '../../helpers/parseWithAdapter';

const cli = join(process.cwd(), 'dist/cli.js');
let root = '';
let ws = '';
let storage = '';
const clineTask = '1780300000000';
const rooTask = '5b1c2d3e-0000-4000-8000-000000000001';

before(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'at-cline-tasks-')));
  execFileSync('bash', [join(process.cwd(), 'test/fixtures/clineTasks/materialize.sh'), root]);
  ws = join(root, 'project');
  storage = join(root, 'home/.config/Code/User/globalStorage');
});

after(() => rmSync(root, { recursive: true, force: true }));

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args, '--workspace', ws], {
    cwd: ws,
    encoding: 'utf8',
    input: '',
    env: { PATH: process.env.PATH ?? '', HOME: join(root, 'home'), XDG_CACHE_HOME: join(root, 'cache') },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json<T>(args: string[]): T {
  const r = run([...args, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as T;
}

function file(agent: 'cline' | 'roo', dir: string, id: string): { agent: 'cline' | 'roo'; path: string; mode: 'whole' } {
  return { agent, path: join(storage, dir, 'tasks', id, 'ui_messages.json'), mode: 'whole' };
}

test('the index lists the workspace\'s tasks of both extensions from the editors\' storage, not the decoys', () => {
  const sessions = json<{ id: string; agent: string; promptCount: number }[]>(['sessions']);
  assert.deepEqual(
    sessions.map((s) => [s.agent, s.id, s.promptCount]).sort(),
    [
      ['cline', '1780300000000', 2],
      ['cline', '1780300100000', 1],
      ['roo', rooTask, 1],
    ],
  );
});

test('show: prompts, edits, commands with output and exit codes, the model', () => {
  const cline = json<{ prompts: { text: string; steps: { name?: string; command?: { command: string; output: string; exitCode: number | null } }[] }[]; model?: string }>(['show', clineTask]);
  assert.deepEqual(
    cline.prompts.map((p) => p.text),
    ['Create a greeting module and document util.add', 'Now describe the project in the README and note that you are done'],
  );
  const npm = cline.prompts[0].steps.find((s) => s.command?.command === 'npm test')?.command;
  // Cline's results state no exit code: unknown, not 0.
  assert.deepEqual(npm, { command: 'npm test', exitCode: null, output: '> demo@1.0.0 test\n> node --test\nok 1 - greet\n# pass 1', cwd: ws });
  const roo = json<{ agent: string; prompts: { steps: { command?: { exitCode: number | null; output: string } }[] }[] }>(['show', rooTask]);
  assert.equal(roo.agent, 'roo');
  const test1 = roo.prompts[0].steps.find((s) => s.command)?.command;
  assert.equal(test1?.exitCode, 1);
  assert.equal(test1?.output, 'not ok 1 - greet\n# fail 1');
});

test('blame names the Cline prompt that wrote a line and the Roo Code prompt that changed one', () => {
  const b = json<{ lines: { line: number; attribution?: { agent: string; sessionId: string; promptIndex: number } }[] }>(['blame', 'src/greet.js']);
  assert.deepEqual(
    b.lines.map((l) => (l.attribution ? `${l.attribution.agent} ${l.attribution.sessionId} #${l.attribution.promptIndex}` : null)),
    [`cline ${clineTask} #1`, `roo ${rooTask} #1`, `cline ${clineTask} #1`, `cline ${clineTask} #1`],
  );
  const u = json<{ lines: { attribution?: { sessionId: string } }[] }>(['blame', 'src/util.js']);
  assert.deepEqual(
    u.lines.map((l) => l.attribution?.sessionId ?? null),
    [null, clineTask, null, null, null],
  );
});

test('restore from the shadow-git checkpoints: the files before each prompt, a file a command made absent', () => {
  const plan = json<{ files: { path: string; action: string; content?: string }[] }>(['restore', clineTask, '--before-prompt', '1', '--dry-run']);
  assert.deepEqual(
    plan.files.map((f) => [f.path, f.action, f.content]),
    [
      ['README.md', 'write', '# Demo\n'],
      ['notes.txt', 'delete', undefined],
      ['src/greet.js', 'delete', undefined],
      ['src/util.js', 'write', 'function add(a, b) {\n  return a + b;\n}\nmodule.exports = { add };\n'],
    ],
  );
  const second = json<{ files: { path: string; action: string; content?: string }[] }>(['restore', clineTask, '--before-prompt', '2', '--dry-run']);
  assert.deepEqual(
    second.files.map((f) => [f.path, f.action]),
    [
      ['README.md', 'write'],
      ['notes.txt', 'delete'],
    ],
  );
  const roo = json<{ files: { path: string; action: string; content?: string }[] }>(['restore', rooTask, '--before-prompt', '1', '--dry-run']);
  assert.deepEqual(
    roo.files.map((f) => [f.path, f.action, f.content]),
    [
      ['src/farewell.js', 'delete', undefined],
      ['src/greet.js', 'write', 'function greet(name) {\n  return `Hello, ${name}!`;\n}\nmodule.exports = { greet };\n'],
    ],
  );
});

function backups(ops: IndexOp[]): [string, string | null][] {
  return ops.flatMap((o) => (o.op === 'fileBackup' ? [[o.path.slice(ws.length + 1), o.backup && 'text' in o.backup ? o.backup.text : null] as [string, string | null]] : []));
}

test('the adapters: cwd from the task history, the API history and history_item.json; saved contents; no issues', () => {
  const cline = runAdapter(clineAdapter, [file('cline', 'saoudrizwan.claude-dev', clineTask), file('cline', 'saoudrizwan.claude-dev', '1780300100000')]);
  assert.deepEqual(cline.issues.map((i) => i.message), ['message kinds not known: say:some_future_kind']);
  assert.deepEqual(cline.sessions.map((s) => s.cwd), [ws, ws]);
  assert.deepEqual(
    cline.ops.flatMap((o) => (o.op === 'step' && o.step.type === 'tool' ? [o.step.name] : [])),
    ['write_to_file', 'replace_in_file', 'execute_command', 'write_to_file', 'execute_command', 'read_file', 'list_files'],
  );
  const changes = cline.ops.flatMap((o) => (o.op === 'step' ? (o.step.fileChanges ?? []) : []));
  assert.deepEqual(
    changes.map((c) => [c.path.slice(ws.length + 1), c.op, c.after]),
    [
      ['src/greet.js', 'create', 'function greet(name) {\n  return `Hello, ${name}!`;\n}\nmodule.exports = { greet };\n'],
      ['src/util.js', 'update', 'function add(a, b) {\n  // sum of two numbers\n  return a + b;\n}\nmodule.exports = { add };\n'],
      ['README.md', 'update', '# Demo\n\nGreets people.\n'],
    ],
  );
  // Prompt 1 at its first checkpoint (before the new file), prompt 2 at the one after the feedback.
  assert.deepEqual(backups(cline.ops).sort(), [
    ['README.md', '# Demo\n'],
    ['notes.txt', null],
    ['src/greet.js', null],
    ['src/util.js', 'function add(a, b) {\n  return a + b;\n}\nmodule.exports = { add };\n'],
  ]);
  const roo = runAdapter(rooAdapter, [file('roo', 'rooveterinaryinc.roo-cline', rooTask)]);
  assert.deepEqual(roo.issues, []);
  const rooChanges = roo.ops.flatMap((o) => (o.op === 'step' ? (o.step.fileChanges ?? []) : []));
  assert.deepEqual(
    rooChanges.map((c) => [c.path.slice(ws.length + 1), c.op, c.patch]),
    [
      ['src/greet.js', 'update', '@@ -2,1 +2,1 @@\n-  return `Hello, ${name}!`;\n+  return `Hi, ${name}!`;\n'],
      ['src/farewell.js', 'create', '===================================================================\n--- /dev/null\n+++ src/farewell.js\n@@ -0,0 +1,4 @@\n+function farewell(name) {\n+  return `Bye, ${name}!`;\n+}\n+module.exports = { farewell };\n'],
    ],
  );
});

test('Cline keeps its checkpoints in a repository named by the folder\'s hash (hashWorkingDir)', () => {
  // h = (h*31 + code) >>> 0, decimal, cut to 13 digits: the values Cline's own function gives.
  assert.equal(clineCwdHash('/a'), String((47 * 31 + 97) >>> 0));
  assert.equal(clineCwdHash('/home/user/projects/my-app').length <= 13, true);
});

test('Roo SEARCH/REPLACE blocks become hunks at their start lines; Cline\'s, without lines, none', () => {
  const roo = searchReplaceBlocks('<<<<<<< SEARCH\n:start_line:3\n-------\na\nb\n=======\nc\n>>>>>>> REPLACE\n\n<<<<<<< SEARCH\n:start_line:9\n-------\nx\n=======\ny\nz\n>>>>>>> REPLACE');
  assert.ok(roo);
  assert.equal(searchReplaceHunks(roo), '@@ -3,2 +3,1 @@\n-a\n-b\n+c\n@@ -9,1 +8,2 @@\n-x\n+y\n+z\n');
  const cline = searchReplaceBlocks('------- SEARCH\na\n=======\nb\n+++++++ REPLACE');
  assert.ok(cline);
  assert.equal(searchReplaceHunks(cline), undefined);
  assert.equal(searchReplaceBlocks('------- SEARCH\na\n======='), undefined);
});

test('malformed tasks: cut-off JSON, not an array, bad messages, a tool message that is not JSON, a gone repository', () => {
  const dir = join(root, 'broken/saoudrizwan.claude-dev/tasks');
  const write = (id: string, text: string): { agent: 'cline'; path: string; mode: 'whole' } => {
    mkdirSync(join(dir, id), { recursive: true });
    writeFileSync(join(dir, id, 'ui_messages.json'), text);
    return { agent: 'cline', path: join(dir, id, 'ui_messages.json'), mode: 'whole' };
  };
  const cut = runAdapter(clineAdapter, [write('1', '[{"ts":1,"type":"say","say":"task","text":"hi"},{"ts":2')]);
  assert.deepEqual(cut.issues.map((i) => i.kind), ['invalid-json']);
  assert.deepEqual(cut.ops, []);
  const notArray = runAdapter(clineAdapter, [write('2', '{"messages":[]}')]);
  assert.deepEqual(notArray.issues.map((i) => i.kind), ['unknown-record']);
  writeFileSync(join(dir, '..', 'state.json'), '');
  mkdirSync(join(dir, '3'), { recursive: true });
  writeFileSync(join(dir, '3', 'api_conversation_history.json'), '[{"role":"user","content":"<environment_details>\\n# Current Working Directory (/nonexistent/agent-trail/gone) Files\\n</environment_details>"}]');
  writeFileSync(join(dir, '3', 'task_metadata.json'), '{not json');
  const bad = runAdapter(clineAdapter, [
    write(
      '3',
      JSON.stringify([
        { ts: 1, type: 'say', say: 'reasoning', text: 'before any prompt' },
        'junk',
        { ts: 2, type: 'what' },
        { ts: 3, type: 'say', say: 'task', text: 'do it' },
        { ts: 4, type: 'say', say: 'tool', text: '{"tool":"newFileCreated"' },
        { ts: 5, type: 'say', say: 'checkpoint_created', lastCheckpointHash: 'deadbeefdeadbeef' },
        { ts: 6, type: 'say', say: 'tool', text: JSON.stringify({ tool: 'newFileCreated', path: 'a.js', content: 'a\n' }) },
      ]),
    ),
  ]);
  assert.deepEqual(bad.issues.map((i) => i.kind).sort(), ['invalid-json', 'invalid-json', 'missing-field', 'unknown-record', 'unknown-record']);
  assert.equal(bad.sessions[0].cwd, '/nonexistent/agent-trail/gone');
  assert.deepEqual(
    bad.sessions[0].prompts.map((p) => p.text),
    ['do it'],
  );
  // The folder is gone: its checkpoint cannot be read, and that is no error.
  assert.equal(bad.ops.filter((o) => o.op === 'fileBackup').length, 0);
});

async function engineAt(): Promise<IndexEngine> {
  const engine = new IndexEngine();
  await engine.configure(
    makeIndexConfig(
      { storageDir: undefined, wasmPath: join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm'), workspaceFolders: [ws], home: join(root, 'home'), env: {} },
      {
        agents: Object.fromEntries(agentRegistry.ids.map((id) => [id, { enabled: id === 'cline' || id === 'roo', roots: [] }])),
        editorUserDirs: [join(root, 'home/.config/Code/User')],
        sqliteWasmPath: join(process.cwd(), 'node_modules/@sqlite.org/sqlite-wasm/dist/sqlite3.wasm'),
      },
    ),
  );
  await engine.refresh();
  return engine;
}

test('timeline: prompts with their edits, commands and failures; a prompt\'s diff has the checkpoint\'s before', async () => {
  const engine = await engineAt();
  try {
    const detail = await engine.sessionDetail(`roo:${rooTask}`);
    assert.ok(detail);
    const timeline = buildTimeline(`roo:${rooTask}`, detail);
    assert.equal(timeline.agentLabel, 'Roo Code');
    assert.deepEqual(
      [timeline.counts.prompts, timeline.counts.edits, timeline.counts.commands, timeline.counts.failures, timeline.counts.filesChanged],
      [1, 2, 1, 1, 2],
    );
    const cline = await engine.sessionDetail(`cline:${clineTask}`);
    assert.ok(cline);
    const diff = await engine.promptFileDiff(`cline:${clineTask}`, cline.prompts[0].id, join(ws, 'src/util.js'));
    assert.equal(diff.before, 'function add(a, b) {\n  return a + b;\n}\nmodule.exports = { add };\n');
    assert.equal(diff.after, 'function add(a, b) {\n  // sum of two numbers\n  return a + b;\n}\nmodule.exports = { add };\n');
    // Roo's apply_diff is a patch: replayed over the checkpoint's content, its result is exact.
    const roo = await engine.promptFileDiff(`roo:${rooTask}`, detail.prompts[0].id, join(ws, 'src/greet.js'));
    assert.equal(roo.before, 'function greet(name) {\n  return `Hello, ${name}!`;\n}\nmodule.exports = { greet };\n');
    assert.equal(roo.after, readFileSync(join(ws, 'src/greet.js'), 'utf8'));
  } finally {
    await engine.dispose();
  }
});

test('a task rewritten whole is read again: a new prompt appears; the watch scope names the transcript only', async () => {
  for (const d of [agentRegistry.get('cline'), agentRegistry.get('roo')]) {
    assert.ok(d);
    assert.equal(d.watch.descend(['tasks', clineTask]), true);
    assert.equal(d.watch.relevant(['tasks', clineTask, 'ui_messages.json']), 'transcript');
    assert.equal(d.watch.relevant(['tasks', clineTask, 'api_conversation_history.json']), undefined);
    assert.equal(d.watch.relevant(['tasks', clineTask, 'ui_messages.json.tmp.1.abc.json']), undefined);
  }
  const path = join(storage, 'rooveterinaryinc.roo-cline/tasks', rooTask, 'ui_messages.json');
  const engine = await engineAt();
  try {
    const messages = JSON.parse(readFileSync(path, 'utf8')) as unknown[];
    messages.push({ ts: 1780300309000, type: 'say', say: 'user_feedback', text: 'Thanks, that is all' });
    writeFileSync(path, JSON.stringify(messages));
    await engine.refresh();
    const detail = await engine.sessionDetail(`roo:${rooTask}`);
    assert.deepEqual(detail?.prompts.map((p) => p.text), ['Greet more casually and add a farewell', 'Thanks, that is all']);
  } finally {
    await engine.dispose();
  }
});
