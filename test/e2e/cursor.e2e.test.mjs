// Cursor in the real workbench (code-server + headless Chromium): the editor's agent transcripts
// (test/fixtures/cursor, written by its generate.py in the shapes public readers and a real transcript show) laid
// under the HOME code-server runs with, in `~/.cursor/projects/<slug of the workspace folder>/agent-transcripts/`,
// with another project's transcript as a decoy. The sessions in the Sessions view with their prompts, prompt blame in
// the file a session edited, and a session's timeline. One server and one page for the file; the tests run in order.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { repoRoot } from '../../scripts/e2e/fixtures.mjs';
import { makeResultsDir, openFileInExplorer, openTimeline, openWindow, screenshot, sharedPageTests, startHarness, timelineFrame } from './helpers/harness.mjs';
import { expand, sessionsTree, treeRows, waitFor } from './helpers/workbench.mjs';

const fixtureHome = join(repoRoot, 'test', 'fixtures', 'cursor', 'home', '.cursor');
const recordedWorkspace = '/home/dev/cursor-demo';
const nested = 'aaaa1111-0000-4000-8000-000000000001';
const prompts = ['Create src/notes.js with an add function', 'Rename add to sum'];

let h;
let workspace;
const uiTest = sharedPageTests(() => h, test);
const results = makeResultsDir();

/** Cursor's project folder name of a workspace folder (src/adapters/cursor/paths.ts). */
const slug = (folder) => folder.replace(/^\/+/, '').replace(/[^A-Za-z0-9]/g, '-');

/** Copies a fixture tree, the recorded workspace path rewritten to `to` in every transcript (JSON-escaped alike). */
function copyTranscripts(from, dest, to) {
  mkdirSync(dest, { recursive: true });
  for (const name of readdirSync(from)) {
    const src = join(from, name);
    if (statSync(src).isDirectory()) {
      copyTranscripts(src, join(dest, name), to);
    } else {
      writeFileSync(join(dest, name), readFileSync(src, 'utf8').split(recordedWorkspace).join(to));
      const t = statSync(src).mtime;
      utimesSync(join(dest, name), t, t);
    }
  }
}

before(async () => {
  console.log(`[e2e] screenshots and logs: ${results}`);
  workspace = join(results, 'cursor-demo');
  mkdirSync(join(workspace, 'src'), { recursive: true });
  // The file as the nested session left it: prompt 1 wrote it, prompt 2 renamed add to sum.
  writeFileSync(join(workspace, 'src', 'notes.js'), 'function sum(a, b) {\n  return a + b;\n}\nmodule.exports = { sum };\n');
  const home = join(results, 'home');
  const projects = join(home, '.cursor', 'projects');
  copyTranscripts(join(fixtureHome, 'projects', slug(recordedWorkspace)), join(projects, slug(workspace)), workspace);
  cpSync(join(fixtureHome, 'projects', 'home-dev-other-project'), join(projects, 'home-dev-other-project'), { recursive: true });
  h = await startHarness({ folder: workspace, home, resultsDir: results, log: (l) => console.log(`[e2e] ${l}`) });
}, { timeout: 600_000 });

after(async () => {
  await h?.stop();
  if (h?.retries.length) console.log(`[e2e] WARNING ${h.retries.length} window(s) had to be reopened: ${JSON.stringify(h.retries)}`);
  console.log(`[e2e] screenshots and logs: ${results}`);
});

const promptRowsOf = (rows) => rows.filter((r) => /^#\d /.test(r.label));

const cursorRow = (title) =>
  sessionsTree(h.page)
    .locator('.monaco-list-row[aria-level="1"]')
    .filter({ has: h.page.locator('.label-description', { hasText: /^Cursor · / }) })
    .filter({ hasText: title })
    .first();

uiTest('the Cursor sessions of the workspace are listed (not the decoy), the nested one with its prompts in order', async () => {
  await openWindow(h, h.server.url, (page) => sessionsTree(page));
  const { state } = await waitFor(async () => {
    const roots = (await treeRows(h.page)).filter((r) => r.level === 1);
    return { ok: roots.filter((r) => r.description.startsWith('Cursor · ')).length >= 3, state: roots };
  }, { timeout: 90_000, what: 'the Cursor sessions to be listed' });
  const cursor = state.filter((r) => r.description.startsWith('Cursor · '));
  // The nested session, the flat one and the text one (the subagent is listed under its parent, or on its own).
  assert.ok(cursor.length >= 3, JSON.stringify(state));
  assert.ok(!state.some((r) => r.label.includes('Decoy')), `no decoy: ${JSON.stringify(state)}`);
  const row = cursor.find((r) => r.label.startsWith(prompts[0].slice(0, 20)));
  assert.ok(row, `the nested session: ${JSON.stringify(cursor)}`);
  assert.match(row.icon, /codicon-circuit-board/, 'the Cursor icon');
  await expand(h.page, row.label, 1);
  const { state: listed } = await waitFor(async () => {
    const rows = (await treeRows(h.page)).filter((r) => r.level === 2);
    return { ok: rows.filter((r) => /^#\d /.test(r.label)).length >= prompts.length, state: rows };
  }, { what: 'the prompts' });
  await screenshot(h, 'cursor-sessions');
  assert.ok(promptRowsOf(listed).every((r) => r.description.startsWith('by ')), `prompt times are bounds: ${JSON.stringify(listed)}`);
  const promptRows = promptRowsOf(listed);
  for (const [i, text] of prompts.entries()) {
    const label = promptRows[i].label;
    assert.ok(label.startsWith(`#${i + 1} `) && text.startsWith(label.slice(`#${i + 1} `.length).replace(/…$/, '')), `prompt ${i + 1}: ${label}`);
  }
});

uiTest('the lines a Cursor StrReplace changed show the Cursor prompt that changed them', async () => {
  await openFileInExplorer(h, 'src/notes.js');
  const lens = h.page.locator('.editor-instance .monaco-editor').first().locator('.codelens-decoration a');
  const { state } = await waitFor(async () => {
    const texts = await lens.allTextContents();
    return { ok: texts.some((t) => t.includes('Cursor · prompt 2')), state: texts };
  }, { timeout: 60_000, what: 'a lens naming Cursor prompt 2' });
  await screenshot(h, 'cursor-blame');
  assert.ok(state.some((t) => t.includes('Rename add to sum')), `the lens quotes prompt 2: ${JSON.stringify(state)}`);
});

uiTest('the nested Cursor session opens in the timeline with its prompts, edits and the command', async () => {
  const frame = () => timelineFrame(h);
  const articles = await openTimeline(h, () => cursorRow(prompts[0].slice(0, 20)), prompts.length);
  for (const [i, text] of prompts.entries()) {
    await articles.nth(i).scrollIntoViewIfNeeded();
    await assert.doesNotReject(articles.nth(i).getByText(text, { exact: true }).first().waitFor(), `prompt ${i + 1} shown exactly`);
  }
  await assert.doesNotReject(frame().getByText('Cursor').first().waitFor(), 'the header names the agent');
  await assert.doesNotReject(articles.nth(0).locator('time', { hasText: /^by .+ \(not recorded\)$/ }).first().waitFor(), 'the prompt time is a bound, said so');
  await assert.doesNotReject(articles.nth(0).getByText("node -e \"require('./src/notes.js')\"").first().waitFor(), 'the Shell command');
  await screenshot(h, 'cursor-timeline');
  await articles.nth(1).scrollIntoViewIfNeeded();
  await screenshot(h, 'cursor-timeline-prompt-2');
  assert.ok(nested);
});
