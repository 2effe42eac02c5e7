// Real Copilot CLI 1.0.102 sessions recorded against a scripted model (test/fixtures/recorded/copilot-*): the typed
// prompts, every scripted text and tool call in order, commands with their exit codes, every file-tool change checked
// against the recorder's snapshots before and after its step, and the rewind snapshots' backups against the tree as it
// was when each prompt was submitted.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { copilotAdapter } from '../../../../src/adapters/copilot/copilotAdapter';
import type { SessionDetail, ToolCallStep } from '../../../../src/core/model';
import type { IndexOp } from '../../../../src/core/ops';
import { relativeTo } from '../../../../src/core/paths';
import { applyRecordedPatch } from '../../../../src/store/recordedPatch';
import { runAdapter } from '../../helpers/parseWithAdapter';
import { changedIn, copilotRun, groundTruth, sessionFiles, snapshotFile, stepSnapshots, type CopilotRun } from './copilotFixtures';

const runs = [
  copilotRun('copilot-notes-cli', 'copilot-notes-cli.json'),
  copilotRun('copilot-big-file', 'copilot-big-file.json'),
  copilotRun('copilot-second-session', 'copilot-second-session.json'),
  copilotRun('copilot-decoy', 'copilot-decoy.json'),
  copilotRun('copilot-tui-rewind', 'copilot-tui-rewind.json'),
];

/** Exit codes that are not 0, by command, as the recorder's scenarios made them fail. */
const failing: Record<string, Record<string, number>> = {
  'copilot-notes-cli': { 'node bin/notes.js': 2 },
  'copilot-tui-rewind': { 'node bin/notes.js': 2 },
  'copilot-second-session': { 'node test/missing.test.js': 1 },
};

const kinds: Record<string, string> = { bash: 'shell', view: 'read', create: 'write', edit: 'edit' };

function parse(run: CopilotRun, chunks = 1) {
  return runAdapter(copilotAdapter, sessionFiles(run.home, run.sessionId), { chunks });
}

function tools(session: SessionDetail): ToolCallStep[] {
  return session.prompts.flatMap((p) => p.steps).filter((s): s is ToolCallStep => s.type === 'tool');
}

function substitute(value: unknown, repo: string): unknown {
  return JSON.parse(JSON.stringify(value).split('${CWD}').join(repo));
}

