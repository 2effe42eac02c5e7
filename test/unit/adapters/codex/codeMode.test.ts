// Codex code mode against genuine recordings (test/fixtures/recorded/codex-code-mode-*: the real 0.145.0 and 0.171.0
// CLIs driven into code mode by the scripted mock, model slug gpt-5.6-sol). The model calls the freeform `exec` tool
// with JavaScript whose `tools.exec_command(…)` calls run the commands. 0.145.0 writes "legacy" rollouts that keep
// only the script and its output (codex-rs/rollout/src/policy.rs persists no ExecCommandEnd, and ItemCompleted only in
// paginated history); 0.171.0 writes "paginated" ones with one CommandExecution item per command (id `exec-<uuid>`,
// codex-rs/core/src/tools/code_mode/mod.rs). What really ran is taken from outside the rollout: the `codex exec
// --json` event stream (turn-N.out), which reports every nested command with its exit code and output.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { codexAdapter } from '../../../../src/adapters/codex/codexAdapter';
import { nestedToolCalls } from '../../../../src/adapters/codex/codeModeScript';
import type { SessionDetail, ToolCallStep } from '../../../../src/core/model';
import { relativeTo } from '../../../../src/core/paths';
import { runAdapter } from '../../helpers/parseWithAdapter';
import { fixtureExists, loadFixture, readSnapshot, recordedRoot } from './recordedFixture';

interface StreamCommand {
  command: string;
  exitCode: number;
  output: string;
}

/** One shell word (`'…'`, `"…"` with backslash escapes, bare characters), as bash reads it. */
function shellWord(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      out += text.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      for (i++; text[i] !== '"'; i++) {
        if (text[i] === '\\' && '"\\$`'.includes(text[i + 1])) {
          i++;
        }
        out += text[i];
      }
    } else if (c === '\\') {
      out += text[++i];
    } else {
      out += c;
    }
  }
  return out;
}

/** The commands `codex exec --json` reported for prompt `turn`, in order (`/bin/bash -lc <cmd>` → `<cmd>`). */
function streamCommands(dir: string, turn: number): StreamCommand[] {
  const out: StreamCommand[] = [];
  for (const line of readFileSync(join(dir, `turn-${turn}.out`), 'utf8').split('\n')) {
    if (!line.startsWith('{')) {
      continue;
    }
    const ev = JSON.parse(line) as { type: string; item?: { type: string; command: string; exit_code: number; aggregated_output: string } };
    if (ev.type === 'item.completed' && ev.item?.type === 'command_execution') {
      const prefix = '/bin/bash -lc ';
      assert.ok(ev.item.command.startsWith(prefix), ev.item.command);
      out.push({ command: shellWord(ev.item.command.slice(prefix.length)), exitCode: ev.item.exit_code, output: ev.item.aggregated_output });
    }
  }
  return out;
}

interface Fixture {
  dir: string;
  repo: string;
  rollouts: string[];
  /** The scripts the mock model sent, per prompt (its own log). */
  scripts: string[];
}

function load(name: string): Fixture {
  const fx = loadFixture(name, `${name}/codex-home`);
  const scripts = fx.turns.map((steps) => steps.flatMap((st) => st.calls).find((c) => c.custom?.name === 'exec')?.custom?.input ?? '');
  return { dir: fx.dir, repo: fx.repoPath, rollouts: fx.rollouts, scripts };
}

function parse(fx: Fixture, chunks = 1): { session: SessionDetail; issues: unknown[] } {
  const run = runAdapter(
    codexAdapter,
    fx.rollouts.map((path) => ({ agent: 'codex' as const, path, mode: 'append' as const })),
    { chunks },
  );
  assert.equal(run.sessions.length, 1);
  return { session: run.sessions[0], issues: run.issues };
}

function toolSteps(session: SessionDetail, turn: number): ToolCallStep[] {
  return session.prompts[turn - 1].steps.filter((s): s is ToolCallStep => s.type === 'tool');
}

const legacy = ['codex-code-mode-v0.145.0', 'codex-code-mode-tui-v0.145.0'];
const paginated = ['codex-code-mode-v0.171.0'];
const recorded = (name: string): boolean => fixtureExists(name, `${name}/codex-home`);

