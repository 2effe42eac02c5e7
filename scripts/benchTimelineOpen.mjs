// `npm run bench:timeline`, first open through the real path, on two sessions, each indexed into a storage folder by
// the index worker: the realistic corpus's long session (scripts/bench/realisticCorpus.ts, manifest.longSession:
// 1,000 prompts, a command each, some edits) and a stress one generated with 10 tool calls per prompt (1,000 prompts,
// 10,000 tool calls, 107 MB; scripts/timelineTranscript.ts). Per round and session, each from nothing warm but the
// OS's file cache, the panel's way (`outline`) and, paired in the same round, the way it was before (`whole`):
//   host — a NEW process (dist/bench/benchTimelineHost.js --child-open): the index worker configured over the stored
//          index (activation does that; reported apart), then the queries, the message built and JSON.stringify'd
//          (VS Code sends webview messages as JSON text). outline: sessionOutline + the steps of the first prompts;
//          whole: sessionDetail + buildTimeline of every prompt;
//   page — a FRESH page of the built webview in headless Chromium: JSON.parse of that text (the webview's side of the
//          message) and the render, up to the prompts in view painted with their steps (`timeline:painted`).
// "first open" = host (query + build + serialize) + page (parse → painted); median and spread (min–max) per row, and
// the per-round ratio outline / whole. Goal: under 1 s. The outline's background loading after the first paint (what
// makes search cover every prompt) is reported as the host time it takes, apart.
// Usage: node scripts/benchTimelineOpen.mjs [--runs 5 --corpus-mb 20 --prompts 1000 --tools 10000 --no-stress]
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
const corpusMb = arg('corpus-mb', 20);
const stress = !process.argv.includes('--no-stress');
const host = fileURLToPath(new URL('../dist/bench/benchTimelineHost.js', import.meta.url));

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];
const spread = (xs, digits = 0, unit = ' ms') => `median ${median(xs).toFixed(digits).padStart(5)}${unit} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;
const run = (args) => JSON.parse(execFileSync(process.execPath, [host, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 }));

/** One first open in a fresh page: the message text parsed in the page and posted, up to painted. */
async function openPage(browser, origin, text) {
  const { context, page } = await openTimelinePage(browser, origin, { theme: 'vscode-dark' });
  try {
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
    await page.waitForFunction(() => performance.getEntriesByName('timeline:painted').length > 0, null, { timeout: 120_000 });
    const m = await page.evaluate(() => ({
      parse: window.__parsed,
      painted: performance.getEntriesByName('timeline:painted')[0].startTime - window.__t0,
      built: document.querySelectorAll('article.prompt .steps').length,
    }));
    if (m.built === 0) {
      throw new Error('no prompt shows its steps at the first paint');
    }
    return m;
  } finally {
    await context.close();
  }
}

const root = mkdtempSync(join(tmpdir(), 'agent-trail-bench-timeline-open-'));
try {
  const sessions = [{ name: `realistic corpus (${corpusMb} MB), long session`, dir: join(root, 'corpus'), prepare: ['corpus', String(corpusMb)] }];
  if (stress) {
    sessions.push({ name: `stress: ${toolCalls / promptCount} tool calls per prompt`, dir: join(root, 'stress'), prepare: ['generated', '0', '--prompts', String(promptCount), '--tools', String(toolCalls)] });
  }
  for (const s of sessions) {
    s.prepared = run(['--prepare', s.dir, ...s.prepare]);
    s.t = {};
  }
  const server = await startWebviewServer();
  const browser = await launchBrowser();
  try {
    for (let r = 0; r < runs; r++) {
      for (const s of sessions) {
        // Alternate which way goes first, so neither always gets the warmer machine.
        for (const mode of r % 2 === 0 ? ['whole', 'outline'] : ['outline', 'whole']) {
          const messageFile = join(root, 'message.json');
          const info = run(['--child-open', s.dir, s.prepared.key, messageFile, mode]);
          const m = await openPage(browser, server.origin, readFileSync(messageFile, 'utf8'));
          const t = (s.t[mode] ??= { configure: [], query: [], build: [], stringify: [], host: [], parse: [], painted: [], first: [], rest: [] });
          const hostMs = info.queryMs + info.buildMs + info.stringifyMs;
          t.configure.push(info.configureMs);
          t.query.push(info.queryMs);
          t.build.push(info.buildMs);
          t.stringify.push(info.stringifyMs);
          t.host.push(hostMs);
          t.parse.push(m.parse);
          t.painted.push(m.painted);
          t.first.push(hostMs + m.painted);
          t.rest.push(info.restMs);
          s[mode] = { ...info, built: m.built };
        }
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`timeline first open, ${runs} rounds, each a new host process and a fresh page per way; machine load not controlled`);
  for (const s of sessions) {
    const { whole, outline } = s.t;
    console.log(`\n${s.name}: ${s.outline.prompts} prompts, ${s.outline.toolCalls} tool calls, transcript ${(s.prepared.bytes / 1e6).toFixed(1)} MB`);
    console.log(`  first message: outline ${(s.outline.messageBytes / 1e6).toFixed(2)} MB (steps of ${s.outline.loadedPrompts} prompts) vs whole ${(s.whole.messageBytes / 1e6).toFixed(1)} MB`);
    for (const [label, key] of [['host: queries', 'query'], ['host: build', 'build'], ['host: JSON.stringify', 'stringify'], ['page: JSON.parse', 'parse'], ['page: parse → painted', 'painted']]) {
      console.log(`  ${label.padEnd(24)} outline ${spread(outline[key])}   whole ${spread(whole[key])}`);
    }
    console.log(`  FIRST OPEN (host+painted) outline ${spread(outline.first)}   whole ${spread(whole.first)}   goal < 1000 ms`);
    console.log(`  ratio outline / whole, per round: ${spread(outline.first.map((x, i) => x / whole.first[i]), 2, '')}`);
    console.log(`  after the first paint, the host's side of loading every other prompt's steps: ${spread(outline.rest)} (${(s.outline.restBytes / 1e6).toFixed(1)} MB in 40-prompt messages)`);
    console.log(`  not in it: worker start + configure at activation ${spread(outline.configure)}`);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
