// Real Gemini CLI 0.61.0 transcripts recorded against a scripted model (test/fixtures/recorded): exact prompts,
// tool kinds, commands, and every file change's before/after checked against the work-tree snapshots.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { geminiCliAdapter } from '../../../../src/adapters/geminiCli/geminiCliAdapter';
import type { SessionDetail, Step, ToolCallStep } from '../../../../src/core/model';
import { relativeTo } from '../../../../src/core/paths';
import { SessionFold } from '../../../../src/core/sessionFold';
import { runAdapter } from '../../helpers/parseWithAdapter';
import {
  afterStepDir,
  appendFile,
  beforeStepDir,
  readScenario,
  recordedGemini,
  snapshotFile,
  toolPositions,
  type RecordedGemini,
} from './recordedFixtures';

const runs = [
  recordedGemini('gemini-print', 'gemini-print', 'gemini-print/gemini-home', 'gemini-print.json'),
  // Resumes in the same minute as the start: the resumed run's fresh file has the same name, so the extra metadata
  // line and context sync land in the middle of the one transcript.
  recordedGemini('gemini-print-same-minute', 'gemini-print-same-minute', 'gemini-print-same-minute/gemini-home', 'gemini-print.json'),
  recordedGemini('gemini-tui', 'gemini-tui', 'gemini-tui/gemini-home', 'gemini-tui.json'),
  recordedGemini('multi-agent/gemini', 'multi-agent/gemini', 'multi-agent/home/.gemini', 'multi-gemini.json'),
  recordedGemini('multi-agent/other-gemini', 'multi-agent/other-gemini', 'multi-agent/home/.gemini', 'multi-other-gemini.json'),
  recordedGemini('gemini-tui-rewind', 'gemini-tui-rewind', 'gemini-tui-rewind/gemini-home', 'gemini-tui-rewind.json'),
].filter((r): r is RecordedGemini => r !== undefined);

function tools(session: SessionDetail): ToolCallStep[] {
  return session.prompts.flatMap((p) => p.steps).filter((s: Step): s is ToolCallStep => s.type === 'tool');
}

function parse(run: RecordedGemini, chunks = 1) {
  assert.ok(run.transcripts.length >= 1, `transcripts for ${run.name}`);
  return runAdapter(
    geminiCliAdapter,
    run.transcripts.map((t) => appendFile(t, run.repo)),
    { chunks },
  );
}

test('recorded gemini fixtures are present', () => {
  assert.ok(runs.length >= 2, `expected the recorded gemini fixtures, found ${runs.map((r) => r.name).join(', ')}`);
});

