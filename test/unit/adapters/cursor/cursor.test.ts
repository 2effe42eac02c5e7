// Cursor (test/fixtures/cursor, written by its generate.py; README.md there says where each shape comes from): the
// editor's agent transcripts (nested with a subagent, flat JSONL, older text, another project's as a decoy) and a
// cursor-agent CLI chat (store.db, with a WAL variant), through the real index; the real public transcript as golden.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { agentRegistry } from '../../../../src/adapters/agentRegistry';
import { discoverCursorSources } from '../../../../src/adapters/cursor/discovery';
import { chatsHash, comparableSlug, cursorDefaultRoots, projectSlug, sourceKind, storeOf } from '../../../../src/adapters/cursor/paths';
import { decodeRootBlob } from '../../../../src/adapters/cursor/rootBlob';
import { initialTranscriptState, parseTranscriptLines } from '../../../../src/adapters/cursor/transcriptParser';
import { cursorAgent } from '../../../../src/adapters/cursor/cursorAgent';
import { makeIndexConfig } from '../../../../src/indexer/indexConfig';
import { IndexEngine } from '../../../../src/indexer/indexEngine';
import { buildTimeline } from '../../../../src/core/timeline/timelineModel';
import { BlameEngine } from '../../../../src/core/blame/blameEngine';
import { applyRecordedPatch } from '../../../../src/store/recordedPatch';
import type { ParseIssue } from '../../../../src/core/ops';
import type { TranscriptFile, TranscriptLine } from '../../../../src/adapters/adapter';
import type { ToolCallStep } from '../../../../src/core/model';

const fixtures = join(process.cwd(), 'test/fixtures/cursor');
const ws = '/home/dev/cursor-demo';
const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');
const sqliteWasmPath = join(process.cwd(), 'node_modules/@sqlite.org/sqlite-wasm/dist/sqlite3.wasm');
const chatId = 'f1ff7b74-0a28-4dd4-a452-e01ae080eb20';
const fileTime = '2026-01-01T00:00:00.000Z';
const dirs: string[] = [];
after(() => {
  for (const d of dirs) {
    rmSync(d, { recursive: true, force: true });
  }
});

/** A private copy of the fixture's `~/.cursor` (the committed files are never opened: SQLite could touch them). */
function copyRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'at-cursor-'));
  dirs.push(dir);
  cpSync(join(fixtures, 'home', '.cursor'), join(dir, '.cursor'), { recursive: true });
  // A checkout gives files the time it wrote them: the times the tests expect are set here, not kept in git.
  const at = new Date(fileTime);
  for (const entry of readdirSync(join(dir, '.cursor'), { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      utimesSync(join(entry.parentPath, entry.name), at, at);
    }
  }
  return join(dir, '.cursor');
}

async function engineOver(root: string): Promise<IndexEngine> {
  const engine = new IndexEngine();
  await engine.configure(
    makeIndexConfig(
      { storageDir: undefined, wasmPath: wasm, workspaceFolders: [ws], home: '/nonexistent-home', env: {} },
      { agents: Object.fromEntries(agentRegistry.ids.map((id) => [id, { enabled: id === 'cursor', roots: id === 'cursor' ? [root] : [] }])), sqliteWasmPath },
    ),
  );
  await engine.refresh();
  return engine;
}

function storePath(root: string): string {
  return join(root, 'chats', chatsHash(ws), chatId, 'store.db');
}

test('slug and hash rules: the workspace path names its folders', () => {
  assert.equal(projectSlug('/Users/x/github/joinera'), 'Users-x-github-joinera');
  assert.equal(projectSlug('/Users/aidancunniffe/Desktop/testing-gitflows-git-ai'), 'Users-aidancunniffe-Desktop-testing-gitflows-git-ai');
  assert.equal(comparableSlug(projectSlug('C:\\Dev\\proj')), comparableSlug('c-Dev-proj'));
  assert.equal(comparableSlug(projectSlug('C:\\Programm')), 'c-Programm');
  assert.notEqual(comparableSlug(projectSlug('/home/dev/other-project')), comparableSlug(projectSlug(ws)));
  assert.equal(chatsHash(ws), '00b374a8f68e818360eb094bf6601239');
  assert.equal(sourceKind('/h/.cursor/chats/abc/id/store.db'), 'chatStore');
  assert.equal(sourceKind('/h/.cursor/projects/p/agent-transcripts/a/a.jsonl'), 'transcript');
  assert.equal(sourceKind('/h/.cursor/projects/p/agent-transcripts/a.txt'), 'textTranscript');
  assert.equal(sourceKind('/h/.cursor/projects/p/agent-tools/x.txt'), undefined);
});

