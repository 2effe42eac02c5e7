// What blame gets from the index for one file (store/blameHistory.ts) and from git (store/gitHead.ts): edits of
// several agents in time order with their prompts, renames followed back, workspace scoping, unknown vs absent
// contents, Claude backups as states, shell runs; then the same on recorded real transcripts.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it, test } from 'node:test';
import { applyPatch } from 'diff';
import type { AgentAdapter, TranscriptFile } from '../../../src/adapters/adapter';
import { claudeCodeAdapter } from '../../../src/adapters/claudeCode/claudeCodeAdapter';
import { codexAdapter } from '../../../src/adapters/codex/codexAdapter';
import { geminiCliAdapter } from '../../../src/adapters/geminiCli/geminiCliAdapter';
import { BlameEngine } from '../../../src/core/blame/blameEngine';
import type { FileEditEvent, FileHistory, FileStateEvent } from '../../../src/core/blame/blameModel';
import { silentLogger } from '../../../src/core/logger';
import type { AgentId } from '../../../src/core/model';
import type { IndexOp } from '../../../src/core/ops';
import { fileHistory } from '../../../src/store/blameHistory';
import { hashContent, MemoryBlobArchive, PackBlobArchive, type ArchiveDamage, type BlobArchive } from '../../../src/store/blobArchive';
import { gitHeadContent } from '../../../src/store/gitHead';
import { IndexStore } from '../../../src/store/indexStore';
import { applyRecordedPatch } from '../../../src/store/recordedPatch';
import { loadSqlJs, openDatabase } from '../../../src/store/sqlDatabase';
import { runAdapter } from '../helpers/parseWithAdapter';

const wasm = join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm');
const recorded = join(process.cwd(), 'test/fixtures/recorded');
const ws = '/home/u/proj';

/** An archive that counts reads and can lose blobs (a damaged pack). */
class ProbeArchive implements BlobArchive {
  private readonly inner = new MemoryBlobArchive();
  readonly lost = new Set<string>();
  gets = 0;
  get bytesWritten(): number {
    return this.inner.bytesWritten;
  }
  put(content: string): string {
    return this.inner.put(content);
  }
  get(hash: string): string | undefined {
    this.gets++;
    return this.lost.has(hash) ? undefined : this.inner.get(hash);
  }
  has(hash: string): boolean {
    return !this.lost.has(hash) && this.inner.has(hash);
  }
  storedBytes(hash: string, into?: Buffer): Buffer | undefined {
    return this.lost.has(hash) ? undefined : this.inner.storedBytes(hash, into);
  }
  sync(): void {
    this.inner.sync();
  }
  close(): void {
    this.inner.close();
  }
  rescan(): void {
    this.inner.rescan();
  }
  missing(hashes: Iterable<string>): string[] {
    return [...hashes].filter((h) => !this.has(h));
  }
  damage(): ArchiveDamage {
    return this.inner.damage();
  }
  readonly location = '(probe)';
}

async function newStore(archive: BlobArchive = new PackBlobArchive(join(mkdtempSync(join(tmpdir(), 'at-blame-')), 'packs'))): Promise<IndexStore> {
  const sql = await loadSqlJs(wasm);
  const { db } = openDatabase(sql, undefined, silentLogger);
  return new IndexStore(db, archive, undefined, silentLogger);
}

function apply(store: IndexStore, agent: AgentId, source: string, ops: IndexOp[]): void {
  store.transaction(() => store.applyParsed({ agent, path: source, mode: 'append' }, ops, 'none'));
}

function edits(h: FileHistory): FileEditEvent[] {
  return h.events.filter((e): e is FileEditEvent => e.kind === 'edit');
}

function states(h: FileHistory): FileStateEvent[] {
  return h.events.filter((e): e is FileStateEvent => e.kind === 'state');
}

const file = `${ws}/src/app.js`;

/**
 * A Claude session and a Codex session taking turns on one file. Claude's transcript is indexed first (lower seq
 * for all its rows), so only the timestamps put the edits in the order they happened.
 */
