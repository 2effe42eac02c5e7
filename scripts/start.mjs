// `npm start [-- [--port N] [folder]]`: builds the extension and opens `folder` (default: where npm was run) in
// the real VS Code workbench (code-server) at http://127.0.0.1:PORT/, with the working tree loaded as the
// extension. Needs nothing from the network after the one-time provisioning into ~/.cache/agent-trail-dev.
import { buildExtension, serve } from './e2e/devServer.mjs';
import { parseArgs } from './e2e/devServerArgs.mjs';
import { runMain } from './e2e/provision.mjs';

await runMain(async () => {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log('usage: npm start [-- [--port N] [--home DIR] [folder]]\n  --port N    the port on 127.0.0.1 (default and 0: a free one)\n  --home DIR  HOME of the extension host (whose agent transcripts are read); default: yours');
    return;
  }
  buildExtension();
  await serve({ folder: args.folder, port: args.port, home: args.home, profile: 'dev' });
});
