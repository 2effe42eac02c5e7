// withoutNpmScriptEnv on the environments npm 11 really gave a package script (recorded on Node 20 and on Node 24),
// and a real child npm run in the result: it must describe the Node it runs on, which it did not when provisioning
// ran inside `npm start` (code-server's install: "requires node v24 … you are on node v20").
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { withoutNpmScriptEnv } from '../../../scripts/e2e/npmScriptEnv.mjs';

interface RecordedScriptEnv {
  node: string;
  shellPath: string;
  added: Record<string, string>;
}

function recorded(name: string): RecordedScriptEnv {
  return JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/command-output/npm-script-env', `${name}.json`), 'utf8')) as RecordedScriptEnv;
}

/** The user's npm configuration that a child npm must still see (from their npmrc files and environment). */
const userConfig = ['npm_config_allow_scripts', 'npm_config_audit', 'npm_config_cache', 'npm_config_fund', 'npm_config_globalconfig',
  'npm_config_init_module', 'npm_config_loglevel', 'npm_config_nodedir', 'npm_config_noproxy', 'npm_config_omit_lockfile_registry_resolved',
  'npm_config_prefix', 'npm_config_update_notifier', 'npm_config_userconfig', 'npm_config_yes'];

for (const name of ['node20', 'node24']) {
  test(`recorded npm script env on ${name}: what describes that npm, its Node and the script is dropped, the user's config kept`, () => {
    const rec = recorded(name);
    const shell = { HOME: '/home/someone', LANG: 'C.UTF-8', PATH: rec.shellPath, npm_config_registry: 'http://127.0.0.1:4873/' };
    const out = withoutNpmScriptEnv({ ...shell, ...rec.added });
    assert.equal(out.PATH, rec.shellPath, 'PATH as the shell had it: no node_modules/.bin of the package or above, no node-gyp shim');
    const kept = Object.keys(out).filter((k) => !(k in shell) || out[k] !== shell[k as keyof typeof shell]).sort();
    const expectedKept = [...userConfig, ...(name === 'node20' ? ['npm_config_cafile'] : []), 'COLOR', 'EDITOR'].sort();
    assert.deepEqual(kept, expectedKept);
    for (const key of ['npm_config_user_agent', 'npm_node_execpath', 'NODE', 'npm_execpath', 'npm_config_node_gyp', 'npm_config_npm_version',
      'npm_config_global_prefix', 'npm_config_local_prefix', 'npm_package_json', 'npm_package_name', 'npm_package_version',
      'npm_lifecycle_event', 'npm_lifecycle_script', 'npm_command', 'INIT_CWD']) {
      assert.ok(key in rec.added, `${key} is in the recording`);
      assert.equal(out[key], undefined, key);
    }
    assert.equal(out.npm_config_registry, 'http://127.0.0.1:4873/', 'a setting from the user\'s own environment');
  });
}

test('outside an npm script the environment is returned as it is', () => {
  const env = { HOME: '/home/someone', PATH: '/home/someone/project/node_modules/.bin:/usr/bin', npm_config_cache: '/c' };
  assert.deepEqual(withoutNpmScriptEnv(env), env);
});

test('a real child npm run in the cleaned env of a Node 24 npm script reports the Node it runs on', () => {
  // The Node 24 recording stands for the outer npm; this test's own Node plays the child's. Without the cleaning
  // the child's scripts see npm_config_user_agent "… node/v24.22.3 …" (what code-server's postinstall reads).
  const rec = recorded('node24');
  assert.notEqual(rec.node, process.version, 'the recording comes from another Node than the one running the test');
  const dir = mkdtempSync(join(tmpdir(), 'at-npm-env-'));
  try {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'child', version: '1.0.0', private: true,
      scripts: { show: 'node -e "console.log(process.env.npm_config_user_agent + \'|\' + process.env.npm_node_execpath)"' } }));
    // What the recorded npm put in front of its shell's PATH, in front of ours (the recording's Node 24 folder is
    // not put on PATH: this Node must run the child npm).
    const npmPrefix = (rec.added.PATH ?? '').slice(0, -rec.shellPath.length);
    const outer = { ...process.env, ...rec.added, PATH: `${npmPrefix}${process.env.PATH ?? ''}` };
    const r = spawnSync('npm', ['run', '-s', 'show'], { cwd: dir, encoding: 'utf8', env: withoutNpmScriptEnv(outer) });
    assert.equal(r.status, 0, r.stderr);
    const [userAgent, nodePath] = r.stdout.trim().split('|');
    assert.match(userAgent ?? '', new RegExp(` node/${process.version.replace(/\./g, '\\.')} `));
    assert.equal(nodePath, process.execPath);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
