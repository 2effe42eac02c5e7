// An HTTP CONNECT proxy that tunnels only to the local model mock and refuses everything else (logged).
// Older Gemini CLI builds (0.24, 0.41) send every request through an undici ProxyAgent when HTTPS_PROXY is set and
// ignore NO_PROXY, so agent-recorder's own proxy (the mock, which refuses every CONNECT) leaves them no way to reach
// the mock at all. Pointing them at this tunnel keeps the recorder's guarantee: nothing but 127.0.0.1:<mock port>.
// Usage: node scripts/mockTunnel.mjs LISTEN_PORT MOCK_PORT LOG_FILE
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';

const [listenPort, mockPort, logFile] = process.argv.slice(2);
if (!listenPort || !mockPort || !logFile) {
  console.error('usage: mockTunnel.mjs LISTEN_PORT MOCK_PORT LOG_FILE');
  process.exit(2);
}
const allowed = new Set([`127.0.0.1:${mockPort}`, `localhost:${mockPort}`]);
const log = (entry) => fs.appendFileSync(logFile, `${JSON.stringify({ t: new Date().toISOString(), ...entry })}\n`);

const server = http.createServer((req, res) => {
  log({ dir: 'refused', method: req.method, url: req.url });
  res.writeHead(403);
  res.end();
});
server.on('connect', (req, socket, head) => {
  socket.on('error', () => {});
  if (!allowed.has(req.url)) {
    log({ dir: 'refused', method: 'CONNECT', url: req.url });
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    return;
  }
  const upstream = net.connect(Number(mockPort), '127.0.0.1', () => {
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  upstream.on('error', () => socket.destroy());
});
server.on('clientError', (_err, socket) => socket.destroy());
server.listen(Number(listenPort), '127.0.0.1', () => log({ dir: 'listening', port: Number(listenPort), mock: Number(mockPort) }));