test('watch scope: transcripts, subagents and chat stores are sources; a WAL change is its store', () => {
  const w = cursorAgent.watch;
  assert.equal(w.relevant(['projects', 'p', 'agent-transcripts', 'a.jsonl']), 'transcript');
  assert.equal(w.relevant(['projects', 'p', 'agent-transcripts', 'a', 'a.jsonl']), 'transcript');
  assert.equal(w.relevant(['projects', 'p', 'agent-transcripts', 'a', 'subagents', 'b.jsonl']), 'transcript');
  assert.equal(w.relevant(['projects', 'p']), 'layout');
  assert.equal(w.relevant(['projects', 'p', 'agent-tools', 'x.txt']), undefined);
  assert.equal(w.relevant(['chats', 'h', 'id', 'store.db-wal']), 'transcript');
  assert.equal(w.relevant(['chats', 'h', 'id', 'store.db-shm']), undefined);
  assert.equal(w.sourceOf?.('/r/chats/h/id/store.db-wal'), '/r/chats/h/id/store.db');
  assert.ok(w.descend(['projects', 'p', 'agent-transcripts', 'a', 'subagents']));
  assert.ok(!w.descend(['projects', 'p', 'agent-tools']));
});

test('discovery: the workspace transcripts (both layouts, subagent, text) and its chat store; never the decoy', async () => {
  const root = copyRoot();
  const issues: ParseIssue[] = [];
  const files = await discoverCursorSources([root], [ws], issues);
  assert.deepEqual(issues, []);
  const rel = files.map((f) => `${f.mode} ${f.path.slice(root.length + 1)}${f.parentSessionId ? ` < ${f.parentSessionId.slice(0, 8)}` : ''}`).sort();
  assert.deepEqual(rel, [
    'append projects/home-dev-cursor-demo/agent-transcripts/aaaa1111-0000-4000-8000-000000000001/aaaa1111-0000-4000-8000-000000000001.jsonl',
    'append projects/home-dev-cursor-demo/agent-transcripts/aaaa1111-0000-4000-8000-000000000001/subagents/bbbb2222-0000-4000-8000-000000000002.jsonl < aaaa1111',
    'append projects/home-dev-cursor-demo/agent-transcripts/cccc3333-0000-4000-8000-000000000003.jsonl',
    `database chats/${chatsHash(ws)}/${chatId}/store.db`,
    'whole projects/home-dev-cursor-demo/agent-transcripts/dddd4444-0000-4000-8000-000000000004.txt',
  ]);
  assert.ok(files.every((f) => f.cwdHint === ws));
  const decoy = await discoverCursorSources([root], ['/home/dev/other-project'], []);
  assert.deepEqual(decoy.map((f) => f.path.slice(root.length + 1)).sort(), [
    `chats/${chatsHash('/home/dev/other-project')}/0dec0000-0000-4000-8000-000000000006/store.db`,
    'projects/home-dev-other-project/agent-transcripts/eeee5555-0000-4000-8000-000000000005.jsonl',
  ]);
});

