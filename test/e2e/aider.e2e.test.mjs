// Aider in the real workbench (code-server + headless Chromium), on the repository aider's way of working builds
// (test/unit/adapters/aider/aiderRepo.ts, bundled here with esbuild): its history found in the workspace folder
// itself (no folder setting), the two sessions with their prompts, prompt blame of the lines its commits wrote, and a
// session's timeline with the commit's diff. One server and one page; the tests run in order.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { buildSync } from 'esbuild';
import { makeResultsDir, openFileInExplorer, openTimeline, openWindow, screenshot, sharedPageTests, startHarness } from './helpers/harness.mjs';
import { expand, sessionsTree, treeRows, waitFor } from './helpers/workbench.mjs';

let h;
let fixture;
const uiTest = sharedPageTests(() => h, test);
const results = makeResultsDir();

before(async () => {
  console.log(`[e2e] screenshots and logs: ${results}`);
  const builder = join(results, 'aiderRepo.mjs');
  buildSync({ entryPoints: [join(process.cwd(), 'test/unit/adapters/aider/aiderRepo.ts')], bundle: true, platform: 'node', format: 'esm', outfile: builder, logLevel: 'silent' });
  fixture = (await import(pathToFileURL(builder).href)).buildAiderRepo();
  const home = join(results, 'home');
  mkdirSync(home, { recursive: true });
  h = await startHarness({ folder: fixture.repo, home, resultsDir: results, log: (l) => console.log(`[e2e] ${l}`) });
}, { timeout: 600_000 });

after(async () => {
  await h?.stop();
  if (h?.retries.length) console.log(`[e2e] WARNING ${h.retries.length} window(s) had to be reopened: ${JSON.stringify(h.retries)}`);
  if (fixture) rmSync(fixture.root, { recursive: true, force: true });
  console.log(`[e2e] screenshots and logs: ${results}`);
});

const aiderRows = async () => (await treeRows(h.page)).filter((r) => r.level === 1 && r.description.startsWith('Aider · '));

uiTest('both Aider sessions are listed, found in the workspace folder, with their prompts', async () => {
  await openWindow(h, h.server.url, (page) => sessionsTree(page));
  const { state } = await waitFor(async () => {
    const roots = await aiderRows();
    return { ok: roots.length === 2, state: roots };
  }, { timeout: 90_000, what: 'the two Aider sessions to be listed' });
  assert.match(state[0].icon, /codicon-git-commit/, 'the Aider icon');
  const newest = state.find((r) => r.label.startsWith('make greet shout')) ?? state[0];
  await expand(h.page, newest.label, 1);
  const { state: listed } = await waitFor(async () => {
    const rows = (await treeRows(h.page)).filter((r) => r.level === 2);
    return { ok: rows.length >= 3, state: rows };
  }, { what: 'the prompts' });
  await screenshot(h, 'aider-sessions');
  assert.deepEqual(listed.slice(0, 3).map((r) => r.label.replace(/…$/, '').slice(0, 14)), ['#1 make greet ', '#2 /undo', '#3 add a docst'].map((s) => s.slice(0, 14)));
});

uiTest('src/app.py shows the Aider prompts whose commits wrote its lines', async () => {
  await openFileInExplorer(h, 'src/app.py');
  const lens = h.page.locator('.editor-instance .monaco-editor').first().locator('.codelens-decoration a');
  const { state } = await waitFor(async () => {
    const texts = await lens.allTextContents();
    return { ok: texts.some((t) => t.includes('Aider · prompt 1')) && texts.some((t) => t.includes('Aider · prompt 3')), state: texts };
  }, { timeout: 60_000, what: 'lenses naming Aider prompts 1 and 3' });
  await screenshot(h, 'aider-blame');
  assert.ok(state.some((t) => t.includes('add a greet function')), `a lens quotes session 1's prompt 1: ${JSON.stringify(state)}`);
});

uiTest('the second session opens in the timeline with its commit', async () => {
  const rowOf = () => sessionsTree(h.page).locator('.monaco-list-row[aria-level="1"]').filter({ hasText: 'make greet shout' }).first();
  const articles = await openTimeline(h, rowOf, 3, { what: 'the timeline to list the three prompts' });
  await articles.nth(2).scrollIntoViewIfNeeded();
  await assert.doesNotReject(articles.nth(2).getByText('git commit').first().waitFor(), 'prompt 3 shows its commit');
  await screenshot(h, 'aider-timeline');
});
