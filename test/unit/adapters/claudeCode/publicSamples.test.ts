// Public samples: real Claude Code 1.0.111 and 2.0.69 transcripts, plus third-party synthetic ones.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { allTools, publicDir, run, session, tool, toolSteps, transcript } from './claudeFixtures';

const v1 = join(publicDir, 'gitai-example-claude-code-v1.0.111.jsonl');
const v2 = join(publicDir, 'gitai-claude-code-with-thinking-v2.0.69.jsonl');
const plan = join(publicDir, 'gitai-claude-code-with-plan-synthetic.jsonl');
const simonw = join(publicDir, 'simonw-sample_session-synthetic.jsonl');
const subagentParent = join(publicDir, 'gitai-subagent-layout/sess-parent-abc.jsonl');
const subagentChild = join(publicDir, 'gitai-subagent-layout/sess-parent-abc/subagents/agent-a1b2c3d4e5f6.jsonl');

describe('Claude Code 1.0.111 (real)', () => {
  const { sessions, issues } = run([transcript(v1)]);
  const s = session(sessions, 'cb947e5b-246e-4253-a953-631f7e464c6b');
  const p1 = s.prompts[0];

  it('has one prompt: the interrupt marker is not a prompt', () => {
    assert.deepEqual(issues, []);
    assert.deepEqual(
      s.prompts.map((p) => p.text),
      ['Make the colors green and yellow'],
    );
    assert.equal(p1.id, '43fb86de-0e88-4ef6-89be-2eca3efe589d');
    assert.equal(s.cwd, '/Users/aidancunniffe/Desktop/ghq');
    assert.equal(s.cliVersion, '1.0.111');
    assert.deepEqual(s.models, ['claude-sonnet-4-20250514']);
    assert.equal(s.startedAt, '2025-09-11T13:28:05.638Z');
  });

  it('maps every tool call to its kind, in order', () => {
    assert.deepEqual(
      toolSteps(p1.steps).map((t) => `${t.name}:${t.kind}`),
      [
        'Glob:search',
        'Glob:search',
        'Read:read',
        'Read:read',
        'Edit:edit',
        'MultiEdit:edit',
        'Grep:search',
        'Grep:search',
        'TodoWrite:other',
        'Read:read',
        'Edit:edit',
        'TodoWrite:other',
        'Read:read',
      ],
    );
    assert.ok(toolSteps(p1.steps).every((t) => t.result !== undefined && !t.result.isError));
  });

  it('keeps text steps with their model, one per content block record', () => {
    const texts = p1.steps.filter((st) => st.type === 'text');
    assert.equal(texts.length, 10);
    assert.ok(texts.every((t) => t.type === 'text' && t.model === 'claude-sonnet-4-20250514'));
    assert.equal(texts[0].id, '8ccb9f70-accd-458d-8a64-ea12d9af298d:0');
  });

  it('reads carry the line range of toolUseResult.file', () => {
    assert.deepEqual(tool(p1, 'Read', 0).reads, [{ path: '/Users/aidancunniffe/Desktop/ghq/src/app/globals.css', startLine: 1, endLine: 175 }]);
    assert.deepEqual(tool(p1, 'Read', 1).reads, [{ path: '/Users/aidancunniffe/Desktop/ghq/package.json', startLine: 1, endLine: 77 }]);
  });

  it('reconstructs Edit and MultiEdit exactly, and consecutive edits chain', () => {
    const edit = tool(p1, 'Edit', 0).fileChanges;
    const multi = tool(p1, 'MultiEdit', 0).fileChanges;
    assert.equal(edit.length, 1);
    assert.equal(multi.length, 1);
    const [e] = edit;
    const [m] = multi;
    assert.equal(e.path, '/Users/aidancunniffe/Desktop/ghq/src/app/globals.css');
    assert.equal(e.op, 'update');
    assert.equal(typeof e.before, 'string');
    assert.equal(typeof e.after, 'string');
    const input = tool(p1, 'Edit', 0).input as { old_string: string; new_string: string };
    // The structured patch and the plain string replacement agree.
    assert.equal(e.after, (e.before as string).replace(input.old_string, () => input.new_string));
    // The MultiEdit's original content is what the Edit left behind.
    assert.equal(m.before, e.after);
    const edits = (tool(p1, 'MultiEdit', 0).input as { edits: Array<{ old_string: string; new_string: string }> }).edits;
    let expected = m.before as string;
    for (const x of edits) {
      assert.ok(expected.includes(x.old_string));
      expected = expected.replace(x.old_string, () => x.new_string);
    }
    assert.equal(m.after, expected);
    assert.ok(!(m.after as string).includes('stripe-red-blue'));
  });

  it('gives the same result in 1 and 7 chunks', () => {
    assert.deepEqual(run([transcript(v1)], 7).sessions, sessions);
  });
});