test('index: sessions, prompts, steps, edits and commands of both sources, times honest', async () => {
  const root = copyRoot();
  const engine = await engineOver(root);
  try {
    const sessions = await engine.listSessions();
    const byId = new Map(sessions.map((s) => [s.id, s]));
    assert.deepEqual([...byId.keys()].sort(), [
      'aaaa1111-0000-4000-8000-000000000001',
      'bbbb2222-0000-4000-8000-000000000002',
      'cccc3333-0000-4000-8000-000000000003',
      'dddd4444-0000-4000-8000-000000000004',
      chatId,
    ]);
    assert.ok(sessions.every((s) => s.agent === 'cursor'));

    // Nested transcript: two prompts; Write with its content; Shell without a result (not recorded); a subagent child.
    const a = await engine.sessionDetail(byId.get('aaaa1111-0000-4000-8000-000000000001')!.key);
    assert.ok(a);
    assert.equal(a.cwd, ws);
    assert.deepEqual(a.prompts.map((p) => p.text), ['Create src/notes.js with an add function', 'Rename add to sum']);
    assert.ok(a.prompts.every((p) => p.timestamp === fileTime), 'the file time, the same for every line of a reading');
    const steps = a.prompts.flatMap((p) => p.steps);
    assert.ok(steps.every((s) => s.type !== 'text' || !s.text.includes('[REDACTED]')));
    assert.deepEqual(steps.filter((s) => s.type === 'text').map((s) => (s.type === 'text' ? s.text : '')), ['Creating `src/notes.js`.', 'Renamed `add` to `sum`; no callers needed changes.']);
    const tools = steps.filter((s): s is ToolCallStep => s.type === 'tool');
    assert.deepEqual(tools.map((t) => `${t.name}:${t.kind}`), ['Write:write', 'Shell:shell', 'StrReplace:edit', 'StrReplace:edit', 'Task:agent']);
    assert.deepEqual(tools[0].fileChanges, [{ path: `${ws}/src/notes.js`, op: 'update', after: 'function add(a, b) {\n  return a + b;\n}\nmodule.exports = { add };\n' }]);
    assert.deepEqual(tools[1].command, { command: "node -e \"require('./src/notes.js')\"", cwd: ws, exitCode: null, output: '' });
    assert.equal(tools[1].result, undefined, 'no result is recorded');
    assert.equal(tools[2].fileChanges[0].before, 'function add(a, b) {\n  return a + b;\n}\nmodule.exports = { add };\n');
    const sub = byId.get('bbbb2222-0000-4000-8000-000000000002');
    assert.equal((await engine.sessionDetail(sub!.key))?.parentSessionId, 'aaaa1111-0000-4000-8000-000000000001');

    // A relative path resolves against the workspace; the text transcript keeps its call and result.
    const c = await engine.sessionDetail(byId.get('cccc3333-0000-4000-8000-000000000003')!.key);
    assert.equal((c?.prompts[0].steps.find((s) => s.type === 'tool') as ToolCallStep).fileChanges[0].path, `${ws}/README.md`);
    const d = await engine.sessionDetail(byId.get('dddd4444-0000-4000-8000-000000000004')!.key);
    assert.deepEqual(d?.prompts.map((p) => p.text), ['What does src/notes.js export?']);
    const read = d?.prompts[0].steps.find((s) => s.type === 'tool') as ToolCallStep;
    assert.equal(read.name, 'Read');
    assert.equal(read.result?.text, 'module.exports = { sum };');

    // The CLI chat: title, model, recorded creation time, edits and the command with its exit code and output.
    const chat = await engine.sessionDetail(byId.get(chatId)!.key);
    assert.ok(chat);
    assert.equal(chat.title, 'Greet function');
    assert.deepEqual(chat.models, ['claude-4.5-sonnet']);
    assert.equal(chat.cwd, ws);
    assert.deepEqual(chat.prompts.map((p) => p.text), ['Add a greet function in src/greet.js'], 'the <user_info> context message is no prompt');
    assert.equal(chat.prompts[0].timestamp, new Date(1767225000000).toISOString(), 'createdAt: recorded');
    const chatTools = chat.prompts[0].steps.filter((s): s is ToolCallStep => s.type === 'tool');
    assert.deepEqual(chatTools.map((t) => t.name), ['Write', 'StrReplace', 'Shell']);
    assert.deepEqual(chatTools[1].fileChanges.map((f) => [f.before?.includes("'Hello, '"), f.after?.includes("'Hi, '")]), [[true, true]]);
    assert.deepEqual(chatTools[2].command, { command: 'node src/greet.js', cwd: ws, exitCode: 0, output: 'Hi, world' });
    assert.ok(chat.prompts[0].steps.some((s) => s.type === 'reasoning'));
  } finally {
    await engine.dispose();
  }
});

