// Bad input: a Cline transcript cut off by a read during its rewrite, binary or non-object documents, damaged
// manifests, unknown roles and blocks, results without their call — each a counted issue, never a crash, and the
// rest of the session kept. Minimal hand-written documents (the recorded ones are well formed), plus one cut from a
// real recording.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { TranscriptFile } from '../../../../src/adapters/adapter';
import { clineAdapter, parseClineDocument } from '../../../../src/adapters/cline/clineAdapter';
import type { ToolCallStep } from '../../../../src/core/model';
import { SessionFold } from '../../../../src/core/sessionFold';

const recordedSession = path.join(
  process.cwd(),
  'test/fixtures/recorded/cline-notes-cli-v3.0.65/cline-home/dot-cline/data/sessions/1796319659971_ks93h/1796319659971_ks93h.messages.json',
);

function file(p = '/s/9_zzzzz/9_zzzzz.messages.json'): TranscriptFile {
  return { agent: 'cline', path: p, mode: 'whole' };
}

const prompt = (id: string, text: string): unknown => ({ id, role: 'user', content: [{ type: 'text', text }], ts: 1_000 });

function doc(messages: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ version: 1, sessionId: '9_zzzzz', system_prompt: 'Working Directory: /w/app\n', messages, ...extra });
}

function fold(text: string, manifest: Parameters<typeof parseClineDocument>[2] = { cwd: '/w/app', checkpoints: [] }) {
  const out = parseClineDocument(file(), text, manifest, []);
  const f = new SessionFold();
  f.apply(out.ops, file().path);
  return { ...out, sessions: f.result() };
}

test('a document cut off mid-rewrite (a real recording, truncated) is one invalid-json issue and no ops', () => {
  const text = readFileSync(recordedSession, 'utf8');
  for (const cut of [1, Math.floor(text.length / 2), text.trimEnd().length - 1]) {
    const out = fold(text.slice(0, cut));
    assert.deepEqual(out.ops, []);
    assert.deepEqual(out.issues.map((i) => i.kind), ['invalid-json']);
  }
});

test('binary bytes, a JSON array and a document without messages are counted, never thrown', () => {
  assert.deepEqual(fold('\u0000\u0001{garbage').issues.map((i) => i.kind), ['binary']);
  assert.deepEqual(fold('[1,2]').issues.map((i) => i.kind), ['unknown-record']);
  const noMessages = fold(JSON.stringify({ sessionId: '9_zzzzz' }));
  assert.deepEqual(noMessages.issues.map((i) => i.kind), ['missing-field']);
  assert.equal(noMessages.sessions[0]?.cwd, '/w/app');
});

test('unknown roles, unknown blocks, non-object messages and results of unknown calls cost only themselves', () => {
  const out = fold(
    doc([
      prompt('p1', '<user_input mode="act">do it</user_input>'),
      'not a message',
      { id: 'x1', role: 'narrator', content: [] },
      {
        id: 'a1',
        role: 'assistant',
        content: [{ type: 'hologram' }, { type: 'text', text: 'ok' }, { type: 'tool_use', id: 'c1', name: 'run_commands', input: { commands: ['ls'] } }],
        ts: 2_000,
      },
      { id: 'r0', role: 'user', content: [{ type: 'tool_result', tool_use_id: 'nope', name: 'editor', content: '{}' }], ts: 2_500 },
      { id: 'r1', role: 'user', content: [{ type: 'tool_result', tool_use_id: 'c1', name: 'run_commands', content: [{ query: 'ls', result: 'a\n', success: true }] }], ts: 3_000 },
    ]),
  );
  assert.deepEqual(out.issues.map((i) => i.kind), ['unknown-record', 'unknown-record', 'unknown-record', 'unknown-record']);
  const steps = out.sessions[0].prompts[0].steps;
  assert.deepEqual(steps.map((s) => s.type), ['text', 'tool']);
  assert.deepEqual((steps[1] as ToolCallStep).command, { command: 'ls', exitCode: 0, output: 'a\n' });
});

test('an assistant message before any prompt is counted, and a session without any cwd says so', () => {
  const out = parseClineDocument(file(), JSON.stringify({ sessionId: '9_zzzzz', messages: [{ id: 'a0', role: 'assistant', content: [{ type: 'text', text: 'hi' }] }] }), undefined, []);
  assert.deepEqual(out.issues.map((i) => i.kind), ['missing-field', 'missing-field']);
  assert.ok(!out.ops.some((o) => o.op === 'step'));
});

test('a new session\'s transcript, written empty just before its manifest, is no issue', () => {
  const out = parseClineDocument(file(), JSON.stringify({ version: 1, sessionId: '9_zzzzz', messages: [] }), undefined, []);
  assert.deepEqual(out.issues, []);
});

