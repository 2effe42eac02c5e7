// The arguments of `npm start -- [--port N] [--home DIR] [folder]` and `npm run demo -- …` (no I/O, so unit tests
// can import it without the provisioning code).
import { resolve } from 'node:path';
import { ProvisionError } from './provisionError.mjs';

/** Parses `[--port N] [--home DIR] [folder]`; relative paths are taken from where npm was run (INIT_CWD). */
export function parseArgs(argv) {
  const from = process.env.INIT_CWD || process.cwd();
  const out = { folder: undefined, port: undefined, home: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') out.port = Number(argv[++i]);
    else if (a === '--home') out.home = resolve(from, argv[++i]);
    else if (a === '--help' || a === '-h') out.help = true;
    else if (a.startsWith('--')) throw new ProvisionError(`unknown option ${a} (options: --port N, --home DIR)`);
    else out.folder = resolve(from, a);
  }
  // 0 asks for a free port, as the "port in use" error suggests.
  if (out.port !== undefined && !(Number.isInteger(out.port) && out.port >= 0 && out.port < 65536)) {
    throw new ProvisionError('--port needs a port number (0 picks a free one)');
  }
  out.folder ??= from;
  return out;
}
