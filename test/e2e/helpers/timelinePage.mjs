// The timeline webview outside VS Code, for the browser test and the benchmark: dist/webview/ served from
// 127.0.0.1 in the page the host builds (timelineHtml, compiled on the fly), with a fake acquireVsCodeApi that
// records what the page posts and a harness-only stylesheet with real themes' --vscode-* values.
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { repoRoot } from '../../../scripts/e2e/fixtures.mjs';
import { ensureChromium } from '../../../scripts/e2e/provision.mjs';

const types = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.html': 'text/html' };

/** `timelineHtml` and `newNonce` from src/vscode/timeline/timelineHtml.ts, bundled to a temp ES module. */
export async function loadTimelineHtml() {
  const dir = mkdtempSync(join(tmpdir(), 'agent-trail-timeline-html-'));
  const outfile = join(dir, 'timelineHtml.mjs');
  await esbuild.build({ entryPoints: [join(repoRoot, 'src/vscode/timeline/timelineHtml.ts')], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'warning' });
  const mod = await import(pathToFileURL(outfile).href);
  rmSync(dir, { recursive: true, force: true });
  return mod;
}

/** Serves `/` (the page), `/webview/*` (dist/webview) and `/harness/theme.css`. */
export async function startWebviewServer() {
  const { timelineHtml, newNonce } = await loadTimelineHtml();
  const webviewDir = join(repoRoot, 'dist', 'webview');
  const themeCss = readFileSync(join(repoRoot, 'test/e2e/helpers/vscodeThemeVars.css'));
  let origin = '';
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    try {
      if (path === '/') {
        const html = timelineHtml({
          cspSource: origin,
          nonce: newNonce(),
          scriptUri: `${origin}/webview/main.js`,
          styleUris: [`${origin}/webview/codicon.css`, `${origin}/webview/main.css`, `${origin}/harness/theme.css`],
          title: 'Timeline',
        });
        res.writeHead(200, { 'content-type': types['.html'] }).end(html);
      } else if (path === '/harness/theme.css') {
        res.writeHead(200, { 'content-type': types['.css'] }).end(themeCss);
      } else if (path.startsWith('/webview/')) {
        const file = normalize(join(webviewDir, path.slice('/webview/'.length)));
        if (!file.startsWith(webviewDir)) throw new Error('outside');
        res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
      } else {
        res.writeHead(404).end();
      }
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, close: () => new Promise((resolve) => server.close(resolve)) };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: ensureChromium(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-dev-shm-usage'],
  });
}

/**
 * A page on the timeline with the fake VS Code API: `window.__posted` holds every message the page posted,
 * `window.__state` the last setState, and `savedState` is what getState returns at start (a reload).
 */
export async function openTimelinePage(browser, origin, { savedState, theme = 'vscode-dark', viewport = { width: 1200, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport });
  const blocked = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:')) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  const errors = [];
  const dialogs = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await page.addInitScript(({ saved, themeClass }) => {
    window.__posted = [];
    let state = saved;
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => state,
      setState: (s) => { state = s; window.__state = JSON.parse(JSON.stringify(s)); },
    });
    document.addEventListener('DOMContentLoaded', () => document.body.classList.add(themeClass));
  }, { saved: savedState, themeClass: theme });
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
  return { context, page, errors, dialogs, blocked };
}

/** Posts a HostMessage to the page the way the webview host does (a message event on window). */
export function postToPage(page, message) {
  return page.evaluate((m) => window.postMessage(m, '*'), message);
}

export function posted(page) {
  return page.evaluate(() => window.__posted);
}

export async function setTheme(page, theme) {
  await page.evaluate((t) => {
    document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast');
    document.body.classList.add(t);
  }, theme);
}
