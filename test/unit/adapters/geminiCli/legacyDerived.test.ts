// Minimal reproductions DERIVED from the recorded Gemini CLI 0.24.5 session document (gemini-legacy-print): one
// record of the genuine document is changed per case, for shapes the recording does not hold (a content the edit
// corrector would send to a model, a shell command or a concurrent read between a read and a write, partial reads,
// result texts that prove nothing).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { geminiCliAdapter } from '../../../../src/adapters/geminiCli/geminiCliAdapter';
import type { FileChange, ToolCallStep } from '../../../../src/core/model';
import { SessionFold } from '../../../../src/core/sessionFold';
import { recordedLegacy } from './recordedFixtures';

type Rec = Record<string, unknown>;
interface Doc {
  messages: Rec[];
}

const run = recordedLegacy('gemini-legacy-print');

function load(): Doc {
  return JSON.parse(readFileSync(run?.document ?? '', 'utf8')) as Doc;
}

function calls(doc: Doc): Rec[] {
  return doc.messages.flatMap((m) => (Array.isArray(m.toolCalls) ? (m.toolCalls as Rec[]) : []));
}

/** The tool call of `name` on a path ending in `file`, the `nth` one (0-based). */
function call(doc: Doc, name: string, file: string, nth = 0): Rec {
  const found = calls(doc).filter((c) => c.name === name && String((c.args as Rec).file_path).endsWith(`/${file}`));
  assert.ok(found[nth], `${name} ${file} #${nth}`);
  return found[nth];
}

/** The message holding `c`. */
function messageOf(doc: Doc, c: Rec): Rec {
  const m = doc.messages.find((msg) => Array.isArray(msg.toolCalls) && (msg.toolCalls as Rec[]).includes(c));
  assert.ok(m);
  return m;
}

function changesOf(doc: Doc, id: unknown): FileChange[] {
  const out = geminiCliAdapter.parseDocument({ agent: 'gemini-cli', path: '/x/session-derived.json', mode: 'whole', cwdHint: run?.repo }, JSON.stringify(doc, null, 2));
  assert.deepEqual(out.issues, []);
  const fold = new SessionFold();
  fold.apply(out.ops, '/x/session-derived.json');
  const step = fold
    .result()[0]
    .prompts.flatMap((p) => p.steps)
    .find((st): st is ToolCallStep => st.type === 'tool' && st.id === id);
  assert.ok(step, `step ${String(id)}`);
  return step.fileChanges;
}

function shape(changes: FileChange[]): string[] {
  return changes.map((c) => `${c.op}:${['before', 'after', 'patch'].filter((k) => c[k as keyof FileChange] !== undefined).join('+')}`);
}

/** A test on the recorded document, skipped until it is recorded. */
function derived(name: string, body: (recorded: NonNullable<typeof run>) => void): void {
  test(name, (t) => {
    if (!run) {
      t.skip('gemini-legacy-print not recorded');
      return;
    }
    body(run);
  });
}

describe('legacy session document, derived cases', () => {
  derived('a created file whose content the edit corrector would unescape: created, content unknown', (run) => {
    const doc = load();
    const create = call(doc, 'write_file', 'notes.js');
    (create.args as Rec).content = 'console.log(["a", "b"].join("\\n"));\n';
    assert.deepEqual(changesOf(doc, create.id), [{ path: `${run.repo}/notes.js`, op: 'create', before: null }]);
  });

  derived('an overwrite whose content has no surrounding whitespace is exact without knowing what it replaced', (run) => {
    const doc = load();
    const readme = call(doc, 'write_file', 'README.md');
    (readme.args as Rec).content = '# Notes';
    assert.deepEqual(changesOf(doc, readme.id), [{ path: `${run.repo}/README.md`, op: 'update', after: '# Notes' }]);
  });

  derived('an overwrite with a correctable content and no read: a change with nothing known', (run) => {
    const doc = load();
    const readme = call(doc, 'write_file', 'README.md');
    (readme.args as Rec).content = 'Use `a\\nb`.\n';
    assert.deepEqual(changesOf(doc, readme.id), [{ path: `${run.repo}/README.md`, op: 'update' }]);
  });

  derived('a shell command between the read and the write: the read no longer tells the content before', () => {
    const doc = load();
    const read = call(doc, 'read_file', 'notes.js', 1);
    const write = call(doc, 'write_file', 'notes.js', 1);
    assert.deepEqual(shape(changesOf(doc, write.id)), ['update:before+after'], 'as recorded');
    const shell = calls(doc).find((c) => c.name === 'run_shell_command');
    assert.ok(shell);
    const holder = messageOf(doc, read).toolCalls as Rec[];
    holder.push({ ...shell, id: 'run_shell_command-1-0', timestamp: read.timestamp });
    assert.deepEqual(shape(changesOf(doc, write.id)), ['update:patch']);
  });

  derived('a read that ran in the same batch as the write is not the content before it', () => {
    const doc = load();
    const read = call(doc, 'read_file', 'notes.js', 1);
    const write = call(doc, 'write_file', 'notes.js', 1);
    const readHolder = messageOf(doc, read).toolCalls as Rec[];
    readHolder.splice(readHolder.indexOf(read), 1);
    const writeHolder = messageOf(doc, write).toolCalls as Rec[];
    writeHolder.splice(writeHolder.indexOf(write), 0, { ...read, timestamp: write.timestamp });
    assert.deepEqual(shape(changesOf(doc, write.id)), ['update:patch']);
  });

  derived('partial or shortened reads and reads in an earlier prompt are not used', () => {
    for (const change of [
      (r: Rec) => {
        r.args = { ...(r.args as Rec), offset: 0, limit: 5 };
      },
      (r: Rec) => {
        r.resultDisplay = 'Read all 17 lines from notes.js (some lines were shortened)';
      },
    ]) {
      const doc = load();
      const read = call(doc, 'read_file', 'notes.js', 1);
      const write = call(doc, 'write_file', 'notes.js', 1);
      change(read);
      assert.deepEqual(shape(changesOf(doc, write.id)), ['update:patch']);
    }
    // README.md was read whole in P1 and overwritten in P3 (as recorded): hand edits may lie between.
    const doc = load();
    assert.deepEqual(shape(changesOf(doc, call(doc, 'write_file', 'README.md').id)), ['update:patch']);
  });

  derived('no change without a result text that says the write or replace succeeded', () => {
    for (const [name, file] of [
      ['write_file', 'README.md'],
      ['replace', 'notes.js'],
    ]) {
      for (const result of [undefined, null, [{ functionResponse: { name, response: { output: 'Done.' } } }]]) {
        const doc = load();
        const c = call(doc, name, file);
        c.result = result;
        assert.deepEqual(changesOf(doc, c.id), [], `${name} with result ${JSON.stringify(result)}`);
      }
      const doc = load();
      const c = call(doc, name, file);
      c.status = 'cancelled';
      assert.deepEqual(changesOf(doc, c.id), []);
    }
  });
});