test('a damaged manifest is counted and the system prompt gives the cwd; the session id falls back to the file name', () => {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'cline-malformed-')), '7_yyyyy');
  mkdirSync(dir);
  writeFileSync(path.join(dir, '7_yyyyy.json'), '{"cwd": "/w/ap');
  const p = path.join(dir, '7_yyyyy.messages.json');
  const text = JSON.stringify({ system_prompt: '<env>4. Working Directory: /w/app\n</env>', messages: [prompt('p1', 'hello')] });
  writeFileSync(p, text);
  const out = clineAdapter.parseDocument(file(p), text);
  assert.deepEqual(out.issues.map((i) => i.kind), ['invalid-json']);
  const f = new SessionFold();
  f.apply(out.ops, p);
  const [s] = f.result();
  assert.equal(s.id, '7_yyyyy');
  assert.equal(s.cwd, '/w/app');
  assert.deepEqual(s.prompts.map((x) => x.text), ['hello']);
});

test('read as lines (not how discovery hands it out) it says so instead of parsing wrongly', () => {
  const out = clineAdapter.parseLines(file(), null, [{ text: '{}', offset: 0, lineNo: 1 }]);
  assert.deepEqual(out.ops, []);
  assert.deepEqual(out.issues.map((i) => i.kind), ['unknown-record']);
});

test('prompts: the wrapper stripped exactly (any mode, attributes in any order), an image alone is one; Cline\'s notices, blank texts and tool results are not', () => {
  const out = fold(
    doc([
      prompt('p1', '<user_input mode="act">  keep  my\n spacing </user_input>'),
      prompt('p2', '<mode_notice>The user switched from plan mode to act mode before sending this message.</mode_notice>\n<user_input mode="plan">plan it</user_input>'),
      prompt('p3', '<user_input id="7" mode="yolo">go</user_input>'),
      prompt('n1', '[TASK RESUMPTION] This task was interrupted'),
      prompt('n2', 'The user approved switching to act mode. Continue with the approved plan now.'),
      { id: 'n3', role: 'user', content: [{ type: 'text', text: 'summary of earlier turns' }], metadata: { kind: 'compaction_summary' } },
      { id: 'n4', role: 'user', content: [{ type: 'text', text: 'finish the task' }], metadata: { kind: 'completion_reminder' } },
      prompt('p4', 'typed without a wrapper'),
      { id: 'p5', role: 'user', content: [{ type: 'image', data: 'iVBOR', mediaType: 'image/png' }] },
      { id: 'n5', role: 'user', content: [{ type: 'text', text: '  ' }] },
    ]),
  );
  assert.deepEqual(
    out.sessions[0].prompts.map((p) => [p.id, p.text]),
    [
      ['p1', '  keep  my\n spacing '],
      ['p2', 'plan it'],
      ['p3', 'go'],
      ['p4', 'typed without a wrapper'],
      ['p5', ''],
    ],
  );
  assert.deepEqual(out.issues, []);
});

test('exit codes: only "Command exited with code N" gives N; a timeout or other failure is unknown; several commands agree or stay unknown', () => {
  const call = (id: string, commands: string[]): unknown => ({ id: `a${id}`, role: 'assistant', content: [{ type: 'tool_use', id, name: 'run_commands', input: { commands } }] });
  const result = (id: string, content: unknown): unknown => ({ id: `r${id}`, role: 'user', content: [{ type: 'tool_result', tool_use_id: id, name: 'run_commands', content }] });
  const out = fold(
    doc([
      prompt('p1', 'run'),
      call('c1', ['make']),
      result('c1', [{ query: 'make', result: '[Command exited with code 137]\n', error: 'Command exited with code 137', success: false }]),
      call('c2', ['sleep 99']),
      result('c2', [{ query: 'sleep 99', result: '', error: 'Command timed out after 30000ms', success: false }]),
      call('c3', ['a', 'b']),
      result('c3', [
        { query: 'a', result: '1\n', success: true },
        { query: 'b', result: '2\n', success: true },
      ]),
      call('c4', ['a', 'b']),
      result('c4', [
        { query: 'a', result: '1\n', success: true },
        { query: 'b', result: '[Command exited with code 3]\n', error: 'Command exited with code 3', success: false },
      ]),
      call('c5', ['a', 'b']),
      result('c5', [
        { query: 'a', result: '', error: 'Command exited with code 1', success: false },
        { query: 'b', result: '', error: 'Command exited with code 2', success: false },
      ]),
      call('c6', ['never answered']),
    ]),
  );
  const commands = out.sessions[0].prompts[0].steps.map((s) => (s as ToolCallStep).command);
  assert.deepEqual(
    commands.map((c) => [c?.command, c?.exitCode]),
    [
      ['make', 137],
      ['sleep 99', null],
      ['a\nb', 0],
      ['a\nb', 3],
      ['a\nb', null],
      ['never answered', null],
    ],
  );
  assert.equal(commands[2]?.output, '$ a\n1\n\n$ b\n2\n');
  const steps = out.sessions[0].prompts[0].steps as ToolCallStep[];
  assert.deepEqual(steps.map((s) => s.result?.isError), [true, true, false, true, true, undefined]);
});
