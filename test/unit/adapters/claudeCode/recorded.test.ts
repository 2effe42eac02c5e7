// Real Claude Code transcripts recorded against a scripted model (test/fixtures/recorded/README.md), each scenario with
// 2.1.197 (`<name>/`) and 2.1.332 (`<name>-v2.1.332/`). Ids and timestamps change on every re-record, so nothing here
// depends on them: expectations come from the scenario scripts, the work-tree snapshots and ground-truth.json.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import type { SessionDetail } from '../../../../src/core/model';
import { allTools, readIfExists, recorded, recordedDir, run, runRecords, scriptedCalls, tool, toolSteps, type Recorded } from './claudeFixtures';
import { assertChangesMatchSnapshots } from './recordedSnapshots';

const FILE_TOOLS = new Set(['Write', 'Edit', 'MultiEdit', 'NotebookEdit']);

/** Fixture directory suffix per recorded CLI version, and the model each version asked the mock for. */
const versions = [
  { suffix: '', version: '2.1.197', model: 'claude-opus-4-8' },
  { suffix: '-v2.1.332', version: '2.1.332', model: 'claude-opus-5-5' },
] as const;

function mustLoad(name: string, scenario: string, claudeRoot?: string): Recorded {
  const fx = recorded(name, scenario, claudeRoot);
  assert.ok(fx, `recorded fixture ${name} is missing`);
  return fx;
}

function versionOf(fx: Recorded): (typeof versions)[number] {
  const v = readFileSync(join(fx.dir, 'claude-version.txt'), 'utf8').trim().split(' ')[0];
  const known = versions.find((x) => x.version === v);
  assert.ok(known, `fixture recorded with ${v}`);
  return known;
}

function sessionIdOf(fx: Recorded): string {
  return readFileSync(join(fx.dir, 'session-id.txt'), 'utf8').trim().split(/\s+/)[0];
}

function mainSession(fx: Recorded, sessions: SessionDetail[]): SessionDetail {
  const id = sessionIdOf(fx);
  const s = sessions.find((x) => x.id === id);
  assert.ok(s, `session ${id} parsed`);
  return s;
}

/** Checks shared by every recorded run; returns the parsed main session. */
function checkCommon(fx: Recorded): { main: SessionDetail; sessions: SessionDetail[]; fold: ReturnType<typeof run>['fold'] } {
  const one = run(fx.transcripts);
  assert.deepEqual(one.issues, []);
  // Incremental parsing (state round-tripped through JSON between feeds) gives the same sessions.
  assert.deepEqual(run(fx.transcripts, 7).sessions, one.sessions);
  assert.deepEqual(run(fx.transcripts, 1000).sessions, one.sessions);
  const main = mainSession(fx, one.sessions);
  assert.equal(main.cwd, fx.repo);
  assert.equal(main.cliVersion, versionOf(fx).version);
  assert.deepEqual(main.models, [versionOf(fx).model]);
  assert.deepEqual(
    main.prompts.map((p) => p.text),
    fx.scenario.turns.map((t) => t.prompt),
  );
  // Tool calls per prompt, in order, exactly as scripted.
  main.prompts.forEach((p, i) => {
    const scripted = fx.scenario.turns[i].steps.flatMap(scriptedCalls);
    assert.deepEqual(
      toolSteps(p.steps)
        .filter((t) => t.name !== 'user-edit')
        .map((t) => t.name),
      scripted.map((c) => c.name),
      `tools of prompt ${p.index}`,
    );
    for (const t of toolSteps(p.steps)) {
      if (t.name === 'Bash') {
        const call = scripted.find((c) => c.name === 'Bash' && c.input.command === t.command?.command);
        assert.ok(call, `scripted command ${t.command?.command}`);
        assert.equal(t.kind, 'shell');
        assert.equal(t.command?.cwd, fx.repo);
      }
    }
  });
  // Every step lands in a real prompt (no placeholder prompts).
  assert.ok(main.prompts.every((p) => p.text !== ''));
  return { main, sessions: one.sessions, fold: one.fold };
}

