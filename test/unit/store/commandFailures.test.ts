// Every command whose tool result is an error is a failure, with or without an exit code (Claude Code 2.1.332,
// recorded: `Exit code 3`, a timeout's `Exit code 143`, a Bash a PreToolUse hook refused — is_error, no code — and a
// success that wrote to stderr). Through the real index, as the Sessions view, the hover and the CLI read it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indexRecorded } from '../helpers/recordedFixtures';

test('commands of claude-bash-failures-v2.1.332: exit codes, and a refusal that is failed without one', async () => {
  const engine = await indexRecorded({ name: 'claude-bash-failures-v2.1.332', roots: { 'claude-code': 'claude-home' } }, '/tmp/agent-trail-fixtures/claude-bash-failures-v2.1.332/demo-repo');
  try {
    const [session] = await engine.listSessions();
    const [prompt] = await engine.listPrompts(session.key);
    assert.deepEqual(
      prompt.commands.map((c) => [c.command, c.exitCode, c.failed]),
      [
        ['echo checking && exit 3', 3, true],
        ['sleep 8 && echo late', 143, true],
        ['rm -rf build', null, true],
        ['echo warn >&2 && echo ok', 0, false],
      ],
    );
    assert.match(prompt.commands[2].outputPreview, /rm -rf is not allowed here/);
  } finally {
    await engine.dispose();
  }
});
