// Real Cline CLI 3.0.65 sessions recorded against a scripted model (test/fixtures/recorded/cline-*): discovery by
// recorded cwd (decoys of another folder left out), exact prompts, tool kinds, commands with exit codes, and every
// editor change checked against the work-tree snapshots taken before and after its model response.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { clineAdapter } from '../../../../src/adapters/cline/clineAdapter';
import { readManifest } from '../../../../src/adapters/cline/manifest';
import { checkpointsByPrompt, SessionDocument } from '../../../../src/adapters/cline/sessionDocument';
import type { SessionDetail, ToolCallStep } from '../../../../src/core/model';
import { isObject } from '../../../../src/core/jsonValues';
import { applyRecordedPatch } from '../../../../src/store/recordedPatch';
import { runAdapter } from '../../helpers/parseWithAdapter';

const recorded = path.join(process.cwd(), 'test/fixtures/recorded');

interface Truth {
  prompts: { prompt: number; text: string }[];
  session: { cwd: string; session_id: string };
  before_prompt: Record<string, string>;
  steps: { origin: string; step?: number | string; tools?: string[]; snapshot: string; commands?: string[] }[];
}

function fixture(name: string): { dir: string; sessions: string; truth: Truth } {
  const dir = path.join(recorded, `cline-${name}-v3.0.65`);
  return {
    dir,
    sessions: path.join(dir, 'cline-home/dot-cline/data/sessions'),
    truth: JSON.parse(readFileSync(path.join(dir, 'ground-truth.json'), 'utf8')) as Truth,
  };
}

async function sessionsOf(sessions: string, workspace: string): Promise<{ details: SessionDetail[]; issues: unknown[] }> {
  const issues: never[] = [];
  const files = await clineAdapter.discover([sessions], [workspace], issues);
  const run = runAdapter(clineAdapter, files);
  return { details: run.sessions, issues: [...issues, ...run.issues] };
}

/** Tool call ids of each assistant message with tool calls, per prompt, from the raw document (not the adapter). */
function callsPerResponse(messagesFile: string): string[][][] {
  const doc = JSON.parse(readFileSync(messagesFile, 'utf8')) as { messages: { role: string; content: unknown }[] };
  const prompts: string[][][] = [];
  for (const m of doc.messages) {
    const blocks = Array.isArray(m.content) ? m.content.filter(isObject) : [];
    if (m.role === 'user' && blocks.some((b) => b.type === 'text')) {
      prompts.push([]);
    } else if (m.role === 'assistant') {
      const calls = blocks.filter((b) => b.type === 'tool_use').map((b) => String(b.id));
      if (calls.length > 0) {
        prompts[prompts.length - 1].push(calls);
      }
    }
  }
  return prompts;
}

function snapshotFile(dir: string, snapshot: string, file: string): string | null {
  const p = path.join(dir, snapshot, file);
  return existsSync(p) ? readFileSync(p, 'utf8') : null;
}

function toolSteps(detail: SessionDetail): Map<string, ToolCallStep> {
  const out = new Map<string, ToolCallStep>();
  for (const p of detail.prompts) {
    for (const s of p.steps) {
      if (s.type === 'tool') {
        out.set(s.id, s);
      }
    }
  }
  return out;
}