function interleaved(): { claude: IndexOp[]; codex: IndexOp[]; claudeOther: IndexOp[] } {
  const longCommand = `cat > ${ws}/gen.txt <<'EOF'\n${'generated line\n'.repeat(400)}EOF`;
  const claude: IndexOp[] = [
    { op: 'session', session: { agent: 'claude-code', id: 'c1', cwd: ws, timestamp: '2026-01-01T10:00:00.000Z', model: 'opus' } },
    { op: 'prompt', sessionId: 'c1', id: 'cp1', text: 'create app.js', timestamp: '2026-01-01T10:00:00.000Z' },
    { op: 'step', sessionId: 'c1', step: { id: 'ct1', promptId: 'cp1', type: 'text', text: 'Writing it.', model: 'opus', timestamp: '2026-01-01T10:00:00.500Z' } },
    { op: 'step', sessionId: 'c1', step: { id: 'cw1', promptId: 'cp1', type: 'tool', name: 'Write', kind: 'write', input: {}, timestamp: '2026-01-01T10:00:01Z', fileChanges: [{ path: file, op: 'create', before: null, after: 'a\nb\n' }] } },
    { op: 'step', sessionId: 'c1', step: { id: 'cb1', promptId: 'cp1', type: 'tool', name: 'Bash', kind: 'shell', input: {}, timestamp: '2026-01-01T10:00:01.200Z', durationMs: 300, command: { command: 'node src/app.js', exitCode: 0, output: '' } } },
    { op: 'step', sessionId: 'c1', step: { id: 'cb2', promptId: 'cp1', type: 'tool', name: 'Bash', kind: 'shell', input: {}, timestamp: '2026-01-01T10:00:01.400Z', command: { command: longCommand, exitCode: 0, output: '' } } },
    { op: 'session', session: { agent: 'claude-code', id: 'c1', model: 'sonnet' } },
    { op: 'prompt', sessionId: 'c1', id: 'cp2', text: 'add c', timestamp: '2026-01-01T10:00:02.800Z' },
    // A response that is only a tool call: its model is the one of the text that follows it in the prompt.
    { op: 'step', sessionId: 'c1', step: { id: 'ce1', promptId: 'cp2', type: 'tool', name: 'Edit', kind: 'edit', input: {}, timestamp: '2026-01-01T10:00:03.000Z', fileChanges: [{ path: file, op: 'update', before: 'a\nB\n', after: 'a\nB\nc\n' }] } },
    { op: 'step', sessionId: 'c1', step: { id: 'ct2', promptId: 'cp2', type: 'text', text: 'Added.', model: 'sonnet', timestamp: '2026-01-01T10:00:03.100Z' } },
  ];
  const codex: IndexOp[] = [
    { op: 'session', session: { agent: 'codex', id: 'x1', cwd: `${ws}/src`, timestamp: '2026-01-01T10:00:00.000Z', model: 'gpt' } },
    { op: 'prompt', sessionId: 'x1', id: 'xp1', text: 'capitalize b', timestamp: '2026-01-01T10:00:02.000Z' },
    // Same second as Claude's Write, later in it: as text "…02.500Z" sorts before "…01Z"'s neighbours, not by time.
    { op: 'step', sessionId: 'x1', step: { id: 'xa1', promptId: 'xp1', type: 'tool', name: 'apply_patch', kind: 'edit', input: {}, timestamp: '2026-01-01T10:00:02.500Z', fileChanges: [{ path: file, op: 'update', patch: '@@ -1,2 +1,2 @@\n a\n-b\n+B\n' }] } },
    { op: 'step', sessionId: 'x1', step: { id: 'xs1', promptId: 'xp1', type: 'tool', name: 'exec_command', kind: 'shell', input: {}, timestamp: '2026-01-01T10:00:02.600Z', command: { command: 'npm test', exitCode: 0, output: '' } } },
    { op: 'step', sessionId: 'x1', step: { id: 'xs1', durationMs: 0, result: { text: 'ok', isError: false, timestamp: '2026-01-01T10:00:02.900Z' } } },
    { op: 'prompt', sessionId: 'x1', id: 'xp2', text: 'delete it', timestamp: '2026-01-01T10:00:04.000Z' },
    { op: 'step', sessionId: 'x1', step: { id: 'xa2', promptId: 'xp2', type: 'tool', name: 'apply_patch', kind: 'delete', input: {}, timestamp: '2026-01-01T10:00:04.100Z', fileChanges: [{ path: file, op: 'delete', after: null }] } },
  ];
  // The same absolute path, edited by a session started elsewhere: not this workspace's history.
  const claudeOther: IndexOp[] = [
    { op: 'session', session: { agent: 'claude-code', id: 'o1', cwd: '/home/u/proj-other', timestamp: '2026-01-01T10:00:00.000Z', model: 'opus' } },
    { op: 'prompt', sessionId: 'o1', id: 'op1', text: 'touch the neighbour', timestamp: '2026-01-01T10:00:03.500Z' },
    { op: 'step', sessionId: 'o1', step: { id: 'oe1', promptId: 'op1', type: 'tool', name: 'Edit', kind: 'edit', input: {}, timestamp: '2026-01-01T10:00:03.600Z', fileChanges: [{ path: file, op: 'update', before: 'a\nB\nc\n', after: 'a\nB\nc\nd\n' }] } },
    { op: 'step', sessionId: 'o1', step: { id: 'ob1', promptId: 'op1', type: 'tool', name: 'Bash', kind: 'shell', input: {}, timestamp: '2026-01-01T10:00:03.700Z', command: { command: 'ls', exitCode: 0, output: '' } } },
  ];
  return { claude, codex, claudeOther };
}

