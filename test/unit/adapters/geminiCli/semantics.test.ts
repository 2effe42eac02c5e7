// Record semantics on variations of a real transcript (recorded gemini-print, Gemini CLI 0.61.0): lines are
// appended, dropped or edited in the test so every case starts from genuine records.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { geminiCliAdapter } from '../../../../src/adapters/geminiCli/geminiCliAdapter';
import type { SessionDetail, ToolCallStep } from '../../../../src/core/model';
import { runAdapter } from '../../helpers/parseWithAdapter';
import { appendFile, recordedGemini } from './recordedFixtures';
import { readFileSync } from 'node:fs';

type Rec = Record<string, unknown>;

const run = recordedGemini('gemini-print', 'gemini-print', 'gemini-print/gemini-home', 'gemini-print.json');
const repo = run?.repo ?? '';
const realLines: Rec[] = run ? readFileSync(run.main, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Rec) : [];

/** Ids of the recorded session, found by structure (re-recording changes every id). */
function userIds(): string[] {
  const ids: string[] = [];
  for (const r of realLines) {
    const parts = Array.isArray(r.content) ? (r.content as Rec[]) : [];
    const text = parts.map((p) => (typeof p.text === 'string' ? p.text : '')).join('');
    if (r.type === 'user' && typeof r.id === 'string' && text && !text.startsWith('<session_context>') && !ids.includes(r.id)) {
      ids.push(r.id);
    }
  }
  return ids;
}

/** Message ids of `type` after the first occurrence of `afterId`, in first-occurrence order. */
function messagesAfter(afterId: string, type: 'gemini' | 'user'): string[] {
  const start = realLines.findIndex((r) => r.id === afterId);
  const ids: string[] = [];
  for (const r of realLines.slice(start + 1)) {
    if (r.type === type && typeof r.id === 'string' && r.id !== afterId && !ids.includes(r.id)) {
      ids.push(r.id);
    }
  }
  return ids;
}

// Three prompts; P1: write+read, two shells, final text; P2: read, replace, shell, text; P3: write, shell, text.
const [P1, P2, P3] = run ? userIds() : ['', '', ''];
const P1_FIRST_MSG = run ? messagesAfter(P1, 'gemini')[0] : '';
const P1_SHELL_MSG = run ? messagesAfter(P1, 'gemini')[1] : '';
const P1_LAST_MSG = run ? messagesAfter(P1, 'gemini')[2] : '';
const P2_READ_MSG = run ? messagesAfter(P2, 'gemini')[0] : '';
const P2_READ_RESPONSE = run ? messagesAfter(P2_READ_MSG, 'user')[0] : '';
const P2_EDIT_MSG = run ? messagesAfter(P2, 'gemini')[1] : '';
const P3_WRITE_MSG = run ? messagesAfter(P3, 'gemini')[0] : '';

const dir = mkdtempSync(path.join(tmpdir(), 'gemini-semantics-'));
let counter = 0;

function writeLines(lines: (Rec | string)[], rel?: string): string {
  const p = path.join(dir, rel ?? `t${counter++}/session-2026-11-22T03-56-a1b788d9.jsonl`);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return p;
}

function parseLines(lines: (Rec | string)[], chunks = 1, rel?: string) {
  return runAdapter(geminiCliAdapter, [appendFile(writeLines(lines, rel), repo)], { chunks });
}

/** The real lines up to and including the last occurrence of message `id`. */
function upTo(id: string): Rec[] {
  let last = -1;
  realLines.forEach((r, i) => {
    if (r.id === id) {
      last = i;
    }
  });
  assert.ok(last >= 0, `message ${id} in the fixture`);
  return realLines.slice(0, last + 1);
}

function lastRecord(id: string): Rec {
  return structuredClone(upTo(id).filter((r) => r.id === id).pop() as Rec);
}

function stepIds(s: SessionDetail): string[][] {
  return s.prompts.map((p) => p.steps.map((st) => st.id));
}

function tool(s: SessionDetail, id: string): ToolCallStep {
  const st = s.prompts.flatMap((p) => p.steps).find((x) => x.id === id);
  assert.ok(st && st.type === 'tool', `tool step ${id}`);
  return st;
}

