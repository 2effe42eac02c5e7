// `agent-trail sessions` and `show` over the Copilot Chat storage fixture, with `--copilot-chat-dir` naming the editor's
// User folder (dist/cli.js, built by `npm test`).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { layOutChatStorage } from './chatStorageFixture';

const cli = join(process.cwd(), 'dist/cli.js');

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const home = mkdtempSync(join(tmpdir(), 'ad-chat-home-'));
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CACHE_HOME: join(home, '.cache'), XDG_CONFIG_HOME: join(home, '.config') } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('sessions and show: the chat sessions of the workspace with prompts, files and the terminal command', () => {
  const s = layOutChatStorage();
  const list = run(['sessions', '--workspace', s.project, '--copilot-chat-dir', s.user, '--json']);
  assert.equal(list.code, 0, list.stderr);
  const sessions = JSON.parse(list.stdout) as { id: string; agent: string; promptCount: number; filesChanged: string[] }[];
  assert.deepEqual(sessions.map((x) => [x.id, x.agent, x.promptCount, x.filesChanged]).sort(), [
    ['conv-only', 'copilot-chat', 1, []],
    ['sess-json', 'copilot-chat', 2, ['src/app.ts']],
    ['sess-log', 'copilot-chat', 2, ['docs/notes.md', 'src/app.ts']],
  ]);
  const shown = run(['show', 'sess-json', '--workspace', s.project, '--copilot-chat-dir', s.user, '--json']);
  assert.equal(shown.code, 0, shown.stderr);
  const detail = JSON.parse(shown.stdout) as { prompts: { text: string; filesChanged: string[]; commands: { command: string; exitCode: number | null; output: string }[] }[] };
  assert.deepEqual(
    detail.prompts.map((p) => [p.text, p.filesChanged, p.commands.map((c) => [c.command, c.exitCode])]),
    [
      ['Add a greeting function to app.ts', ['src/app.ts'], []],
      ['Run the tests', [], [['npm test', 0]]],
    ],
  );
  const human = run(['show', 'sess-log', '--workspace', s.project, '--copilot-chat-dir', s.user]);
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /Copilot Chat/);
  assert.match(human.stdout, /Rename greet to hello/);
});
