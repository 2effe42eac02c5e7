// The adapter against real OpenCode 1.18.33 databases recorded with a scripted mock model
// (test/fixtures/recorded/README.md): sessions, prompts as typed, steps, tool kinds, commands with their exit codes
// and file changes exactly as the rows, the recorder's ground truth and its per-step work-tree snapshots say.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { applyPatch } from 'diff';
import type { SessionDetail, ToolCallStep } from '../../../../src/core/model';
import { chain, copyData, dbFile, demoRepo, readAll, recordedDir, removeCopy, type DatabaseRun } from './opencodeFixtures';

const copies: string[] = [];
after(() => copies.forEach(removeCopy));

async function read(fixture: string, folders: string[] = [demoRepo], keepWal = true): Promise<DatabaseRun> {
  const dir = copyData(fixture);
  copies.push(dir);
  if (!keepWal) {
    rmSync(join(dir, 'opencode.db-wal'));
  }
  return readAll(dbFile(join(dir, 'opencode.db'), folders));
}

function tools(s: SessionDetail, prompt: number): ToolCallStep[] {
  return s.prompts[prompt - 1].steps.filter((x): x is ToolCallStep => x.type === 'tool');
}

function truth(fixture: string): { prompts: { text: string }[]; session: { session_id: string; cwd: string } } {
  return JSON.parse(readFileSync(join(recordedDir, fixture, 'ground-truth.json'), 'utf8')) as { prompts: { text: string }[]; session: { session_id: string; cwd: string } };
}

describe('OpenCode 1.18.33 recorded: notes-cli', () => {
  const fixture = 'opencode-notes-cli-v1.18.33';

  it('reads the one session with its directory, title, model and CLI version, and the prompts as typed', async () => {
    const run = await read(fixture);
    assert.deepEqual(run.issues, []);
    assert.equal(run.sessions.length, 1);
    const s = run.sessions[0];
    const t = truth(fixture);
    assert.equal(s.id, t.session.session_id);
    assert.equal(s.agent, 'opencode');
    assert.equal(s.cwd, t.session.cwd);
    assert.equal(s.title, 'Notes module and CLI');
    assert.deepEqual(s.models, ['claude-sonnet-4-5']);
    assert.equal(s.cliVersion, '1.18.33');
    assert.deepEqual(
      s.prompts.map((p) => p.text),
      t.prompts.map((p) => p.text),
    );
  });

  it('gives every text and tool part of the responses as a step, in order, with its kind', async () => {
    const s = (await read(fixture)).sessions[0];
    assert.deepEqual(
      s.prompts.map((p) => p.steps.map((x) => (x.type === 'tool' ? `${x.name}:${x.kind}` : x.type))),
      [
        ['text', 'write:write', 'text', 'edit:edit', 'bash:shell', 'text'],
        ['text', 'read:read', 'text', 'write:write', 'bash:shell', 'bash:shell', 'text', 'bash:shell', 'text'],
        ['text', 'bash:shell', 'read:read', 'read:read', 'edit:edit', 'bash:shell', 'bash:shell', 'bash:shell', 'text'],
      ],
    );
    const reads = tools(s, 3).filter((x) => x.kind === 'read');
    assert.deepEqual(
      reads.map((r) => r.reads.map((x) => x.path)),
      [[`${demoRepo}/bin/notes.js`], [`${demoRepo}/package.json`]],
    );
  });

  it('records commands with their output and exit code (2 for the usage error, not a failed status)', async () => {
    const s = (await read(fixture)).sessions[0];
    const commands = s.prompts.flatMap((p) => p.steps.filter((x): x is ToolCallStep => x.type === 'tool' && x.command !== undefined).map((x) => x.command));
    assert.equal(commands.length, 8);
    const usage = commands.find((c) => c?.command === 'node bin/notes.js');
    assert.deepEqual({ exit: usage?.exitCode, output: usage?.output, cwd: usage?.cwd }, { exit: 2, output: 'usage: notes add <text> | notes list\n', cwd: demoRepo });
    assert.ok(commands.every((c) => c?.command === 'node bin/notes.js' || c?.exitCode === 0));
    assert.ok(tools(s, 2).every((x) => x.result && !x.result.isError));
  });

  it('a write of a new file is created from nothing; an edit is a patch that turns the file into its next snapshot', async () => {
    const s = (await read(fixture)).sessions[0];
    const [write, edit] = tools(s, 1);
    assert.deepEqual(write.fileChanges.map((c) => [c.path, c.op, c.before]), [[`${demoRepo}/src/notes.js`, 'create', null]]);
    const created = write.fileChanges[0].after ?? '';
    assert.equal(created, readFileSync(join(recordedDir, fixture, 'step-snapshots', 'turn-1-step-1', 'src/notes.js'), 'utf8'));
    assert.equal(edit.fileChanges.length, 1);
    const { patch, before, after } = edit.fileChanges[0];
    assert.equal(before, undefined, 'the edit records no content before it');
    assert.equal(after, undefined);
    assert.equal(applyPatch(created, patch ?? ''), readFileSync(join(recordedDir, fixture, 'step-snapshots', 'turn-1-step-2', 'src/notes.js'), 'utf8'));
  });
});

