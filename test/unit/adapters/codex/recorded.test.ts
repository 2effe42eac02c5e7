// The adapter against real Codex rollouts (0.169.0 and 0.171.0) recorded with a scripted mock model. The scenario says what was
// typed and which tools ran; the work-tree snapshots say what the files really were after every step; the mock
// server's request log holds an independent copy of every tool output.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { applyPatch } from 'diff';
import { codexAdapter } from '../../../../src/adapters/codex/codexAdapter';
import { applyUpdateChunks, parseApplyPatch } from '../../../../src/adapters/codex/applyPatch';
import type { SessionDetail, ToolCallStep } from '../../../../src/core/model';
import { relativeTo } from '../../../../src/core/paths';
import { runAdapter } from '../../helpers/parseWithAdapter';
import { indexRecorded } from '../../helpers/recordedFixtures';
import {
  afterStepDir,
  beforeStepDir,
  fixtureExists,
  loadFixture,
  readSnapshot,
  scriptedCalls,
  type RecordedFixture,
} from './recordedFixture';

const fixtures = [
  { dir: 'codex-exec', home: 'codex-exec/codex-home', version: '0.169.0' },
  { dir: 'codex-tui', home: 'codex-tui/codex-home', version: '0.169.0' },
  { dir: 'multi-agent/codex', home: 'multi-agent/home/.codex', version: '0.169.0' },
  { dir: 'multi-agent/other', home: 'multi-agent/home/.codex', version: '0.169.0' },
  { dir: 'codex-exec-v0.171.0', home: 'codex-exec-v0.171.0/codex-home', version: '0.171.0' },
  { dir: 'codex-tui-v0.171.0', home: 'codex-tui-v0.171.0/codex-home', version: '0.171.0' },
  { dir: 'codex-big-file-v0.171.0', home: 'codex-big-file-v0.171.0/codex-home', version: '0.171.0' },
  // Commands that print bytes that are not UTF-8: records with runs of U+FFFD (lossy decoding) in valid JSON.
  { dir: 'codex-binary-output-v0.171.0', home: 'codex-binary-output-v0.171.0/codex-home', version: '0.171.0' },
];

function parse(fx: RecordedFixture, chunks = 1): { session: SessionDetail; issues: unknown[] } {
  const run = runAdapter(
    codexAdapter,
    fx.rollouts.map((path) => ({ agent: 'codex' as const, path, mode: 'append' as const })),
    { chunks },
  );
  assert.equal(run.sessions.length, 1, 'one session per recorded thread');
  return { session: run.sessions[0], issues: run.issues };
}

function toolSteps(session: SessionDetail, turn: number): ToolCallStep[] {
  return session.prompts[turn - 1].steps.filter((s): s is ToolCallStep => s.type === 'tool');
}

/** Turn ids in the order Codex started them (task_started), read straight from the rollout. */
function startedTurnIds(path: string): string[] {
  const ids: string[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.includes('"task_started"')) {
      const rec = JSON.parse(line) as { payload: { turn_id: string } };
      ids.push(rec.payload.turn_id);
    }
  }
  return ids;
}

function rel(fx: RecordedFixture, abs: string): string {
  const r = relativeTo(abs, fx.repoPath);
  assert.ok(r !== undefined, `${abs} is inside the repo ${fx.repoPath}`);
  return r;
}

/** Files that differ between two snapshots (added, removed or modified). */
function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((n) => before.get(n) !== after.get(n)).sort();
}