describe('fileHistory on index operations', () => {
  it('orders the edits of two agents by time, with their origins and contents', async () => {
    const store = await newStore();
    const { claude, codex, claudeOther } = interleaved();
    apply(store, 'claude-code', '/t/c1.jsonl', claude);
    apply(store, 'codex', '/t/x1.jsonl', codex);
    apply(store, 'claude-code', '/t/o1.jsonl', claudeOther);
    const h = fileHistory(store, file, [ws]);
    assert.equal(h.path, file);
    assert.equal(h.folder, ws);
    assert.deepEqual(
      h.events.map((e) => (e.kind === 'edit' ? `${e.origin.sessionKey} ${e.origin.toolCallId} ${e.op}` : e.kind)),
      ['claude-code:c1 cw1 create', 'codex:x1 xa1 update', 'claude-code:c1 ce1 update', 'codex:x1 xa2 delete'],
    );
    const [write, patch, edit, del] = edits(h);
    assert.deepEqual(write, {
      kind: 'edit',
      seq: write.seq,
      ord: 0,
      timestamp: '2026-01-01T10:00:01Z',
      path: file,
      op: 'create',
      before: null,
      after: 'a\nb\n',
      // The archive's hash: the replay compares it instead of reading a content it already holds.
      afterId: hashContent('a\nb\n'),
      origin: {
        agent: 'claude-code',
        sessionKey: 'claude-code:c1',
        sessionId: 'c1',
        promptId: 'cp1',
        promptIndex: 1,
        prompt: 'create app.js',
        model: 'opus',
        toolCallId: 'cw1',
        tool: 'Write',
        via: 'write',
        timestamp: '2026-01-01T10:00:01Z',
      },
    });
    assert.deepEqual(
      { ...patch, origin: undefined },
      { kind: 'edit', seq: patch.seq, ord: 0, timestamp: '2026-01-01T10:00:02.500Z', path: file, op: 'update', patch: '@@ -1,2 +1,2 @@\n a\n-b\n+B\n', origin: undefined },
    );
    assert.equal(patch.before, undefined, 'not recorded');
    assert.equal(patch.after, undefined, 'not recorded');
    assert.deepEqual(
      [patch.origin.agent, patch.origin.sessionId, patch.origin.promptIndex, patch.origin.prompt, patch.origin.model, patch.origin.tool, patch.origin.via],
      ['codex', 'x1', 1, 'capitalize b', 'gpt', 'apply_patch', 'patch'],
    );
    assert.ok(patch.seq > edit.seq, 'indexed later, happened earlier');
    assert.deepEqual([edit.before, edit.after, edit.origin.promptIndex, edit.origin.model, edit.origin.via], ['a\nB\n', 'a\nB\nc\n', 2, 'sonnet', 'edit']);
    assert.deepEqual([edit.beforeId, edit.afterId], [hashContent('a\nB\n'), hashContent('a\nB\nc\n')]);
    assert.deepEqual([patch.beforeId, patch.afterId, del.beforeId, del.afterId], [undefined, undefined, undefined, undefined], 'no recorded content, no identity');
    assert.deepEqual([del.op, del.after, del.before, del.origin.via, del.origin.promptIndex], ['delete', null, undefined, 'patch', 2]);
  });

  it("takes an edit's tool and kind from its change row, not from its step's JSON (which blame no longer parses)", async () => {
    const store = await newStore();
    const { claude, codex } = interleaved();
    apply(store, 'claude-code', '/t/c1.jsonl', claude);
    apply(store, 'codex', '/t/x1.jsonl', codex);
    // The step bodies out of reach (as when they live elsewhere): the tools are still told apart.
    store.db.run("UPDATE steps SET data = '{}' WHERE type = 'tool'");
    const h = fileHistory(store, file, [ws]);
    assert.deepEqual(
      edits(h).map((e) => `${e.origin.toolCallId} ${e.origin.tool} ${e.origin.via}`),
      ['cw1 Write write', 'xa1 apply_patch patch', 'ce1 Edit edit', 'xa2 apply_patch patch'],
    );
  });

  it('lists the shell runs of the workspace sessions in time order, whole commands and end times', async () => {
    const store = await newStore();
    const { claude, codex, claudeOther } = interleaved();
    apply(store, 'claude-code', '/t/c1.jsonl', claude);
    apply(store, 'codex', '/t/x1.jsonl', codex);
    apply(store, 'claude-code', '/t/o1.jsonl', claudeOther);
    const h = fileHistory(store, `${ws}/README.md`, [ws]);
    assert.deepEqual(h.events, []);
    assert.deepEqual(
      h.shellRuns.map((r) => [r.origin.sessionKey, r.origin.toolCallId, r.origin.tool, r.origin.promptIndex, r.origin.model, r.startedAt, r.endedAt]),
      [
        ['claude-code:c1', 'cb1', 'Bash', 1, 'opus', '2026-01-01T10:00:01.200Z', '2026-01-01T10:00:01.500Z'],
        ['claude-code:c1', 'cb2', 'Bash', 1, 'opus', '2026-01-01T10:00:01.400Z', undefined],
        // Codex recorded a zero duration; the result came 300 ms later.
        ['codex:x1', 'xs1', 'exec_command', 1, 'gpt', '2026-01-01T10:00:02.600Z', '2026-01-01T10:00:02.900Z'],
      ],
    );
    assert.equal(h.shellRuns[0].command, 'node src/app.js');
    // Longer than the inline limit: the commands table holds a blob reference, the run gets the command whole.
    assert.ok(h.shellRuns[1].command.length > 4096);
    assert.ok(h.shellRuns[1].command.startsWith(`cat > ${ws}/gen.txt <<'EOF'\n`) && h.shellRuns[1].command.endsWith('\nEOF'));
    assert.deepEqual(
      fileHistory(store, `${ws}/README.md`, []).shellRuns.map((r) => r.origin.toolCallId),
      ['cb1', 'cb2', 'xs1', 'ob1'],
      'no folders: every session',
    );
  });

  it('reads shell runs for blame only when a command names the file; all of them then, or when observations need them', async () => {
    const store = await newStore();
    const { claude, codex, claudeOther } = interleaved();
    apply(store, 'claude-code', '/t/c1.jsonl', claude);
    apply(store, 'codex', '/t/x1.jsonl', codex);
    apply(store, 'claude-code', '/t/o1.jsonl', claudeOther);
    // A command longer than the inline limit that names its file only at the end: the commands table holds a blob
    // reference whose preview does not name it.
    const tailNamed = `python - <<'EOF'\n${'print(1)\n'.repeat(800)}EOF\n > out/late.txt`;
    apply(store, 'claude-code', '/t/c2.jsonl', [
      { op: 'session', session: { agent: 'claude-code', id: 'c2', cwd: ws, timestamp: '2026-01-02T10:00:00.000Z', model: 'opus' } },
      { op: 'prompt', sessionId: 'c2', id: 'p1', text: 'generate', timestamp: '2026-01-02T10:00:00.000Z' },
      { op: 'step', sessionId: 'c2', step: { id: 'lb1', promptId: 'p1', type: 'tool', name: 'Bash', kind: 'shell', input: {}, timestamp: '2026-01-02T10:00:01.000Z', command: { command: tailNamed, exitCode: 0, output: '' } } },
    ]);
    const forBlame = { shellRuns: 'when-one-names-the-file' } as const;
    const ids = (h: FileHistory): string[] => h.shellRuns.map((r) => r.origin.toolCallId);
    const all = ['cb1', 'cb2', 'xs1', 'lb1'];
    assert.deepEqual(ids(fileHistory(store, `${ws}/README.md`, [ws])), all, 'by default, every run of the workspace');
    // No command names README.md: no run could be credited with a line of it.
    assert.deepEqual(ids(fileHistory(store, `${ws}/README.md`, [ws], [], forBlame)), []);
    // `node src/app.js` names app.js: every run (one prompt's commands bracket changes together, shellEvidence.ts).
    assert.deepEqual(fileHistory(store, file, [ws], [], forBlame), fileHistory(store, file, [ws]));
    assert.deepEqual(ids(fileHistory(store, `${ws}/gen.txt`, [ws], [], forBlame)), all);
    assert.deepEqual(ids(fileHistory(store, `${ws}/out/late.txt`, [ws], [], forBlame)), all, 'named past the preview: read whole');
    // Another project's `ls` names nothing here, and its session is not the workspace's.
    assert.deepEqual(ids(fileHistory(store, `${ws}/ls`, [ws], [], forBlame)), []);
    const seen = [{ timestamp: '2026-01-01T10:00:01.300Z', content: 'x\n' }];
    assert.deepEqual(ids(fileHistory(store, `${ws}/README.md`, [ws], seen, forBlame)), all, 'an observed change may be any run\'s');
    // Most indexed sessions another project's (the commands are then looked up per in-scope session): the same answers.
    for (const id of ['o2', 'o3', 'o4', 'o5']) {
      apply(store, 'claude-code', `/t/${id}.jsonl`, [
        { op: 'session', session: { agent: 'claude-code', id, cwd: '/home/u/proj-other', timestamp: '2026-01-03T10:00:00.000Z', model: 'opus' } },
        { op: 'prompt', sessionId: id, id: 'p1', text: 'list', timestamp: '2026-01-03T10:00:00.000Z' },
        { op: 'step', sessionId: id, step: { id: `${id}b`, promptId: 'p1', type: 'tool', name: 'Bash', kind: 'shell', input: {}, timestamp: '2026-01-03T10:00:01.000Z', command: { command: 'cat README.md', exitCode: 0, output: '' } } },
      ]);
    }
    assert.deepEqual(ids(fileHistory(store, `${ws}/README.md`, [ws], [], forBlame)), [], 'other projects name README.md: not the workspace\'s runs');
    assert.deepEqual(ids(fileHistory(store, `${ws}/gen.txt`, [ws], [], forBlame)), all);
    assert.deepEqual(ids(fileHistory(store, `${ws}/out/late.txt`, [ws], [], forBlame)), all, 'named past the preview: read whole');
    assert.deepEqual(ids(fileHistory(store, `${ws}/ls`, [ws], [], forBlame)), []);
  });

  it('leaves out sessions whose cwd is outside the workspace folders', async () => {
    const store = await newStore();
    const { claude, codex, claudeOther } = interleaved();
    apply(store, 'claude-code', '/t/c1.jsonl', claude);
    apply(store, 'codex', '/t/x1.jsonl', codex);
    apply(store, 'claude-code', '/t/o1.jsonl', claudeOther);
    assert.ok(!edits(fileHistory(store, file, [ws])).some((e) => e.origin.sessionId === 'o1'));
    assert.deepEqual(
      edits(fileHistory(store, file, ['/home/u/proj-other'])).map((e) => e.origin.toolCallId),
      ['oe1'],
    );
    assert.deepEqual(
      edits(fileHistory(store, file, [])).map((e) => e.origin.toolCallId),
      ['cw1', 'xa1', 'ce1', 'oe1', 'xa2'],
    );
    assert.deepEqual(fileHistory(store, file, ['/elsewhere']).events, []);
  });

  it('follows renames back through earlier paths, but not into a later file of the old name', async () => {
    const store = await newStore();
    const older = `${ws}/older.js`;
    const old = `${ws}/old.js`;
    const now = `${ws}/new.js`;
    const t = (s: number): string => `2026-01-02T10:00:${String(s).padStart(2, '0')}.000Z`;
    const ops: IndexOp[] = [
      { op: 'session', session: { agent: 'codex', id: 'r1', cwd: ws, timestamp: t(0), model: 'gpt' } },
      { op: 'prompt', sessionId: 'r1', id: 'p1', text: 'create older.js', timestamp: t(1) },
      { op: 'step', sessionId: 'r1', step: { id: 's1', promptId: 'p1', type: 'tool', name: 'apply_patch', kind: 'write', input: {}, timestamp: t(2), fileChanges: [{ path: older, op: 'create', before: null, after: 'one\n' }] } },
      { op: 'prompt', sessionId: 'r1', id: 'p2', text: 'rename to old.js', timestamp: t(3) },
      { op: 'step', sessionId: 'r1', step: { id: 's2', promptId: 'p2', type: 'tool', name: 'apply_patch', kind: 'edit', input: {}, timestamp: t(4), fileChanges: [{ path: older, op: 'rename', movePath: old, patch: '@@ -1 +1,2 @@\n one\n+two\n' }] } },
      { op: 'step', sessionId: 'r1', step: { id: 's3', promptId: 'p2', type: 'tool', name: 'apply_patch', kind: 'edit', input: {}, timestamp: t(5), fileChanges: [{ path: old, op: 'update', patch: '@@ -2 +2 @@\n-two\n+TWO\n' }] } },
      { op: 'prompt', sessionId: 'r1', id: 'p3', text: 'rename to new.js and start a fresh old.js', timestamp: t(6) },
      {
        op: 'step',
        sessionId: 'r1',
        step: { id: 's4', promptId: 'p3', type: 'tool', name: 'apply_patch', kind: 'edit', input: {}, timestamp: t(7), fileChanges: [{ path: old, op: 'rename', movePath: now, patch: '@@ -1,2 +1,2 @@\n one\n TWO\n' }, { path: old, op: 'create', before: null, after: 'unrelated\n' }] },
      },
      { op: 'step', sessionId: 'r1', step: { id: 's5', promptId: 'p3', type: 'tool', name: 'apply_patch', kind: 'edit', input: {}, timestamp: t(8), fileChanges: [{ path: now, op: 'update', patch: '@@ -2 +2,2 @@\n TWO\n+three\n' }] } },
      { op: 'step', sessionId: 'r1', step: { id: 's6', promptId: 'p3', type: 'tool', name: 'apply_patch', kind: 'edit', input: {}, timestamp: t(9), fileChanges: [{ path: old, op: 'update', patch: '@@ -1 +1 @@\n-unrelated\n+still unrelated\n' }] } },
    ];
    apply(store, 'codex', '/t/r1.jsonl', ops);
    const h = fileHistory(store, now, [ws]);
    assert.deepEqual(
      edits(h).map((e) => [e.origin.toolCallId, e.ord, e.path.slice(ws.length + 1), e.op, e.movePath?.slice(ws.length + 1)]),
      [
        ['s1', 0, 'older.js', 'create', undefined],
        ['s2', 0, 'older.js', 'rename', 'old.js'],
        ['s3', 0, 'old.js', 'update', undefined],
        ['s4', 0, 'old.js', 'rename', 'new.js'],
        ['s5', 0, 'new.js', 'update', undefined],
      ],
    );
    assert.equal(edits(h)[3].patch, '@@ -1,2 +1,2 @@\n one\n TWO\n');
    // The old name's own history: its first life (through the rename away) and its second one.
    assert.deepEqual(
      edits(fileHistory(store, old, [ws])).map((e) => `${e.origin.toolCallId}:${e.ord}`),
      ['s1:0', 's2:0', 's3:0', 's4:0', 's4:1', 's6:0'],
    );
  });

  it('tells unknown contents (undefined) from absent files (null), and reads contents only when asked', async () => {
    const archive = new ProbeArchive();
    const store = await newStore(archive);
    const p = `${ws}/notes.md`;
    const ops: IndexOp[] = [
      { op: 'session', session: { agent: 'claude-code', id: 'u1', cwd: ws, timestamp: '2026-01-03T10:00:00.000Z', model: 'opus' } },
      { op: 'prompt', sessionId: 'u1', id: 'p1', text: 'notes', timestamp: '2026-01-03T10:00:00.000Z' },
      { op: 'step', sessionId: 'u1', step: { id: 'w', promptId: 'p1', type: 'tool', name: 'Write', kind: 'write', input: {}, timestamp: '2026-01-03T10:00:01.000Z', fileChanges: [{ path: p, op: 'create', before: null, after: 'x\n' }] } },
      // An old transcript without a structured result: the path is known, the contents are not.
      { op: 'step', sessionId: 'u1', step: { id: 'e', promptId: 'p1', type: 'tool', name: 'Edit', kind: 'edit', input: {}, timestamp: '2026-01-03T10:00:02.000Z', fileChanges: [{ path: p, op: 'update' }] } },
      { op: 'step', sessionId: 'u1', step: { id: 'lost', promptId: 'p1', type: 'tool', name: 'Edit', kind: 'edit', input: {}, timestamp: '2026-01-03T10:00:03.000Z', fileChanges: [{ path: p, op: 'update', before: 'y\n', after: 'damaged\n' }] } },
    ];
    apply(store, 'claude-code', '/t/u1.jsonl', ops);
    archive.lost.add(store.one('SELECT after_blob FROM file_changes WHERE step_id = ?', ['lost'])?.after_blob as string);
    archive.gets = 0;
    const h = fileHistory(store, p, [ws]);
    assert.equal(archive.gets, 0, 'gathering reads no content');
    const [write, unknown, lost] = edits(h);
    assert.equal(write.before, null);
    assert.equal(archive.gets, 0, 'null needs no read');
    assert.equal(write.after, 'x\n');
    assert.equal(write.after, 'x\n');
    assert.equal(archive.gets, 1, 'read once');
    assert.ok(!('before' in unknown) && !('after' in unknown) && !('patch' in unknown));
    assert.deepEqual([unknown.origin.via, unknown.op], ['edit', 'update']);
    assert.equal(lost.before, 'y\n');
    assert.equal(lost.after, undefined, 'a damaged blob reads as unknown');
    assert.equal(lost.origin.via, 'edit');
    // Plain data for everything downstream (structured clone to another thread, JSON).
    assert.deepEqual(JSON.parse(JSON.stringify(write)), { ...write });
    assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(lost)) as object), ['kind', 'seq', 'ord', 'timestamp', 'path', 'op', 'origin', 'before', 'beforeId', 'afterId']);
    lost.after = 'set by the engine';
    assert.equal(lost.after, 'set by the engine');
  });

  it('turns Claude backups into states: before the prompt first edit, at their own time otherwise', async () => {
    const store = await newStore();
    const dir = mkdtempSync(join(tmpdir(), 'at-backup-'));
    writeFileSync(join(dir, 'v1'), 'hand edited\n');
    writeFileSync(join(dir, 'v2'), 'after p1\n');
    const p = `${ws}/lib.js`;
    const ops: IndexOp[] = [
      { op: 'session', session: { agent: 'claude-code', id: 'b1', cwd: ws, timestamp: '2026-01-04T10:00:00.000Z', model: 'opus' } },
      { op: 'prompt', sessionId: 'b1', id: 'p1', text: 'edit lib', timestamp: '2026-01-04T10:00:00.000Z' },
      { op: 'step', sessionId: 'b1', step: { id: 'e1', promptId: 'p1', type: 'tool', name: 'Edit', kind: 'edit', input: {}, timestamp: '2026-01-04T10:00:01.000Z', fileChanges: [{ path: p, op: 'update', before: 'hand edited\n', after: 'after p1\n' }] } },
      // Claude backs the file up when the edit runs, a few ms after the tool_use record.
      { op: 'fileBackup', sessionId: 'b1', promptId: 'p1', path: p, backupPath: join(dir, 'v1'), version: 1, timestamp: '2026-01-04T10:00:01.050Z' },
      { op: 'prompt', sessionId: 'b1', id: 'p2', text: 'look at it', timestamp: '2026-01-04T10:00:05.000Z' },
      { op: 'step', sessionId: 'b1', step: { id: 'r2', promptId: 'p2', type: 'tool', name: 'Read', kind: 'read', input: {}, timestamp: '2026-01-04T10:00:05.500Z' } },
      { op: 'fileBackup', sessionId: 'b1', promptId: 'p2', path: p, backupPath: join(dir, 'v2'), version: 2, timestamp: '2026-01-04T10:00:05.100Z' },
      // Unreadable backup file: nothing known, no state.
      { op: 'prompt', sessionId: 'b1', id: 'p3', text: 'again', timestamp: '2026-01-04T10:00:06.000Z' },
      { op: 'fileBackup', sessionId: 'b1', promptId: 'p3', path: p, backupPath: join(dir, 'gone'), version: 3, timestamp: '2026-01-04T10:00:06.100Z' },
      // A file that did not exist at the start of the prompt that creates it.
      { op: 'prompt', sessionId: 'b1', id: 'p4', text: 'new file', timestamp: '2026-01-04T10:00:07.000Z' },
      { op: 'step', sessionId: 'b1', step: { id: 'w4', promptId: 'p4', type: 'tool', name: 'Write', kind: 'write', input: {}, timestamp: '2026-01-04T10:00:07.500Z', fileChanges: [{ path: `${ws}/fresh.js`, op: 'create', before: null, after: 'f\n' }] } },
      { op: 'fileBackup', sessionId: 'b1', promptId: 'p4', path: `${ws}/fresh.js`, backupPath: null, version: 1, timestamp: '2026-01-04T10:00:07.600Z' },
    ];
    apply(store, 'claude-code', '/t/b1.jsonl', ops);
    const h = fileHistory(store, p, [ws]);
    assert.deepEqual(
      h.events.map((e) => (e.kind === 'state' ? `state ${e.source} ${e.timestamp} ${JSON.stringify(e.content)}` : `edit ${e.origin.toolCallId}`)),
      ['state backup 2026-01-04T10:00:01.050Z "hand edited\\n"', 'edit e1', 'state backup 2026-01-04T10:00:05.100Z "after p1\\n"'],
    );
    const [first] = states(h);
    assert.equal(first.seq, edits(h)[0].seq);
    assert.ok(first.ord < edits(h)[0].ord);
    const fresh = fileHistory(store, `${ws}/fresh.js`, [ws]);
    assert.deepEqual(
      fresh.events.map((e) => (e.kind === 'state' ? ['state', e.content] : ['edit', e.after])),
      [
        ['state', null],
        ['edit', 'f\n'],
      ],
    );
    rmSync(dir, { recursive: true, force: true });
  });

  it('gathers 1,000 edits of a 5,000-line file over 50 sessions quickly', async () => {
    // Contents are read lazily, so their size does not matter here: short lines keep the test light.
    const store = await newStore(new MemoryBlobArchive());
    let lines = Array.from({ length: 5000 }, (_, i) => `l${i}`);
    let t = Date.parse('2026-02-01T00:00:00.000Z');
    const big = `${ws}/big.ts`;
    for (let s = 0; s < 50; s++) {
      const agent = (['claude-code', 'codex', 'gemini-cli'] as const)[s % 3];
      const id = `perf${s}`;
      const ops: IndexOp[] = [
        { op: 'session', session: { agent, id, cwd: ws, timestamp: new Date(t).toISOString(), model: 'm' } },
        { op: 'prompt', sessionId: id, id: 'p', text: `prompt ${s}`, timestamp: new Date(t).toISOString() },
      ];
      for (let e = 0; e < 20; e++) {
        const before = `${lines.join('\n')}\n`;
        lines = lines.slice();
        lines[(s * 97 + e * 31) % lines.length] = `changed by ${s}/${e}`;
        t += 1000;
        ops.push({ op: 'step', sessionId: id, step: { id: `e${e}`, promptId: 'p', type: 'tool', name: 'Edit', kind: 'edit', input: {}, timestamp: new Date(t).toISOString(), fileChanges: [{ path: big, op: 'update', before, after: `${lines.join('\n')}\n` }] } });
        ops.push({ op: 'step', sessionId: id, step: { id: `c${e}`, promptId: 'p', type: 'tool', name: 'Bash', kind: 'shell', input: {}, timestamp: new Date(t).toISOString(), durationMs: 10, command: { command: 'npm test', exitCode: 0, output: 'ok' } } });
      }
      apply(store, agent, `/t/${id}.jsonl`, ops);
    }
    fileHistory(store, big, [ws]);
    let best = Infinity;
    let h: FileHistory | undefined;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      h = fileHistory(store, big, [ws]);
      best = Math.min(best, performance.now() - t0);
    }
    assert.equal(h?.events.length, 1000);
    assert.equal(h?.shellRuns.length, 1000);
    // Generous for loaded CI machines; typically a few tens of ms.
    assert.ok(best < 250, `warm gather took ${best.toFixed(1)} ms`);
    const last = edits(h as FileHistory)[999];
    assert.equal(last.after, `${lines.join('\n')}\n`);
  });
});

