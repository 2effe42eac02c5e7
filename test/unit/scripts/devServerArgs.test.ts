// `npm start -- [--port N] [--home DIR] [folder]`: the arguments as the start and demo scripts read them.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { parseArgs } from '../../../scripts/e2e/devServerArgs.mjs';

test('--port takes 1-65535, and 0 for a free port (what the "port in use" error tells you to try)', () => {
  assert.equal(parseArgs(['--port', '18400']).port, 18400);
  assert.equal(parseArgs(['--port', '0']).port, 0);
  assert.equal(parseArgs([]).port, undefined);
  for (const bad of ['-1', '65536', 'x', '1.5']) {
    assert.throws(() => parseArgs(['--port', bad]), /--port needs a port number/);
  }
});

test('folder and --home are taken from where npm was run', () => {
  const from = process.env.INIT_CWD || process.cwd();
  const args = parseArgs(['--home', 'h', 'some/folder']);
  assert.equal(args.home, resolve(from, 'h'));
  assert.equal(args.folder, resolve(from, 'some/folder'));
  assert.equal(parseArgs([]).folder, from);
  assert.throws(() => parseArgs(['--nope']), /unknown option --nope/);
});
