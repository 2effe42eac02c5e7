// Qwen Code 0.24.4 recordings beyond one print-mode session: several sessions and a decoy sharing one project folder
// (the recorded cwd decides), the TUI's file-history backups (per-prompt pre-images, the restore source) and a rewind
// (Esc Esc) that re-roots the record chain.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { qwenCodeAdapter } from '../../../../src/adapters/qwenCode/qwenCodeAdapter';
import type { IndexOp, ParseIssue } from '../../../../src/core/ops';
import { runAdapter } from '../../helpers/parseWithAdapter';
import { agentRegistry } from '../../../../src/adapters/agentRegistry';
import { makeIndexConfig } from '../../../../src/indexer/indexConfig';
import { IndexEngine } from '../../../../src/indexer/indexEngine';
import { indexRecorded } from '../../helpers/recordedFixtures';
import { qwenFixture, rawRecords, transcriptFile } from './qwenFixtures';

type BackupOp = Extract<IndexOp, { op: 'fileBackup' }>;

const sessions = 'qwen-sessions-v0.24.4';
const truth = JSON.parse(readFileSync(join(qwenFixture(sessions, 'a').dir, '..', 'ground-truth.json'), 'utf8')) as {
  sessions: { label: string; session_id: string; cwd: string }[];
  decoy_sessions: { session_id: string; cwd: string }[];
};

test('sessions: discovery finds the shared project folder; only sessions recorded in the workspace are listed', async () => {
  const home = join(qwenFixture(sessions, 'b').home);
  const [a, b] = truth.sessions;
  const [decoy] = truth.decoy_sessions;
  assert.notEqual(decoy.cwd, a.cwd);
  const issues: ParseIssue[] = [];
  // `…/demo_repo` and `…/demo-repo` sanitize alike: all three transcripts are candidates for either.
  const files = await qwenCodeAdapter.discover([home], [a.cwd], issues);
  assert.deepEqual(issues, []);
  assert.deepEqual(files.map((f) => f.path.split('/').pop()).sort(), [a, b, decoy].map((s) => `${s.session_id}.jsonl`).sort());
  const roots = { 'qwen-code': 'b/qwen-home/dot-qwen' };
  const engine = await indexRecorded({ name: sessions, roots }, a.cwd);
  try {
    const listed = await engine.listSessions();
    assert.deepEqual(listed.map((s) => s.id).sort(), [a.session_id, b.session_id].sort());
    assert.ok(listed.every((s) => s.agent === 'qwen-code' && s.cwd === a.cwd));
  } finally {
    await engine.dispose();
  }
  const decoyEngine = await indexRecorded({ name: sessions, roots }, decoy.cwd);
  try {
    assert.deepEqual(
      (await decoyEngine.listSessions()).map((s) => s.id),
      [decoy.session_id],
    );
  } finally {
    await decoyEngine.dispose();
  }
});

/** The uuid of each prompt's `user` record, in order, from the raw records. */
function promptUuids(path: string): string[] {
  return rawRecords(path)
    .filter((r) => r.type === 'user')
    .map((r) => r.uuid);
}

test('tui: file-history snapshots become backups of their prompt, each the file as it was when the prompt started', () => {
  const f = qwenFixture('qwen-tui-v0.24.4');
  const gt = JSON.parse(readFileSync(join(f.dir, 'ground-truth.json'), 'utf8')) as { before_prompt: Record<string, string> };
  const { ops, issues } = runAdapter(qwenCodeAdapter, [transcriptFile(f.transcript)]);
  assert.deepEqual(issues, []);
  const backups = ops.filter((o): o is BackupOp => o.op === 'fileBackup');
  const uuids = promptUuids(f.transcript);
  // P1: src/notes.js (created: null); P2: src/notes.js v2 (the hand-edited file), bin/notes.js (created);
  // P3: both, from backups. Shell-made files (CHANGELOG.md, README.md, src/store.js, package.json) are not tracked.
  assert.deepEqual(
    backups.map((b) => [uuids.indexOf(b.promptId) + 1, b.path.slice(f.cwd.length + 1), b.backupPath === null ? null : b.backupPath.split('/').pop(), b.version]),
    [
      [1, 'src/notes.js', null, 1],
      [2, 'src/notes.js', '8662611d86cfb081@v2', 2],
      [2, 'bin/notes.js', null, 1],
      [3, 'src/notes.js', '8662611d86cfb081@v2', 2],
      [3, 'bin/notes.js', 'b9728192337686f9@v2', 2],
    ],
  );
  for (const b of backups) {
    const p = uuids.indexOf(b.promptId) + 1;
    const snapshot = join(f.dir, gt.before_prompt[`prompt-${p}`], b.path.slice(f.cwd.length + 1));
    assert.equal(b.backupPath === null ? null : readFileSync(b.backupPath, 'utf8'), existsSync(snapshot) ? readFileSync(snapshot, 'utf8') : null, `${b.path} before prompt ${p}`);
  }
  // Print mode keeps no checkpoints.
  const print = runAdapter(qwenCodeAdapter, [transcriptFile(qwenFixture('qwen-notes-cli-v0.24.4').transcript)]);
  assert.equal(print.ops.filter((o) => o.op === 'fileBackup').length, 0);
});