for (const name of [...legacy, ...paginated]) {
  describe(`codex code mode, recorded: ${name}`, { skip: !recorded(name) && 'fixture not recorded yet' }, () => {
    const fx = recorded(name) ? load(name) : undefined;
    const get = (): Fixture => {
      assert.ok(fx);
      return fx;
    };

    it('keeps each exec call as a tool step with its script and output, no issues', () => {
      const f = get();
      const { session, issues } = parse(f);
      assert.deepEqual(issues, []);
      assert.equal(session.prompts.length, 2);
      session.prompts.forEach((p, i) => {
        const exec = toolSteps(session, i + 1).filter((s) => s.name === 'exec');
        assert.equal(exec.length, 1);
        assert.equal(exec[0].kind, 'other');
        assert.equal(exec[0].input, f.scripts[i]);
        assert.equal(exec[0].promptId, p.id);
        assert.match(exec[0].result?.text ?? '', /^Script completed\nWall time [\d.]+ seconds\nOutput:\n/);
        assert.equal(exec[0].result?.isError, false);
      });
      // What the script printed with text(), one item per line.
      const first = toolSteps(session, 1).find((s) => s.name === 'exec');
      assert.match(first?.result?.text ?? '', /Output:\nHello, Ada\ncat exited 1$/);
    });

    it('gives the same result fed in one batch or in many', () => {
      const f = get();
      const one = parse(f, 1);
      for (const chunks of [3, 11, 40]) {
        assert.deepEqual(parse(f, chunks), one, `${chunks} chunks`);
      }
    });

    it('nested apply_patch calls are edit steps with the recorded changes', () => {
      const f = get();
      const { session } = parse(f);
      const patches = session.prompts.flatMap((_, i) => toolSteps(session, i + 1).filter((s) => s.name === 'apply_patch'));
      assert.deepEqual(
        patches.map((s) => [s.kind, s.fileChanges.map((c) => [c.op, relativeTo(c.path, f.repo)])]),
        [
          ['write', [['create', 'src/greet.js']]],
          ['edit', [['update', 'src/greet.js']]],
        ],
      );
      assert.equal(patches[0].fileChanges[0].after, readSnapshot(join(f.dir, 'snapshots/turn-1')).get('src/greet.js'));
      assert.ok(patches.every((s) => /^exec-[0-9a-f-]{36}$/.test(s.id)));
    });
  });
}

for (const name of legacy) {
  describe(`codex code mode, legacy history (0.145.0): ${name}`, { skip: !recorded(name) && 'fixture not recorded yet' }, () => {
    it('has one shell step per tools.exec_command call of each script, right after the exec step, with the command that ran', () => {
      const f = load(name);
      // The exec fixture's event stream says what ran; the TUI recording ran the same scenario.
      const streamDir = join(recordedRoot, 'codex-code-mode-v0.145.0');
      assert.ok(existsSync(join(streamDir, 'turn-1.out')));
      const { session } = parse(f);
      for (const turn of [1, 2]) {
        const steps = toolSteps(session, turn);
        const execIndex = steps.findIndex((s) => s.name === 'exec');
        const exec = steps[execIndex];
        const commands = steps.filter((s) => s.name === 'exec_command');
        // Script order, right after the exec step; ids from the exec call id and the call's place in the script.
        assert.deepEqual(
          steps.slice(execIndex + 1, execIndex + 1 + commands.length).map((s) => s.id),
          commands.map((s) => s.id),
        );
        assert.ok(commands.every((s) => s.id.startsWith(`${exec.id}#`) && s.kind === 'shell' && s.promptId === exec.promptId));
        const ran = streamCommands(streamDir, turn).map((c) => c.command);
        if (turn === 1) {
          // Three literal commands: exactly the three that ran.
          assert.deepEqual(
            commands.map((s) => s.command?.command),
            ran,
          );
        } else {
          // A loop over a template literal ran twice; the script holds one call whose command is an expression.
          assert.equal(ran.length, 3);
          assert.deepEqual(
            commands.map((s) => s.command?.command),
            ['`node -e "console.log(require(\'./src/greet.js\').${fn}(\'Ada\'))"`', ran[2]],
          );
        }
        for (const s of commands) {
          assert.equal(s.command?.cwd, f.repo, 'the turn cwd, or the literal workdir "." resolved against it');
          // The rollout records no exit code or output for them: unknown, not guessed.
          assert.equal(s.command?.exitCode, null);
          assert.equal(s.command?.output, '');
          assert.equal(s.result, undefined);
        }
      }
    });
  });
}