/** Every scripted Write/Edit produced exactly one change whose contents match the snapshots. */
function checkAllChanges(fx: Recorded, main: SessionDetail): void {
  let checked = 0;
  main.prompts.forEach((p, i) => {
    checked += assertChangesMatchSnapshots(fx, i + 1, toolSteps(p.steps));
  });
  const scriptedFileCalls = fx.scenario.turns.flatMap((t) => t.steps.flatMap(scriptedCalls)).filter((c) => FILE_TOOLS.has(c.name));
  assert.equal(checked, scriptedFileCalls.length);
}

/**
 * Every file-history backup of `sessionId` resolves to a file holding the content at the start of its
 * prompt (ground-truth `before_prompt`); `backupPath: null` means the file did not exist then.
 */
function checkBackups(fx: Recorded, fold: ReturnType<typeof run>['fold'], session: SessionDetail, labelPrefix = '', gtFile = 'ground-truth.json', base = fx.dir): number {
  const gt = JSON.parse(readFileSync(join(fx.dir, gtFile), 'utf8')) as { before_prompt: Record<string, string> };
  const backups = fold.backups.filter((b) => b.sessionId === session.id);
  for (const b of backups) {
    const prompt = session.prompts.find((p) => p.id === b.promptId);
    assert.ok(prompt, `backup for a known prompt ${b.promptId}`);
    const snapshot = gt.before_prompt[`${labelPrefix}prompt-${prompt.index}`];
    assert.ok(snapshot);
    const expected = readIfExists(join(base, snapshot, relative(fx.repo, b.path)));
    if (b.backupPath === null) {
      assert.equal(expected, null, `${b.path} did not exist before prompt ${prompt.index}`);
    } else {
      assert.ok(existsSync(b.backupPath), `${b.backupPath} exists`);
      assert.equal(readFileSync(b.backupPath, 'utf8'), expected, `${b.backupPath} = ${snapshot}`);
    }
  }
  return backups.length;
}

for (const { suffix } of versions) describe(`recorded claude-print${suffix} (-p with --resume)`, () => {
  const fx = mustLoad(`claude-print${suffix}`, 'claude-print.json');
  const { main, fold } = checkCommon(fx);
  const [p1, p2, p3, p4] = main.prompts;

  it('reconstructs every Write/Edit exactly (after and before match the snapshots)', () => {
    checkAllChanges(fx, main);
    assert.equal(tool(p1, 'Write').fileChanges[0].before, null);
    assert.equal(tool(p1, 'Write').fileChanges[0].op, 'create');
    // The Write in P4 overwrote an existing file: its before is the original notes.
    assert.equal(tool(p4, 'Write').fileChanges[0].before, 'draft notes\n- nothing yet\n');
  });

  it('records commands with exit codes and outputs', () => {
    assert.deepEqual(tool(p1, 'Bash').command, {
      command: `node -e "console.log(require('./src/greet.js').greet('World'))"`,
      cwd: fx.repo,
      exitCode: 0,
      output: 'Hello, World!',
    });
    assert.equal(tool(p2, 'Bash').command?.output, 'HELLO, WORLD!');
    const failing = tool(p3, 'Bash');
    assert.equal(failing.result?.isError, true);
    assert.deepEqual(failing.command, {
      command: 'ls test/missing-file.test.js',
      cwd: fx.repo,
      exitCode: 2,
      output: "ls: cannot access 'test/missing-file.test.js': No such file or directory",
    });
    assert.ok(failing.result?.text.startsWith('Exit code 2\n'));
  });

  it('classifies reads and searches', () => {
    assert.deepEqual(
      toolSteps(p3.steps).map((t) => `${t.name}:${t.kind}`),
      ['Bash:shell', 'Grep:search', 'Glob:search'],
    );
    // 2.1.197 answered the re-read of the (hand-edited) greet.js with `type:"file_unchanged"`, which has no line range;
    // 2.1.332 reads it again in full.
    const greet = `${fx.repo}/src/greet.js`;
    assert.deepEqual(tool(p2, 'Read', 0).reads, versionOf(fx).version === '2.1.197' ? [{ path: greet }] : [{ path: greet, startLine: 1, endLine: 7 }]);
    assert.deepEqual(tool(p2, 'Read', 1).reads, [{ path: `${fx.repo}/src/util.js`, startLine: 1, endLine: 6 }]);
    assert.deepEqual(tool(p4, 'Read', 1).reads, [{ path: `${fx.repo}/notes.txt`, startLine: 1, endLine: 3 }]);
  });

  it('notes the hand edit before P2 as a user-edit step', () => {
    const edits = toolSteps(p2.steps).filter((t) => t.name === 'user-edit');
    assert.equal(edits.length, 1);
    assert.equal(edits[0].kind, 'other');
    assert.deepEqual(edits[0].fileChanges, []);
    const input = edits[0].input as { filename: string; snippet: string };
    assert.equal(input.filename, `${fx.repo}/src/greet.js`);
    assert.ok(input.snippet.includes('// Greeting helpers (edited by hand)'));
    assert.equal(allTools(main).filter((t) => t.name === 'user-edit').length, 1);
  });

  it('resolves file-history backups to the content at the start of each prompt', () => {
    assert.ok(checkBackups(fx, fold, main) >= 6);
  });
});

