// Text from transcripts is untrusted: a prompt injection reaches titles, prompts, commands and file paths. The
// recorded claude-print session with terminal control sequences in its title, first prompt, a command and a file
// name (OSC 52 clipboard write, OSC 0 window title, CSI 2J, an OSC 8 link, C1 controls, bidi overrides): every
// human-readable output of the built CLI shows them escaped, and `--json` gives the exact text.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const cli = join(process.cwd(), 'dist/cli.js');
const fixture = join(process.cwd(), 'test/fixtures/recorded/claude-print');
const ws = '/tmp/agent-trail-fixtures/claude-print/demo-repo';
const sessionId = readFileSync(join(fixture, 'session-id.txt'), 'utf8').trim();
const firstPrompt = 'create src/greet.js exporting greet(name) and run it once';

/** Everything a terminal acts on: clipboard, window title, screen clear, a link, C1 CSI and NEL, bidi controls. */
const hostile =
  'A\u001b]52;c;cHduZWQ=\u0007B\u001b]0;owned\u0007C\u001b[2JD\u001b]8;;https://evil.example/\u001b\\link\u001b]8;;\u001b\\E\u009b31mF\u0085G\u202eH\u2066I\u200fJ\u007fK\rL\u2028M';
/** The same in a file name (no slash). */
const hostileName = '\u001b]0;owned\u0007\u001b[2J\u202e\u009b';
const evilPath = `src/${hostileName}greet.js`;
/** What a terminal must never receive from the human output (tab and newline are layout). */
const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

function jsonInner(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

function jsonlUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? jsonlUnder(p) : p.endsWith('.jsonl') ? [p] : [];
  });
}

