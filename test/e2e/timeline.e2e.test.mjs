// The session timeline and checkpoint restore in the real workbench (code-server + headless Chromium), on the
// recorded multi-agent fixture: open the Gemini CLI session's timeline from the Sessions view, see its prompts and a
// diff, restore the checkpoint before prompt 1 (preview, confirm), check the files on disk against the recorder's
// snapshot, then Undo Restore and check they are back byte for byte; finally a window reload brings the panel back.
// Run: npm run test:e2e
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { recordedDir } from '../../scripts/e2e/fixtures.mjs';
import { makeResultsDir, openWindow, screenshot, sharedPageTests, startMultiAgentHarness } from './helpers/harness.mjs';
import { sessionsTree, treeRows, waitFor } from './helpers/workbench.mjs';

const fixture = join(recordedDir, 'multi-agent');
const truth = JSON.parse(readFileSync(join(fixture, 'ground-truth.json'), 'utf8'));
const gemini = truth.sessions.find((s) => s.agent === 'gemini');
const snapshot = (dir, file) => {
  const p = join(fixture, dir, file);
  return existsSync(p) ? readFileSync(p) : null;
};
// Before Gemini's prompt 1 = the tree when its session started; after the session = its last snapshot.
const beforePrompt1 = { 'lib/shared.js': snapshot('gemini/snapshots/turn-0', 'lib/shared.js'), 'lib/shout.js': snapshot('gemini/snapshots/turn-0', 'lib/shout.js') };
const finalTree = { 'lib/shared.js': snapshot('gemini/snapshots/turn-2', 'lib/shared.js'), 'lib/shout.js': snapshot('gemini/snapshots/turn-2', 'lib/shout.js') };

let h;
let workspace;
const uiTest = sharedPageTests(() => h, test);
const results = makeResultsDir();

/** The timeline page: VS Code puts a webview in an iframe holding another iframe with the page. */
const timelineFrame = () => h.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
const onDisk = (rel) => {
  const p = join(workspace, rel);
  return existsSync(p) ? readFileSync(p) : null;
};
const sameBytes = (a, b) => (a === null || b === null ? a === b : a.equals(b));
async function expectTree(tree, what) {
  await waitFor(async () => Object.entries(tree).every(([rel, bytes]) => sameBytes(onDisk(rel), bytes)), { timeout: 30_000, what });
}

before(async () => {
  console.log(`[e2e] screenshots and logs: ${results}`);
  h = await startMultiAgentHarness(results);
  workspace = h.workspace;
  console.log(`[e2e] ${h.server.url} (timings ms: ${JSON.stringify(h.timings)})`);
}, { timeout: 600_000 });

after(async () => {
  await h?.stop();
  if (h?.retries.length) console.log(`[e2e] WARNING ${h.retries.length} window(s) had to be reopened: ${JSON.stringify(h.retries)}`);
  console.log(`[e2e] screenshots and logs: ${results}`);
});

uiTest('the Sessions view opens the Gemini session in the timeline: header, prompts in order', async () => {
  await openWindow(h, h.server.url, (page) => sessionsTree(page));
  await waitFor(async () => (await treeRows(h.page)).some((r) => r.level === 1 && r.description.startsWith('Gemini CLI · ')), { timeout: 90_000, what: 'the Gemini session to be listed' });
  assert.ok(sameBytes(onDisk('lib/shared.js'), finalTree['lib/shared.js']), 'the workspace starts as the session left it');
  const geminiRow = sessionsTree(h.page).locator('.monaco-list-row[aria-level="1"]').filter({ has: h.page.locator('.label-description', { hasText: /^Gemini CLI · / }) }).first();
  await geminiRow.hover();
  await geminiRow.getByRole('button', { name: 'Open Timeline' }).click();
  const page = timelineFrame();
  const prompts = page.locator('[role="feed"] > article');
  await waitFor(async () => (await prompts.count()) === gemini.prompts.length, { timeout: 60_000, what: 'the timeline to list the prompts' });
  for (const [i, p] of gemini.prompts.entries()) {
    await assert.doesNotReject(prompts.nth(i).getByText(p.text, { exact: true }).first().waitFor(), `prompt ${i + 1} text shown exactly`);
  }
  await assert.doesNotReject(page.getByText('Gemini CLI').first().waitFor(), 'the header names the agent');
  await screenshot(h, 'timeline-opened');
});

uiTest('an edit shows as a diff (diff2html) with the line the agent wrote', async () => {
  const page = timelineFrame();
  const file = page.locator('section.file').filter({ hasText: 'lib/shared.js' }).first();
  await file.scrollIntoViewIfNeeded();
  if ((await file.locator('.fold-toggle').getAttribute('aria-expanded')) !== 'true') await file.locator('.fold-toggle').click();
  const inserted = file.locator('.d2h-ins');
  await waitFor(async () => (await inserted.count()) > 0, { timeout: 30_000, what: 'the diff to render' });
  const added = (await inserted.allTextContents()).join('\n');
  assert.match(added, /!/, `the added line ends with an exclamation mark: ${added}`);
  await screenshot(h, 'timeline-diff');
});

uiTest('Restore checkpoint before prompt 1: preview, confirm, and the files are as they were before the prompt', async () => {
  const page = timelineFrame();
  const marker = page.getByRole('group', { name: 'Checkpoint before prompt 1' });
  await marker.scrollIntoViewIfNeeded();
  await marker.locator('.restore-checkpoint').click();
  // The preview: a quick pick listing each file with what will happen to it.
  const preview = h.page.locator('.quick-input-widget');
  await preview.waitFor({ state: 'visible', timeout: 30_000 });
  await waitFor(async () => (await preview.locator('.monaco-list-row').count()) >= 2, { what: 'the preview to list the files' });
  const listed = (await preview.locator('.monaco-list-row').allTextContents()).join(' | ');
  assert.match(listed, /shared\.js/, listed);
  assert.match(listed, /shout\.js/, listed);
  await screenshot(h, 'restore-preview', { keepMouse: true });
  await h.page.keyboard.press('Enter');
  const dialog = h.page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: 30_000 });
  await screenshot(h, 'restore-confirm', { keepMouse: true });
  assert.match(await dialog.innerText(), /Restore 2 files to before prompt 1/);
  await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
  await expectTree(beforePrompt1, 'the files to equal the checkpoint before prompt 1');
  await screenshot(h, 'restored');
});

uiTest('Undo Restore brings the files back byte for byte', async () => {
  const toast = h.page.locator('.notifications-toasts .notification-toast').filter({ hasText: 'Restored 2 files' }).first();
  await toast.waitFor({ state: 'visible', timeout: 30_000 });
  await toast.getByRole('button', { name: 'Undo Restore' }).click();
  await expectTree(finalTree, 'the files to be back as the session left them');
  await screenshot(h, 'undone');
});

uiTest('after a window reload the timeline panel comes back with its session', async () => {
  await openWindow(h, h.server.url, (page) => sessionsTree(page));
  const prompts = timelineFrame().locator('[role="feed"] > article');
  await waitFor(async () => (await prompts.count()) === gemini.prompts.length, { timeout: 60_000, what: 'the restored timeline to list the prompts' });
  await screenshot(h, 'timeline-after-reload');
});
