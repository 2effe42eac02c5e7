// `npm test`'s last step: the unit and integration tests (node --test over out/test/unit/), with TMPDIR pointing at a
// folder of their own that is removed when they end, pass or fail. Tests make thousands of temporary folders (copies of
// fixtures, workspaces, storage folders); those a failing or killed test leaves behind would otherwise pile up in the
// system's temporary folder run after run. Extra arguments go to node --test (e.g. --test-name-pattern=…).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const scratch = mkdtempSync(join(tmpdir(), 'agent-trail-tests-'));
// As the system's temporary folder is: some tests run the CLI as another user (a cache left by another user).
chmodSync(scratch, 0o1777);
let status = 1;
try {
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...process.argv.slice(2), 'out/test/unit/'], {
    stdio: 'inherit',
    env: { ...process.env, TMPDIR: scratch, TMP: scratch, TEMP: scratch },
  });
  status = r.status ?? 1;
  if (r.error) {
    console.error(r.error);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
}
process.exit(status);