for (const spec of fixtures) {
  describe(`codex recorded: ${spec.dir}`, { skip: !fixtureExists(spec.dir, spec.home) && 'fixture not recorded yet' }, () => {
    const fx = fixtureExists(spec.dir, spec.home) ? loadFixture(spec.dir, spec.home) : undefined;
    const get = (): RecordedFixture => {
      assert.ok(fx);
      return fx;
    };

    it('yields one session with the thread id, cwd, version and model, and no issues', () => {
      const f = get();
      const { session, issues } = parse(f);
      assert.deepEqual(issues, []);
      const threadId = readFileSync(join(f.dir, 'session-id.txt'), 'utf8').trim();
      assert.equal(session.id, threadId);
      assert.equal(session.cwd, f.repoPath);
      assert.equal(session.cliVersion, spec.version);
      assert.equal(readFileSync(join(f.dir, 'codex-version.txt'), 'utf8').trim(), `codex-cli ${spec.version}`);
      assert.deepEqual(session.models, ['gpt-5.5']);
      assert.equal(session.parentSessionId, undefined);
      assert.ok(session.startedAt < session.updatedAt);
    });

    it('has exactly the typed prompts, in order, keyed by the turn ids', () => {
      const f = get();
      const { session } = parse(f);
      assert.ok(f.prompts.length > 0);
      assert.deepEqual(
        session.prompts.map((p) => p.text),
        f.prompts,
      );
      assert.deepEqual(
        session.prompts.map((p) => p.id),
        startedTurnIds(f.rollouts[0]),
      );
      assert.deepEqual(
        session.prompts.map((p) => p.index),
        session.prompts.map((_, i) => i + 1),
      );
    });

    it('has one text step per scripted message and the scripted reasoning, without duplicates', () => {
      const f = get();
      const { session } = parse(f);
      assert.equal(f.turns.length, session.prompts.length);
      f.turns.forEach((turn, i) => {
        const steps = session.prompts[i].steps;
        assert.deepEqual(
          steps.filter((s) => s.type === 'text').map((s) => (s.type === 'text' ? s.text : '')),
          turn.filter((s) => s.text !== undefined).map((s) => s.text),
        );
        assert.deepEqual(
          steps.filter((s) => s.type === 'reasoning').map((s) => (s.type === 'reasoning' ? s.text : '')),
          turn.filter((s) => s.reasoning !== undefined).map((s) => s.reasoning),
        );
        for (const s of steps) {
          if (s.type === 'text') {
            assert.equal(s.model, 'gpt-5.5');
          }
        }
      });
    });

    it('has one tool step per scripted call, with the right kind, input and command', () => {
      const f = get();
      const { session } = parse(f);
      f.turns.forEach((_, i) => {
        const turn = i + 1;
        const calls = scriptedCalls(f, turn);
        const tools = toolSteps(session, turn);
        assert.equal(tools.length, calls.length, `prompt ${turn}: tool steps`);
        tools.forEach((step, j) => {
          const { call } = calls[j];
          assert.equal(step.id, call.callId, 'step id = call id, in call order');
          assert.equal(step.promptId, session.prompts[i].id);
          if (call.apply_patch !== undefined) {
            assert.equal(step.name, 'apply_patch');
            assert.equal(step.input, call.apply_patch);
            assert.ok(['edit', 'write', 'delete'].includes(step.kind), step.kind);
            assert.equal(step.command, undefined);
          } else {
            assert.equal(step.name, 'exec_command');
            assert.equal(step.kind, 'shell');
            assert.equal(step.command?.command, call.shell);
            assert.equal(step.command?.cwd, f.repoPath);
            assert.deepEqual(step.fileChanges, []);
          }
        });
      });
    });

    it('gives each tool the result the model received; shell exit codes and outputs match it', () => {
      const f = get();
      const { session } = parse(f);
      let shells = 0;
      session.prompts.forEach((_, i) => {
        for (const step of toolSteps(session, i + 1)) {
          const sent = f.mockOutputs.get(step.id);
          assert.ok(sent !== undefined, `mock saw the output of ${step.id}`);
          assert.equal(step.result?.text, sent);
          if (step.kind !== 'shell') {
            assert.equal(step.result?.isError, false);
            continue;
          }
          shells++;
          const exit = /Process exited with code (\d+)/.exec(sent);
          assert.ok(exit, 'unified exec output names the exit code');
          assert.equal(step.command?.exitCode, Number(exit[1]));
          assert.equal(step.result?.isError, Number(exit[1]) !== 0);
          assert.equal(step.command?.output, sent.slice(sent.indexOf('\nOutput:\n') + '\nOutput:\n'.length));
          assert.ok(typeof step.command?.durationMs === 'number');
        }
      });
      const scriptedShells = f.turns.flatMap((t) => t.flatMap((s) => s.calls)).filter((c) => c.shell !== undefined).length;
      assert.equal(shells, scriptedShells);
    });

    it('file changes reproduce the work tree: add = snapshot, delete = previous content, update/rename diff applies', () => {
      const f = get();
      const { session } = parse(f);
      let checked = 0;
      session.prompts.forEach((_, i) => {
        const turn = i + 1;
        const calls = scriptedCalls(f, turn);
        toolSteps(session, turn).forEach((step, j) => {
          const before = readSnapshot(beforeStepDir(f, turn, calls[j].step));
          const after = readSnapshot(afterStepDir(f, turn, calls[j].step));
          if (calls[j].call.apply_patch !== undefined) {
            assert.ok(step.fileChanges.length > 0, `${step.id} has file changes`);
          }
          for (const fc of step.fileChanges) {
            const p = rel(f, fc.path);
            switch (fc.op) {
              case 'create':
                assert.equal(fc.before, null);
                assert.equal(before.has(p), false, `${p} did not exist before`);
                assert.equal(fc.after, after.get(p), `${p} after = snapshot`);
                break;
              case 'delete':
                assert.equal(fc.after, null);
                assert.equal(fc.before, before.get(p), `${p} before = previous snapshot`);
                assert.equal(after.has(p), false);
                break;
              case 'update':
              case 'rename': {
                assert.ok(fc.patch !== undefined, 'update carries a patch');
                const target = fc.op === 'rename' ? rel(f, fc.movePath ?? '') : p;
                const applied = applyPatch(before.get(p) ?? '', fc.patch);
                assert.equal(applied, after.get(target), `${p} → ${target}: patch applied to the previous snapshot`);
                if (fc.op === 'rename') {
                  assert.notEqual(target, p);
                  assert.equal(after.has(p), false, `${p} moved away`);
                }
                break;
              }
            }
            checked++;
          }
        });
      });
      assert.ok(checked > 0);
    });

    it('steps whose calls are all apply_patch touch exactly the files that changed in the work tree', () => {
      const f = get();
      const { session } = parse(f);
      f.turns.forEach((turn, i) => {
        const tools = toolSteps(session, i + 1);
        const calls = scriptedCalls(f, i + 1);
        turn.forEach((s, k) => {
          const step = k + 1;
          if (!s.calls.length || !s.calls.every((c) => c.apply_patch !== undefined)) {
            return;
          }
          const touched = new Set<string>();
          tools.forEach((t, j) => {
            if (calls[j].step !== step) {
              return;
            }
            for (const fc of t.fileChanges) {
              touched.add(rel(f, fc.path));
              if (fc.movePath) {
                touched.add(rel(f, fc.movePath));
              }
            }
          });
          const diff = changedFiles(readSnapshot(beforeStepDir(f, i + 1, step)), readSnapshot(afterStepDir(f, i + 1, step)));
          assert.deepEqual([...touched].sort(), diff, `prompt ${i + 1} step ${step}`);
        });
      });
    });

    it('the apply_patch grammar applier turns each previous snapshot into the next one', () => {
      const f = get();
      let applied = 0;
      f.turns.forEach((_, i) => {
        for (const { step, call } of scriptedCalls(f, i + 1)) {
          if (call.apply_patch === undefined) {
            continue;
          }
          const before = readSnapshot(beforeStepDir(f, i + 1, step));
          const after = readSnapshot(afterStepDir(f, i + 1, step));
          const parsed = parseApplyPatch(call.apply_patch);
          assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
          for (const hunk of parsed.hunks) {
            if (hunk.type === 'add') {
              assert.equal(hunk.contents, after.get(hunk.path));
            } else if (hunk.type === 'update') {
              const result = applyUpdateChunks(before.get(hunk.path) ?? '', hunk.chunks);
              assert.ok(result.ok, result.ok ? '' : result.error);
              assert.equal(result.content, after.get(hunk.movePath ?? hunk.path));
            } else {
              assert.equal(after.has(hunk.path), false);
            }
            applied++;
          }
        }
      });
      assert.ok(applied > 0);
    });

    it('gives the same result fed in one batch or in many', () => {
      const f = get();
      const one = parse(f, 1);
      for (const chunks of [3, 7, 50]) {
        assert.deepEqual(parse(f, chunks), one, `${chunks} chunks`);
      }
    });
  });
}