for (const run of runs) {
  describe(`recorded ${run.name}`, () => {
    const scenario = readScenario(run.scenario);
    // Turn numbers of the prompts that survive (a /rewind during the recording removed some).
    const survivingTurns = scenario.turns.map((_t, i) => i + 1).filter((n) => !run.rewoundTurns.includes(n));
    const surviving = survivingTurns.map((n) => scenario.turns[n - 1]);

    test('one session, the typed prompts exactly, in order, no issues', () => {
      const { sessions, issues } = parse(run);
      assert.deepEqual(issues, []);
      assert.equal(sessions.length, 1);
      const s = sessions[0];
      assert.equal(s.agent, 'gemini-cli');
      assert.equal(s.cwd, run.repo);
      assert.match(s.id, /^[0-9a-f]{8}-[0-9a-f]{4}-/);
      assert.deepEqual(
        s.prompts.map((p) => p.text),
        surviving.map((t) => t.prompt),
      );
      assert.deepEqual(
        s.prompts.map((p) => p.index),
        surviving.map((_t, i) => i + 1),
      );
      assert.ok(s.models.length > 0 && s.models.every((m) => m.startsWith('gemini-')));
      assert.ok(s.startedAt <= s.prompts[0].timestamp && s.updatedAt >= s.prompts[s.prompts.length - 1].timestamp);
      assert.deepEqual([...s.sources].sort(), [...run.transcripts].sort());
    });

    test('steps: the scripted texts and tool calls of each prompt, in order', () => {
      const s = parse(run).sessions[0];
      surviving.forEach((turn, i) => {
        const expected: string[] = [];
        for (const step of turn.steps) {
          if (step.text) {
            expected.push(`text:${step.text}`);
          }
          for (const call of step.calls ?? []) {
            expected.push(`tool:${call.name}`);
          }
        }
        const actual = s.prompts[i].steps.map((st) => (st.type === 'tool' ? `tool:${st.name}` : `${st.type}:${st.text}`));
        assert.deepEqual(actual, expected, `prompt ${i + 1}`);
      });
    });

    test('tool kinds, inputs, results', () => {
      const s = parse(run).sessions[0];
      const kinds: Record<string, string> = { write_file: 'write', replace: 'edit', read_file: 'read', run_shell_command: 'shell' };
      const calls = surviving.flatMap((t) => t.steps.flatMap((st) => st.calls ?? []));
      const steps = tools(s);
      assert.equal(steps.length, calls.length);
      steps.forEach((st, i) => {
        assert.equal(st.kind, kinds[st.name], st.name);
        const args = JSON.parse(JSON.stringify(calls[i].args).replaceAll('${CWD}', run.repo)) as Record<string, unknown>;
        assert.deepEqual(st.input, args);
        assert.ok(st.result, `${st.id} has a result`);
        assert.equal(st.result.isError, false);
        assert.ok(st.timestamp >= s.prompts.find((p) => p.id === st.promptId)!.timestamp);
        if (st.kind === 'read') {
          assert.deepEqual(st.reads, [{ path: args.file_path }]);
        }
      });
    });

    test('shell commands: command, cwd, exit code and output match what really ran', () => {
      const s = parse(run).sessions[0];
      const positions = toolPositions(run.main);
      const shells = tools(s).filter((t) => t.kind === 'shell');
      const scripted = surviving.flatMap((t) => t.steps.flatMap((st) => st.calls ?? [])).filter((c) => c.name === 'run_shell_command');
      assert.equal(shells.length, scripted.length);
      for (const st of shells) {
        assert.ok(st.command);
        assert.equal(st.command.command, (st.input as { command: string }).command);
        assert.equal(st.command.cwd, run.repo);
        assert.equal(typeof st.command.exitCode, 'number');
        assert.ok(!st.command.output.includes('Process Group PGID'), 'trailer stripped');
        assert.ok(!st.command.output.includes('untrusted_context'), 'wrapper stripped');
        const pos = positions.get(st.id);
        assert.ok(pos);
        const tree = afterStepDir(run.runDir, pos.turn, pos.step);
        const cat = /^cat (\S+)$/.exec(st.command.command);
        if (cat) {
          // Gemini stores the output without its final newline.
          assert.equal(st.command.output, snapshotFile(tree, cat[1])?.replace(/\n$/, ''));
          assert.equal(st.command.exitCode, 0);
        }
        if (st.command.command.includes("require('./storage.js')")) {
          assert.equal(st.command.exitCode, 1);
          assert.match(st.command.output, /Cannot find module '\.\/storage\.js'/);
          assert.match(st.command.output, /Node\.js v\d+/);
        }
      }
    });

    test('every file change: after = tree after that step, before = tree before it', () => {
      const s = parse(run).sessions[0];
      const positions = toolPositions(run.main);
      let checked = 0;
      for (const st of tools(s)) {
        for (const change of st.fileChanges) {
          const pos = positions.get(st.id);
          assert.ok(pos, `position of ${st.id}`);
          const rel = relativeTo(change.path, run.repo);
          assert.ok(rel && rel !== '.', `${change.path} inside ${run.repo}`);
          const before = snapshotFile(beforeStepDir(run.runDir, pos.turn, pos.step), rel);
          const after = snapshotFile(afterStepDir(run.runDir, pos.turn, pos.step), rel);
          assert.equal(change.after, after, `after of ${st.name} ${rel} (turn ${pos.turn} step ${pos.step})`);
          assert.equal(change.before, before, `before of ${st.name} ${rel}`);
          assert.equal(change.op, before === null ? 'create' : 'update');
          assert.match(change.patch ?? '', new RegExp(`^Index: ${path.basename(rel).replace('.', '\\.')}\\n`));
          checked++;
        }
      }
      const fileTools = tools(s).filter((t) => t.kind === 'write' || t.kind === 'edit');
      assert.equal(checked, fileTools.length, 'one change per write_file/replace');
    });

    test('the last change to each file in a prompt equals the tree after that prompt', () => {
      const s = parse(run).sessions[0];
      s.prompts.forEach((p, i) => {
        const turn = survivingTurns[i];
        const last = new Map<string, string | null | undefined>();
        for (const st of p.steps) {
          if (st.type === 'tool') {
            st.fileChanges.forEach((c) => last.set(c.path, c.after));
          }
        }
        for (const [file, after] of last) {
          const rel = relativeTo(file, run.repo)!;
          assert.equal(after, snapshotFile(path.join(run.runDir, 'snapshots', `turn-${turn}`), rel), `${rel} after prompt ${turn}`);
        }
      });
    });

    test('ground truth: every line a file tool wrote is in that prompt and step\'s recorded change', (t) => {
      // A run's own ground truth labels `prompt-N`; the multi-agent one (a level up) labels `<session dir>:prompt-N`.
      const own = path.join(run.runDir, 'ground-truth.json');
      const shared = path.join(path.dirname(run.runDir), 'ground-truth.json');
      const gtPath = existsSync(own) ? own : shared;
      const label = gtPath === own ? '' : `${path.basename(run.runDir)}:`;
      if (!existsSync(gtPath) || run.rewoundTurns.length > 0) {
        t.skip('no ground truth for this run (or it predates a /rewind)');
        return;
      }
      const gt = JSON.parse(readFileSync(gtPath, 'utf8')) as {
        files: Record<string, { origin: string; prompt?: number; step?: number; via: string; text: string }[]>;
      };
      const origin = new RegExp(`^${label}prompt-\\d+$`);
      const s = parse(run).sessions[0];
      const positions = toolPositions(run.main);
      let checked = 0;
      for (const [rel, lines] of Object.entries(gt.files)) {
        for (const line of lines) {
          if (line.via !== 'file-tool' || !origin.test(line.origin)) {
            continue;
          }
          const changes = tools(s)
            .filter((st) => {
              const pos = positions.get(st.id);
              return pos !== undefined && pos.turn === line.prompt && pos.step === line.step;
            })
            .flatMap((st) => st.fileChanges)
            .filter((c) => c.path === `${run.repo}/${rel}`);
          assert.ok(changes.length > 0, `${rel}:${line.origin} step ${line.step} has a recorded change`);
          assert.ok(
            changes.some((c) => (c.after ?? '').split('\n').includes(line.text)),
            `${rel} line ${JSON.stringify(line.text)} in the change of ${line.origin} step ${line.step}`,
          );
          checked++;
        }
      }
      // The decoy's lines are never in the shared ground truth (it lists decoys apart).
      assert.ok(checked > 0 || run.name.endsWith('other-gemini'), 'some file-tool lines checked');
    });

    test('the same result fed in 7 chunks and line by line (state round-tripped through JSON)', () => {
      const one = parse(run, 1);
      const seven = parse(run, 7);
      const lineByLine = parse(run, 10_000);
      assert.deepEqual(seven.sessions, one.sessions);
      assert.deepEqual(lineByLine.sessions, one.sessions);
      assert.deepEqual(seven.issues, []);
    });

    test('the $set.messages context syncs create no prompt and drop nothing', () => {
      const { sessions, ops } = parse(run);
      assert.equal(ops.filter((o) => o.op === 'rewind').length, run.rewoundTurns.length);
      assert.ok(!sessions[0].prompts.some((p) => p.text.includes('session_context')));
      // Every gemini message with text became exactly one text step (re-appends merged).
      const texts = sessions[0].prompts.flatMap((p) => p.steps).filter((st) => st.type === 'text');
      assert.equal(new Set(texts.map((t) => t.id)).size, texts.length);
    });
  });
}

