// The commands the README tells users to run, run from a test as a user's terminal would run them: without what
// `npm run test:e2e` (npm) and `node --test` put into this process's environment.
import { withoutNpmScriptEnv } from '../../../scripts/e2e/npmScriptEnv.mjs';

/** process.env as a terminal would have it, plus `extra`. */
export function userShellEnv(extra = {}) {
  const env = withoutNpmScriptEnv(process.env);
  delete env.NODE_TEST_CONTEXT; // set by node --test: a Node that sees it reports to a test runner that is not there
  return { ...env, ...extra };
}