for (const name of paginated) {
  describe(`codex code mode, paginated history (0.171.0): ${name}`, { skip: !recorded(name) && 'fixture not recorded yet' }, () => {
    it('has one shell step per command that ran, with its exact exit code and output, and no step read from the script', () => {
      const f = load(name);
      const { session } = parse(f);
      for (const turn of [1, 2]) {
        const commands = toolSteps(session, turn).filter((s) => s.kind === 'shell');
        assert.deepEqual(
          commands.map((s) => ({ command: s.command?.command ?? '', exitCode: s.command?.exitCode ?? -1, output: s.command?.output ?? '' })),
          streamCommands(f.dir, turn),
        );
        for (const s of commands) {
          assert.match(s.id, /^exec-[0-9a-f-]{36}$/);
          assert.equal(s.name, 'exec_command');
          assert.equal(s.command?.cwd, f.repo);
          assert.equal(s.result?.isError, s.command?.exitCode !== 0);
        }
      }
    });
  });
}

describe('code-mode script scanner', () => {
  it('finds tools.<name>(…) calls in source order with their literal arguments', () => {
    const script = [
      '// @exec: {"yield_time_ms": 10000}',
      "const a = await tools.exec_command({ cmd: 'npm test', workdir: \"pkg\", yield_time_ms: 5000 });",
      'const b = await tools?.exec_command({ "cmd": `git status`, login: false, tty: null });',
      "await tools['shell_command']({ command: 'ls -la' });",
      'await tools.apply_patch("*** Begin Patch\\n*** End Patch\\n");',
      'for (const f of files) await tools.exec_command({ cmd: `cat ${f}`, workdir });',
      'await Promise.all([1, 2].map((n) => tools.exec_command({ cmd: "echo " + n })));',
    ].join('\n');
    assert.deepEqual(nestedToolCalls(script), [
      { tool: 'exec_command', args: { cmd: 'npm test', workdir: 'pkg', yield_time_ms: 5000 }, dynamicKeys: [] },
      { tool: 'exec_command', args: { cmd: 'git status', login: false, tty: null }, dynamicKeys: [] },
      { tool: 'shell_command', args: { command: 'ls -la' }, dynamicKeys: [] },
      { tool: 'apply_patch', dynamicKeys: [] },
      { tool: 'exec_command', args: { cmd: '`cat ${f}`', workdir: 'workdir' }, dynamicKeys: ['cmd', 'workdir'] },
      { tool: 'exec_command', args: { cmd: '"echo " + n' }, dynamicKeys: ['cmd'] },
    ]);
  });

  it('ignores calls inside comments, strings, templates and regular expressions; decodes escapes', () => {
    const script = [
      '/* await tools.exec_command({ cmd: "rm -rf /" }) */',
      '// tools.exec_command({ cmd: "no" })',
      'const s = "tools.exec_command({ cmd: \\"no\\" })";',
      "const t = `tools.exec_command(${'x'})`;",
      'const r = /tools.exec_command\\(/g; const q = a / b / c;',
      'const mytools = { exec_command() {} }; mytools.exec_command({ cmd: "no" }); x.tools.exec_command({ cmd: "no" });',
      'await tools.exec_command({ cmd: "printf \'a\\\\tb\\\\n\' \\u0026\\u0026 echo \\x41 \\u{1F600}" });',
    ].join('\n');
    assert.deepEqual(nestedToolCalls(script), [{ tool: 'exec_command', args: { cmd: "printf 'a\\tb\\n' && echo A \u{1F600}" }, dynamicKeys: [] }]);
  });

  it('reports a call whose argument is not an object literal without arguments, and stops at an unterminated string', () => {
    assert.deepEqual(nestedToolCalls('await tools.exec_command(opts); await tools.exec_command({ ...opts, cmd: "ls" });'), [
      { tool: 'exec_command', dynamicKeys: [] },
      { tool: 'exec_command', dynamicKeys: [] },
    ]);
    assert.deepEqual(nestedToolCalls('await tools.exec_command({ cmd: "ls" }); const x = "unterminated\nawait tools.exec_command({ cmd: "pwd" });'), [
      { tool: 'exec_command', args: { cmd: 'ls' }, dynamicKeys: [] },
    ]);
    assert.deepEqual(nestedToolCalls(''), []);
    // Hostile nesting ends the scan instead of overflowing the stack.
    const deep = 'await tools.exec_command({ cmd: "ls" });\nawait tools.exec_command(' + 'f('.repeat(100_000) + '\nawait tools.exec_command({ cmd: "pwd" });';
    assert.deepEqual(nestedToolCalls(deep), [{ tool: 'exec_command', args: { cmd: 'ls' }, dynamicKeys: [] }]);
    assert.deepEqual(nestedToolCalls(`tools.exec_command({ a: ${'{ a: ['.repeat(50_000)} }); tools.exec_command({ cmd: "ls" });`), []);
  });
});