describe('gemini semantics on a real transcript', { skip: run ? false : 'recorded gemini-print missing' }, () => {
  const full = () => parseLines(realLines).sessions[0];

  test('$rewindTo a prompt removes it and everything after it', () => {
    const base = full();
    const out = parseLines([...realLines, { $rewindTo: P2 }]);
    const s = out.sessions[0];
    assert.deepEqual(out.issues, []);
    assert.deepEqual(s.prompts.map((p) => p.id), [P1]);
    assert.deepEqual(s.prompts[0], base.prompts[0]);
    assert.ok(out.ops.some((o) => o.op === 'rewind' && o.recordId === P2));
  });

  test('$rewindTo a model message removes its steps and everything after; a later prompt continues', () => {
    const base = full();
    const p3Line = lastRecord(P3);
    const newPrompt = { ...p3Line, id: 'new-prompt', content: [{ text: 'try again differently' }] };
    const s = parseLines([...realLines, { $rewindTo: P2_EDIT_MSG }, newPrompt]).sessions[0];
    assert.deepEqual(s.prompts.map((p) => p.id), [P1, P2, 'new-prompt']);
    assert.deepEqual(stepIds(s)[1], [String((lastRecord(P2_READ_MSG).toolCalls as Rec[])[0].id)]);
    assert.deepEqual(s.prompts[1].steps[0], base.prompts[1].steps[0]);
    assert.equal(s.prompts[2].index, 3);
    assert.equal(s.prompts[2].text, 'try again differently');
  });

  test('$rewindTo a message that produced nothing rewinds from the next message that did', () => {
    const a = parseLines([...realLines, { $rewindTo: P2_READ_RESPONSE }]).sessions[0];
    const b = parseLines([...realLines, { $rewindTo: P2_EDIT_MSG }]).sessions[0];
    assert.deepEqual(stepIds(a), stepIds(b));
    assert.deepEqual(a.prompts.map((p) => p.id), [P1, P2]);
    // Rewinding to the read message itself also drops the read.
    const c = parseLines([...realLines, { $rewindTo: P2_READ_MSG }]).sessions[0];
    assert.deepEqual(stepIds(c)[1], []);
  });

  test('a rewound message that is appended again comes back at the end', () => {
    const s = parseLines([...realLines, { $rewindTo: P2 }, ...upTo(P3).slice(-1)]).sessions[0];
    assert.deepEqual(s.prompts.map((p) => [p.id, p.index]), [
      [P1, 1],
      [P3, 2],
    ]);
  });

  test('an unknown rewind target changes nothing (Gemini would clear all; the index keeps the history)', () => {
    const out = parseLines([...realLines, { $rewindTo: 'not-a-message' }]);
    assert.deepEqual(stepIds(out.sessions[0]), stepIds(full()));
    assert.deepEqual(out.issues, []);
  });

  test('rewinds give the same result in any chunking', () => {
    const lines = [...realLines, { $rewindTo: P2_EDIT_MSG }, { ...lastRecord(P3), id: 'again', content: 'again' }];
    const file = appendFile(writeLines(lines), repo);
    const one = runAdapter(geminiCliAdapter, [file]).sessions;
    assert.equal(one[0].prompts.length, 3);
    for (const chunks of [3, 7, lines.length]) {
      assert.deepEqual(runAdapter(geminiCliAdapter, [file], { chunks }).sessions, one);
    }
  });

  test('a re-appended message keeps its first position; its tool results are merged into the same steps', () => {
    const s = full();
    const p1 = s.prompts[0];
    const first = lastRecord(P1_FIRST_MSG);
    assert.deepEqual(p1.steps.map((st) => st.id).slice(0, 3), [
      `${P1_FIRST_MSG}:text`,
      ...(first.toolCalls as Rec[]).map((c) => String(c.id)),
    ]);
    assert.equal(realLines.filter((r) => r.id === P1_FIRST_MSG).length, 2, 'the fixture re-appends the message');
    // An in-flight version of the call (no result yet) followed by the final record.
    const final = lastRecord(P1_SHELL_MSG);
    const calls = final.toolCalls as Rec[];
    const inFlight = { ...final, toolCalls: calls.map((c) => ({ ...c, status: 'executing', result: undefined, resultDisplay: undefined })) };
    const before = parseLines([...upTo(P1_LAST_MSG).filter((r) => r.id !== final.id), inFlight]).sessions[0];
    const pending = tool(before, String(calls[0].id));
    assert.equal(pending.result, undefined);
    assert.deepEqual(pending.command, { command: String((calls[0].args as Rec).command), exitCode: null, output: '', cwd: repo });
    const after = parseLines([...upTo(P1_LAST_MSG).filter((r) => r.id !== final.id), inFlight, final]).sessions[0];
    assert.equal(tool(after, String(calls[0].id)).command?.exitCode, 0);
    assert.equal(tool(after, String(calls[1].id)).command?.exitCode, 1);
  });

  test('displayContent: the typed text, not the @file expansion sent to the model', () => {
    const p1 = lastRecord(P1);
    const typed = 'create notes.js with addNote(text) and listNotes() like @README.md';
    const expanded = {
      ...p1,
      content: [{ text: typed }, { text: '\n--- Content from referenced files ---' }, { text: '\nContent from @README.md:\n# Notes\n' }],
      displayContent: [{ text: typed }],
    };
    const lines = realLines.map((r) => (r.id === P1 ? expanded : r));
    assert.equal(parseLines(lines).sessions[0].prompts[0].text, typed);
  });

  test('injected user records are not prompts: preamble, IDE context, next-speaker nudge', () => {
    const p1 = lastRecord(P1);
    const injected = [
      { ...p1, id: 'ctx', content: [{ text: '<session_context>\nThis is the Gemini CLI.\n</session_context>' }] },
      { ...p1, id: 'ide', content: [{ text: "Here is the user's editor context as a JSON object. This is for your information only.\n```json\n{}\n```" }] },
      { ...p1, id: 'nudge', content: [{ text: 'Please continue.' }], displayContent: [{ text: 'create notes.js' }] },
    ];
    const afterP1 = upTo(P1_LAST_MSG);
    const lastGemini = { ...lastRecord(P1_LAST_MSG), id: 'after-nudge', content: 'continued' };
    const s = parseLines([...afterP1, ...injected, lastGemini]).sessions[0];
    assert.deepEqual(s.prompts.map((p) => p.id), [P1]);
    assert.equal(s.prompts[0].steps[s.prompts[0].steps.length - 1].id, 'after-nudge:text', 'continuation steps stay with P1');
  });

  test('thoughts become reasoning steps before the text; info/warning/error records are neither', () => {
    const msg = lastRecord(P1_LAST_MSG);
    msg.thoughts = [
      { subject: 'Checking the result', description: 'The require failed as expected.', timestamp: '2026-11-22T03:56:01.570Z' },
      { subject: '', description: 'Second thought only.', timestamp: '2026-11-22T03:56:01.571Z' },
    ];
    const notices = ['info', 'warning', 'error'].map((type, i) => ({ id: `n${i}`, timestamp: String(msg.timestamp), type, content: `${type} text` }));
    const lines = [...upTo(P1_LAST_MSG).slice(0, -1), msg, ...notices];
    const s = parseLines(lines).sessions[0];
    const steps = s.prompts[0].steps.slice(-3);
    assert.deepEqual(
      steps.map((st) => [st.id, st.type, st.type === 'tool' ? '' : st.text, st.timestamp]),
      [
        [`${P1_LAST_MSG}:thought:0`, 'reasoning', 'Checking the result\nThe require failed as expected.', '2026-11-22T03:56:01.570Z'],
        [`${P1_LAST_MSG}:thought:1`, 'reasoning', 'Second thought only.', '2026-11-22T03:56:01.571Z'],
        [`${P1_LAST_MSG}:text`, 'text', 'Created `notes.js`; there is no `storage.js` (the require failed).', String(msg.timestamp)],
      ],
    );
    assert.equal(s.prompts.length, 1);
    // A rewind to a notice still works: nothing after it was emitted, so nothing is removed.
    const r = parseLines([...lines, { $rewindTo: 'n1' }]).sessions[0];
    assert.deepEqual(stepIds(r), stepIds(s));
  });

  test('$set.summary is the session title; a re-appended prompt with new text keeps its index', () => {
    const edited = { ...lastRecord(P2), content: [{ text: 'add removeNote(n), edited' }] };
    const s = parseLines([...realLines, { $set: { summary: 'Notes module with removeNote' } }, edited]).sessions[0];
    assert.equal(s.title, 'Notes module with removeNote');
    assert.deepEqual(s.prompts.map((p) => [p.index, p.text]), [
      [1, 'create notes.js with addNote(text) and listNotes()'],
      [2, 'add removeNote(n), edited'],
      [3, 'rewrite README.md to document the API'],
    ]);
  });

  test('errored and cancelled calls are errors and change no file', () => {
    const msg = lastRecord(P3_WRITE_MSG);
    const [write] = msg.toolCalls as Rec[];
    const variants = ['error', 'cancelled'].map((status) => ({ ...msg, toolCalls: [{ ...write, status }] }));
    for (const v of variants) {
      const s = parseLines([...upTo(P3), v]).sessions[0];
      const st = tool(s, String(write.id));
      assert.equal(st.result?.isError, true);
      assert.deepEqual(st.fileChanges, []);
    }
  });

  test('replace creating a missing file (empty old_string) is a create with new_string as content', () => {
    const msg = lastRecord(P2_EDIT_MSG);
    const [call] = msg.toolCalls as Rec[];
    const created = {
      ...call,
      id: 'replace-create',
      args: { file_path: `${repo}/lib/new.js`, old_string: '', new_string: 'module.exports = 1;\n' },
      result: [{ functionResponse: { id: 'replace-create', name: 'replace', response: { output: `Created new file: ${repo}/lib/new.js with provided content.` } } }],
      resultDisplay: 'Created lib/new.js',
    };
    const s = parseLines([...upTo(P2_EDIT_MSG).slice(0, -1), { ...msg, toolCalls: [created] }]).sessions[0];
    assert.deepEqual(tool(s, 'replace-create').fileChanges, [{ path: `${repo}/lib/new.js`, op: 'create', before: null, after: 'module.exports = 1;\n' }]);
  });

  test('older write_file records (no isNewFile) tell a new file by their message', () => {
    const msg = lastRecord(P1_FIRST_MSG);
    const calls = structuredClone(msg.toolCalls as Rec[]);
    delete (calls[0].resultDisplay as Rec).isNewFile;
    const s = parseLines([...upTo(msg.id as string).slice(0, -1), { ...msg, toolCalls: calls }]).sessions[0];
    const [change] = tool(s, String(calls[0].id)).fileChanges;
    assert.equal(change.op, 'create');
    assert.equal(change.before, null);
    // …while an overwrite of an empty file stays an update.
    const overwrite = structuredClone(calls);
    (overwrite[0].result as Rec[])[0] = { functionResponse: { id: calls[0].id, name: 'write_file', response: { output: 'Successfully overwrote file: x.' } } };
    const s2 = parseLines([...upTo(msg.id as string).slice(0, -1), { ...msg, toolCalls: overwrite }]).sessions[0];
    assert.equal(tool(s2, String(calls[0].id)).fileChanges[0].before, '');
  });

  test('subagents: parent from the chats/<parent>/<id>.jsonl layout; invoke_agent links the child', () => {
    const parentId = String(realLines[0].sessionId);
    const subMeta = { ...realLines[0], sessionId: 'sub-agent-1', kind: 'subagent', directories: [repo] };
    const subLines = [subMeta, ...realLines.slice(1).filter((r) => typeof r.id === 'string').slice(0, 6)];
    const sub = parseLines(subLines, 1, `sub/chats/${parentId}/sub-agent-1.jsonl`).sessions[0];
    assert.equal(sub.id, 'sub-agent-1');
    assert.equal(sub.parentSessionId, parentId);

    const msg = lastRecord(P1_LAST_MSG);
    const invoke = {
      id: 'invoke_agent_1',
      name: 'invoke_agent',
      args: { agent_name: 'generalist', prompt: 'look around' },
      status: 'success',
      timestamp: msg.timestamp,
      agentId: 'sub-agent-1',
      result: [{ functionResponse: { id: 'invoke_agent_1', name: 'invoke_agent', response: { output: "Subagent 'generalist' finished." } } }],
      resultDisplay: { isSubagentProgress: true, agentName: 'generalist', recentActivity: [], state: 'completed' },
    };
    const parent = parseLines([...upTo(P1_LAST_MSG).slice(0, -1), { ...msg, toolCalls: [invoke] }]).sessions[0];
    const st = tool(parent, 'invoke_agent_1');
    assert.equal(st.kind, 'agent');
    assert.equal(st.childSessionId, 'sub-agent-1');
    assert.equal(st.result?.text, "Subagent 'generalist' finished.");
    assert.equal(parent.parentSessionId, undefined);
  });
});