// ---- recorded transcripts -------------------------------------------------------------------------

const adapters: AgentAdapter[] = [claudeCodeAdapter as AgentAdapter, codexAdapter as AgentAdapter, geminiCliAdapter as AgentAdapter];

/** Indexes a recorded fixture the way the indexer does: discovery per agent, one batch per transcript. */
async function storeFromFixture(home: string, env: Record<string, string>, workspace: string): Promise<IndexStore> {
  const store = await newStore();
  for (const adapter of adapters) {
    const files: TranscriptFile[] = await adapter.discover(adapter.defaultRoots({ home, env }), [workspace], []);
    for (const f of files) {
      store.transaction(() => store.applyParsed(f, runAdapter(adapter, [f]).ops, 'none'));
    }
  }
  return store;
}

function snapshot(dir: string, rel: string): string {
  return readFileSync(join(dir, 'snapshots', rel), 'utf8');
}

describe('fileHistory on recorded claude-shell-edits', () => {
  const fx = join(recorded, 'claude-shell-edits');
  const repo = '/tmp/agent-trail-fixtures/claude-shell-edits/demo-repo';
  const sessionId = readFileSync(join(fx, 'session-id.txt'), 'utf8').trim();
  let store: IndexStore;
  before(async () => {
    store = await storeFromFixture('/nonexistent-home', { CLAUDE_CONFIG_DIR: join(fx, 'claude-home') }, repo);
  });

  it('gives tmp.log its re-creating Write, after the backup that says it did not exist', () => {
    const h = fileHistory(store, `${repo}/tmp.log`, [repo]);
    assert.equal(h.events.length, 2);
    const [state, write] = h.events;
    assert.ok(state.kind === 'state' && write.kind === 'edit');
    assert.deepEqual([state.source, state.content, state.path], ['backup', null, `${repo}/tmp.log`]);
    assert.deepEqual([write.op, write.before, write.after], ['create', null, snapshot(fx, 'turn-3/tmp.log')]);
    assert.equal(write.after, 'fresh log\nstarted after the cleanup\n');
    assert.deepEqual(
      [write.origin.agent, write.origin.sessionId, write.origin.promptIndex, write.origin.prompt, write.origin.tool, write.origin.via, write.origin.model],
      ['claude-code', sessionId, 3, 'recreate tmp.log with a fresh header', 'Write', 'write', 'claude-opus-4-8'],
    );
  });

  it('records nothing for files changed only through Bash; their evidence is the shell runs', () => {
    for (const rel of ['helper.js', 'old-name.js', 'config.ini', 'data.csv', 'scripts/build.sh']) {
      assert.deepEqual(fileHistory(store, `${repo}/${rel}`, [repo]).events, [], rel);
    }
    const runs = fileHistory(store, `${repo}/helper.js`, [repo]).shellRuns;
    assert.deepEqual(
      runs.map((r) => [r.origin.promptIndex, r.command]),
      [
        [1, "sed -i 's/^debug=false$/debug=true/' config.ini"],
        [1, "printf 'c,3\\n' >> data.csv"],
        [1, `mkdir -p scripts && cat > scripts/build.sh <<'EOF'\n#!/bin/sh\nset -e\necho building\nnode -e "console.log(require('./old-name.js').helper())"\nEOF\nchmod +x scripts/build.sh`],
        [2, 'mv old-name.js helper.js'],
        [2, "sed -i 's#./old-name.js#./helper.js#' scripts/build.sh && sh scripts/build.sh"],
        [2, 'rm tmp.log'],
        [3, 'cat tmp.log'],
      ],
    );
    for (const r of runs) {
      assert.deepEqual([r.origin.agent, r.origin.sessionId, r.origin.tool, r.origin.model], ['claude-code', sessionId, 'Bash', 'claude-opus-4-8']);
      assert.ok(r.endedAt !== undefined && Date.parse(r.endedAt) >= Date.parse(r.startedAt), `${r.command} ends after it starts`);
    }
  });
});