test('blame: lines the StrReplace calls changed are the prompt that made them; a Write of unknown before is not claimed', async () => {
  const root = copyRoot();
  const engine = await engineOver(root);
  try {
    const notes = 'function sum(a, b) {\n  return a + b;\n}\nmodule.exports = { sum };\n';
    const basis = await engine.blameBasis(`${ws}/src/notes.js`);
    assert.ok(basis);
    const lines = new BlameEngine(applyRecordedPatch).blame(basis.replayed, notes, basis.shellRuns).lines;
    assert.deepEqual(lines.map((l) => l?.promptIndex ?? null), [2, null, null, 2]);
    assert.ok(lines.every((l) => l === null || l.agent === 'cursor'));
    const greet = "function greet(name) {\n  return 'Hi, ' + name;\n}\nconsole.log(greet('world'));\n";
    const chatBasis = await engine.blameBasis(`${ws}/src/greet.js`);
    assert.ok(chatBasis);
    const chatLines = new BlameEngine(applyRecordedPatch).blame(chatBasis.replayed, greet, chatBasis.shellRuns).lines;
    assert.deepEqual(chatLines.map((l) => l?.promptIndex ?? null), [null, 1, null, null]);
  } finally {
    await engine.dispose();
  }
});

test('live: a transcript that grows and a chat store whose new rows are only in its WAL', async () => {
  const root = copyRoot();
  const engine = await engineOver(root);
  try {
    const flat = join(root, 'projects', 'home-dev-cursor-demo', 'agent-transcripts', 'cccc3333-0000-4000-8000-000000000003.jsonl');
    appendFileSync(flat, `${JSON.stringify({ role: 'user', message: { content: [{ type: 'text', text: '<user_query>\nAdd a license\n</user_query>' }] } })}\n`);
    // A half-written line is not read until it is complete.
    appendFileSync(flat, '{"role":"assistant","message":{"content":[{"type":"text","text":"Adding');
    const store = storePath(root);
    copyFileSync(join(fixtures, 'store-with-wal', 'store.db'), store);
    copyFileSync(join(fixtures, 'store-with-wal', 'store.db-wal'), `${store}-wal`);
    await engine.refresh();
    const sessions = await engine.listSessions();
    const c = sessions.find((s) => s.id === 'cccc3333-0000-4000-8000-000000000003');
    assert.deepEqual((await engine.listPrompts(c!.key)).map((p) => p.text), ['Write a README', 'Add a license']);
    appendFileSync(flat, ' LICENSE."}]}}\n');
    await engine.refresh();
    const grown = await engine.sessionDetail(c!.key);
    assert.deepEqual(grown?.prompts[1].steps.map((s) => (s.type === 'text' ? s.text : s.type)), ['Adding LICENSE.']);

    const chat = await engine.sessionDetail(sessions.find((s) => s.id === chatId)!.key);
    assert.deepEqual(chat?.prompts.map((p) => p.text), ['Add a greet function in src/greet.js', 'Run the tests']);
    const shell = chat?.prompts[1].steps.find((s) => s.type === 'tool') as ToolCallStep;
    assert.deepEqual(shell.command, { command: 'npm test', cwd: ws, exitCode: 1, output: 'npm ERR! Missing script: "test"' });
    assert.deepEqual(chat?.prompts[0].steps.map((s) => s.type), ['reasoning', 'text', 'tool', 'tool', 'tool', 'text'], 'the first prompt is not read twice');
  } finally {
    await engine.dispose();
  }
});

function lines(text: string): TranscriptLine[] {
  let offset = 0;
  return text
    .split('\n')
    .slice(0, -1)
    .map((t, i) => {
      const line = { text: t, offset, lineNo: i + 1 };
      offset += Buffer.byteLength(t) + 1;
      return line;
    });
}

