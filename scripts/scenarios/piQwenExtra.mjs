// Writes the Pi and Qwen Code scenarios that agent-recorder's make-scenarios.mjs does not generate:
//   <agent>-shell-failures.json  commands that fail in different ways (exit 1 without output, exit 2 with stderr,
//                                command not found = 127, output + stderr + exit 3, a shell edit that changes a file
//                                and then fails), plus a successful command that only writes to stderr;
//   <agent>-sessions-a.json      session A on a fresh repo (2 prompts, a hand edit in between);
//   <agent>-sessions-b.json      session B on the SAME repo (REUSE_REPO=1), with a hand edit before its first prompt;
//   <agent>-decoy.json           a session in another folder of the same HOME that writes the same relative paths;
//   qwen-tui-rewind.json         (Qwen only) two prompts in the TUI, then /rewind to P2 with "Restore code and
//                                conversation" in a resumed TUI, then P3 (the turn with `rewind_before`).
// The tool names and argument shapes are those of make-scenarios.mjs (taken from the CLIs' real requests):
//   pi    read {path}, write {path, content}, edit {path, edits:[{oldText, newText}]}, bash {command}; paths relative
//   qwen  read_file {file_path}, write_file {file_path, content}, edit {file_path, old_string, new_string},
//         run_shell_command {command, description, is_background}; absolute paths (${CWD} = the agent's cwd)
// Every call carries `op` (read|write|edit|bash) and `file` for agent-recorder's ground-truth.mjs.
// Usage: node scripts/scenarios/piQwenExtra.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'fixtures', 'scenarios');

const R = path => ({ op: 'read', path });
const W = (path, content) => ({ op: 'write', path, content });
const E = (path, oldText, newText) => ({ op: 'edit', path, oldText, newText });
const B = (command, description) => ({ op: 'bash', command, description });

const native = {
  pi: {
    read: a => ({ name: 'read', args: { path: a.path } }),
    write: a => ({ name: 'write', args: { path: a.path, content: a.content } }),
    edit: a => ({ name: 'edit', args: { path: a.path, edits: [{ oldText: a.oldText, newText: a.newText }] } }),
    bash: a => ({ name: 'bash', args: { command: a.command } }),
  },
  qwen: {
    read: a => ({ name: 'read_file', args: { file_path: '${CWD}/' + a.path } }),
    write: a => ({ name: 'write_file', args: { file_path: '${CWD}/' + a.path, content: a.content } }),
    edit: a => ({ name: 'edit', args: { file_path: '${CWD}/' + a.path, old_string: a.oldText, new_string: a.newText } }),
    bash: a => ({ name: 'run_shell_command', args: { command: a.command, description: a.description, is_background: false } }),
  },
};

function build(agent, sc) {
  const turns = sc.turns.map(t => ({
    prompt: t.prompt,
    match: t.match,
    ...(t.user_edits_before ? { user_edits_before: t.user_edits_before } : {}),
    ...(t.rewind_before ? { rewind_before: t.rewind_before } : {}),
    steps: t.steps.map(s => {
      const o = {};
      if (s.text) o.text = s.text;
      if (s.do) o.calls = s.do.map(a => ({ ...native[agent][a.op](a), op: a.op, ...(a.path ? { file: a.path } : {}) }));
      return o;
    }),
  }));
  return {
    description: `${sc.description} Written by scripts/scenarios/piQwenExtra.mjs for run-${agent}.sh.`,
    title: sc.title,
    agent,
    ...(sc.initial_files ? { initial_files: sc.initial_files } : {}),
    turns,
  };
}