describe('fileHistory on recorded multi-agent (Codex, then Claude, then Gemini on one repo)', () => {
  const fx = join(recorded, 'multi-agent');
  const repo = '/tmp/agent-trail-fixtures/multi-agent/demo-repo';
  const ids = Object.fromEntries(['codex', 'claude', 'gemini'].map((a) => [a, readFileSync(join(fx, a, 'session-id.txt'), 'utf8').trim()]));
  let store: IndexStore;
  before(async () => {
    // Discovery over the whole work dir, so the decoy sessions in other-repo are in the index too.
    store = await storeFromFixture(join(fx, 'home'), {}, '/tmp/agent-trail-fixtures/multi-agent');
  });

  it('replays lib/shared.js across the three agents in the order they worked', () => {
    const h = fileHistory(store, `${repo}/lib/shared.js`, [repo]);
    assert.deepEqual(
      h.events.map((e) => (e.kind === 'edit' ? `${e.origin.agent} p${e.origin.promptIndex} ${e.origin.tool} ${e.op} ${e.origin.via}` : `${e.source} ${e.kind}`)),
      [
        'codex p1 apply_patch create write',
        'codex p2 apply_patch update patch',
        'backup state',
        'claude-code p1 Edit update edit',
        'backup state',
        'gemini-cli p1 replace update edit',
      ],
    );
    const [create, update, handEdited, claudeEdit, afterClaude, geminiEdit] = h.events;
    assert.ok(create.kind === 'edit' && update.kind === 'edit' && claudeEdit.kind === 'edit' && geminiEdit.kind === 'edit');
    assert.ok(handEdited.kind === 'state' && afterClaude.kind === 'state');
    assert.deepEqual([create.origin.sessionId, create.origin.prompt, create.origin.model], [ids.codex, 'create lib/shared.js with greet(name)', 'gpt-5.5']);
    assert.equal(create.after, snapshot(join(fx, 'codex'), 'turn-1/lib/shared.js'));
    // Codex gives the update as a diff only; it turns turn 1 into turn 2 exactly.
    assert.equal(update.after, undefined);
    assert.equal(update.origin.prompt, 'add farewell(name) to lib/shared.js');
    assert.equal(applyPatch(create.after ?? '', update.patch ?? ''), snapshot(join(fx, 'codex'), 'turn-2/lib/shared.js'));
    // The hand edit between Codex and Claude is known only through Claude's backup.
    assert.equal(handEdited.content, snapshot(join(fx, 'claude'), 'turn-1-user-edit/lib/shared.js'));
    assert.ok(String(handEdited.content).startsWith('// shared helpers (hand-written note)\n'));
    assert.equal(claudeEdit.before, handEdited.content);
    assert.equal(claudeEdit.after, snapshot(join(fx, 'claude'), 'turn-1/lib/shared.js'));
    assert.deepEqual(
      [claudeEdit.origin.sessionId, claudeEdit.origin.prompt, claudeEdit.origin.model],
      [ids.claude, "give greet a default name of 'world'", 'claude-opus-4-8'],
    );
    assert.equal(afterClaude.content, claudeEdit.after, 'backup at the start of Claude prompt 2');
    assert.equal(geminiEdit.before, claudeEdit.after);
    assert.equal(geminiEdit.after, snapshot(join(fx, 'gemini'), 'turn-1/lib/shared.js'));
    assert.deepEqual(
      [geminiEdit.origin.sessionId, geminiEdit.origin.prompt, geminiEdit.origin.model],
      [ids.gemini, 'make farewell end with an exclamation mark', 'gemini-3.8-flash'],
    );
    const times = h.events.map((e) => Date.parse(e.kind === 'edit' ? e.origin.timestamp : e.timestamp));
    assert.ok(times[0] < times[1] && times[1] < times[3] && times[3] < times[5]);
  });

  it('gives lib/shout.js its Gemini write and lists only the demo-repo shell runs', () => {
    const h = fileHistory(store, `${repo}/lib/shout.js`, [repo]);
    assert.deepEqual(
      edits(h).map((e) => [e.origin.agent, e.origin.promptIndex, e.origin.tool, e.op, e.origin.via, e.after]),
      [['gemini-cli', 2, 'write_file', 'create', 'write', snapshot(join(fx, 'gemini'), 'turn-2/lib/shout.js')]],
    );
    assert.deepEqual(
      h.shellRuns.map((r) => [r.origin.agent, r.origin.sessionId, r.origin.tool, r.command]),
      [
        ['codex', ids.codex, 'exec_command', `node -e "console.log(require('./lib/shared.js').greet('Ada'))"`],
        ['claude-code', ids.claude, 'Bash', `node -e "console.log(require('./lib/shared.js').greet())"`],
        ['gemini-cli', ids.gemini, 'run_shell_command', `node -e "console.log(require('./lib/shared.js').farewell('Ada'))"`],
      ],
    );
    // Gemini records no end for its commands; Codex's comes from the result, Claude's from the duration.
    assert.deepEqual(
      h.shellRuns.map((r) => r.endedAt !== undefined && Date.parse(r.endedAt) > Date.parse(r.startedAt)),
      [true, true, false],
    );
    assert.equal(h.shellRuns[2].endedAt, undefined);
    // The decoy sessions worked on other-repo: they only appear when scoped to it.
    const other = fileHistory(store, '/tmp/agent-trail-fixtures/multi-agent/other-repo/lib/shared.js', ['/tmp/agent-trail-fixtures/multi-agent/other-repo']);
    assert.ok(edits(other).length > 0);
    assert.ok(edits(other).every((e) => e.origin.sessionId !== ids.codex));
  });
});

