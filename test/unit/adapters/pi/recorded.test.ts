// The Pi adapter on genuine Pi 0.73.1 transcripts (test/fixtures/recorded/pi-*): sessions, prompts, tools, commands
// and exit codes as the ground truth and the raw records say, and every recorded file change checked against the
// recorder's work-tree snapshots taken around that very model response (never derived from the transcript).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { piAdapter } from '../../../../src/adapters/pi/piAdapter';
import type { SessionDetail, ToolCallStep } from '../../../../src/core/model';
import { applyRecordedPatch } from '../../../../src/store/recordedPatch';
import { relativeTo } from '../../../../src/core/paths';
import { runAdapter, splitLines } from '../../helpers/parseWithAdapter';
import { appendFile, callSteps, contentIn, piRuns, treeAfter, treeBefore, type PiRun } from './recordedFixtures';

const fixtures = ['pi-notes-cli-v0.73.1', 'pi-tui-v0.73.1', 'pi-big-file-v0.73.1', 'pi-shell-failures-v0.73.1', 'pi-sessions-v0.73.1', 'pi-branches-v0.73.1'];
const runs: PiRun[] = fixtures.flatMap((name) => piRuns(name));

function parse(run: PiRun, chunks = 1): SessionDetail {
  const { sessions, issues } = runAdapter(piAdapter, [appendFile(run.file)], { chunks });
  assert.deepEqual(issues, []);
  assert.equal(sessions.length, 1);
  return sessions[0];
}

const tools = (s: SessionDetail): ToolCallStep[] => s.prompts.flatMap((p) => p.steps.filter((st): st is ToolCallStep => st.type === 'tool'));

test('every recorded session: id, cwd, model and the prompts exactly as typed, the same in one pass and in chunks', () => {
  assert.equal(runs.length, 7);
  for (const run of runs) {
    const s = parse(run);
    assert.equal(s.agent, 'pi');
    assert.equal(s.id, run.sessionId);
    assert.equal(s.cwd, run.cwd);
    assert.deepEqual(s.models, ['claude-sonnet-4-5']);
    assert.equal(s.cliVersion, undefined, 'Pi records no CLI version');
    assert.deepEqual(
      s.prompts.map((p) => p.text),
      run.prompts,
    );
    assert.deepEqual(parse(run, 7), s, run.file);
  }
});

test('every write and edit: its recorded contents and diff match the snapshots around its model response', () => {
  let exact = 0;
  let patches = 0;
  for (const run of runs) {
    const steps = callSteps(run.file);
    for (const call of tools(parse(run))) {
      if (call.kind !== 'write' && call.kind !== 'edit') {
        assert.deepEqual(call.fileChanges, [], `${call.name} changes no file by itself`);
        continue;
      }
      assert.equal(call.result?.isError, false, 'every recorded write and edit succeeded');
      const at = steps.get(call.id);
      assert.ok(at, call.id);
      assert.equal(call.fileChanges.length, 1, `${call.name} ${call.id}`);
      const [change] = call.fileChanges;
      const rel = relativeTo(change.path, run.cwd);
      assert.ok(rel, change.path);
      const before = contentIn(treeBefore(run.runDir, ...at), rel);
      const after = contentIn(treeAfter(run.runDir, ...at), rel);
      const where = `${run.file} ${call.name} ${rel} turn ${at[0]} step ${at[1]}`;
      if (change.before !== undefined) {
        assert.equal(change.before, before, where);
        exact++;
      }
      if (change.after !== undefined) {
        assert.equal(change.after, after, where);
      }
      if (change.patch !== undefined) {
        assert.ok(before !== null);
        assert.equal(applyRecordedPatch(before, change.patch), after, where);
        patches++;
      }
      if (call.kind === 'write') {
        assert.equal(typeof change.after, 'string', 'a write records the whole new content');
      } else {
        assert.ok(change.patch !== undefined || change.after !== undefined, `${where}: an edit records its diff`);
      }
    }
  }
  // An edit knows the whole file when the same prompt read or wrote it since its last shell command and the
  // session's previous change of it recorded its after: notes-cli and tui P1 (after P1's write) and P3 (P3's read,
  // after P2's write), big-file P2's descriptions.js, pi-sessions a P2, branches P2 and P3 (each after its read; P3's
  // on the other branch still meets P2's recorded after: Pi reverts nothing). The other 7 edits are Pi's diffs only
  // (branches P4: no read since P3).
  assert.deepEqual([exact, patches], [8, 7]);
});