for (const { suffix } of versions) describe(`recorded claude-tui${suffix} (interactive)`, () => {
  const fx = mustLoad(`claude-tui${suffix}`, 'claude-tui.json');
  const { main, fold } = checkCommon(fx);

  it('puts the first answer under the first prompt although the file writes it before the prompt', () => {
    const [first] = main.prompts[0].steps;
    assert.equal(first.type, 'text');
    assert.equal(first.type === 'text' && first.text, 'Creating the calculator module.');
    assert.equal(main.prompts.length, 3);
  });

  it('takes the ai-title as the title (2.1.332 writes none in the TUI: no title, the first prompt stands in)', () => {
    const scenario = JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/scenarios/claude-tui.json'), 'utf8')) as { title: string };
    const wroteTitle = fx.transcripts.some((t) => readFileSync(t.path, 'utf8').includes('"type":"ai-title"'));
    assert.equal(wroteTitle, versionOf(fx).version === '2.1.197');
    assert.equal(main.title, wroteTitle ? scenario.title : undefined);
  });

  it('reconstructs every Write/Edit exactly', () => {
    checkAllChanges(fx, main);
  });

  it('resolves file-history backups (written by default in the TUI)', () => {
    assert.ok(checkBackups(fx, fold, main) >= 4);
  });

  it('commands succeed with their output', () => {
    assert.deepEqual(
      allTools(main)
        .filter((t) => t.name === 'Bash')
        .map((t) => [t.command?.exitCode, t.command?.output]),
      [
        [0, '5'],
        [0, '20'],
      ],
    );
  });
});

for (const { suffix } of versions) describe(`recorded claude-shell-edits${suffix} (files changed only through Bash)`, () => {
  const fx = mustLoad(`claude-shell-edits${suffix}`, 'claude-shell-edits.json');
  const { main } = checkCommon(fx);

  it('has no file changes for shell edits and an exact create for the final Write', () => {
    const [p1, p2, p3] = main.prompts;
    assert.ok([...toolSteps(p1.steps), ...toolSteps(p2.steps)].every((t) => t.fileChanges.length === 0));
    checkAllChanges(fx, main);
    const [change] = tool(p3, 'Write').fileChanges;
    assert.equal(change.op, 'create');
    assert.equal(change.before, null);
  });

  it('keeps every command with exit code 0 and its output', () => {
    const commands = allTools(main).filter((t) => t.name === 'Bash');
    assert.equal(commands.length, 7);
    assert.ok(commands.every((t) => t.command?.exitCode === 0 && t.result?.isError === false));
    assert.equal(commands.find((t) => t.command?.command.startsWith('sed -i'))?.command?.output, '');
    assert.equal(commands.find((t) => t.command?.command.includes('sh scripts/build.sh'))?.command?.output, 'building\n42');
  });
});