for (const name of ['codex-exec', 'codex-exec-v0.171.0']) {
  describe(`fileHistory on recorded ${name} (apply_patch \`*** Move to:\`)`, () => {
    const fx = join(recorded, name);
    const repo = `/tmp/agent-trail-fixtures/${name}/demo-repo`;
    let store: IndexStore;
    before(async () => {
      store = await storeFromFixture('/nonexistent-home', { CODEX_HOME: join(fx, 'codex-home') }, repo);
    });

    it('follows src/arith.js back to src/calc.js', () => {
      const h = fileHistory(store, `${repo}/src/arith.js`, [repo]);
      assert.deepEqual(
        edits(h).map((e) => [e.origin.promptIndex, e.path.slice(repo.length + 1), e.op, e.movePath?.slice(repo.length + 1), e.origin.via]),
        [
          [1, 'src/calc.js', 'create', undefined, 'write'],
          [2, 'src/calc.js', 'update', undefined, 'patch'],
          [3, 'src/calc.js', 'rename', 'src/arith.js', 'patch'],
        ],
      );
      const [create, update, rename] = edits(h);
      assert.equal(create.after, snapshot(fx, 'turn-1/src/calc.js'));
      // The hand edit before prompt 2 is in no transcript: the diffs apply to the hand-edited file.
      assert.equal(applyPatch(snapshot(fx, 'turn-2-user-edit/src/calc.js'), update.patch ?? ''), snapshot(fx, 'turn-2/src/calc.js'));
      assert.equal(applyPatch(snapshot(fx, 'turn-2/src/calc.js'), rename.patch ?? ''), snapshot(fx, 'turn-3/src/arith.js'));
      assert.ok(h.shellRuns.some((r) => r.command === "printf '\\nUsage: see src/arith.js\\n' >> README.md"));
    });
  });
}