describe('Claude Code 2.0.69 (real, thinking + file-history)', () => {
  // Lay the file out like ~/.claude so the backup paths can be checked.
  const root = mkdtempSync(join(tmpdir(), 'claude-public-'));
  const sessionId = 'dac34307-159f-4fcd-9c21-35210246ad38';
  const projectDir = join(root, 'projects', '-Users-svarlamov-projects-testing-git-2');
  mkdirSync(projectDir, { recursive: true });
  const path = join(projectDir, `${sessionId}.jsonl`);
  copyFileSync(v2, path);
  const { sessions, issues, fold } = run([transcript(path)]);
  rmSync(root, { recursive: true, force: true });
  const s = session(sessions, sessionId);

  it('has one prompt with reasoning, text and an exact Edit', () => {
    assert.deepEqual(issues, []);
    assert.deepEqual(
      s.prompts.map((p) => p.text),
      ['add another hello world console log to @index.ts '],
    );
    const steps = s.prompts[0].steps;
    assert.deepEqual(
      steps.map((st) => st.type),
      ['reasoning', 'text', 'tool', 'reasoning', 'text'],
    );
    const [change] = tool(s.prompts[0], 'Edit').fileChanges;
    assert.equal(change.path, '/Users/svarlamov/projects/testing-git-2/index.ts');
    const before = change.before as string;
    assert.ok(before.endsWith("console.log('hello world');\nconsole.log('hello world');\n"));
    // The edit appended one more hello-world line at the end of the file.
    assert.equal(change.after, `${before}console.log('hello world');\n`);
  });

  it('does not take a summary describing another conversation as the title', () => {
    // Its leafUuid is not a record of this file.
    assert.equal(s.title, undefined);
  });

  it('turns the file-history snapshots into backups with absolute paths', () => {
    assert.deepEqual(
      fold.backups.map((b) => ({ ...b })),
      [
        {
          op: 'fileBackup',
          sessionId,
          promptId: 'e55c8481-4ee9-429d-a11a-2cbf9a87b688',
          path: '/Users/svarlamov/projects/testing-git-2/index.ts',
          backupPath: join(root, 'file-history', sessionId, '4885eab57567133b@v1'),
          version: 1,
          timestamp: '2025-12-16T00:35:51.591Z',
        },
      ],
    );
  });
});

describe('synthetic samples', () => {
  it('simonw: Write without toolUseResult keeps the written content, not an invented before', () => {
    const { sessions, issues } = run([transcript(simonw)]);
    assert.deepEqual(issues, []);
    const s = session(sessions, 'test-session-id');
    assert.deepEqual(
      s.prompts.map((p) => p.text),
      ['Create a hello world function', 'Now add a goodbye function'],
    );
    const [change] = tool(s.prompts[0], 'Write').fileChanges;
    assert.deepEqual(change, { path: '/project/hello.py', op: 'update', after: "def hello():\n    return 'Hello, World!'\n" });
    const bash = tool(s.prompts[0], 'Bash');
    assert.deepEqual(bash.command, {
      command: "git add . && git commit -m 'Add hello function'",
      cwd: '/project',
      exitCode: 0,
      output: '[main abc1234] Add hello function\n 1 file changed',
    });
    assert.equal(bash.kind, 'shell');
    assert.equal(s.title, undefined);
  });

  it('plan: an Edit without any result still appears, without changes', () => {
    const { sessions } = run([transcript(plan)]);
    const s = session(sessions, 'test-session-plan');
    const tools = allTools(s);
    assert.deepEqual(
      tools.map((t) => t.id),
      ['toolu_plan_write', 'toolu_plan_edit', 'toolu_code_edit'],
    );
    const orphan = tools[2];
    assert.equal(orphan.result, undefined);
    assert.deepEqual(orphan.fileChanges, []);
    assert.deepEqual(orphan.input, {
      file_path: '/Users/dev/myproject/src/main.rs',
      old_string: 'fn main() {}',
      new_string: 'fn main() {\n    println!("Starting auth server");\n}',
    });
    // The Edit that did get a (structure-less) result touched the file, contents unknown.
    assert.deepEqual(tools[1].fileChanges, [{ path: '/Users/dev/.claude/plans/abstract-frolicking-neumann.md', op: 'update' }]);
  });

  it('subagent layout: the child is its own session linked to the parent', () => {
    const { sessions, issues } = run([transcript(subagentParent), transcript(subagentChild, 'sess-parent-abc')]);
    assert.deepEqual(issues, []);
    const parent = session(sessions, 'sess-parent-abc');
    const child = session(sessions, 'sess-parent-abc:a1b2c3d4e5f6');
    assert.equal(child.parentSessionId, 'sess-parent-abc');
    assert.equal(parent.parentSessionId, undefined);
    assert.deepEqual(
      parent.prompts.map((p) => p.text),
      ['Edit the file please'],
    );
    assert.deepEqual(
      child.prompts.map((p) => p.text),
      ['Search for references to Config'],
    );
    const bash = tool(child.prompts[0], 'Bash');
    assert.equal(bash.command?.exitCode, 0);
    assert.equal(bash.command?.output, 'src/config.rs:1:pub struct Config {}');
    // No cwd recorded anywhere: the relative path cannot be resolved and stays as given.
    assert.deepEqual(tool(parent.prompts[0], 'Edit').fileChanges, [{ path: 'src/main.rs', op: 'update' }]);
  });
});