for (const run of runs) {
  describe(`recorded ${run.name}`, () => {
    test('one session: id, cwd, CLI version, model, the typed prompts exactly, no issues', () => {
      const { sessions, issues } = parse(run);
      assert.deepEqual(issues, []);
      assert.equal(sessions.length, 1);
      const s = sessions[0];
      assert.equal(s.agent, 'copilot');
      assert.equal(s.id, run.sessionId);
      assert.equal(s.cwd, run.repo);
      assert.equal(s.cliVersion, '1.0.102');
      assert.deepEqual(s.models, ['claude-sonnet-4-5']);
      assert.deepEqual(
        s.prompts.map((p) => p.text),
        run.scenario.turns.map((t) => t.prompt),
      );
      assert.deepEqual(
        s.prompts.map((p) => p.index),
        run.scenario.turns.map((_t, i) => i + 1),
      );
      assert.ok(s.startedAt <= s.prompts[0].timestamp);
    });

    test('steps: each prompt holds its scripted texts and tool calls in order, with kinds and inputs', () => {
      const s = parse(run).sessions[0];
      s.prompts.forEach((p, i) => {
        const expected = run.scenario.turns[i].steps.flatMap((st) => [
          ...(st.text ? [`text:${st.text}`] : []),
          ...(st.calls ?? []).map((c) => `tool:${c.name}:${kinds[c.name] ?? 'other'}:${JSON.stringify(substitute(c.args, run.repo))}`),
        ]);
        const got = p.steps.map((st) => (st.type === 'text' ? `text:${st.text}` : st.type === 'tool' ? `tool:${st.name}:${st.kind}:${JSON.stringify(st.input)}` : st.type));
        assert.deepEqual(got, expected, `prompt ${i + 1}`);
      });
      for (const t of tools(s)) {
        assert.ok(t.result, `${t.id} has its result`);
        assert.ok(t.durationMs !== undefined && t.durationMs >= 0);
      }
    });

    test('commands: every bash call with its output and exit code (a failing one is success:true in the log)', () => {
      const s = parse(run).sessions[0];
      const commands = tools(s).filter((t) => t.kind === 'shell');
      assert.ok(commands.length > 0);
      for (const t of commands) {
        const command = (t.input as { command: string }).command;
        assert.ok(t.command, `${t.id} has a command`);
        assert.equal(t.command.command, command);
        assert.equal(t.command.exitCode, failing[run.name]?.[command] ?? 0, command);
        assert.doesNotMatch(t.command.output, /<shellId:/, 'the tool\'s completion marker is not output');
        assert.equal(t.result?.isError, false);
      }
      const nonZero = commands.filter((t) => t.command?.exitCode !== 0).map((t) => t.command?.command);
      assert.deepEqual(nonZero, Object.keys(failing[run.name] ?? {}));
    });

    test('file-tool changes: a create holds the new file, an edit a diff that turns the tree before its step into the tree after it', () => {
      const s = parse(run).sessions[0];
      const truth = groundTruth(run);
      const snaps = stepSnapshots(run);
      let checked = 0;
      s.prompts.forEach((p, i) => {
        const turn = i + 1;
        const calls = p.steps.filter((st): st is ToolCallStep => st.type === 'tool');
        let next = 0;
        run.scenario.turns[i].steps.forEach((st, k) => {
          const after = snaps.find((x) => x.turn === turn && x.step === k + 1);
          const before = k === 0 ? truth.before_prompt[`prompt-${turn}`] : `step-snapshots/${snaps.find((x) => x.turn === turn && x.step === k)?.snapshot}`;
          for (const call of st.calls ?? []) {
            const t = calls[next++];
            assert.equal(t.name, call.name);
            const writes = call.name === 'create' || call.name === 'edit';
            assert.equal(t.fileChanges.length, writes ? 1 : 0, `${t.name} ${t.id}`);
            if (!writes || !after) {
              continue;
            }
            const c = t.fileChanges[0];
            const rel = relativeTo(c.path, run.repo) ?? '';
            assert.equal(rel, call.file);
            const want = snapshotFile(run, `step-snapshots/${after.snapshot}`, rel);
            if (call.name === 'create') {
              assert.equal(c.op, 'create');
              assert.equal(c.before, null);
              assert.equal(c.after, want);
            } else {
              assert.equal(c.op, 'update');
              assert.equal(c.before, undefined, 'the log records no content before an edit');
              assert.equal(c.after, undefined);
              assert.ok(c.patch);
              assert.equal(applyRecordedPatch(snapshotFile(run, before, rel) ?? '', c.patch), want);
            }
            checked++;
          }
        });
      });
      assert.ok(checked > 0);
    });

    test('rewind snapshots: per prompt, every file the prompt changed (shell too), backed up as it was when submitted', () => {
      const { ops, sessions } = parse(run);
      const s = sessions[0];
      const truth = groundTruth(run);
      const backups = ops.filter((o): o is Extract<IndexOp, { op: 'fileBackup' }> => o.op === 'fileBackup');
      s.prompts.forEach((p) => {
        const mine = backups.filter((b) => b.promptId === p.id);
        assert.deepEqual(
          mine.map((b) => relativeTo(b.path, run.repo)).sort(),
          changedIn(truth, p.index),
          `files backed up for prompt ${p.index}`,
        );
        for (const b of mine) {
          assert.equal(b.sessionId, s.id);
          assert.equal(b.timestamp, p.timestamp, 'a backup is the file when its prompt was submitted');
          const rel = relativeTo(b.path, run.repo) ?? '';
          const want = snapshotFile(run, truth.before_prompt[`prompt-${p.index}`], rel);
          assert.equal(b.backupPath === null ? null : readFileSync(b.backupPath, 'utf8'), want, `${rel} before prompt ${p.index}`);
        }
      });
      assert.ok(backups.length > 0);
      assert.ok(backups.every((b) => path.isAbsolute(b.path)));
    });

    test('read in chunks (state through JSON between them) gives the same sessions', () => {
      assert.deepEqual(parse(run, 7).sessions, parse(run).sessions);
    });
  });
}
