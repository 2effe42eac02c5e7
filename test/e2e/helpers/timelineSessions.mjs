// Hand-written TimelineSession values (the shape of src/core/timeline/timelineProtocol.ts) for the timeline
// browser test and benchmark: a normal session, a hostile one, and a generated large one.

/** What the host's outline gives every prompt (timelineModel.buildTimelineOutline): step count, filters, version. */
const isFailure = (s) => (s.type === 'command' && (s.isError || (s.exitCode ?? 0) !== 0)) || (s.type === 'tool' && s.isError) || ((s.type === 'edit' || s.type === 'read') && Boolean(s.error));
export function outlined(prompts) {
  return prompts.map((p) => ({
    ...p,
    stepCount: p.steps.length,
    has: [p.steps.some((s) => s.type === 'edit') && 'edits', p.steps.some((s) => s.type === 'command') && 'commands', p.steps.some(isFailure) && 'failures'].filter(Boolean),
    version: String(p.steps.length),
  }));
}

const t = (minutes) => new Date(Date.UTC(2026, 0, 15, 9, 0, 0) + minutes * 60_000).toISOString();
const counts = (prompts) => {
  const steps = prompts.flatMap((p) => p.steps);
  const tools = steps.filter((s) => s.type !== 'text' && s.type !== 'reasoning');
  const failures = steps.filter(isFailure);
  return {
    prompts: prompts.length,
    toolCalls: tools.length,
    edits: steps.filter((s) => s.type === 'edit').length,
    commands: steps.filter((s) => s.type === 'command').length,
    failures: failures.length,
    filesChanged: new Set(prompts.flatMap((p) => p.changedFiles)).size,
  };
};

export const sampleDiff = `--- a/src/math.ts
+++ b/src/math.ts
@@ -1,4 +1,5 @@
 export function add(a: number, b: number): number {
-  return a - b;
+  // Fixed: was subtracting.
+  return a + b;
 }
 export const zero = 0;
`;

export function normalSession() {
  const prompts = [
    {
      index: 1,
      id: 'p1',
      text: 'Fix the add function in src/math.ts\nand run the tests.',
      timestamp: t(0),
      changedFiles: ['/work/demo/src/math.ts'],
      steps: [
        { id: 's1', timestamp: t(0), type: 'reasoning', text: 'The user wants **add** fixed.' },
        { id: 's2', timestamp: t(0), type: 'read', name: 'Read', reads: [{ path: '/work/demo/src/math.ts', startLine: 1, endLine: 20 }] },
        { id: 's3', timestamp: t(1), type: 'text', text: '## Plan\n\nI will fix `add`:\n\n1. change the **operator**\n2. run *the tests*\n\n```ts\nreturn a + b;\n```\n\nSee [the docs](https://example.invalid/docs).' },
        { id: 's4', timestamp: t(1), type: 'edit', name: 'Edit', files: [{ changeId: 's4#0', path: '/work/demo/src/math.ts', op: 'update', added: 2, removed: 1, diffLines: 8 }] },
        { id: 's5', timestamp: t(2), type: 'command', name: 'Bash', command: 'npm test', exitCode: 1, durationMs: 2300, output: 'FAIL src/math.test.ts\n  expected 3, got -1\n', outputLength: 40, truncated: false, isError: true },
        { id: 's6', timestamp: t(3), type: 'command', name: 'Bash', command: 'npm test', exitCode: 0, durationMs: 1900, output: 'PASS src/math.test.ts\n1 test passed\n', outputLength: 36, truncated: false, isError: false },
        { id: 's7', timestamp: t(3), type: 'text', text: 'Fixed: `add` now adds, and the tests pass.' },
      ],
    },
    {
      index: 2,
      id: 'p2',
      text: 'Search the codebase for other subtractions and delegate a review.',
      timestamp: t(10),
      changedFiles: [],
      steps: [
        { id: 's8', timestamp: t(10), type: 'tool', name: 'Grep', kind: 'search', summary: 'pattern: a - b', result: 'src/math.ts:2\nsrc/other.ts:9', resultLength: 26, truncated: false, isError: false },
        { id: 's9', timestamp: t(11), type: 'tool', name: 'Task', kind: 'agent', summary: 'Review the math module', result: 'Looks good.', resultLength: 11, truncated: false, isError: false, childSessionId: 'child-session-1' },
        { id: 's10', timestamp: t(12), type: 'command', name: 'Bash', command: 'cat big.log', exitCode: 0, durationMs: 40, output: 'line\n'.repeat(4000), outputLength: 60_000, truncated: true, isError: false },
      ],
    },
    {
      index: 3,
      id: 'p3',
      text: 'Add a multiply function.',
      timestamp: t(20),
      changedFiles: ['/work/demo/src/math.ts', '/work/demo/src/big.ts'],
      steps: [
        { id: 's11', timestamp: t(20), type: 'edit', name: 'Write', files: [
          { changeId: 's11#0', path: '/work/demo/src/math.ts', op: 'update', added: 3, removed: 0, diffLines: 6 },
          { changeId: 's11#1', path: '/work/demo/src/big.ts', op: 'create', added: 900, removed: 0, diffLines: 905 },
        ] },
        { id: 's12', timestamp: t(21), type: 'text', text: 'Added `multiply`.\n\n| function | before | after |\n| :--- | :---: | ---: |\n| `add` | a - b | a + b |\n| `multiply` | — | a * b |' },
      ],
    },
  ];
  return {
    key: 'claude-code:normal', agent: 'claude-code', agentLabel: 'Claude Code', id: 'normal', title: 'Fix the add function',
    cwd: '/work/demo', models: ['claude-sonnet-4-5'], startedAt: t(0), updatedAt: t(21), durationMs: 21 * 60_000,
    counts: counts(prompts), prompts: outlined(prompts),
  };
}

