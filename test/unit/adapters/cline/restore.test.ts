// Cline's checkpoint restore, recorded in cline-tui-undo (scripts/record-fixtures-cline.sh): the notes-cli session in
// the TUI, then `/undo` → the checkpoint of prompt 3 → "Restore chat and workspace". Cline resets the work tree to the
// checkpoint and starts a NEW session whose transcript begins with copies of the first session's messages before
// prompt 3 (same ids and times, older than the new session's start); the first session stays whole. The index keeps
// the first session as Cline does and leaves the copies out of the new one: indexed twice, prompt 1's edits of
// src/notes.js were replayed twice, no longer applied, and the file lost its blame.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { clineAdapter } from '../../../../src/adapters/cline/clineAdapter';
import { BlameEngine } from '../../../../src/core/blame/blameEngine';
import { applyRecordedPatch } from '../../../../src/store/recordedPatch';
import { runAdapter } from '../../helpers/parseWithAdapter';
import { indexRecorded, recordedFixtures } from '../../helpers/recordedFixtures';

const name = 'cline-tui-undo-v3.0.65';
const dir = join(recordedFixtures, name);
const undo = JSON.parse(readFileSync(join(dir, 'undo.json'), 'utf8')) as {
  source_session: string;
  sessions: { id: string; messages: number; messages_before_start: number; prompts: string[] }[];
};
const repo = /^repo path during run: (.+)$/m.exec(readFileSync(join(dir, 'meta.txt'), 'utf8'))?.[1].trim() ?? '';
const scenario = JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/scenarios/cline-tui-undo.json'), 'utf8')) as { turns: { prompt: string }[] };
const sessionsDir = join(dir, 'cline-home-after-undo/dot-cline/data/sessions');
const restored = undo.sessions.find((s) => s.id !== undo.source_session);

function transcript(id: string): { agent: 'cline'; path: string; mode: 'whole' } {
  return { agent: 'cline', path: join(sessionsDir, id, `${id}.messages.json`), mode: 'whole' };
}

test('cline-tui-undo: the restored session carries copies of the earlier messages, which are left out', () => {
  assert.ok(restored);
  assert.equal(restored.messages_before_start, restored.messages, 'every message of the new session is a copy');
  const source = runAdapter(clineAdapter, [transcript(undo.source_session)]);
  assert.deepEqual(source.issues, []);
  assert.deepEqual(
    source.sessions[0].prompts.map((p) => p.text),
    scenario.turns.map((t) => t.prompt),
    'the first session stays whole, as Cline keeps it',
  );
  const copy = runAdapter(clineAdapter, [transcript(restored.id)]);
  assert.deepEqual(copy.issues, []);
  assert.deepEqual(
    copy.ops.filter((o) => o.op === 'prompt' || o.op === 'step'),
    [],
  );
  assert.equal(copy.sessions[0]?.cwd, repo);
});

test('cline-tui-undo: after the restore, blame of the reset files names the first session\'s prompts', async () => {
  // The work tree as the restore left it (checkpoint 3: the tree before prompt 3), at the path the transcripts name.
  mkdirSync(join(repo, '..'), { recursive: true });
  execFileSync('tar', ['xzf', join(dir, 'repo-after-undo.tar.gz'), '-C', join(repo, '..')]);
  const engine = await indexRecorded({ name, roots: { cline: 'cline-home-after-undo/dot-cline/data/sessions' } }, repo);
  const blamer = new BlameEngine(applyRecordedPatch);
  try {
    const listed = await engine.listSessions();
    assert.deepEqual(
      listed.map((s) => [s.id, s.promptCount]),
      [[undo.source_session, 3]],
    );
    const blame = async (rel: string): Promise<(string | null)[]> => {
      const content = readFileSync(join(repo, rel), 'utf8');
      assert.equal(content, readFileSync(join(dir, 'snapshots/turn-2', rel), 'utf8'), `${rel} is as before prompt 3`);
      const basis = await engine.blameBasis(join(repo, rel));
      const lines = basis ? blamer.blame(basis.replayed, content, basis.shellRuns).lines : [];
      return content.split('\n').slice(0, -1).map((text, i) => (text.trim() === '' ? 'blank' : lines[i] ? `${lines[i]?.sessionId} #${lines[i]?.promptIndex}` : null));
    };
    const p = (n: number): string => `${undo.source_session} #${n}`;
    // src/notes.js: written by prompt 1, line 4 rewritten by hand before prompt 2 (ground truth: user-edit-before-prompt-2).
    assert.deepEqual(await blame('src/notes.js'), [p(1), 'blank', p(1), null, p(1), p(1), 'blank', p(1), p(1), p(1), 'blank', p(1), p(1), p(1), p(1), p(1), 'blank', p(1)]);
  } finally {
    await engine.dispose();
  }
});