// ---------------------------------------------------------------- shell-failures
const TODO = '# Todo\n\n- write docs\n- ship v1\n';
const shellFailures = {
  description:
    'shell-failures. P1 runs six shell commands, one per model response: grep -q without a match (exit 1, no output), ' +
    'ls of a missing directory (exit 2, stderr only), a command that does not exist (exit 127), a script printing to ' +
    'stdout and stderr and exiting 3, a successful command writing only to stderr, and sed -i on TODO.md chained with ' +
    '`&& false` (the file IS changed, the command fails with exit 1). P2 edits TODO.md with the file tool after a read.',
  title: 'Shell failures',
  initial_files: { 'README.md': '# Demo\n\nNothing to see.\n', 'TODO.md': TODO },
  turns: [
    {
      prompt: 'run the repository checks and tell me what fails',
      match: 'repository checks',
      steps: [
        { text: 'Checking for FIXME markers.', do: [B('grep -q FIXME README.md', 'Look for FIXME markers')] },
        { do: [B('ls build/', 'List the build output')] },
        { do: [B('no-such-tool --version', 'Check the release tool')] },
        { do: [B("echo 'checked 3 files'; echo 'lint: 2 problems' >&2; exit 3", 'Run the linter')] },
        { do: [B("echo 'warning: deprecated option' >&2", 'Print the config warning')] },
        { text: 'Marking the docs item as done.', do: [B("sed -i 's/- write docs/- [x] write docs/' TODO.md && false", 'Tick the docs item')] },
        { text: 'Results: no FIXME (grep exit 1), build/ missing (ls exit 2), no-such-tool not installed (127), lint exit 3; the sed did change TODO.md although the command failed.' },
      ],
    },
    {
      prompt: 'mark ship v1 as done in TODO.md',
      match: 'ship v1',
      steps: [
        { do: [R('TODO.md')] },
        { do: [E('TODO.md', '- ship v1', '- [x] ship v1')] },
        { text: 'Done.' },
      ],
    },
  ],
};

// ---------------------------------------------------------------- two sessions on one repo, and a decoy
const GREET = "function greet(name) {\n  return 'Hello, ' + name;\n}\n\nmodule.exports = { greet };\n";
const sessionsA = {
  description:
    'sessions-a (first of two sessions on one repo). P1 writes src/greet.js and runs it. Before P2 the user adds a ' +
    'comment line at the top of src/greet.js by hand. P2 reads it and adds a farewell function (edit).',
  title: 'Greeting module',
  initial_files: { 'README.md': '# Greeter\n' },
  turns: [
    {
      prompt: 'create src/greet.js exporting greet(name)',
      match: 'greet(name)',
      steps: [
        { do: [W('src/greet.js', GREET)] },
        { do: [B("node -e \"console.log(require('./src/greet.js').greet('Ada'))\"", 'Try greet')] },
        { text: 'Created src/greet.js.' },
      ],
    },
    {
      prompt: 'add a farewell(name) function next to greet',
      match: 'farewell',
      user_edits_before: [{ path: 'src/greet.js', prepend: '// Greetings for the CLI.\n' }],
      steps: [
        { do: [R('src/greet.js')] },
        {
          do: [E('src/greet.js', 'module.exports = { greet };',
            "function farewell(name) {\n  return 'Bye, ' + name;\n}\n\nmodule.exports = { greet, farewell };")],
        },
        { text: 'Added farewell.' },
      ],
    },
  ],
};
const sessionsB = {
  description:
    'sessions-b (second session on the repo of sessions-a, REUSE_REPO=1: initial_files are ignored). Before P1 the ' +
    'user appends a line to README.md by hand. P1 reads src/greet.js and makes greet end with "!" (edit; no ${…} in scenario strings: the mock substitutes them), ' +
    'then writes src/index.js.',
  title: 'Greeting punctuation',
  turns: [
    {
      prompt: 'make greet end with an exclamation mark and add src/index.js that prints a greeting',
      match: 'exclamation mark',
      user_edits_before: [{ path: 'README.md', append: '\nRun: node src/index.js\n' }],
      steps: [
        { do: [R('src/greet.js')] },
        { do: [E('src/greet.js', "  return 'Hello, ' + name;", "  return 'Hello, ' + name + '!';")] },
        { do: [W('src/index.js', "const { greet } = require('./greet.js');\n\nconsole.log(greet('world'));\n")] },
        { do: [B('node src/index.js', 'Run it')] },
        { text: 'greet now ends with "!"; src/index.js prints "Hello, world!".' },
      ],
    },
  ],
};
const decoy = {
  description:
    'decoy: a session in ANOTHER folder of the same HOME, writing the same relative paths as sessions-a ' +
    '(README.md, src/greet.js). None of its lines belong to the sessions repo.',
  title: 'Decoy greeting',
  initial_files: { 'README.md': '# Other project\n' },
  turns: [
    {
      prompt: 'create src/greet.js that says hi',
      match: 'says hi',
      steps: [
        { do: [W('src/greet.js', "module.exports = { greet: n => 'Hi ' + n };\n")] },
        { do: [R('README.md')] },
        { do: [E('README.md', '# Other project', '# Other project\n\nSays hi.')] },
        { text: 'Done.' },
      ],
    },
  ],
};