describe('code-mode records the recordings do not have', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'codex-code-mode-'));
  let n = 0;
  function run(records: object[]): ToolCallStep[] {
    const path = join(scratch, `rollout-${n++}.jsonl`);
    writeFileSync(path, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const out = runAdapter(codexAdapter, [{ agent: 'codex', path, mode: 'append' }]);
    assert.deepEqual(out.issues, []);
    // Line by line, with the state carried between lines, gives the same.
    assert.deepEqual(runAdapter(codexAdapter, [{ agent: 'codex', path, mode: 'append' }], { chunks: records.length }).sessions, out.sessions);
    return out.sessions[0].prompts.flatMap((p) => p.steps).filter((s): s is ToolCallStep => s.type === 'tool');
  }
  const at = (s: number): string => `2026-03-01T10:00:0${s}.000Z`;
  const meta = (extra: object = {}) => ({ timestamp: at(0), type: 'session_meta', payload: { id: '0199a0a0-0000-4000-8000-0000000000c0', cwd: '/work/repo', cli_version: '0.140.0', ...extra } });
  const prompt = { timestamp: at(1), type: 'event_msg', payload: { type: 'user_message', message: 'go' } };
  const exec = (input: string) => ({ timestamp: at(2), type: 'response_item', payload: { type: 'custom_tool_call', call_id: 'c1', name: 'exec', input } });
  const output = (text: string) => ({ timestamp: at(4), type: 'response_item', payload: { type: 'custom_tool_call_output', call_id: 'c1', output: [{ type: 'input_text', text }] } });
  const execEnd = (id: string, cmd: string, exit: number) => ({
    timestamp: at(3),
    type: 'event_msg',
    payload: { type: 'exec_command_end', call_id: id, command: ['/bin/bash', '-lc', cmd], cwd: '/work/repo/pkg', aggregated_output: `${cmd} said hi\n`, exit_code: exit },
  });
  const uuid = (k: number): string => `exec-00000000-0000-4000-8000-00000000000${k}`;

  it('an exact record of a command read from the script completes that step; one the script does not spell out is a step of its own', () => {
    const steps = run([
      meta(),
      prompt,
      exec('await tools.exec_command({ cmd: "npm test", workdir: "pkg" });\nfor (const t of ["a"]) await tools.exec_command({ cmd: `echo ${t}` });'),
      execEnd(uuid(1), 'npm test', 1),
      execEnd(uuid(2), 'echo a', 0),
      output('Script completed\nWall time 0.1 seconds\nOutput:\n'),
    ]);
    assert.deepEqual(
      steps.map((s) => [s.id, s.name, s.kind, s.command?.command, s.command?.exitCode, s.result?.isError]),
      [
        ['c1', 'exec', 'other', undefined, undefined, false],
        ['c1#1', 'exec_command', 'shell', 'npm test', 1, true],
        ['c1#2', 'exec_command', 'shell', '`echo ${t}`', null, undefined],
        [uuid(2), 'exec_command', 'shell', 'echo a', 0, false],
      ],
    );
    assert.deepEqual(steps[1].command, { command: 'npm test', cwd: '/work/repo/pkg', exitCode: 1, output: 'npm test said hi\n' });
  });

  it('a failed or terminated script is an error; a directory the script computes is not taken for a path', () => {
    const failed = run([meta({ history_mode: 'legacy' }), prompt, exec('await tools.exec_command({ cmd: "make", workdir: dir });'), output('Script failed\nWall time 0.1 seconds\nOutput:\nScript error:\nboom')]);
    assert.equal(failed[0].result?.isError, true);
    assert.deepEqual(failed[1].command, { command: 'make', exitCode: null, output: '' });
    const terminated = run([meta(), prompt, exec('await tools.exec_command({ cmd: "sleep 99" });'), output('Script terminated\nWall time 30.0 seconds\nOutput:\n')]);
    assert.equal(terminated[0].result?.isError, true);
  });

  it('paginated history reads no command from the script (every command has its own record)', () => {
    const steps = run([meta({ history_mode: 'paginated' }), prompt, exec('await tools.exec_command({ cmd: "ls" });'), output('Script completed\nWall time 0.1 seconds\nOutput:\n')]);
    assert.deepEqual(
      steps.map((s) => s.id),
      ['c1'],
    );
  });
});