/** Every step of the ground truth against the session: tools, commands, exit codes, and editor changes replayed. */
function checkAgainstTruth(name: string, sessions: SessionDetail[], messagesFiles: string[]): void {
  const { dir, truth } = fixture(name);
  // Print mode makes one session per prompt: the sessions' prompts in order are the run's prompts.
  const detail: SessionDetail = { ...sessions[0], prompts: sessions.flatMap((d) => d.prompts) };
  assert.deepEqual(
    detail.prompts.map((p) => p.text),
    truth.prompts.map((p) => p.text),
  );
  const steps = new Map(sessions.flatMap((d) => [...toolSteps(d)]));
  const responses = messagesFiles.flatMap(callsPerResponse);
  let checkedChanges = 0;
  for (const [pi, prompt] of detail.prompts.entries()) {
    const truthSteps = truth.steps.filter((s) => s.origin === `prompt-${pi + 1}` && typeof s.step === 'number');
    assert.equal(responses[pi].length, truthSteps.length, `prompt ${pi + 1}: model responses with tools`);
    let before = truth.before_prompt[`prompt-${pi + 1}`];
    for (const [k, calls] of responses[pi].entries()) {
      const t = truthSteps[k];
      const called = calls.map((id) => steps.get(id));
      assert.ok(called.every((s) => s !== undefined && detail.prompts[pi].steps.includes(s)), `${prompt.text}: calls of response ${k + 1}`);
      assert.deepEqual([...new Set(called.map((s) => s?.name))], t.tools);
      for (const s of called as ToolCallStep[]) {
        assert.equal(s.kind, { editor: 'edit', read_files: 'read', run_commands: 'shell' }[s.name]);
        assert.ok(s.result, `${s.id} has its result`);
        if (s.name === 'run_commands') {
          const input = s.input as { commands: string[] };
          assert.equal(s.command?.command, input.commands.join('\n'));
          const failure = /^\[Command exited with code (\d+)\]/.exec(s.command?.output ?? '');
          assert.equal(s.command?.exitCode, failure ? Number(failure[1]) : 0, s.command?.command);
        }
        if (s.name === 'read_files') {
          assert.deepEqual(s.reads.map((r) => r.path), (s.input as { files: { path: string }[] }).files.map((f) => f.path));
        }
        if (s.name === 'editor') {
          assert.equal(s.fileChanges.length, 1, `${s.id}: one change`);
          const change = s.fileChanges[0];
          const rel = path.relative(truth.session.cwd, change.path);
          const after = snapshotFile(dir, t.snapshot, rel);
          const prior = snapshotFile(dir, before, rel);
          if (change.op === 'create') {
            assert.equal(prior, null, `${rel} did not exist before ${s.id}`);
            assert.equal(change.after, after, `${rel} created by ${s.id}`);
          } else {
            assert.equal(change.before, undefined, 'an edit records no before content');
            assert.ok(change.patch && prior !== null, `${rel}: patch of ${s.id}`);
            assert.equal(applyRecordedPatch(prior, change.patch), after, `${rel}: ${s.id}'s patch gives the snapshot after it`);
          }
          checkedChanges++;
        }
      }
      before = t.snapshot;
    }
  }
  assert.ok(checkedChanges > 0);
}

function messagesOf(sessions: string, id: string): string {
  return path.join(sessions, id, `${id}.messages.json`);
}

test('cline notes-cli: the session, its prompts, tools, commands with exit codes and edits as recorded', async () => {
  const { sessions, truth } = fixture('notes-cli');
  const { details, issues } = await sessionsOf(sessions, truth.session.cwd);
  assert.deepEqual(issues, []);
  assert.equal(details.length, 1);
  const d = details[0];
  assert.equal(d.id, truth.session.session_id);
  assert.equal(d.agent, 'cline');
  assert.equal(d.cwd, truth.session.cwd);
  assert.equal(d.title, 'create a notes module in src/notes.js with add, list and remove');
  assert.deepEqual(d.models, ['claude-sonnet-4-5']);
  assert.equal(d.cliVersion, '3.0.65');
  assert.equal(d.startedAt, '2026-12-03T17:40:59.972Z');
  checkAgainstTruth('notes-cli', [d], [messagesOf(sessions, d.id)]);
  const failed = d.prompts[1].steps.find((s): s is ToolCallStep => s.type === 'tool' && s.command?.command === 'node bin/notes.js');
  assert.equal(failed?.command?.exitCode, 2);
  assert.equal(failed?.result?.isError, true);
  assert.match(failed?.command?.output ?? '', /usage: notes add <text> \| notes list/);
});