describe('OpenCode 1.18.33 recorded: the shared database of one HOME', () => {
  it('shell failures: exit codes 2 and 127, a timeout without exit code, a failed edit as an error', async () => {
    const run = await read('opencode-shell-failures-v1.18.33');
    assert.deepEqual(run.issues, []);
    // The HOME's first session (notes-cli) ran in the same folder: both are the workspace's.
    assert.deepEqual(run.sessions.map((s) => s.title).sort(), ['Notes module and CLI', 'Shell edits and failures']);
    const s = run.sessions.find((x) => x.title === 'Shell edits and failures');
    assert.ok(s);
    assert.deepEqual(
      s.prompts.map((p) => p.text),
      truth('opencode-shell-failures-v1.18.33').prompts.map((p) => p.text),
    );
    const p2 = tools(s, 2);
    assert.deepEqual(
      p2.filter((x) => x.command).map((x) => [x.command?.command, x.command?.exitCode]),
      [
        ['node bin/cli.js', 2],
        ['notes-lint bin/cli.js', 127],
        ['sleep 5 && echo slow-check-done', null],
        ['rm LICENSE', 0],
      ],
    );
    assert.match(p2.find((x) => x.command?.exitCode === null)?.command?.output ?? '', /terminated command after exceeding timeout 1000 ms/);
    const failedEdit = p2.find((x) => x.name === 'edit');
    assert.equal(failedEdit?.result?.isError, true);
    assert.match(failedEdit?.result?.text ?? '', /^Could not find oldString in the file/);
    assert.deepEqual(failedEdit?.fileChanges, [], 'a failed edit changed nothing');
  });

  it('decoy: a folder whose name starts like the workspace is another workspace', async () => {
    const both = await read('opencode-decoy-v1.18.33', [demoRepo]);
    assert.deepEqual(both.sessions.map((s) => s.cwd), [demoRepo, demoRepo]);
    const decoy = await read('opencode-decoy-v1.18.33', [`${chain}/demo-repo-other`]);
    assert.deepEqual(
      decoy.sessions.map((s) => [s.cwd, s.prompts.map((p) => p.text)]),
      [[`${chain}/demo-repo-other`, truth('opencode-decoy-v1.18.33').prompts.map((p) => p.text)]],
    );
  });

  it('clone: a second checkout shares the project id but not the sessions', async () => {
    const repo = await read('opencode-clone-v1.18.33', [demoRepo]);
    assert.equal(repo.sessions.length, 2);
    assert.ok(repo.sessions.every((s) => s.cwd === demoRepo));
    const clone = await read('opencode-clone-v1.18.33', [`${chain}/demo-repo-clone`]);
    assert.deepEqual(
      clone.sessions.map((s) => [s.cwd, s.prompts.length]),
      [[`${chain}/demo-repo-clone`, 1]],
    );
    const all = await read('opencode-clone-v1.18.33', [`${chain}/demo-repo`, `${chain}/demo-repo-clone`, `${chain}/demo-repo-other`]);
    assert.equal(all.sessions.length, 4);
  });
});

describe('OpenCode 1.18.33 recorded: rows only in the WAL', () => {
  const fixture = 'opencode-wal-kill-v1.18.33';
  const repo = '/tmp/agent-trail-fixtures-opencode/opencode-wal-kill-v1.18.33/demo-repo';

  it('reads the killed prompt from the WAL: both prompts, the last command run with its exit code', async () => {
    const run = await read(fixture, [repo]);
    assert.deepEqual(run.issues, []);
    const s = run.sessions[0];
    assert.deepEqual(
      s.prompts.map((p) => p.text),
      truth(fixture).prompts.map((p) => p.text),
    );
    const last = tools(s, 2).at(-1);
    assert.match(last?.command?.command ?? '', /^printf '# Changelog/);
    assert.equal(last?.command?.exitCode, 0);
  });

  it('the main file alone holds prompt 1 only (what a reader that ignores the WAL would see)', async () => {
    const run = await read(fixture, [repo], false);
    assert.deepEqual(
      run.sessions[0].prompts.map((p) => p.text),
      [truth(fixture).prompts[0].text],
    );
  });
});
