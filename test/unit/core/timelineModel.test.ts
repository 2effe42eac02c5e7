// The timeline's data: built from real recorded sessions, every diff it would show turns the recorded before into the
// recorded after, outputs are bounded and ANSI-free, and ids round-trip to the recorded change.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyPatch } from 'diff';
import type { SessionDetail, ToolCallStep } from '../../../src/core/model';
import { stripAnsi } from '../../../src/core/timeline/ansi';
import { timelineDiff } from '../../../src/core/timeline/timelineDiff';
import { buildTimeline, changeId, changeOf, findChange, fullOutput, openingRange, parseChangeId, stepOutput, toolSummary, withSteps } from '../../../src/core/timeline/timelineModel';
import { isWebviewMessage, outputLimit, type TimelineSession } from '../../../src/core/timeline/timelineProtocol';
import { indexRecorded, recordedCases, recordedFixtures } from '../helpers/recordedFixtures';

interface Truth {
  session?: { cwd: string };
  sessions?: { cwd: string }[];
}

for (const c of recordedCases) {
  test(`timeline of every recorded session: ${c.name}`, async () => {
    const truth = JSON.parse(readFileSync(join(recordedFixtures, c.name, 'ground-truth.json'), 'utf8')) as Truth;
    const cwd = (truth.sessions ?? [truth.session])[0]?.cwd ?? '/';
    const engine = await indexRecorded(c, cwd);
    try {
      const sessions = await engine.listSessions();
      assert.ok(sessions.length > 0);
      let diffsChecked = 0;
      for (const s of sessions) {
        const detail = await engine.sessionDetail(s.key);
        assert.ok(detail);
        const timeline = buildTimeline(s.key, detail);
        assert.equal(timeline.prompts.length, s.promptCount);
        assert.deepEqual(timeline.prompts.map((p) => p.text), detail.prompts.map((p) => p.text));
        const steps = timeline.prompts.flatMap((p) => p.steps ?? []);
        assert.equal(steps.length, detail.prompts.reduce((n, p) => n + p.steps.length, 0));
        assert.equal(timeline.counts.commands, steps.filter((x) => x.type === 'command').length);
        for (const step of steps) {
          if (step.type === 'command') {
            assert.ok(step.output.length <= outputLimit);
            assert.equal(step.output.includes('\u001b'), false);
          }
          if (step.type !== 'edit') {
            continue;
          }
          for (const f of step.files) {
            const change = findChange(detail, f.changeId);
            assert.ok(change, f.changeId);
            const shown = timelineDiff(change, detail.cwd);
            if (change.before !== undefined && change.after !== undefined && change.before !== change.after) {
              assert.ok(shown.diff, `${c.name} ${f.path}: a diff`);
              assert.equal(applyPatch(change.before ?? '', shown.diff), change.after ?? '', `${c.name} ${f.path}: the shown diff turns before into after`);
              assert.match(shown.diff, /^--- (a\/|\/dev\/null)/);
              diffsChecked++;
            } else {
              assert.ok(shown.diff !== undefined || shown.patch !== undefined || shown.message !== undefined);
            }
          }
        }
      }
      // Fixtures without an edit recording both contents: claude-shell-edits changes files by shell; in
      // pi-shell-failures the one edit (P2, of a file a shell command changed in P1) records only Pi's diff.
      if (c.name !== 'claude-shell-edits' && c.name !== 'pi-shell-failures-v0.73.1') {
        assert.ok(diffsChecked > 0, 'some recorded edit had both contents');
      }
    } finally {
      await engine.dispose();
    }
  });
}

function detailWith(step: ToolCallStep): SessionDetail {
  return {
    agent: 'claude-code',
    id: 's1',
    cwd: '/w',
    startedAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:01:30.000Z',
    models: ['m'],
    sources: [],
    prompts: [{ sessionId: 's1', id: 'p1', index: 1, text: '<script>x</script>', timestamp: '2026-01-01T00:00:00.000Z', steps: [step] }],
  };
}