for (const { suffix } of versions) describe(`recorded claude-subagent${suffix}`, () => {
  const fx = mustLoad(`claude-subagent${suffix}`, 'claude-subagent.json');
  const { main, sessions, fold } = checkCommon(fx);
  const agentStep = tool(main.prompts[0], 'Agent');
  const child = sessions.find((s) => s.id === agentStep.childSessionId);

  it('links the Agent call to the subagent session', () => {
    assert.equal(agentStep.kind, 'agent');
    assert.ok(agentStep.childSessionId?.startsWith(`${main.id}:`));
    assert.ok(child);
    assert.equal(child.parentSessionId, main.id);
    assert.equal(child.cwd, fx.repo);
    assert.equal(sessions.length, 2);
  });

  it('gives the subagent its task as prompt and its own steps', () => {
    assert.ok(child);
    const scripted = fx.scenario.turns[0].steps.flatMap(scriptedCalls).find((c) => c.name === 'Agent');
    assert.deepEqual(
      child.prompts.map((p) => p.text),
      [String(scripted?.input.prompt)],
    );
    assert.deepEqual(
      toolSteps(child.prompts[0].steps).map((t) => t.name),
      (fx.scenario.subagent_turns ?? []).flatMap((t) => t.steps.flatMap(scriptedCalls)).map((c) => c.name),
    );
    const bash = tool(child.prompts[0], 'Bash');
    assert.deepEqual([bash.command?.exitCode, bash.command?.output], [0, '1.0.0']);
  });

  it("reconstructs the subagent's Write from its input (its transcript has no toolUseResult)", () => {
    assert.ok(child);
    // Mock turn 3 = the subagent's responses; the tree before them is the initial one.
    const n = assertChangesMatchSnapshots(fx, 3, toolSteps(child.prompts[0].steps), { 3: 'snapshots/turn-0' });
    assert.equal(n, 1);
    assert.equal(tool(child.prompts[0], 'Write').fileChanges[0].before, null);
    assert.equal(assertChangesMatchSnapshots(fx, 2, toolSteps(main.prompts[1].steps)), 1);
  });

  it('resolves the parent backups', () => {
    assert.equal(checkBackups(fx, fold, main), 1);
  });
});

for (const { suffix } of versions) describe(`recorded claude-decoy${suffix} (colliding project directory)`, () => {
  const fx = mustLoad(`claude-decoy${suffix}`, 'claude-decoy.json');
  const { main, sessions, fold } = checkCommon(fx);

  it('keeps the decoy (demo_repo) and the main session (demo-repo) apart by their recorded cwd', () => {
    assert.equal(sessions.length, 2);
    const other = sessions.find((s) => s.id !== main.id);
    assert.ok(other);
    assert.equal(other.cwd, `/tmp/agent-trail-fixtures/claude-print${suffix}/demo-repo`);
    assert.equal(main.cwd, `/tmp/agent-trail-fixtures/claude-print${suffix}/demo_repo`);
    checkAllChanges(fx, main);
    assert.ok(checkBackups(fx, fold, main) >= 3);
    assert.ok(fold.backups.filter((b) => b.sessionId === main.id).every((b) => b.path.startsWith(`${fx.repo}/`)));
  });
});

describe('recorded claude-big-file-v2.1.332 (files over 10,000 characters)', () => {
  const fx = mustLoad('claude-big-file-v2.1.332', 'claude-big-file.json');
  const { main, fold } = checkCommon(fx);

  it('reconstructs every Write/Edit exactly (contents, or the patch where Claude records no original)', () => {
    checkAllChanges(fx, main);
  });

  it('resolves file-history backups (file-history-delta records) to the content at the start of each prompt', () => {
    assert.ok(checkBackups(fx, fold, main) >= 4);
  });
});