/** Every string a transcript controls, carrying markup and script. */
export const evil = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '[x](javascript:window.__pwned=1)',
  '</textarea><svg onload="window.__pwned=1">',
  '<a href="javascript:window.__pwned=1">click</a>',
  '"><iframe srcdoc="<script>parent.__pwned=1</script>">',
  '<style>body{display:none}</style>',
  '<div style="position:fixed;inset:0">x</div>',
].join(' ');

export const evilDiff = `--- a/src/<img src=x onerror="window.__pwned=1">.ts
+++ b/src/<img src=x onerror="window.__pwned=1">.ts
@@ -1,2 +1,2 @@
-<script>window.__pwned=1</script>
+<img src=x onerror="window.__pwned=1"><svg onload="window.__pwned=1">
 </textarea><svg onload="window.__pwned=1">
`;

export function hostileSession() {
  const mdEvil = `# Title ${evil}\n\n**bold ${evil}** and \`${evil}\`\n\n- item [x](javascript:window.__pwned=1)\n- ![img](javascript:window.__pwned=1)\n\n\`\`\`html\n${evil}\n\`\`\`\n\n> ${evil}\n\n<details open><summary>x</summary><img src=x onerror="window.__pwned=1"></details>`;
  const prompts = [
    {
      index: 1,
      id: `p-${evil}`,
      text: `Please ${evil}`,
      timestamp: t(0),
      changedFiles: [`/work/${evil}.ts`],
      steps: [
        { id: 'h1', timestamp: t(0), type: 'text', text: mdEvil },
        { id: 'h2', timestamp: t(0), type: 'reasoning', text: mdEvil },
        { id: 'h3', timestamp: t(0), type: 'read', name: `Read ${evil}`, reads: [{ path: `/work/${evil}`, startLine: 1, endLine: 2 }] },
        { id: 'h4', timestamp: t(1), type: 'edit', name: 'Edit', error: evil, files: [{ changeId: 'h4#0', path: `/work/${evil}.ts`, movePath: `/work/${evil}2.ts`, op: 'rename', added: 1, removed: 1, diffLines: 5 }] },
        // The 10 MB output is filled in by the test inside the page (cheaper than sending it over CDP).
        { id: 'h5', timestamp: t(1), type: 'command', name: 'Bash', command: `echo '${evil}'`, cwd: evil, exitCode: 2, durationMs: 5, output: '', outputLength: 0, truncated: true, isError: true },
        { id: 'h6', timestamp: t(2), type: 'tool', name: `Web ${evil}`, kind: 'other', summary: evil, result: evil, resultLength: evil.length, truncated: false, isError: true, childSessionId: evil },
      ],
    },
  ];
  return {
    key: `claude-code:${evil}`, agent: 'claude-code', agentLabel: `Claude ${evil}`, id: evil, title: evil,
    cwd: `/work/${evil}`, models: [evil], startedAt: t(0), updatedAt: t(2), durationMs: 120_000,
    counts: counts(prompts), prompts: outlined(prompts),
  };
}

/** A large session: `promptCount` prompts and `toolCalls` tool calls (edits, commands with output, reads, tools). */
export function largeSession(promptCount = 500, toolCalls = 5000) {
  const prompts = [];
  const perPrompt = Math.floor(toolCalls / promptCount);
  let step = 0;
  const lorem = 'The agent explains what it did and why, in a few sentences of ordinary prose with `code` and **bold**. ';
  for (let p = 1; p <= promptCount; p++) {
    const steps = [];
    const changed = [];
    steps.push({ id: `t${step++}`, timestamp: t(p), type: 'text', text: `### Step ${p}\n\n${lorem.repeat(3)}\n\n- one\n- two` });
    for (let k = 0; k < perPrompt; k++) {
      const id = `t${step++}`;
      switch (k % 4) {
        case 0: {
          const path = `/work/big/src/module${p}_${k}.ts`;
          changed.push(path);
          steps.push({ id, timestamp: t(p), type: 'edit', name: 'Edit', files: [{ changeId: `${id}#0`, path, op: 'update', added: 3, removed: 2, diffLines: 12 }] });
          break;
        }
        case 1:
          steps.push({ id, timestamp: t(p), type: 'command', name: 'Bash', command: `npm test -- module${p}`, exitCode: k % 8 === 1 ? 1 : 0, durationMs: 1200, output: `test output line\n`.repeat(200), outputLength: 3400, truncated: false, isError: false });
          break;
        case 2:
          steps.push({ id, timestamp: t(p), type: 'read', name: 'Read', reads: [{ path: `/work/big/src/module${p}.ts`, startLine: 1, endLine: 80 }] });
          break;
        default:
          steps.push({ id, timestamp: t(p), type: 'tool', name: 'Grep', kind: 'search', summary: `pattern: thing${p}`, result: 'a.ts:1\nb.ts:2\n', resultLength: 14, truncated: false, isError: false });
      }
    }
    steps.push({ id: `t${step++}`, timestamp: t(p), type: 'text', text: `Done with prompt ${p}. ${lorem}` });
    prompts.push({ index: p, id: `p${p}`, text: `Prompt number ${p}: please change module ${p}\nwith some detail.`, timestamp: t(p), changedFiles: changed, steps });
  }
  return {
    key: 'codex:large', agent: 'codex', agentLabel: 'Codex', id: 'large', title: 'A large session',
    cwd: '/work/big', models: ['gpt-5-codex'], startedAt: t(0), updatedAt: t(promptCount), durationMs: promptCount * 60_000,
    counts: counts(prompts), prompts: outlined(prompts),
  };
}