// ---------------------------------------------------------------- TUI /rewind (Qwen)
const COUNTER = 'let count = 0;\n\nfunction increment() {\n  count += 1;\n  return count;\n}\n\nmodule.exports = { increment };\n';
const tuiRewind = {
  description:
    'tui-rewind (Qwen TUI). Phase 1 (run-qwen.sh MODE=tmux, the turns without rewind_before): P1 write_file counter.js ' +
    '(new). Hand edit before P2 (comment appended). P2: edit counter.js + write_file reset.js (new) in one response, then ' +
    'a shell command that creates shell-made.txt and appends to README.md. Phase 2 (scripts/record-fixtures-qwen.sh): ' +
    '`qwen --yolo --resume <id>` in tmux, /rewind, select P2, "Restore code and conversation"; then P3 (the turn with ' +
    'rewind_before) is typed: edit counter.js to start at 5.',
  title: 'Counter',
  initial_files: { 'README.md': '# Counter\n\nCounts things.\n' },
  turns: [
    {
      prompt: 'write counter.js with a count starting at 0 and an increment function',
      match: 'counter.js with a count',
      steps: [{ text: 'Writing counter.js.', do: [W('counter.js', COUNTER)] }, { text: 'Created counter.js.' }],
    },
    {
      prompt: 'start the count at 10 and add a reset module',
      match: 'count at 10',
      user_edits_before: [{ path: 'counter.js', append: '// hand-written: keep increment() pure\n' }],
      steps: [
        { do: [R('counter.js')] },
        {
          text: 'Changing the start value and adding reset.js.',
          do: [E('counter.js', 'let count = 0;', 'let count = 10;'), W('reset.js', 'module.exports = { reset: () => 10 };\n')],
        },
        { do: [B("echo 'made by the shell' > shell-made.txt && echo 'Reset: node reset.js' >> README.md", 'Shell-made changes')] },
        { text: 'The count starts at 10; reset.js resets it.' },
      ],
    },
    {
      prompt: 'actually start the count at 5',
      match: 'count at 5',
      rewind_before: { to_prompt: 2, action: 'Restore code and conversation' },
      steps: [
        { do: [R('counter.js')] },
        { do: [E('counter.js', 'let count = 0;', 'let count = 5;')] },
        { text: 'The count starts at 5.' },
      ],
    },
  ],
};
writeFileSync(join(out, 'qwen-tui-rewind.json'), JSON.stringify(build('qwen', tuiRewind), null, 2) + '\n');
console.log(join(out, 'qwen-tui-rewind.json'));

for (const agent of ['pi', 'qwen']) {
  for (const [name, sc] of [['shell-failures', shellFailures], ['sessions-a', sessionsA], ['sessions-b', sessionsB], ['decoy', decoy]]) {
    const file = join(out, `${agent}-${name}.json`);
    writeFileSync(file, JSON.stringify(build(agent, sc), null, 2) + '\n');
    console.log(file);
  }
}
