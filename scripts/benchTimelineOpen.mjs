// `npm run bench:timeline`, first open through the real path: one generated Claude Code session (default 1,000
// prompts, 10,000 tool calls; scripts/timelineTranscript.ts) indexed into a storage folder by the index worker, then
// per round, each time from nothing warm but the OS's file cache:
//   host — a NEW process (dist/bench/benchTimelineHost.js --child-open): the index worker configured over the stored
//          index (activation does that; reported apart), then sessionDetail, buildTimeline and JSON.stringify of the
//          webview message (VS Code sends webview messages as JSON text);
//   page — a FRESH page of the built webview in headless Chromium: JSON.parse of that text (the webview's side of the
//          message) and the render, up to the first prompts painted and up to idle.
// "first open" = host (query + build + serialize) + page (parse + painted), per round; median and spread (min–max).
// Goal: under 1 s. Usage: node scripts/benchTimelineOpen.mjs [--prompts 1000 --tools 10000 --runs 5]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, openTimelinePage, startWebviewServer } from '../test/e2e/helpers/timelinePage.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const promptCount = arg('prompts', 1000);
const toolCalls = arg('tools', 10000);
const runs = arg('runs', 5);
const host = fileURLToPath(new URL('../dist/bench/benchTimelineHost.js', import.meta.url));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs) => `median ${median(xs).toFixed(0).padStart(5)} ms (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;

const root = mkdtempSync(join(tmpdir(), 'agent-trail-bench-timeline-open-'));
try {
  const sizes = ['--prompts', String(promptCount), '--tools', String(toolCalls)];
  const prepared = JSON.parse(execFileSync(process.execPath, [host, '--prepare', root, ...sizes], { encoding: 'utf8', maxBuffer: 1 << 26 }));
  const server = await startWebviewServer();
  const browser = await launchBrowser();
  const t = { configure: [], detail: [], build: [], stringify: [], host: [], parse: [], painted: [], idle: [], first: [], pageLoad: [] };
  let info;
  try {
    for (let r = 0; r < runs; r++) {
      const messageFile = join(root, 'message.json');
      info = JSON.parse(execFileSync(process.execPath, [host, '--child-open', root, prepared.key, messageFile, ...sizes], { encoding: 'utf8', maxBuffer: 1 << 26 }));
      const text = readFileSync(messageFile, 'utf8');
      const loadStart = performance.now();
      const { context, page } = await openTimelinePage(browser, server.origin, { theme: 'vscode-dark' });
      t.pageLoad.push(performance.now() - loadStart);
      // The text is handed over first (the IPC's part, not timed: VS Code's own), then parsed and posted in the page.
      await page.evaluate((s) => {
        window.__text = s;
      }, text);
      await page.evaluate(() => {
        performance.clearMarks();
        window.__t0 = performance.now();
        const message = JSON.parse(window.__text);
        window.__parsed = performance.now() - window.__t0;
        window.postMessage(message, '*');
      });
      await page.waitForFunction(() => performance.getEntriesByName('timeline:idle').length > 0, null, { timeout: 120_000 });
      const m = await page.evaluate(() => ({
        parse: window.__parsed,
        painted: performance.getEntriesByName('timeline:painted')[0].startTime - window.__t0,
        idle: performance.getEntriesByName('timeline:idle')[0].startTime - window.__t0,
      }));
      await context.close();
      const hostMs = info.detailMs + info.buildMs + info.stringifyMs;
      t.configure.push(info.configureMs);
      t.detail.push(info.detailMs);
      t.build.push(info.buildMs);
      t.stringify.push(info.stringifyMs);
      t.host.push(hostMs);
      t.parse.push(m.parse);
      t.painted.push(m.painted);
      t.idle.push(m.idle);
      t.first.push(hostMs + m.painted);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`timeline first open: ${info.prompts} prompts, ${info.toolCalls} tool calls, transcript ${(prepared.bytes / 1e6).toFixed(1)} MB, message ${(info.messageBytes / 1e6).toFixed(1)} MB of JSON; ${runs} rounds, each a new host process and a fresh page`);
  console.log(`  host: sessionDetail            ${spread(t.detail)}`);
  console.log(`        buildTimeline            ${spread(t.build)}`);
  console.log(`        JSON.stringify message   ${spread(t.stringify)}`);
  console.log(`  page: JSON.parse message       ${spread(t.parse)}`);
  console.log(`        parse → prompts painted  ${spread(t.painted)}`);
  console.log(`        parse → idle             ${spread(t.idle)}`);
  console.log(`  FIRST OPEN (host + painted)    ${spread(t.first)}   goal < 1000 ms`);
  console.log(`  not in it: worker start + configure at activation ${spread(t.configure)}; fresh page load ${spread(t.pageLoad)} (happens while the host queries)`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
