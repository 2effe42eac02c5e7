// A whole Copilot Chat workspace storage indexed: the sessions of the workspace (a flat .json, a mutation log with
// its stale flat copy, a transcript of a conversation no chat file holds) and nothing of the decoy folder or of the
// transcript of a conversation a chat file already holds; prompts, steps, commands, blame of edited lines and the
// editing sessions' baselines as restore sources.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { BlameEngine } from '../../../../src/core/blame/blameEngine';
import { CheckpointResolver } from '../../../../src/core/checkpoints/checkpointModel';
import type { ToolCallStep } from '../../../../src/core/model';
import { applyRecordedPatch } from '../../../../src/store/recordedPatch';
import { recordedPatchOps } from '../../../../src/store/recordedPatchOps';
import { chatEngine, layOutChatStorage } from './chatStorageFixture';

test('the workspace\'s sessions, one per conversation, none of the decoy folder', async () => {
  const s = layOutChatStorage();
  const engine = await chatEngine(s);
  try {
    const listed = await engine.listSessions();
    assert.deepEqual(listed.map((x) => [x.id, x.agent, x.promptCount]).sort(), [
      ['conv-only', 'copilot-chat', 1],
      ['sess-json', 'copilot-chat', 2],
      ['sess-log', 'copilot-chat', 2],
    ]);
    const prompts = async (id: string): Promise<string[]> => (await engine.sessionDetail(listed.find((x) => x.id === id)?.key ?? ''))?.prompts.map((p) => p.text) ?? [];
    assert.deepEqual(await prompts('sess-json'), ['Add a greeting function to app.ts', 'Run the tests']);
    // The log replayed: the withdrawn request was cut by a Push with `i`; the stale flat copy is not read.
    assert.deepEqual(await prompts('sess-log'), ['Create docs/notes.md describing the helpers', 'Rename greet to hello']);
    assert.deepEqual(await prompts('conv-only'), ['List the source files']);
    const log = await engine.sessionDetail(listed.find((x) => x.id === 'sess-log')?.key ?? '');
    assert.equal(log?.title, 'Notes and rename');
    assert.equal(log?.cwd, s.project);
    assert.deepEqual(log?.models, ['gpt-4.1']);
  } finally {
    await engine.dispose();
  }
});

test('steps: the response text, the edit tool joined to its round call and result, the terminal command with output and exit code', async () => {
  const s = layOutChatStorage();
  const engine = await chatEngine(s);
  try {
    const key = (await engine.listSessions()).find((x) => x.id === 'sess-json')?.key ?? '';
    const detail = await engine.sessionDetail(key);
    assert.ok(detail);
    const [first, second] = detail.prompts;
    assert.deepEqual(
      first.steps.map((st) => (st.type === 'tool' ? `tool ${st.name} ${st.id}` : `${st.type} ${st.text}`)),
      ["text I'll add a `greet` function. ", 'tool replace_string_in_file call_A1__vscode-5', 'text Added `greet` to `app.ts`.'],
    );
    const edit = first.steps[1] as ToolCallStep;
    assert.equal(edit.kind, 'edit');
    assert.equal(edit.result?.text, `The following files were successfully edited:\n${s.project}/src/app.ts`);
    const app = readFileSync(path.join(s.project, 'src/app.ts'), 'utf8');
    const original = "export function main(): void {\n  console.log('start');\n}\n";
    assert.deepEqual(edit.fileChanges, [{ path: `${s.project}/src/app.ts`, op: 'update', before: original, after: app.replace('function hello', 'function greet') }]);
    const run = second.steps.find((st): st is ToolCallStep => st.type === 'tool');
    assert.deepEqual(run?.command, { command: 'npm test', cwd: s.project, exitCode: 0, output: '> demo@1.0.0 test\n> node --test\n\n# pass 3\n# fail 0\n', durationMs: 1200 });
    assert.equal(run?.kind, 'shell');
    const only = await engine.sessionDetail((await engine.listSessions()).find((x) => x.id === 'conv-only')?.key ?? '');
    const ls = only?.prompts[0].steps.find((st): st is ToolCallStep => st.type === 'tool');
    assert.deepEqual(ls?.command, { command: 'ls src', exitCode: null, output: 'app.ts\n', durationMs: 500 });
  } finally {
    await engine.dispose();
  }
});

test('prompt blame attributes the edited lines to the requests that wrote them', async () => {
  const s = layOutChatStorage();
  const engine = await chatEngine(s);
  const blamer = new BlameEngine(applyRecordedPatch);
  try {
    const blame = async (rel: string): Promise<(string | null)[]> => {
      const content = readFileSync(path.join(s.project, rel), 'utf8');
      const basis = await engine.blameBasis(path.join(s.project, rel));
      const lines = basis ? blamer.blame(basis.replayed, content, basis.shellRuns).lines : [];
      return content.split('\n').slice(0, -1).map((text, i) => (text.trim() === '' ? 'blank' : lines[i] ? `${lines[i]?.sessionId} #${lines[i]?.promptIndex}` : null));
    };
    assert.deepEqual(await blame('src/app.ts'), [null, null, null, 'blank', 'sess-log #2', 'sess-json #1', 'sess-json #1']);
    assert.deepEqual(await blame('docs/notes.md'), ['sess-log #1', 'blank', 'sess-log #1']);
  } finally {
    await engine.dispose();
  }
});

test('restore: the editing sessions\' baselines are the files before each prompt', async () => {
  const s = layOutChatStorage();
  const engine = await chatEngine(s);
  try {
    const state = async (id: string, prompt: number, rel: string): Promise<string> => {
      const key = (await engine.listSessions()).find((x) => x.id === id)?.key ?? '';
      const data = await engine.checkpointData(key);
      assert.ok(data);
      const f = new CheckpointResolver(data.histories, recordedPatchOps).checkpoint(prompt).files.find((x) => x.path === path.join(s.project, rel));
      if (!f) {
        return 'not in the checkpoint';
      }
      return f.state.kind === 'content' ? `content ${JSON.stringify(f.state.content)}` : f.state.kind;
    };
    const original = "export function main(): void {\n  console.log('start');\n}\n";
    assert.equal(await state('sess-json', 1, 'src/app.ts'), `content ${JSON.stringify(original)}`);
    assert.equal(await state('sess-log', 1, 'docs/notes.md'), 'absent');
    const afterA = `${original}\nexport function greet(name: string): string {\n  return \`Hello, \${name}\`;\n}\n`;
    assert.equal(await state('sess-log', 2, 'src/app.ts'), `content ${JSON.stringify(afterA)}`);
  } finally {
    await engine.dispose();
  }
});