test('tui-rewind: the rewound prompt and its steps are gone, the prompt typed after the rewind takes its place', async () => {
  const f = qwenFixture('qwen-tui-rewind-v0.24.4');
  const raw = rawRecords(f.transcript);
  const rewind = raw.find((r) => r.type === 'system' && r.subtype === 'rewind');
  assert.ok(rewind);
  const users = raw.filter((r) => r.type === 'user');
  assert.equal(users.length, 3);
  // The rewound prompt is the one that followed the record the rewind goes on from.
  const rewound = users.find((u) => u.parentUuid === rewind.parentUuid);
  assert.equal(rewound, users[1]);
  const rewoundCalls = raw
    .slice(raw.indexOf(users[1]), raw.indexOf(rewind))
    .flatMap((r) => (r.type === 'assistant' ? (r.message as { parts: Array<{ functionCall?: { id: string } }> }).parts.flatMap((p) => (p.functionCall ? [p.functionCall.id] : [])) : []));
  assert.equal(rewoundCalls.length, 4);
  for (const chunks of [1, 5]) {
    const { sessions: [s], ops, issues } = runAdapter(qwenCodeAdapter, [transcriptFile(f.transcript)], { chunks });
    assert.deepEqual(issues, []);
    assert.deepEqual(ops.filter((o) => o.op === 'rewind'), [{ op: 'rewind', sessionId: f.sessionId, recordId: users[1].uuid }]);
    assert.deepEqual(
      s.prompts.map((p) => [p.index, p.id, p.text]),
      [
        [1, users[0].uuid, 'write counter.js with a count starting at 0 and an increment function'],
        [2, users[2].uuid, 'actually start the count at 5'],
      ],
    );
    const stepIds = s.prompts.flatMap((p) => p.steps.map((st) => st.id));
    assert.ok(rewoundCalls.every((id) => !stepIds.includes(id)));
    // The new P2's backups: counter.js as the rewind left it (the hand-edited pre-P2 content, backup v2), reset.js
    // absent (the rewind deleted it).
    const p2 = ops.filter((o): o is BackupOp => o.op === 'fileBackup' && o.promptId === users[2].uuid);
    assert.deepEqual(
      p2.map((b) => [b.path.slice(f.cwd.length + 1), b.backupPath === null ? null : readFileSync(b.backupPath, 'utf8')]).sort(),
      [
        ['counter.js', readFileSync(join(f.dir, 'snapshots/turn-3-rewound/counter.js'), 'utf8')],
        ['reset.js', null],
      ],
    );
    assert.equal(existsSync(join(f.dir, 'snapshots/turn-3-rewound/reset.js')), false);
  }
  // Through the index: the checkpoint of the new P2 carries the backup as counter.js's state before that prompt.
  const engine = await indexRecorded({ name: 'qwen-tui-rewind-v0.24.4', roots: { 'qwen-code': 'qwen-home/dot-qwen' } }, f.cwd);
  try {
    const [summary] = await engine.listSessions();
    const data = await engine.checkpointData(summary.key);
    assert.ok(data);
    const counter = data.histories.find((h) => h.path === join(f.cwd, 'counter.js'));
    const p2Edit = counter?.events.find((e) => e.promptIndex === 2);
    assert.equal(p2Edit?.backup, readFileSync(join(f.dir, 'snapshots/turn-3-rewound/counter.js'), 'utf8'));
  } finally {
    await engine.dispose();
  }
});

test('tui-rewind-first: a rewind to before the first prompt (parentUuid null) withdraws every prompt, read whole or live', async () => {
  const f = qwenFixture('qwen-tui-rewind-first-v0.24.4');
  const raw = rawRecords(f.transcript);
  const rewind = raw.find((r) => r.type === 'system' && r.subtype === 'rewind');
  assert.ok(rewind);
  assert.equal(rewind.parentUuid, null);
  assert.equal(raw.filter((r) => r.type === 'user').length, 2);
  for (const chunks of [1, 5]) {
    const { sessions: [s], ops, issues } = runAdapter(qwenCodeAdapter, [transcriptFile(f.transcript)], { chunks });
    assert.deepEqual(issues, []);
    assert.deepEqual(ops.filter((o) => o.op === 'rewind'), [{ op: 'rewind', sessionId: f.sessionId }]);
    assert.deepEqual(s.prompts, []);
  }
  // Through the index, as it happens: the two prompts read first, then the rewind appended to the transcript.
  const root = mkdtempSync(join(tmpdir(), 'at-qwen-rewind-first-'));
  try {
    cpSync(f.home, root, { recursive: true });
    const mine = join(root, relative(f.home, f.transcript));
    const lines = readFileSync(f.transcript, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes(rewind.uuid));
    writeFileSync(mine, `${lines.slice(0, at).join('\n')}\n`);
    const engine = new IndexEngine();
    await engine.configure(
      makeIndexConfig(
        { storageDir: undefined, wasmPath: join(process.cwd(), 'node_modules/sql.js/dist/sql-wasm.wasm'), workspaceFolders: [f.cwd], home: '/nonexistent-home', env: {} },
        { agents: Object.fromEntries(agentRegistry.ids.map((id) => [id, { enabled: id === 'qwen-code', roots: id === 'qwen-code' ? [root] : [] }])) },
      ),
    );
    try {
      await engine.refresh();
      const [before] = await engine.listSessions();
      assert.equal((await engine.listPrompts(before.key)).length, 2);
      writeFileSync(mine, lines.join('\n'));
      await engine.refresh();
      assert.deepEqual(await engine.listPrompts(before.key), []);
      assert.deepEqual((await engine.checkpointData(before.key))?.prompts ?? [], []);
    } finally {
      await engine.dispose();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