const shellStep = (output: string, exitCode: number | null): ToolCallStep => ({
  type: 'tool',
  id: 'toolu#1',
  promptId: 'p1',
  timestamp: '2026-01-01T00:00:01.000Z',
  name: 'Bash',
  kind: 'shell',
  input: { command: 'npm test > out.txt' },
  fileChanges: [],
  reads: [],
  command: { command: 'npm test > out.txt', exitCode, output },
});

test('command output: ANSI stripped, cut to the limit with the full length, the rest on request', () => {
  const big = `\u001b[31mred\u001b[0m ${'x'.repeat(outputLimit * 2)}`;
  const detail = detailWith(shellStep(big, 2));
  const t = buildTimeline('claude-code:s1', detail);
  const step = t.prompts[0].steps?.[0];
  assert.equal(step?.type, 'command');
  if (step?.type !== 'command') {
    return;
  }
  assert.equal(step.output.length, outputLimit);
  assert.ok(step.output.startsWith('red '));
  assert.equal(step.truncated, true);
  assert.equal(step.outputLength, stripAnsi(big).length);
  assert.equal(step.isError, true);
  assert.equal(fullOutput(detail, 'toolu#1'), stripAnsi(big));
  assert.deepEqual(t.counts, { prompts: 1, toolCalls: 1, edits: 0, commands: 1, failures: 1, filesChanged: 0 });
  assert.equal(t.durationMs, 90_000);
  // The shell command names a file it writes: the prompt's checkpoint marker covers it.
  assert.deepEqual(t.prompts[0].changedFiles, ['/w/out.txt']);
  // Transcript text travels unchanged; escaping is the page's job (and is tested there).
  assert.equal(t.prompts[0].text, '<script>x</script>');
});