// ---- git HEAD -------------------------------------------------------------------------------------

function git(cwd: string, ...args: string[]): void {
  // Identity and signing per command: the global git config is never touched.
  execFileSync('git', ['-c', 'user.name=Agent Trail Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    stdio: 'ignore',
  });
}

test('gitHeadContent reads the committed content, null when not committed, undefined when it cannot tell', async () => {
  const base = mkdtempSync(join(tmpdir(), 'at-githead-'));
  const repo = join(base, 'repo');
  mkdirSync(join(repo, 'src'), { recursive: true });
  git(repo, 'init', '-q');
  // No commit yet: nothing is committed.
  writeFileSync(join(repo, 'early.txt'), 'early\n');
  assert.equal(await gitHeadContent(join(repo, 'early.txt')), null);
  writeFileSync(join(repo, 'src', 'a.js'), 'committed\nline 2\n');
  writeFileSync(join(repo, 'gone.txt'), 'was here\n');
  writeFileSync(join(repo, 'bin.dat'), Buffer.from([0x61, 0x00, 0x62]));
  git(repo, 'add', 'src/a.js', 'gone.txt', 'bin.dat');
  git(repo, 'commit', '-q', '-m', 'init');
  writeFileSync(join(repo, 'src', 'a.js'), 'working copy\n');
  writeFileSync(join(repo, 'untracked.txt'), 'new\n');
  rmSync(join(repo, 'gone.txt'));
  symlinkSync(repo, join(base, 'link'));
  const outside = join(base, 'plain');
  mkdirSync(outside);
  writeFileSync(join(outside, 'x.txt'), 'x\n');

  assert.equal(await gitHeadContent(join(repo, 'src', 'a.js')), 'committed\nline 2\n');
  assert.equal(await gitHeadContent(join(repo, 'src', 'a.js').replace(/\\/g, '/')), 'committed\nline 2\n');
  assert.equal(await gitHeadContent(join(base, 'link', 'src', 'a.js')), 'committed\nline 2\n', 'through a symlinked folder');
  assert.equal(await gitHeadContent(join(repo, 'gone.txt')), 'was here\n', 'deleted from the working copy');
  assert.equal(await gitHeadContent(join(repo, 'untracked.txt')), null);
  assert.equal(await gitHeadContent(join(repo, 'missing', 'deep.txt')), null);
  assert.equal(await gitHeadContent(join(repo, 'bin.dat')), undefined, 'binary');
  assert.equal(await gitHeadContent(join(repo, 'src')), undefined, 'a directory');
  assert.equal(await gitHeadContent(join(outside, 'x.txt')), undefined, 'not in a repository');
  assert.equal(await gitHeadContent(join(repo, 'src', 'a.js'), 2000, 4), undefined, 'larger than the limit');
  rmSync(base, { recursive: true, force: true });
});