test('the state kept with a finished session is small: file contents are forgotten when a turn ends', () => {
  for (const run of runs) {
    const f = appendFile(run.file);
    const lines = splitLines(readFileSync(run.file));
    const { state } = piAdapter.parseLines(f, piAdapter.initialState(f), lines);
    assert.deepEqual(state.known, {}, run.file);
    assert.deepEqual(state.pending, {}, run.file);
    // The tree keeps one [entry id, prompt id] pair per entry (a branch may start under any of them), nothing more.
    assert.equal(state.tree.entries.length, lines.length - 1, run.file);
    const rest = JSON.stringify({ ...state, tree: { ...state.tree, entries: [] } });
    assert.ok(rest.length < 1000, `${run.file}: ${rest.length} characters`);
  }
});

test('tool kinds, reads and commands of pi-notes-cli, with the failing command\'s exit code from its text', () => {
  const [run] = piRuns('pi-notes-cli-v0.73.1');
  const calls = tools(parse(run));
  assert.deepEqual(
    calls.map((c) => `${c.name}:${c.kind}`),
    ['write:write', 'edit:edit', 'bash:shell', 'read:read', 'write:write', 'bash:shell', 'bash:shell', 'bash:shell', 'bash:shell', 'read:read', 'read:read', 'edit:edit', 'bash:shell', 'bash:shell', 'bash:shell'],
  );
  assert.deepEqual(calls[3].reads, [{ path: `${run.cwd}/src/notes.js` }]);
  const commands = calls.flatMap((c) => (c.command ? [c.command] : []));
  assert.deepEqual(
    commands.map((c) => [c.command, c.exitCode]),
    [
      [`node -e "const n = require('./src/notes.js'); n.add('milk'); n.add('eggs'); n.remove(1); console.log(n.list())"`, 0],
      [`printf '# Changelog\\n\\n- add bin/notes.js\\n' > CHANGELOG.md && echo 'Usage: node bin/notes.js add <text>' >> README.md`, 0],
      ['node bin/notes.js add buy milk', 0],
      ['node bin/notes.js', 2],
      ['mv src/notes.js src/store.js', 0],
      [`sed -i 's/"version": "1.0.0"/"version": "1.1.0"/' package.json`, 0],
      ['rm CHANGELOG.md', 0],
      [`node bin/notes.js add renamed && grep '"version"' package.json`, 0],
    ],
  );
  assert.ok(commands.every((c) => c.cwd === run.cwd));
  assert.equal(commands[3].output, 'usage: notes add <text> | notes list\n', 'the exit code line is not output');
  assert.equal(commands[2].output, '1: buy milk\n');
});

test('pi-shell-failures: exit codes 1, 2, 127, 3, 0 and 1 exactly as Pi appended them, stdout and stderr merged', () => {
  const [run] = piRuns('pi-shell-failures-v0.73.1');
  const commands = tools(parse(run)).flatMap((c) => (c.command ? [{ ...c.command, isError: c.result?.isError }] : []));
  assert.deepEqual(
    commands.map((c) => [c.exitCode, c.isError, c.output]),
    [
      [1, true, '(no output)'],
      [2, true, "ls: cannot access 'build/': No such file or directory\n"],
      [127, true, '/bin/bash: line 1: no-such-tool: command not found\n'],
      [3, true, 'checked 3 files\nlint: 2 problems\n'],
      [0, false, 'warning: deprecated option\n'],
      [1, true, '(no output)'],
    ],
  );
});

test('the TUI writes what print mode writes: the same prompts and tool sequence as pi-notes-cli', () => {
  const [tui] = piRuns('pi-tui-v0.73.1');
  const [print] = piRuns('pi-notes-cli-v0.73.1');
  const shape = (s: SessionDetail): string[][] => s.prompts.map((p) => p.steps.map((st) => (st.type === 'tool' ? `${st.name} ${JSON.stringify(st.input)}` : st.type)));
  assert.deepEqual(shape(parse(tui)), shape(parse(print)));
});
