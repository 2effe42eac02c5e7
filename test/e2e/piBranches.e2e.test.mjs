// A branched Pi session in the real workbench (code-server + headless Chromium), on its genuine recording
// (test/fixtures/recorded/pi-branches-v0.73.1: prompts 1 and 2, then `/tree` back to prompt 1 and prompts 3 and 4 there,
// prompt 2 labelled "cli attempt"): the Sessions view lists the conversation the user ended on (#1, #3, #4) with the
// abandoned prompt under "Other branches", and the timeline keeps prompt 2 in place with its branch mark. One server
// and one page for the file; the tests run in order.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { extractRecordedWorkspace } from '../../scripts/e2e/fixtures.mjs';
import { makeResultsDir, openTimeline, openWindow, screenshot, sharedPageTests, startHarness } from './helpers/harness.mjs';
import { expand, sessionsTree, treeRows, waitFor } from './helpers/workbench.mjs';

// The repo at the path the transcript records, as the session left it.
const { fixture, workspace, prompts } = extractRecordedWorkspace('pi-branches-v0.73.1');

let h;
const uiTest = sharedPageTests(() => h, test);
const results = makeResultsDir();

before(async () => {
  console.log(`[e2e] screenshots and logs: ${results}`);
  // Pi's data folder (~/.pi/agent) as the recording left it.
  const home = join(results, 'home');
  mkdirSync(join(home, '.pi'), { recursive: true });
  cpSync(join(fixture, 'pi-home', 'agent'), join(home, '.pi', 'agent'), { recursive: true });
  h = await startHarness({ folder: workspace, home, resultsDir: results, log: (l) => console.log(`[e2e] ${l}`) });
}, { timeout: 600_000 });

after(async () => {
  await h?.stop();
  if (h?.retries.length) console.log(`[e2e] WARNING ${h.retries.length} window(s) had to be reopened: ${JSON.stringify(h.retries)}`);
  console.log(`[e2e] screenshots and logs: ${results}`);
});

const piRow = () => sessionsTree(h.page).locator('.monaco-list-row[aria-level="1"]').filter({ has: h.page.locator('.label-description', { hasText: /^Pi · / }) }).first();

uiTest('the session lists the conversation it ended on, the abandoned prompt under "Other branches"', async () => {
  await openWindow(h, h.server.url, (page) => sessionsTree(page));
  const { state } = await waitFor(async () => {
    const roots = (await treeRows(h.page)).filter((r) => r.level === 1);
    return { ok: roots.some((r) => r.description.startsWith('Pi · ')), state: roots };
  }, { timeout: 90_000, what: 'the Pi session to be listed' });
  assert.equal(state.length, 1, `one session in this workspace: ${JSON.stringify(state)}`);
  await expand(h.page, state[0].label, 1);
  const { state: children } = await waitFor(async () => {
    const rows = (await treeRows(h.page)).filter((r) => r.level === 2);
    return { ok: rows.some((r) => r.label === 'Other branches'), state: rows };
  }, { what: 'the prompts and the "Other branches" row' });
  const promptRows = children.filter((r) => /^#\d+ /.test(r.label));
  assert.deepEqual(promptRows.map((r) => r.label.split(' ')[0]), ['#1', '#3', '#4'], `the ended-on conversation: ${JSON.stringify(children)}`);
  for (const r of promptRows) {
    const i = Number(r.label.slice(1, r.label.indexOf(' '))) - 1;
    assert.ok(prompts[i].startsWith(r.label.slice(r.label.indexOf(' ') + 1).replace(/…$/, '')), `${r.label} is prompt ${i + 1}`);
  }
  await expand(h.page, 'Other branches', 2);
  const { state: branch } = await waitFor(async () => {
    const rows = (await treeRows(h.page)).filter((r) => r.level === 3);
    return { ok: rows.some((r) => r.label === 'cli attempt'), state: rows };
  }, { what: 'the labelled branch' });
  const labelled = branch.find((r) => r.label === 'cli attempt');
  assert.match(labelled.description, /from #1 · #2/, JSON.stringify(labelled));
  await expand(h.page, 'cli attempt', 3);
  const { state: inBranch } = await waitFor(async () => {
    const rows = (await treeRows(h.page)).filter((r) => r.level === 4);
    return { ok: rows.some((r) => r.label.startsWith('#2 ')), state: rows };
  }, { what: 'prompt 2 in its branch' });
  assert.ok(prompts[1].startsWith(inBranch.find((r) => r.label.startsWith('#2 ')).label.slice(3).replace(/…$/, '')));
  await screenshot(h, 'pi-branches-sessions');
});

uiTest('the timeline keeps the abandoned prompt in place, marked with its branch', async () => {
  const articles = await openTimeline(h, piRow, prompts.length, { what: 'the timeline to list the four prompts' });
  for (const [i, text] of prompts.entries()) {
    await articles.nth(i).scrollIntoViewIfNeeded();
    await assert.doesNotReject(articles.nth(i).getByText(text, { exact: true }).first().waitFor(), `prompt ${i + 1} shown exactly`);
  }
  await articles.nth(1).scrollIntoViewIfNeeded();
  await assert.doesNotReject(articles.nth(1).locator('.branch-mark').waitFor(), 'prompt 2 carries the branch mark');
  assert.match(await articles.nth(1).locator('.branch-mark').textContent(), /other branch 1.*cli attempt/);
  for (const i of [0, 2, 3]) assert.equal(await articles.nth(i).locator('.branch-mark').count(), 0, `prompt ${i + 1} is on the ended-on conversation`);
  // Pi's `write` records what it wrote, not what it replaced: the written file is shown as it is, with that said.
  const written = articles.nth(1).locator('section.file', { hasText: 'bin/notes.js' }).first().locator('.diff-host');
  await assert.doesNotReject(written.getByText('The content before this change is not recorded. The file as written:').waitFor());
  const text = await written.locator('pre.recorded-patch').textContent();
  assert.equal(text, readFileSync(join(fixture, 'snapshots', 'turn-2', 'bin', 'notes.js'), 'utf8'), 'the content Pi wrote (bin/notes.js after P2)');
  await screenshot(h, 'pi-branches-timeline');
});