/** claude-print with the hostile texts in it: a custom title, the first prompt, the first command, a file name. */
function hostileHome(): string {
  const home = join(mkdtempSync(join(tmpdir(), 'at-robust-hostile-')), 'claude-home');
  cpSync(join(fixture, 'claude-home'), home, { recursive: true });
  const [transcript] = jsonlUnder(join(home, 'projects'));
  let text = readFileSync(transcript, 'utf8');
  text = text.split(jsonInner(firstPrompt)).join(jsonInner(`${hostile} ${firstPrompt}`));
  text = text.split('src/greet.js').join(jsonInner(evilPath));
  const command = /"command":"node -e [^"\\]*(?:\\.[^"\\]*)*"/;
  assert.match(text, command);
  text = text.replace(command, () => `"command":${JSON.stringify(`echo ${hostile}`)}`);
  writeFileSync(transcript, text);
  appendFileSync(transcript, `${JSON.stringify({ type: 'custom-title', customTitle: hostile, sessionId })}\n`);
  return home;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runner(): (args: string[], input?: string) => Run {
  const home = hostileHome();
  const cache = mkdtempSync(join(tmpdir(), 'at-robust-hostile-cache-'));
  return (args, input = '') => {
    const r = spawnSync(process.execPath, [cli, ...args, '--workspace', ws, '--claude-dir', home, '--no-codex', '--no-gemini', '--cache-dir', cache], {
      encoding: 'utf8',
      input,
      env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent' },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
}

function assertEscaped(what: string, r: Run): void {
  assert.equal(r.code, 0, `${what}: ${r.stderr}`);
  for (const [stream, out] of [['stdout', r.stdout], ['stderr', r.stderr]] as const) {
    const m = raw.exec(out);
    assert.equal(m, null, `${what} ${stream}: raw U+${m?.[0].codePointAt(0)?.toString(16).padStart(4, '0')} at ${m?.index}: ${JSON.stringify(out.slice(Math.max(0, (m?.index ?? 0) - 40), (m?.index ?? 0) + 40))}`);
  }
}

test('hostile transcript text: human output of sessions, show, checkpoints, restore and blame is escaped', () => {
  const cli = runner();
  const sessions = cli(['sessions']);
  assertEscaped('sessions', sessions);
  assert.match(sessions.stdout, /A\\x1b\]52;c;cHduZWQ=\\x07B/, 'the title is shown, escaped');
  const show = cli(['show', sessionId.slice(0, 8), '--verbose']);
  assertEscaped('show', show);
  assert.ok(show.stdout.includes('\\x1b]0;owned\\x07C\\x1b[2JD\\x1b]8;;https://evil.example/\\x1b\\link'), show.stdout);
  assert.ok(show.stdout.includes('E\\x9b31mF\\x85G\\u{202e}H\\u{2066}I\\u{200f}J\\x7fK\\rL\\u{2028}M'), 'C1, DEL, CR, bidi and separators escaped');
  assert.ok(show.stdout.includes(`$ echo A\\x1b]52;c;`), 'the command');
  assert.ok(show.stdout.includes('src/\\x1b]0;owned\\x07\\x1b[2J\\u{202e}\\x9bgreet.js'), 'the file name');
  assertEscaped('checkpoints', cli(['checkpoints', sessionId.slice(0, 8)]));
  const restore = cli(['restore', sessionId.slice(0, 8), '--before-prompt', '1', '--dry-run']);
  assertEscaped('restore --dry-run', restore);
  assert.ok(restore.stdout.includes('src/\\x1b]0;owned'), restore.stdout);
  const blame = cli(['blame', `${ws}/${evilPath}`, '--contents', '-'], `function greet(name) {\n\treturn '\u001b]52;c;eA==\u0007';\n}\n`);
  assertEscaped('blame', blame);
  assert.match(blame.stdout, /^#1 +Claude Code [0-9a-f]{8} A\\x1b\]52;c;cHduZWQ=\\x07B.* 1\) function greet/m);
  assert.ok(blame.stdout.includes("\treturn '\\x1b]52;c;eA==\\x07';"), 'the file line: its tab kept, its controls escaped');
});

test('hostile transcript text: --json gives it exactly', () => {
  const cli = runner();
  const sessions = JSON.parse(cli(['sessions', '--json']).stdout) as { id: string; title: string; filesChanged: string[] }[];
  assert.equal(sessions.length, 1);
  assert.equal(sessions[0].title, hostile);
  assert.ok(sessions[0].filesChanged.includes(evilPath), JSON.stringify(sessions[0].filesChanged));
  const show = JSON.parse(cli(['show', sessionId, '--json']).stdout) as { prompts: { text: string; commands: { command: string }[]; filesChanged: string[] }[] };
  assert.equal(show.prompts[0].text, `${hostile} ${firstPrompt.replace('src/greet.js', evilPath)}`);
  assert.equal(show.prompts[0].commands[0].command, `echo ${hostile}`);
  assert.deepEqual(show.prompts[0].filesChanged, [evilPath]);
  const checkpoints = JSON.parse(cli(['checkpoints', sessionId, '--json']).stdout) as { text: string; files: { path: string }[] }[];
  assert.equal(checkpoints[0].text, show.prompts[0].text);
  assert.ok(checkpoints[0].files.some((f) => f.path === evilPath));
  const plan = JSON.parse(cli(['restore', sessionId, '--before-prompt', '1', '--dry-run', '--json']).stdout) as { files: { path: string }[] };
  assert.ok(plan.files.some((f) => f.path === evilPath));
  const content = "function greet(name) {\n\treturn '\u001b]52;c;eA==\u0007';\n}\n";
  const blame = JSON.parse(cli(['blame', `${ws}/${evilPath}`, '--contents', '-', '--json'], content).stdout) as { file: string; lines: { text: string; attribution: { prompt: string } | null }[] };
  assert.equal(blame.file, evilPath);
  assert.equal(blame.lines[1].text, "\treturn '\u001b]52;c;eA==\u0007';");
  assert.equal(blame.lines[0].attribution?.prompt, show.prompts[0].text);
});