describe('codex recorded: binary command output (0.171.0)', () => {
  const spec = { dir: 'codex-binary-output-v0.171.0', home: 'codex-binary-output-v0.171.0/codex-home' };

  it('indexes the commands that printed binary bytes, with their lossily decoded output, and counts nothing as binary', async () => {
    const f = loadFixture(spec.dir, spec.home);
    const lines = readFileSync(f.rollouts[0], 'utf8').split('\n').filter((l) => l !== '');
    // The genuine rollout: valid JSON lines holding runs of replacement characters (what the old check dropped).
    const withRuns = lines.filter((l) => /\uFFFD{4,}/.test(l));
    assert.ok(withRuns.length >= 2, 'records with U+FFFD runs');
    for (const l of withRuns) {
      JSON.parse(l);
    }
    const engine = await indexRecorded({ name: spec.dir, roots: { codex: 'codex-home' } }, f.repoPath);
    try {
      const stats = await engine.stats();
      assert.equal(stats.issues.binary, undefined, JSON.stringify(stats.issues));
      const [summary] = await engine.listSessions();
      assert.ok(summary);
      const detail = await engine.sessionDetail(summary.key);
      const shells = (detail?.prompts ?? []).flatMap((p) => p.steps).filter((s): s is ToolCallStep => s.type === 'tool' && s.kind === 'shell');
      const byCommand = new Map(shells.map((s) => [s.command?.command, s]));
      for (const command of ['head -c 3000 /bin/ls', "printf 'bytes: \\377\\376\\375\\374\\373 end\\n'"]) {
        const step = byCommand.get(command);
        assert.ok(step, `${command} is indexed`);
        assert.match(step.command?.output ?? '', /\uFFFD{4,}/, `${command}: its output as Codex decoded it`);
        assert.equal(step.result?.text, f.mockOutputs.get(step.id));
      }
      assert.match(byCommand.get('head -c 3000 /bin/ls')?.command?.output ?? '', /^\u007fELF/);
      assert.match(byCommand.get("printf 'bytes: \\377\\376\\375\\374\\373 end\\n'")?.command?.output ?? '', /^bytes: \uFFFD{5} end/);
    } finally {
      await engine.dispose();
    }
  });
});
