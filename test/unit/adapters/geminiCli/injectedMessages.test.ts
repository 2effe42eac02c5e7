// Messages Gemini CLI sends as `user` records itself, DERIVED from the recorded gemini-jsonl-continue session
// (Gemini CLI 0.41.2): its two genuine "System: Please continue." records are replaced by the other texts the CLI
// injects (read from google-gemini/gemini-cli: client.ts, local-executor.ts, fastAckHelper.ts, useGeminiStream.ts).
// None is a prompt, and the model's steps after it stay with the prompt that was running; a steering message is
// what the person typed, so it is one, with their text.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { geminiCliAdapter } from '../../../../src/adapters/geminiCli/geminiCliAdapter';
import type { SessionDetail } from '../../../../src/core/model';
import { runAdapter } from '../../helpers/parseWithAdapter';
import { appendFile, fixturesRoot, listFiles, readScenario, repoPathOf } from './recordedFixtures';

type Rec = Record<string, unknown>;

const runDir = path.join(fixturesRoot, 'recorded/gemini-jsonl-continue');
const [main] = listFiles(path.join(runDir, 'gemini-home/tmp'), '.jsonl').sort((a, b) => readFileSync(b).length - readFileSync(a).length);
const repo = main ? repoPathOf(runDir) : '';
const lines: Rec[] = main ? readFileSync(main, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Rec) : [];
const typed = readScenario(path.join(fixturesRoot, 'scenarios/gemini-continue.json')).turns.map((t) => t.prompt);
const dir = mkdtempSync(path.join(tmpdir(), 'gemini-injected-'));
let counter = 0;

function isInjected(r: Rec): boolean {
  return r.type === 'user' && JSON.stringify(r.content) === JSON.stringify([{ text: 'System: Please continue.' }]);
}

function parse(records: Rec[]): SessionDetail {
  const p = path.join(dir, `session-2026-12-03T08-43-${String(counter++).padStart(8, '0')}.jsonl`);
  writeFileSync(p, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const { sessions, issues } = runAdapter(geminiCliAdapter, [appendFile(p, repo)]);
  assert.deepEqual(issues, []);
  assert.equal(sessions.length, 1);
  return sessions[0];
}

function toolIds(s: SessionDetail): string[][] {
  return s.prompts.map((p) => p.steps.filter((st) => st.type === 'tool').map((st) => st.id));
}

/**
 * The recording with every injected record's content replaced. The CLI's own continuations reuse the running
 * prompt's displayContent (kept); a steering message is the query itself and has none (`typedByPerson` drops it).
 */
function withInjected(content: unknown, typedByPerson = false): Rec[] {
  return lines.map((r) => {
    if (!isInjected(r)) {
      return r;
    }
    const { displayContent, ...rest } = r;
    return typedByPerson ? { ...rest, content } : { ...rest, content, ...(displayContent === undefined ? {} : { displayContent }) };
  });
}

const cases: [string, unknown][] = [
  ['next-speaker nudge', [{ text: 'Please continue.' }]],
  [
    'loop recovery feedback',
    [{ text: "System: Potential loop detected. Details: Repetitive tool calls. Please take a step back and confirm you're making forward progress." }],
  ],
  [
    'subagent grace turn',
    [
      {
        text: 'You have exceeded the maximum number of turns. You have one final chance to complete the task with a short grace period. You MUST call `complete_task` immediately with your best answer and explain that your investigation was interrupted. Do not call any other tools.',
      },
    ],
  ],
  ['subagent background output', [{ text: 'Background execution update:\n<background_output>\nok\n</background_output>\n\nA previously backgrounded execution has completed.' }]],
  ['subagent all-calls-failed note', [{ text: 'All tool calls failed or were unauthorized. Please analyze the errors and try an alternative approach.' }]],
  ['legacy string content', 'System: Please continue.'],
];

describe('messages the CLI injects are not prompts', () => {
  test('as recorded: "System: Please continue." (one with the prompt as displayContent)', (t) => {
    if (!main) {
      t.skip('gemini-jsonl-continue not recorded');
      return;
    }
    assert.ok(lines.some((r) => isInjected(r) && r.displayContent !== undefined));
    const s = parse(lines);
    assert.deepEqual(s.prompts.map((p) => p.text), typed);
  });

  for (const [name, content] of cases) {
    test(name, (t) => {
      if (!main) {
        t.skip('gemini-jsonl-continue not recorded');
        return;
      }
      const s = parse(withInjected(content));
      assert.deepEqual(s.prompts.map((p) => [p.index, p.text]), typed.map((text, i) => [i + 1, text]));
      assert.deepEqual(toolIds(s), toolIds(parse(lines)), 'the steps after it stay with the running prompt');
    });
  }

  test('the request the loop-detection dialog re-sends (announced by its info notice), also when re-appended', (t) => {
    if (!main) {
      t.skip('gemini-jsonl-continue not recorded');
      return;
    }
    const first = lines.find((r) => r.type === 'user' && !isInjected(r));
    assert.ok(first);
    const at = lines.findIndex(isInjected);
    const notice = { id: 'notice-1', timestamp: String(lines[at].timestamp), type: 'info', content: 'Loop detection has been disabled for this session. Retrying request...' };
    const resent = { ...first, id: 'resent-1' };
    const records = [...lines.slice(0, at), notice, resent, ...lines.slice(at + 1)];
    const s = parse(records);
    assert.deepEqual(s.prompts.map((p) => p.text), typed);
    // A later re-append of the same record (Gemini rewrites a message whole when it changes) stays no prompt.
    assert.deepEqual(parse([...records, resent]).prompts.map((p) => p.text), typed);
    // Without the notice, the same record is the person typing the prompt again.
    assert.equal(parse([...lines.slice(0, at), resent, ...lines.slice(at + 1)]).prompts.length, typed.length + 1);
  });
});

describe('steering: what the person typed while a prompt ran', () => {
  test('a steering update is a prompt with the typed text, unwrapped', (t) => {
    if (!main) {
      t.skip('gemini-jsonl-continue not recorded');
      return;
    }
    const s = parse(
      withInjected([
        {
          text: 'User steering update:\n<user_input>\nuse tabs, not spaces\n</user_input>\nClassify it as ADD_TASK, MODIFY_TASK, CANCEL_TASK, or EXTRA_CONTEXT. Acknowledge the steering briefly and state the course correction.',
        },
      ], true),
    );
    assert.deepEqual(s.prompts.map((p) => p.text), [typed[0], 'use tabs, not spaces', typed[1], 'use tabs, not spaces', typed[2]]);
  });

  test("a subagent's hint list: the hints without Gemini's bullets", (t) => {
    if (!main) {
      t.skip('gemini-jsonl-continue not recorded');
      return;
    }
    const s = parse(withInjected([{ text: 'User hints:\n<user_input>\n- use tabs\n- keep it short\n</user_input>\n\nClassify it as ADD_TASK.' }], true));
    assert.equal(s.prompts[1].text, 'use tabs\nkeep it short');
  });
});