test('golden: the real public transcript (git-ai) gives one prompt, its tool calls in order and the written file', () => {
  const path = join(process.cwd(), 'test/fixtures/public/cursor/gitai-cursor-agent-transcript.jsonl');
  const file: TranscriptFile = { agent: 'cursor', path, mode: 'append', cwdHint: '/Users/aidancunniffe/Desktop/testing-gitflows-git-ai' };
  const out = parseTranscriptLines(file, initialTranscriptState(), lines(readFileSync(path, 'utf8')));
  assert.deepEqual(out.issues, []);
  const prompts = out.ops.filter((o) => o.op === 'prompt');
  assert.deepEqual(prompts.map((p) => (p.op === 'prompt' ? p.text : '')), ["Generate a file with all the HBO shows from the 90's in it"]);
  const steps = out.ops.flatMap((o) => (o.op === 'step' ? [o.step] : []));
  assert.deepEqual(steps.filter((s) => s.type === 'tool').map((s) => s.name), ['Read', 'WebSearch', 'WebFetch', 'Read', 'Read', 'WebSearch', 'Grep', 'WebSearch', 'Write', 'WebSearch']);
  assert.ok(steps.filter((s) => s.type === 'text').every((s) => s.text !== undefined && !s.text.includes('[REDACTED]')));
  const write = steps.find((s) => s.name === 'Write');
  assert.equal(write?.fileChanges?.[0].path, '/Users/aidancunniffe/Desktop/testing-gitflows-git-ai/hbo-shows-1990s.txt');
  assert.match(write?.fileChanges?.[0].after ?? '', /^HBO shows that aired during the 1990s/);
  assert.deepEqual(steps.find((s) => s.name === 'Read')?.reads, [{ path: '/Users/aidancunniffe/Desktop/testing-gitflows-git-ai/pbs-shows-1990s.txt', startLine: 1, endLine: 40 }]);
});

test('malformed transcripts: bad lines are counted issues, the rest is read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'at-cursor-bad-'));
  dirs.push(dir);
  const path = join(dir, 'agent-transcripts', 'bad.jsonl');
  const text = [
    '{"role":"assistant","message":{"content":[{"type":"text","text":"before any prompt"}]}}',
    '{"role":"user","message":{"content":[{"type":"text","text":"<user_query>ok</user_query>"}]}}',
    'not json at all',
    '{"role":"narrator","message":{}}',
    '{"role":"assistant","message":{"content":[{"type":"hologram"},{"type":"tool_use","name":"Shell","input":{"command":"ls"}}]}}',
    '[1,2,3]',
    '',
  ].join('\n');
  const out = parseTranscriptLines({ agent: 'cursor', path, mode: 'append', cwdHint: '/w' }, initialTranscriptState(), lines(text));
  assert.deepEqual(
    out.issues.map((i) => `${i.line}:${i.kind}`),
    ['1:missing-field', '3:invalid-json', '4:unknown-record', '5:unknown-record', '6:invalid-json'],
  );
  assert.deepEqual(out.ops.filter((o) => o.op === 'step').map((o) => (o.op === 'step' ? o.step.name : '')), ['Shell']);
  // A state another version saved (or a damaged one) is not trusted: read on as from a fresh state.
  const odd = parseTranscriptLines({ agent: 'cursor', path, mode: 'append', cwdHint: '/w' }, { started: 'yes', known: { a: 1 }, pending: 'x' } as never, lines(text).slice(1, 2));
  assert.deepEqual(odd.ops.map((o) => o.op), ['session', 'prompt']);
});

test('malformed chat stores: bad meta, a missing root, non-JSON messages are issues, never a crash', async () => {
  const root = copyRoot();
  const store = storePath(root);
  const { loadSqlJs } = await import('../../../../src/store/sqlDatabase');
  const SQL = await loadSqlJs(wasm);
  const db = new SQL.Database(readFileSync(store));
  const msg = Buffer.from(JSON.stringify({ role: 'user', content: '<user_query>hi</user_query>' }));
  const ids = ['aa'.repeat(32), 'bb'.repeat(32), 'cc'.repeat(32)];
  db.run('INSERT INTO blobs (id, data) VALUES (?, ?), (?, ?)', [ids[0], new Uint8Array(Buffer.from('{not json')), ids[1], new Uint8Array(msg)]);
  // A root listing a broken message, a good one and one that is not there.
  const rootBlob = Buffer.concat(ids.map((id) => Buffer.concat([Buffer.from([0x0a, 0x20]), Buffer.from(id, 'hex')])));
  db.run('INSERT INTO blobs (id, data) VALUES (?, ?)', ['dd'.repeat(32), new Uint8Array(rootBlob)]);
  db.run('DELETE FROM meta');
  db.run("INSERT INTO meta (key, value) VALUES ('0', ?), ('x', 'zz-not-hex')", [Buffer.from(JSON.stringify({ agentId: chatId, latestRootBlobId: 'dd'.repeat(32) })).toString('hex')]);
  writeFileSync(store, db.export());
  db.close();
  const decoded = decodeRootBlob(rootBlob);
  assert.equal(decoded?.messageIds.length, 3);
  assert.equal(decodeRootBlob(Buffer.from([0x0a, 0x40, 0x01])), undefined, 'a length past the end is not a root');
  const engine = await engineOver(root);
  try {
    const stats = await engine.stats();
    const counts = JSON.stringify(stats);
    assert.match(counts, /invalid-json/);
    const chat = (await engine.listSessions()).find((s) => s.id === chatId);
    assert.deepEqual((await engine.listPrompts(chat!.key)).map((p) => p.text), ['hi']);
  } finally {
    await engine.dispose();
  }
  // Not a database at all: the reading fails, the index goes on.
  writeFileSync(store, 'not sqlite');
  const broken = await engineOver(root);
  try {
    assert.equal((await broken.listSessions()).filter((s) => s.id.startsWith('aaaa1111')).length, 1);
  } finally {
    await broken.dispose();
  }
});