describe('fileHistory with observed states', () => {
  const fixPath = `${ws}/src/fix.js`;
  const at = (s: string): string => `2026-01-01T10:${s}.000Z`;
  function session(): IndexOp[] {
    return [
      { op: 'session', session: { agent: 'claude-code', id: 's1', cwd: ws, timestamp: at('00:00'), model: 'opus' } },
      { op: 'prompt', sessionId: 's1', id: 'p1', text: 'write fix.js', timestamp: at('00:00') },
      { op: 'step', sessionId: 's1', step: { id: 'w1', promptId: 'p1', type: 'tool', name: 'Write', kind: 'write', input: {}, timestamp: at('00:01'), fileChanges: [{ path: fixPath, op: 'create', before: null, after: 'a\n' }] } },
      { op: 'prompt', sessionId: 's1', id: 'p2', text: 'fix the bug', timestamp: at('01:00') },
      // Says nothing about fix.js: only the observation ties the change to it.
      { op: 'step', sessionId: 's1', step: { id: 'b1', promptId: 'p2', type: 'tool', name: 'Bash', kind: 'shell', input: {}, timestamp: at('01:10'), durationMs: 5000, command: { command: 'python tools/repair.py', exitCode: 0, output: '' } } },
      // No end recorded: open until the next prompt of the session.
      { op: 'step', sessionId: 's1', step: { id: 'b2', promptId: 'p2', type: 'tool', name: 'Bash', kind: 'shell', input: {}, timestamp: at('02:00'), command: { command: './reformat.sh', exitCode: 0, output: '' } } },
      { op: 'prompt', sessionId: 's1', id: 'p3', text: 'thanks', timestamp: at('03:00') },
    ];
  }
  const blamer = new BlameEngine(applyRecordedPatch);
  function blameOf(h: FileHistory, content: string): (string | null)[] {
    return blamer.blame(blamer.replay(h, [fixPath]), content, h.shellRuns).lines.map((l) => (l ? `${l.via}:${l.promptIndex}:${l.toolCallId}` : null));
  }

  it('credits a change seen during a shell command to that command, whatever the command says', async () => {
    const store = await newStore();
    apply(store, 'claude-code', '/t/s1.jsonl', session());
    // Seen 1 s after the command's recorded end: within the slack for the watcher.
    const h = fileHistory(store, fixPath, [ws], [{ timestamp: at('01:16'), content: 'a\nfixed\n' }]);
    const [write, observed] = h.events;
    assert.equal(write.kind, 'edit');
    assert.ok(observed.kind === 'state' && observed.source === 'observed');
    assert.equal(observed.during?.origin.toolCallId, 'b1');
    assert.deepEqual(blameOf(h, 'a\nfixed\n'), ['write:1:w1', 'shell:2:b1']);
  });

  it('leaves a change seen outside every command to nobody; an open command ends at the next prompt', async () => {
    const store = await newStore();
    apply(store, 'claude-code', '/t/s1.jsonl', session());
    const h = fileHistory(store, fixPath, [ws], [
      { timestamp: at('02:30'), content: 'a\nformatted\n' },
      { timestamp: at('01:30'), content: 'a\n' },
      { timestamp: at('04:00'), content: 'a\nformatted\nlater\n' },
    ]);
    assert.deepEqual(
      h.events.map((e) => (e.kind === 'edit' ? e.origin.toolCallId : `${e.timestamp}:${e.kind === 'state' ? (e.during?.origin.toolCallId ?? '-') : ''}`)),
      ['w1', `${at('01:30')}:-`, `${at('02:30')}:b2`, `${at('04:00')}:-`],
    );
    assert.deepEqual(blameOf(h, 'a\nformatted\nlater\n'), ['write:1:w1', 'shell:2:b2', null]);
  });
});