test('stripAnsi removes colours, cursor moves, OSC titles and hyperlinks', () => {
  assert.equal(stripAnsi('\u001b[1;32mok\u001b[0m \u001b[2K\u001b[1G'), 'ok ');
  assert.equal(stripAnsi('\u001b]0;title\u0007a\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\'), 'alink');
  assert.equal(stripAnsi('plain'), 'plain');
});

test('change ids round-trip, also for step ids that contain #', () => {
  assert.deepEqual(parseChangeId(changeId('rec#2', 3)), { stepId: 'rec#2', position: 3 });
  assert.equal(parseChangeId('nohash'), undefined);
  assert.equal(parseChangeId('#1'), undefined);
});

test('diffs: created and deleted files, unified patches without headers, apply_patch sections as text', () => {
  const base = { path: '/w/a.txt', op: 'update' as const };
  assert.match(timelineDiff({ ...base, op: 'create', before: null, after: 'x\n' }, '/w').diff ?? '', /^--- \/dev\/null\n\+\+\+ b\/a\.txt\n@@ -0,0 \+1,1 @@/);
  assert.match(timelineDiff({ ...base, op: 'delete', before: 'x\n', after: null }, '/w').diff ?? '', /^--- a\/a\.txt\n\+\+\+ \/dev\/null\n/);
  const unified = timelineDiff({ ...base, patch: '@@ -1 +1 @@\n-a\n+b\n' }, '/w');
  assert.equal(applyPatch('a\n', unified.diff ?? ''), 'b\n');
  const apply = timelineDiff({ ...base, patch: '*** Update File: a.txt\n@@\n-a\n+b\n' }, '/w');
  assert.equal(apply.diff, undefined);
  assert.ok(apply.patch?.includes('*** Update File'));
  assert.ok(timelineDiff({ ...base }, '/w').message);
  // A write whose earlier content is not recorded: the written text as it is, never a diff against an invented ''.
  const written = timelineDiff({ ...base, before: undefined, after: 'x\ny\n' }, '/w');
  assert.equal(written.diff, undefined);
  assert.equal(written.patch, 'x\ny\n');
  assert.match(written.message ?? '', /before this change is not recorded/);
});

test('tool summaries and message validation', () => {
  assert.equal(toolSummary({ pattern: 'TODO\nmore', path: 'x' }), 'TODO');
  assert.equal(toolSummary('raw'), 'raw');
  assert.equal(toolSummary(42), '');
  assert.equal(isWebviewMessage({ type: 'restoreCheckpoint', beforePrompt: 2 }), true);
  assert.equal(isWebviewMessage({ type: 'restoreCheckpoint', beforePrompt: '2' }), false);
  assert.equal(isWebviewMessage({ type: 'openFile', path: '/w/a', line: 1.5 }), false);
  assert.equal(isWebviewMessage({ type: 'runCommand', command: 'workbench.action.quit' }), false);
  assert.equal(isWebviewMessage(null), false);
});

test('steps protocol: requestSteps is a whole-number range, anything else is refused', () => {
  assert.equal(isWebviewMessage({ type: 'requestSteps', from: 3, to: 40 }), true);
  assert.equal(isWebviewMessage({ type: 'requestSteps', from: 3, to: 3 }), true);
  assert.equal(isWebviewMessage({ type: 'requestSteps', from: 40, to: 3 }), false);
  assert.equal(isWebviewMessage({ type: 'requestSteps', from: '1', to: 3 }), false);
  assert.equal(isWebviewMessage({ type: 'requestSteps', from: 1.5, to: 3 }), false);
  assert.equal(isWebviewMessage({ type: 'requestSteps', from: 1 }), false);
});

test('the first message: steps of the prompts around where the page opens, only at the outline version', () => {
  const detail = detailWith(shellStep('ok', 0));
  const prompts = Array.from({ length: 30 }, (_, i) => ({ ...detail.prompts[0], id: `p${i + 1}`, index: i + 1 }));
  const whole = buildTimeline('claude-code:s1', { ...detail, prompts });
  const outline: TimelineSession = { ...whole, prompts: whole.prompts.map(({ steps: _steps, ...p }) => p) };
  // No target: the first prompts; a target: two before it and ten after, clamped to the session.
  assert.deepEqual(openingRange(outline, () => false), { from: 1, to: 11 });
  assert.deepEqual(openingRange(outline, (p) => p.index === 15), { from: 13, to: 25 });
  assert.deepEqual(openingRange(outline, (p) => p.index === 30), { from: 28, to: 30 });
  assert.equal(openingRange({ ...outline, prompts: [] }, () => false), undefined);

  const steps = whole.prompts[0].steps ?? [];
  const sent = withSteps(outline, [
    { index: 1, version: outline.prompts[0].version, steps },
    // Read after the session changed (a version the outline does not have): not sent, the page asks again later.
    { index: 2, version: 'newer', steps },
  ]);
  assert.deepEqual(sent.prompts[0].steps, steps);
  assert.equal(sent.prompts[1].steps, undefined);
  assert.equal(sent.prompts[2].steps, undefined);
  assert.equal(outline.prompts[0].steps, undefined, 'the outline itself is left as it was');
});

test('a diff or a whole output is found from the one step the host reads', () => {
  const step = shellStep('\u001b[1mall\u001b[0m', 0);
  assert.equal(stepOutput(step), 'all');
  assert.equal(stepOutput(undefined), undefined);
  const edit: ToolCallStep = { ...step, id: 'toolu#2', kind: 'edit', command: undefined, fileChanges: [{ path: '/w/a', op: 'update', before: 'a\n', after: 'b\n' }] };
  assert.deepEqual(changeOf(edit, changeId('toolu#2', 0)), edit.fileChanges[0]);
  assert.equal(changeOf(edit, changeId('toolu#2', 1)), undefined);
  assert.equal(changeOf(edit, changeId('other', 0)), undefined, 'a change id naming another step');
});