describe('recorded /rewind (gemini-tui-rewind)', () => {
  const run = runs.find((r) => r.name === 'gemini-tui-rewind');
  test('the $rewindTo of the rewound prompt removes it and its steps; the next prompt takes its place', (t) => {
    if (!run) {
      t.skip('gemini-tui-rewind not recorded');
      return;
    }
    const info = JSON.parse(readFileSync(path.join(run.runDir, 'rewind.json'), 'utf8')) as { rewind_to_message_id: string; rewound_prompt_text: string };
    const { sessions, ops } = parse(run);
    const rewinds = ops.filter((o) => o.op === 'rewind');
    assert.deepEqual(rewinds.map((o) => o.op === 'rewind' && o.recordId), [info.rewind_to_message_id]);
    const s = sessions[0];
    assert.ok(!s.prompts.some((p) => p.text === info.rewound_prompt_text));
    assert.ok(!tools(s).some((st) => st.name === 'write_file' && JSON.stringify(st.input).includes('reset.js')), 'the rewound write is gone');
    // Before the rewind the index held the rewound prompt: the same ops minus the rewind show it.
    const withoutRewind = ops.filter((o) => o.op !== 'rewind');
    const fold = new SessionFold();
    fold.apply(withoutRewind, run.main);
    assert.ok(fold.result()[0].prompts.some((p) => p.text === info.rewound_prompt_text));
  });
});
