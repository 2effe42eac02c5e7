// `npm start` runs scripts/start.mjs with an environment npm extends (@npmcli/config's set-envs and
// @npmcli/run-script). Part of what it adds describes the npm that ran the script, the Node that npm runs on and
// this package. A child `npm install` inherits all of it, and npm reads every npm_config_* variable as its own
// configuration. So npm_config_user_agent ("npm/11.19.1 node/v20.20.2 linux x64 …") stays the outer Node's even
// when the child npm runs on the provisioned Node 24, and code-server's postinstall reads its Node version from
// exactly that variable ("code-server currently requires node v24 … you are on node v20"). Running
// `node scripts/e2e/provision.mjs` directly has none of these variables, which is why CI never saw the failure.
import { dirname, delimiter, resolve } from 'node:path';

/**
 * What npm sets for a script that describes that npm run, not the user's configuration. Observed by diffing `env`
 * inside an npm script against the shell, and a child npm's script env with and without the outer npm around it
 * (npm 11.19.1, Node 20 outside, Node 24 inside).
 */
const outerNpmVariables = new Set([
  'npm_config_user_agent', // "npm/<v> node/<outer Node> …", read back as config by a child npm and never recomputed
  'npm_config_node_gyp', // the outer npm's bundled node-gyp
  'npm_config_npm_version', // the outer npm's version, used in engine checks
  'npm_config_global_prefix', // derived by the outer npm from its own Node's location
  'npm_config_local_prefix', // this repository
  'npm_execpath', // the outer npm
  'npm_node_execpath', // the Node the outer npm runs on
  'node', // ditto (NODE)
  'npm_command', // "start", "run"
  'init_cwd', // where the user ran npm (INIT_CWD); a child npm sets its own
]);
/** Per-script variables: npm_lifecycle_event/script, npm_package_json/name/version/… of this package. */
const scriptVariable = /^npm_(lifecycle|package)_/i;
/** The shim directory npm puts first on a script's PATH so `node-gyp` means npm's bundled node-gyp. */
const nodeGypShim = /[\\/]@npmcli[\\/]run-script[\\/]lib[\\/]node-gyp-bin$/;

/**
 * `env` without what npm added when it ran the current script, so a child process (another npm on another Node,
 * or a server whose terminals the user types `npm install` into) describes itself instead of the outer npm. Kept:
 * every other npm_config_* variable, because that is the user's npm configuration (their environment and the npmrc
 * files of the npm they ran; a child npm on Node 24 would otherwise look for the global npmrc next to Node 24 and
 * miss settings such as a cafile), and HOME, EDITOR and COLOR, which npm also sets but which no child reads as a
 * description of itself. Outside an npm script this returns an equal copy.
 */
export function withoutNpmScriptEnv(env) {
  const out = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || outerNpmVariables.has(key.toLowerCase()) || scriptVariable.test(key)) continue;
    out[key] = value;
  }
  const pathKey = Object.keys(out).find((k) => k.toUpperCase() === 'PATH');
  if (pathKey) out[pathKey] = withoutNpmScriptPath(out[pathKey], env);
  return out;
}

/**
 * Drops the entries npm put in front of the script's PATH: `node_modules/.bin` of the package folder and of every
 * folder above it (this repo's esbuild, tsc, vsce… must not shadow a child package's own tools), and npm's
 * node-gyp shim. Only the leading run of such entries: the user's own PATH, further on, stays as it was.
 */
function withoutNpmScriptPath(path, env) {
  const packageJson = env.npm_package_json;
  const packageDir = packageJson ? dirname(packageJson) : env.npm_config_local_prefix;
  const binDirs = new Set();
  for (let dir = packageDir && resolve(packageDir); dir; dir = dirname(dir) === dir ? undefined : dirname(dir)) {
    binDirs.add(resolve(dir, 'node_modules', '.bin'));
  }
  // Nested npm scripts (`npm test` running `npm run build`) repeat the block, so drop every leading match.
  const entries = path.split(delimiter);
  let i = 0;
  while (i < entries.length && (binDirs.has(entries[i]) || nodeGypShim.test(entries[i]))) i++;
  return entries.slice(i).join(delimiter);
}