describe('recorded claude-subagent-async-v2.1.332 (background subagent, task notification)', () => {
  const fx = mustLoad('claude-subagent-async-v2.1.332', 'claude-subagent-async.json');
  const { sessions, issues } = run(fx.transcripts);
  const main = mainSession(fx, sessions);
  const [p1, p2] = main.prompts;

  it('the task notification is not a prompt: the work answering it belongs to prompt 1', () => {
    assert.deepEqual(issues, []);
    assert.deepEqual(
      main.prompts.map((p) => p.text),
      fx.scenario.turns.map((t) => t.prompt),
    );
    assert.deepEqual(
      toolSteps(p1.steps).map((t) => t.name),
      ['Agent', 'Read', 'Edit'],
    );
    // The mock played turn 2 twice (for the notification, then for P2), so its step snapshots are P2's; the tree after
    // P1 is snapshots/turn-1.
    const [change] = tool(p1, 'Edit').fileChanges;
    assert.equal(change.before, "const VERSION = '1.0.0';\n\nmodule.exports = { VERSION };\n");
    assert.equal(change.after, readFileSync(join(fx.dir, 'snapshots/turn-1/src/version.js'), 'utf8'));
  });

  it('links the background Agent call to its subagent session', () => {
    const agent = tool(p1, 'Agent');
    const child = sessions.find((s) => s.id === agent.childSessionId);
    assert.ok(child);
    assert.equal(child.parentSessionId, main.id);
    assert.deepEqual(
      toolSteps(child.prompts[0].steps).map((t) => t.name),
      ['Write', 'Bash'],
    );
  });

  it("P2's Edit failed (the string was already replaced): an error, not a file change", () => {
    const edit = tool(p2, 'Edit');
    assert.equal(edit.result?.isError, true);
    assert.deepEqual(edit.fileChanges, []);
  });
});

for (const version of ['2.1.250', '2.1.332']) {
  describe(`recorded claude-hooks-v${version} (hooks stop work and talk back)`, () => {
    const fx = mustLoad(`claude-hooks-v${version}`, 'claude-hooks.json');
    const { sessions, issues } = run(fx.transcripts);
    const main = mainSession(fx, sessions);

    it('neither the hook messages nor the stopped slash command nor the filler answer are prompts', () => {
      assert.deepEqual(issues, []);
      const [p1, , p3] = fx.scenario.turns.map((t) => t.prompt);
      assert.deepEqual(
        main.prompts.map((p) => p.text),
        [p1, p3],
      );
      // "No response requested." is Claude's own filler for the stopped command: not an answer of the model.
      assert.ok(main.prompts.every((p) => p.steps.every((st) => st.type !== 'text' || st.text !== 'No response requested.')));
    });

    it('the work of each prompt stays in it, the Stop hook feedback included', () => {
      const [p1, p3] = main.prompts;
      assert.deepEqual(
        toolSteps(p1.steps).map((t) => [t.name, t.result?.isError]),
        [
          ['Write', false],
          ['Bash', false],
          ['Bash', true],
        ],
      );
      assert.deepEqual(
        toolSteps(p3.steps).map((t) => t.name),
        ['Read', 'Read'],
      );
      checkAllChanges(fx, { ...main, prompts: [p1] });
    });
  });
}

describe('a hook message written without isMeta (minimal reproduction from claude-hooks-v2.1.250)', () => {
  // Claude Code 2.1.2xx writes a slash command's "Operation stopped by hook: …" as a plain user record when it
  // stops it through the forked dispatch (seen in real transcripts; the -p run here marks it isMeta). The recorded
  // transcript with only that flag removed.
  const fx = mustLoad('claude-hooks-v2.1.250', 'claude-hooks.json');
  const lines = readFileSync(fx.transcripts[0].path, 'utf8').split('\n');
  const edited = lines.map((l) => (l.includes('"content":"Operation stopped by hook: ') ? l.replace('"isMeta":true,', '') : l));

  it('is still not a prompt', () => {
    assert.equal(edited.filter((l, i) => l !== lines[i]).length, 1);
    const records = edited.filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    const { sessions, issues } = runRecords(records, { path: fx.transcripts[0].path });
    assert.deepEqual(issues, []);
    assert.deepEqual(
      sessions[0].prompts.map((p) => p.text),
      ['create hello.js that prints hello, run it, then deploy it', 'explain hello.js'],
    );
  });
});

describe('recorded multi-agent (Claude between Codex and Gemini on one repo)', () => {
  const base = join(recordedDir, 'multi-agent');
  const fx = mustLoad('multi-agent/claude', 'multi-claude.json', join(base, 'home/.claude'));
  const { main, fold } = checkCommon(fx);

  it('reconstructs the edits of a file another agent created', () => {
    checkAllChanges(fx, main);
  });

  it('resolves backups against the shared ground truth', () => {
    assert.ok(checkBackups(fx, fold, main, 'claude:', '../ground-truth.json', base) >= 3);
  });
});
