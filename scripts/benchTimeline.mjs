// Timeline webview scale benchmark: a generated 500-prompt / 5,000-tool-call session loaded into the built page in
// Debian Chromium (the browser test's harness), timed from posting `session` to the first prompts painted and to
// the page being idle, p50 of 5 runs. Baseline in the same run: Chromium rendering the same number of plain <div>
// text nodes (one per prompt and per step), so the ratio says what the page costs over the least it could cost.
// `npm run bench:timeline` runs the host part (scripts/benchTimelineHost.ts) first; this part then ends with the
// estimate "open to first prompts painted" = host total + page painted p50.
// This part alone: node scripts/benchTimeline.mjs [--prompts 500 --tools 5000 --runs 5]
import { launchBrowser, openTimelinePage, startWebviewServer } from '../test/e2e/helpers/timelinePage.mjs';
import { readFileSync, rmSync } from 'node:fs';
import { largeSession } from '../test/e2e/helpers/timelineSessions.mjs';

// The host part (dist/bench/benchTimelineHost.js, run first by `npm run bench:timeline`) leaves its total here. It is
// read once and removed, so a later run of this script alone never adds a stale host figure.
const hostResultFile = new URL('../dist/bench/timelineHost.json', import.meta.url);
const host = (() => {
  try {
    return JSON.parse(readFileSync(hostResultFile, 'utf8'));
  } catch {
    return undefined;
  } finally {
    rmSync(hostResultFile, { force: true });
  }
})();

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const promptCount = arg('prompts', 500);
const toolCalls = arg('tools', 5000);
const runs = arg('runs', 5);

const p50 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const ms = (x) => `${x.toFixed(0)} ms`;

const session = largeSession(promptCount, toolCalls);
const steps = session.prompts.reduce((n, p) => n + p.steps.length, 0);
const bytes = JSON.stringify(session).length;
console.log(`session: ${session.prompts.length} prompts, ${session.counts.toolCalls} tool calls, ${steps} steps, ${(bytes / 1e6).toFixed(1)} MB of JSON`);

const server = await startWebviewServer();
const browser = await launchBrowser();
const page = { received: [], painted: [], idle: [], nodes: [] };
const base = { painted: [], idle: [] };
try {
  for (let r = 0; r < runs; r++) {
    const { context, page: p } = await openTimelinePage(browser, server.origin, { theme: 'vscode-dark' });
    await p.evaluate((s) => {
      performance.clearMarks();
      window.__t0 = performance.now();
      window.postMessage({ type: 'session', session: s, restoreEnabled: true }, '*');
    }, session);
    await p.waitForFunction(() => performance.getEntriesByName('timeline:idle').length > 0, null, { timeout: 60_000 });
    const m = await p.evaluate(() => ({
      received: performance.getEntriesByName('timeline:session')[0].startTime - window.__t0,
      painted: performance.getEntriesByName('timeline:painted')[0].startTime - window.__t0,
      idle: performance.getEntriesByName('timeline:idle')[0].startTime - window.__t0,
      nodes: document.querySelectorAll('*').length,
    }));
    page.received.push(m.received);
    page.painted.push(m.painted);
    page.idle.push(m.idle);
    page.nodes.push(m.nodes);
    await context.close();

    // Baseline: the same number of plain text <div>s, same viewport, measured the same way.
    const bctx = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const bp = await bctx.newPage();
    await bp.setContent('<!DOCTYPE html><html><body></body></html>');
    const b = await bp.evaluate(
      (count) =>
        new Promise((resolve) => {
          const t0 = performance.now();
          const frag = document.createDocumentFragment();
          for (let i = 0; i < count; i++) {
            const d = document.createElement('div');
            d.textContent = `Step ${i}: the agent did something and printed a line of output`;
            frag.append(d);
          }
          document.body.append(frag);
          requestAnimationFrame(() =>
            setTimeout(() => {
              const painted = performance.now() - t0;
              requestIdleCallback(() => resolve({ painted, idle: performance.now() - t0 }));
            }, 0),
          );
        }),
      session.prompts.length + steps,
    );
    base.painted.push(b.painted);
    base.idle.push(b.idle);
    await bctx.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const rows = [
  ['first prompts painted', p50(page.painted), p50(base.painted)],
  ['idle', p50(page.idle), p50(base.idle)],
];
console.log(`\np50 of ${runs} runs (timeline page vs ${session.prompts.length + steps} plain <div> text nodes)`);
console.log('metric                  timeline   baseline   ratio');
for (const [name, t, b] of rows) {
  console.log(`${name.padEnd(22)}  ${ms(t).padStart(8)}   ${ms(b).padStart(8)}   ${(t / b).toFixed(2)}x`);
}
console.log(`of which the message itself (structured clone of the session, no baseline equivalent): ${ms(p50(page.received))}`);
console.log(`DOM elements after open: ${p50(page.nodes)} (steps are built only for prompts near the viewport)`);
console.log(`all runs, painted: ${page.painted.map(ms).join(', ')}; idle: ${page.idle.map(ms).join(', ')}`);
if (host) {
  // Two sessions of the same size and mix (the host's from a real transcript, this page's generated), so a sum of
  // p50s, not one measured path: the webview's own message delivery and page load are not in it.
  const painted = p50(page.painted);
  console.log(`\nopen to first prompts painted (estimate): host ${ms(host.totalMs)} + page ${ms(painted)} = ${ms(host.totalMs + painted)} (host session ${host.prompts} prompts, ${host.toolCalls} tool calls, ${(host.timelineBytes / 1e6).toFixed(1)} MB of JSON)`);
}
