// Runs a Gemini CLI entry script (GEMINI_REAL_BIN) with its proxy pointed at scripts/mockTunnel.mjs (TUNNEL_PORT).
// agent-recorder's run-gemini.sh exports HTTPS_PROXY=<the mock> and runs `node $GEMINI_BIN`; this file is that
// GEMINI_BIN for the CLI versions that cannot reach the mock through it (see mockTunnel.mjs).
const port = process.env.TUNNEL_PORT;
const entry = process.env.GEMINI_REAL_BIN;
if (!port || !entry) {
  console.error('geminiViaTunnel.mjs needs TUNNEL_PORT and GEMINI_REAL_BIN');
  process.exit(2);
}
process.env.HTTPS_PROXY = process.env.HTTP_PROXY = `http://127.0.0.1:${port}`;
await import(entry);