test('a StrReplace on a file the session never wrote in full replays as a patch of whole lines, or not at all', async () => {
  const { fileChangesOf } = await import('../../../../src/adapters/cursor/toolCalls');
  const known = {};
  const [whole] = fileChangesOf('StrReplace', { path: 'a.js', old_string: 'let x = 1;\n', new_string: 'let x = 2;\nlet y = 3;\n' }, '/w', known);
  assert.equal(whole.before, undefined);
  assert.equal(applyRecordedPatch('// a\nlet x = 1;\n// b\n', whole.patch ?? ''), '// a\nlet x = 2;\nlet y = 3;\n// b\n');
  const [inside] = fileChangesOf('StrReplace', { path: 'a.js', old_string: 'x = 1', new_string: 'x = 2' }, '/w', known);
  assert.equal(applyRecordedPatch('let x = 1;\n', inside.patch ?? ''), undefined, 'a replacement inside a line is not guessed');
  assert.deepEqual(fileChangesOf('StrReplace', { path: 'a.js', old_string: 'x', new_string: 'y', replace_all: true }, '/w', known), [{ path: '/w/a.js', op: 'update' }]);
});

test('agent-trail sessions and show: the Cursor sessions of the workspace with their prompts, files and commands', () => {
  const root = copyRoot();
  const run = (args: string[]): { code: number | null; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, [join(process.cwd(), 'dist/cli.js'), ...args, '--workspace', ws], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent-home', XDG_CACHE_HOME: join(root, '..', 'cache'), CURSOR_CONFIG_DIR: root },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const list = run(['sessions', '--json']);
  assert.equal(list.code, 0, list.stderr);
  const sessions = JSON.parse(list.stdout) as { id: string; agent: string; filesChanged: string[] }[];
  assert.equal(sessions.length, 5);
  assert.ok(sessions.every((s) => s.agent === 'cursor'));
  assert.deepEqual(sessions.find((s) => s.id === chatId)?.filesChanged, ['src/greet.js']);
  const shown = run(['show', 'f1ff7b74', '--json']);
  assert.equal(shown.code, 0, shown.stderr);
  const detail = JSON.parse(shown.stdout) as { timeNote?: string; prompts: { text: string; filesChanged: string[]; commands: { command: string; exitCode: number | null; output: string }[] }[] };
  assert.deepEqual(detail.prompts.map((p) => p.text), ['Add a greet function in src/greet.js']);
  assert.match(detail.timeNote ?? '', /^Cursor records no time per message/);
  assert.deepEqual(detail.prompts[0].commands.map((c) => [c.command, c.exitCode, c.output]), [['node src/greet.js', 0, 'Hi, world']]);
  const text = run(['show', 'aaaa1111']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /> Rename add to sum/);
  assert.match(text.stdout, /^times not recorded: Cursor records no time per message/m, 'the times shown are said to be bounds');
  assert.match(text.stdout, /\$ node -e "require\('\.\/src\/notes\.js'\)"  \[\?\]/, 'exit code not recorded');
});

test('timeline: the chat and the transcript as the timeline shows them (edits, commands, text; no invented results)', async () => {
  const root = copyRoot();
  const engine = await engineOver(root);
  try {
    const sessions = await engine.listSessions();
    const chatKey = sessions.find((s) => s.id === chatId)!.key;
    const chat = buildTimeline(chatKey, (await engine.sessionDetail(chatKey))!);
    assert.equal(chat.agentLabel, 'Cursor');
    assert.deepEqual(chat.counts, { prompts: 1, toolCalls: 3, edits: 2, commands: 1, failures: 0, filesChanged: 1 });
    assert.deepEqual(chat.prompts[0].changedFiles, [`${ws}/src/greet.js`]);
    const steps = chat.prompts[0].steps ?? [];
    assert.deepEqual(steps.map((s) => s.type), ['reasoning', 'text', 'edit', 'edit', 'command', 'text']);
    const command = steps.find((s) => s.type === 'command');
    assert.ok(command && command.type === 'command');
    assert.deepEqual([command.command, command.exitCode, command.output, command.isError], ['node src/greet.js', 0, 'Hi, world', false]);
    const edit = steps.find((s) => s.type === 'edit' && s.name === 'StrReplace');
    assert.ok(edit && edit.type === 'edit');
    assert.deepEqual(edit.files.map((f) => [f.path, f.op, f.added, f.removed]), [[`${ws}/src/greet.js`, 'update', 1, 1]]);

    const aKey = sessions.find((s) => s.id.startsWith('aaaa1111'))!.key;
    const a = buildTimeline(aKey, (await engine.sessionDetail(aKey))!);
    const aSteps = a.prompts.flatMap((p) => p.steps ?? []);
    const shell = aSteps.find((s) => s.type === 'command');
    assert.ok(shell && shell.type === 'command');
    assert.deepEqual([shell.exitCode, shell.output], [null, ''], 'a transcript records no exit code or output');
    const task = aSteps.find((s) => s.type === 'tool' && s.name === 'Task');
    assert.ok(task && task.type === 'tool');
    assert.equal(task.result, '');
  } finally {
    await engine.dispose();
  }
});

test('a chat whose new root does not continue the list read (summarised, rewound) is read again from its start', async () => {
  const root = copyRoot();
  const store = storePath(root);
  const engine = await engineOver(root);
  try {
    const key = (await engine.listSessions()).find((s) => s.id === chatId)!.key;
    assert.deepEqual((await engine.listPrompts(key)).map((p) => p.text), ['Add a greet function in src/greet.js']);
    const { loadSqlJs } = await import('../../../../src/store/sqlDatabase');
    const SQL = await loadSqlJs(wasm);
    const db = new SQL.Database(readFileSync(store));
    const summary = Buffer.from(JSON.stringify({ role: 'user', content: [{ type: 'text', text: '<user_query>\nStart over from the summary\n</user_query>' }] }));
    const summaryId = 'ee'.repeat(32);
    db.run('INSERT INTO blobs (id, data) VALUES (?, ?)', [summaryId, new Uint8Array(summary)]);
    const newRoot = Buffer.concat([Buffer.from([0x0a, 0x20]), Buffer.from(summaryId, 'hex')]);
    db.run('INSERT INTO blobs (id, data) VALUES (?, ?)', ['ff'.repeat(32), new Uint8Array(newRoot)]);
    db.run("UPDATE meta SET value = ? WHERE key = '0'", [Buffer.from(JSON.stringify({ agentId: chatId, latestRootBlobId: 'ff'.repeat(32), name: 'Greet function', createdAt: 1767225000000 })).toString('hex')]);
    writeFileSync(store, db.export());
    db.close();
    const later = new Date(Date.now() + 60_000);
    utimesSync(store, later, later);
    await engine.refresh();
    assert.deepEqual((await engine.listPrompts(key)).map((p) => p.text), ['Start over from the summary'], 'what the old list had is withdrawn');
  } finally {
    await engine.dispose();
  }
});

test('a long chat is read in batches, each with a cursor that resumes after it', async () => {
  const { readChatStore, messagesPerBatch } = await import('../../../../src/adapters/cursor/chatStore');
  const { createHash } = await import('node:crypto');
  const { loadSqlJs } = await import('../../../../src/store/sqlDatabase');
  const SQL = await loadSqlJs(wasm);
  const db = new SQL.Database();
  db.run('CREATE TABLE blobs (id TEXT PRIMARY KEY, data BLOB)');
  db.run('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)');
  const ids: string[] = [];
  const total = messagesPerBatch * 2 + 5;
  for (let i = 0; i < total; i++) {
    const data = Buffer.from(JSON.stringify({ role: 'user', content: `<user_query>prompt ${i}</user_query>` }));
    const id = createHash('sha256').update(data).digest('hex');
    db.run('INSERT INTO blobs (id, data) VALUES (?, ?)', [id, new Uint8Array(data)]);
    ids.push(id);
  }
  const rootBlob = Buffer.concat(ids.map((id) => Buffer.concat([Buffer.from([0x0a, 0x20]), Buffer.from(id, 'hex')])));
  db.run('INSERT INTO blobs (id, data) VALUES (?, ?)', ['ab'.repeat(32), new Uint8Array(rootBlob)]);
  db.run("INSERT INTO meta (key, value) VALUES ('0', ?)", [Buffer.from(JSON.stringify({ agentId: 'long', latestRootBlobId: 'ab'.repeat(32) })).toString('hex')]);
  const dir = mkdtempSync(join(tmpdir(), 'at-cursor-long-'));
  dirs.push(dir);
  const path = join(dir, 'chats', 'h', 'long', 'store.db');
  mkdirSync(join(dir, 'chats', 'h', 'long'), { recursive: true });
  writeFileSync(path, db.export());
  db.close();
  const file: TranscriptFile = { agent: 'cursor', path, mode: 'database', cwdHint: '/w' };
  const batches: { prompts: string[]; cursor: unknown }[] = [];
  for await (const b of readChatStore(file, undefined, { sqliteWasmPath })) {
    batches.push({ prompts: b.ops.flatMap((o) => (o.op === 'prompt' ? [o.text] : [])), cursor: b.cursor });
  }
  assert.deepEqual(batches.map((b) => b.prompts.length), [messagesPerBatch, messagesPerBatch, 5]);
  // Resumed from the first batch's cursor: the rest, nothing twice.
  const rest: string[] = [];
  for await (const b of readChatStore(file, batches[0].cursor, { sqliteWasmPath })) {
    rest.push(...b.ops.flatMap((o) => (o.op === 'prompt' ? [o.text] : [])));
  }
  assert.deepEqual(rest, Array.from({ length: total - messagesPerBatch }, (_, i) => `prompt ${i + messagesPerBatch}`));
  // From the last cursor: nothing to read.
  let more = 0;
  for await (const b of readChatStore(file, batches[2].cursor, { sqliteWasmPath })) {
    more += b.ops.length;
  }
  assert.equal(more, 0);
});

test("the IDE's chat store: Cursor's User folders are default roots, its global state.vscdb (and -wal) a source, nothing else of globalStorage", () => {
  const user = '/home/dev/.config/Cursor/User';
  assert.deepEqual(cursorDefaultRoots({ home: '/home/dev', env: {}, editorUserDirs: ['/home/dev/.config/Code/User', user] }), ['/home/dev/.cursor', user]);
  assert.equal(sourceKind(`${user}/globalStorage/state.vscdb`), 'stateVscdb');
  assert.equal(sourceKind(`${user}/workspaceStorage/abc/state.vscdb`), undefined);
  assert.equal(storeOf(`${user}/globalStorage/state.vscdb-wal`), `${user}/globalStorage/state.vscdb`);
  const { watch } = cursorAgent;
  assert.equal(watch.descend(['globalStorage']), true);
  assert.equal(watch.descend(['globalStorage', 'saoudrizwan.claude-dev']), false);
  assert.equal(watch.relevant(['globalStorage', 'state.vscdb']), 'transcript');
  assert.equal(watch.relevant(['globalStorage', 'state.vscdb-wal']), 'transcript');
  assert.equal(watch.relevant(['globalStorage', 'state.vscdb-shm']), undefined);
  assert.equal(watch.relevant(['globalStorage', 'storage.json']), undefined);
});
