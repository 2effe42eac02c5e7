// One of the agents added by the agent registry, in the real workbench (code-server + headless Chromium): OpenCode,
// whose sessions live in a SQLite database (read-only, recent rows in its -wal), on its genuine recording
// (test/fixtures/recorded/opencode-notes-cli-v1.18.33): the session in the Sessions view with its prompts, prompt
// blame in a file it wrote, and its timeline. One server and one page for the file; the tests run in order.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { extractRecordedWorkspace } from '../../scripts/e2e/fixtures.mjs';
import { makeResultsDir, openFileInExplorer, openTimeline, openWindow, screenshot, sharedPageTests, startHarness, timelineFrame } from './helpers/harness.mjs';
import { expand, sessionsTree, treeRows, waitFor } from './helpers/workbench.mjs';

// The repo at the path the transcript records, as the session left it.
const { fixture, truth, workspace, prompts } = extractRecordedWorkspace('opencode-notes-cli-v1.18.33');

let h;
const uiTest = sharedPageTests(() => h, test);
const results = makeResultsDir();

before(async () => {
  console.log(`[e2e] screenshots and logs: ${results}`);
  // A HOME with OpenCode's data folder: the database and its WAL as OpenCode left them.
  const home = join(results, 'home');
  const data = join(home, '.local', 'share', 'opencode');
  mkdirSync(data, { recursive: true });
  for (const f of ['opencode.db', 'opencode.db-wal']) copyFileSync(join(fixture, 'opencode-home', 'data', f), join(data, f));
  // The server keeps XDG_DATA_HOME (OpenCode's default parent) in its own state folder: name the folder, as a user
  // whose OpenCode data lives elsewhere would.
  h = await startHarness({ folder: workspace, home, resultsDir: results, settings: { 'agentTrail.sources.opencode.folders': [data] }, log: (l) => console.log(`[e2e] ${l}`) });
}, { timeout: 600_000 });

after(async () => {
  await h?.stop();
  if (h?.retries.length) console.log(`[e2e] WARNING ${h.retries.length} window(s) had to be reopened: ${JSON.stringify(h.retries)}`);
  console.log(`[e2e] screenshots and logs: ${results}`);
});

const openCodeRow = () => sessionsTree(h.page).locator('.monaco-list-row[aria-level="1"]').filter({ has: h.page.locator('.label-description', { hasText: /^OpenCode · / }) }).first();

uiTest('the OpenCode session is listed with its agent, and its prompts in order', async () => {
  await openWindow(h, h.server.url, (page) => sessionsTree(page));
  const { state } = await waitFor(async () => {
    const roots = (await treeRows(h.page)).filter((r) => r.level === 1);
    return { ok: roots.some((r) => r.description.startsWith('OpenCode · ')), state: roots };
  }, { timeout: 90_000, what: 'the OpenCode session to be listed' });
  assert.equal(state.length, 1, `one session in this workspace: ${JSON.stringify(state)}`);
  assert.match(state[0].icon, /codicon-terminal/, 'the OpenCode icon');
  await expand(h.page, state[0].label, 1);
  const { state: listed } = await waitFor(async () => {
    const rows = (await treeRows(h.page)).filter((r) => r.level === 2);
    return { ok: rows.length >= prompts.length, state: rows };
  }, { what: 'the prompts' });
  await screenshot(h, 'opencode-session');
  // `#N` and the prompt's text, cut to the row.
  for (const [i, text] of prompts.entries()) {
    const label = listed[i].label;
    assert.ok(label.startsWith(`#${i + 1} `) && text.startsWith(label.slice(`#${i + 1} `.length).replace(/…$/, '')), `prompt ${i + 1}: ${label}`);
  }
});

uiTest('a file OpenCode wrote shows the OpenCode prompt that wrote its lines', async () => {
  await openFileInExplorer(h, 'bin/notes.js');
  const lines = truth.files['bin/notes.js'];
  const first = lines.find((t) => t.origin === 'prompt-2' && t.text.trim());
  const lens = h.page.locator('.editor-instance .monaco-editor').first().locator('.codelens-decoration a');
  const { state } = await waitFor(async () => {
    const texts = await lens.allTextContents();
    return { ok: texts.some((t) => t.includes('OpenCode · prompt 2')), state: texts };
  }, { timeout: 60_000, what: 'a lens naming OpenCode prompt 2' });
  await screenshot(h, 'opencode-blame');
  assert.ok(state.some((t) => t.includes(prompts[1].slice(0, 20))), `the lens quotes prompt 2 (${first.text}): ${JSON.stringify(state)}`);
});

uiTest('the OpenCode session opens in the timeline with its prompts', async () => {
  const frame = () => timelineFrame(h);
  const articles = await openTimeline(h, openCodeRow, prompts.length);
  for (const [i, text] of prompts.entries()) {
    // A prompt below the first screen is filled in when it scrolls into view (or later in the background).
    await articles.nth(i).scrollIntoViewIfNeeded();
    await assert.doesNotReject(articles.nth(i).getByText(text, { exact: true }).first().waitFor(), `prompt ${i + 1} shown exactly`);
  }
  await assert.doesNotReject(frame().getByText('OpenCode').first().waitFor(), 'the header names the agent');
  await screenshot(h, 'opencode-timeline');
});