test('cline big-file: chunked appends and replacements of a 15 KB file replay to every snapshot', async () => {
  const { sessions, truth } = fixture('big-file');
  const { details, issues } = await sessionsOf(sessions, truth.session.cwd);
  assert.deepEqual(issues, []);
  assert.equal(details.length, 1);
  checkAgainstTruth('big-file', details, [messagesOf(sessions, details[0].id)]);
});

test('cline second session: both sessions of the folder are found, the second one checked step by step', async () => {
  const { sessions, truth } = fixture('second-session');
  const { details } = await sessionsOf(sessions, truth.session.cwd);
  assert.deepEqual(details.map((d) => d.id).sort(), ['1796319659971_ks93h', '1796319705313_u34kk']);
  const second = details.find((d) => d.id === truth.session.session_id);
  assert.ok(second);
  checkAgainstTruth('second-session', [second], [messagesOf(sessions, second.id)]);
  const exit = [...toolSteps(second).values()].find((s) => s.command?.command === 'node test/missing.test.js');
  assert.equal(exit?.command?.exitCode, 1);
});

test('cline print mode: one session per invocation, bare prompts, each checked against its turn', async () => {
  const { sessions, truth } = fixture('print');
  const { details, issues } = await sessionsOf(sessions, truth.session.cwd);
  assert.deepEqual(issues, []);
  const ordered = details.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  assert.deepEqual(
    ordered.map((d) => d.prompts.map((p) => p.text)),
    truth.prompts.map((p) => [p.text]),
  );
  assert.ok(ordered.every((d) => d.cwd === truth.session.cwd && d.title === d.prompts[0].text));
  checkAgainstTruth(
    'print',
    ordered,
    ordered.map((d) => messagesOf(sessions, d.id)),
  );
});

test('cline decoy: a session of another folder under the same data folder is left out, and found for its own folder', async () => {
  const { sessions, truth } = fixture('decoy');
  const demo = path.join(path.dirname(truth.session.cwd), 'demo-repo');
  const forDemo = await sessionsOf(sessions, demo);
  assert.deepEqual(forDemo.details.map((d) => d.id).sort(), ['1796319659971_ks93h', '1796319705313_u34kk']);
  assert.ok(forDemo.details.every((d) => d.cwd === demo));
  const forOther = await sessionsOf(sessions, truth.session.cwd);
  assert.deepEqual(forOther.details.map((d) => d.id), [truth.session.session_id]);
  // A folder whose name merely starts like the recorded one is not it.
  const prefix = await sessionsOf(sessions, `${truth.session.cwd}-2`);
  assert.deepEqual(prefix.details, []);
});

test('cline checkpoints: the manifest\'s runCount N belongs to the N-th prompt', () => {
  const { sessions, truth } = fixture('notes-cli');
  const dir = path.join(sessions, truth.session.session_id);
  const issues: never[] = [];
  const manifest = readManifest(path.join(dir, `${truth.session.session_id}.json`), issues);
  assert.ok(manifest);
  const file = { agent: 'cline' as const, path: messagesOf(sessions, truth.session.session_id), mode: 'whole' as const };
  const doc = new SessionDocument(file, JSON.parse(readFileSync(file.path, 'utf8')) as Record<string, unknown>, manifest);
  doc.parse();
  const prompts = doc.ops.filter((o) => o.op === 'prompt').map((o) => (o.op === 'prompt' ? o.id : ''));
  assert.deepEqual(
    checkpointsByPrompt(doc.promptRuns, manifest.checkpoints).map((c) => [c.promptId, c.checkpoint.runCount, c.checkpoint.kind, c.checkpoint.ref]),
    [
      [prompts[0], 1, 'commit', '00cb24b20483a56f5d614b77370bda184ee0462e'],
      [prompts[1], 2, 'stash', 'f55e564da705880761e1ba4d00cf45e1c2678181'],
      [prompts[2], 3, 'stash', '06d7edd60591d68eaafe285c0a66913467817216'],
    ],
  );
});
