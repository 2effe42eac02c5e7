// The session timeline and checkpoint restore in the real workbench (code-server + headless Chromium), on the
// recorded multi-agent fixture: open the Gemini CLI session's timeline from the Sessions view, see its prompts and a
// diff, restore the checkpoint before prompt 1 (preview, confirm), check the files on disk against the recorder's
// snapshot, then Undo Restore after a hand edit (it asks first) and check they are back byte for byte, and that the
// undo can be undone; finally a window reload brings the panel back.
// Run: npm run test:e2e
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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

/** The modal dialog, once shown. */
async function modalDialog() {
  const dialog = h.page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: 30_000 });
  return dialog;
}

/** The "Restored N files" notification, once shown (its Undo Restore button undoes the restore). */
async function restoredToast(text) {
  const toast = h.page.locator('.notifications-toasts .notification-toast').filter({ hasText: text }).first();
  await toast.waitFor({ state: 'visible', timeout: 30_000 });
  return toast;
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

/**
 * Opens a fresh window and waits for the timeline page to list the prompts after `open`. In a window where
 * code-server logged a corrupt remote message at startup (see openWindow in harness.mjs) the webview's scripts can
 * stay unserved (requests answered 408 after 30 s, even after the panel's own reloads): such a window is replaced,
 * recorded in h.retries and printed like every other window retry, so it is never silent.
 */
async function withTimelineWindow(open, what, attempts = 4) {
  for (let attempt = 1; ; attempt++) {
    const consoleFrom = h.console.length;
    await openWindow(h, h.server.url, (page) => sessionsTree(page));
    const prompts = timelineFrame().locator('[role="feed"] > article');
    try {
      await open();
      const started = Date.now();
      await waitFor(async () => {
        if ((await prompts.count()) === gemini.prompts.length) return true;
        // A window that logged a corrupt remote message gets 15 s, not 45: it has rarely recovered.
        if (Date.now() - started > 15_000 && h.console.slice(consoleFrom).some((l) => /SyntaxError: .* in JSON/.test(l))) throw new Error(`${what}: not after 15 s in a window that logged a corrupt remote message`);
        return false;
      }, { timeout: 45_000, what });
      return prompts;
    } catch (e) {
      const clue = h.console.slice(consoleFrom).find((l) => /status of 408|SyntaxError/.test(l))?.split('\n')[0];
      await screenshot(h, `timeline-retry-${attempt}`).catch(() => {});
      h.retries.push({ url: h.server.url, attempt, reason: `${e.message.split('\n')[0]}${clue ? `; console: ${clue}` : ''}` });
      console.log(`[e2e] WARNING timeline window attempt ${attempt} failed: ${e.message.split('\n')[0]}${clue ? `; console: ${clue}` : ''}`);
      if (attempt >= attempts) throw e;
    }
  }
}

uiTest('the Sessions view opens the Gemini session in the timeline: header, prompts in order', async () => {
  assert.ok(sameBytes(onDisk('lib/shared.js'), finalTree['lib/shared.js']), 'the workspace starts as the session left it');
  const prompts = await withTimelineWindow(async () => {
    await waitFor(async () => (await treeRows(h.page)).some((r) => r.level === 1 && r.description.startsWith('Gemini CLI · ')), { timeout: 90_000, what: 'the Gemini session to be listed' });
    const geminiRow = sessionsTree(h.page).locator('.monaco-list-row[aria-level="1"]').filter({ has: h.page.locator('.label-description', { hasText: /^Gemini CLI · / }) }).first();
    await geminiRow.hover();
    await geminiRow.getByRole('button', { name: 'Open Timeline' }).click();
  }, 'the timeline to list the prompts');
  for (const [i, p] of gemini.prompts.entries()) {
    await assert.doesNotReject(prompts.nth(i).getByText(p.text, { exact: true }).first().waitFor(), `prompt ${i + 1} text shown exactly`);
  }
  await assert.doesNotReject(timelineFrame().getByText('Gemini CLI').first().waitFor(), 'the header names the agent');
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
  assert.match(await marker.innerText(), /2 files changed from here on/, 'the marker counts what the restore will touch');
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
  const dialog = await modalDialog();
  await screenshot(h, 'restore-confirm', { keepMouse: true });
  assert.match(await dialog.innerText(), /Restore 2 files to before prompt 1/);
  await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
  await expectTree(beforePrompt1, 'the files to equal the checkpoint before prompt 1');
  await screenshot(h, 'restored');
});

uiTest('Undo Restore asks first when a restored file was edited since; Undo Anyway brings the files back byte for byte, and Undo This Undo brings the edit back', async () => {
  // A line typed after the restore: undo must not drop it silently.
  const editedAfter = Buffer.concat([beforePrompt1['lib/shared.js'], Buffer.from('// typed after the restore\n')]);
  writeFileSync(join(workspace, 'lib/shared.js'), editedAfter);
  const toast = await restoredToast('Restored 2 files');
  await toast.getByRole('button', { name: 'Undo Restore' }).click();
  const dialog = await modalDialog();
  const question = await dialog.innerText();
  assert.match(question, /lib\/shared\.js changed since the restore/, question);
  assert.match(question, /saved first, so the undo can be undone/, question);
  await screenshot(h, 'undo-changed-since', { keepMouse: true });
  assert.ok(sameBytes(onDisk('lib/shared.js'), editedAfter), 'nothing is written while the question is open');
  await dialog.getByRole('button', { name: 'Undo Anyway', exact: true }).click();
  await expectTree(finalTree, 'the files to be back as the session left them');
  await screenshot(h, 'undone');
  // What the undo overwrote was saved: undoing the undo brings the restore and the typed line back.
  await (await restoredToast('Undid the restore: 2 files put back')).getByRole('button', { name: 'Undo This Undo' }).click();
  await expectTree({ 'lib/shared.js': editedAfter, 'lib/shout.js': null }, 'the restore and the line typed after it to be back');
  // And once more: back to the tree the session left, for the tests below.
  await (await restoredToast('Undid the restore: 1 file put back, 1 file removed')).getByRole('button', { name: 'Undo This Undo' }).click();
  await expectTree(finalTree, 'the files to be back as the session left them again');
});

uiTest('a hand edit since the session is a conflict; restoring one hunk keeps the hand edit, and Undo brings it back', async () => {
  const handEdited = Buffer.concat([Buffer.from('// kept by hand\n'), finalTree['lib/shared.js']]);
  writeFileSync(join(workspace, 'lib/shared.js'), handEdited);
  const page = timelineFrame();
  await page.getByRole('group', { name: 'Checkpoint before prompt 1' }).locator('.restore-checkpoint').click();
  const picker = h.page.locator('.quick-input-widget');
  await picker.waitFor({ state: 'visible', timeout: 30_000 });
  const row = (text) => picker.locator('.monaco-list-row').filter({ hasText: text }).first();
  await row('shout.js').waitFor({ timeout: 30_000 });
  const shared = row('shared.js');
  assert.match(await shared.innerText(), /conflict/, 'the hand-edited file is flagged');
  assert.equal(await shared.getAttribute('aria-checked'), 'false', 'a conflict starts unchecked');
  assert.equal(await row('shout.js').getAttribute('aria-checked'), 'true');
  await screenshot(h, 'conflict-preview', { keepMouse: true });
  // Choose the hunks of the conflicting file: only the agent's change is taken back, the hand-written line stays.
  await shared.hover();
  await shared.getByRole('button', { name: 'Choose Hunks…' }).click();
  await waitFor(async () => (await picker.innerText()).includes('Hunks of lib/shared.js to restore'), { what: 'the hunk picker' });
  const handHunk = picker.locator('.monaco-list-row').filter({ hasText: 'kept by hand' }).first();
  const agentHunk = picker.locator('.monaco-list-row').filter({ hasText: "'!'" }).first();
  await agentHunk.waitFor();
  await handHunk.locator('.monaco-custom-toggle, input[type=checkbox]').first().click();
  await waitFor(async () => (await handHunk.getAttribute('aria-checked')) === 'false', { what: 'the hand-edit hunk to be unchecked' });
  assert.equal(await agentHunk.getAttribute('aria-checked'), 'true');
  await screenshot(h, 'hunk-picker', { keepMouse: true });
  await picker.getByRole('button', { name: 'OK' }).click();
  // Back in the file preview, the file is now chosen (with one hunk of two); Enter goes on to the confirmation.
  let seen = '';
  await waitFor(async () => (seen = await picker.innerText()).includes('Restore before prompt 1'), { what: 'the file preview again' }).catch((err) => {
    throw new Error(`${err.message}; the picker shows ${JSON.stringify(seen)}`);
  });
  await waitFor(async () => (await row('shared.js').getAttribute('aria-checked')) === 'true', { what: 'the file to be chosen after picking hunks' });
  await h.page.keyboard.press('Enter');
  const dialog = await modalDialog();
  const text = await dialog.innerText();
  assert.match(text, /Restore 2 files to before prompt 1/, text);
  assert.match(text, /1 of 2 hunks/, text);
  await screenshot(h, 'hunk-confirm', { keepMouse: true });
  await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
  const expected = { 'lib/shared.js': Buffer.concat([Buffer.from('// kept by hand\n'), beforePrompt1['lib/shared.js']]), 'lib/shout.js': null };
  await expectTree(expected, 'the agent hunk restored, the hand-written line kept, lib/shout.js deleted');
  const toast = await restoredToast('Restored 2 files');
  await toast.getByRole('button', { name: 'Undo Restore' }).click();
  await expectTree({ 'lib/shared.js': handEdited, 'lib/shout.js': finalTree['lib/shout.js'] }, 'the hand-edited file and lib/shout.js to be back byte for byte');
  writeFileSync(join(workspace, 'lib/shared.js'), finalTree['lib/shared.js']);
  // Let the workbench's file watcher see that write before the next test opens the file in an editor (else saving
  // there can fail with "the content of the file is newer").
  await h.page.waitForTimeout(1500);
});

uiTest('a file path in the timeline opens the file; unsaved edits are asked about before a restore, and a checked conflict is restored', async () => {
  const editor = h.page.locator('.editor-instance .monaco-editor').first();
  await timelineFrame().locator('.step-read .path').filter({ hasText: 'lib/shared.js' }).first().click();
  await h.page.locator('.tabs-container .tab.active').filter({ hasText: 'shared.js' }).waitFor({ timeout: 30_000 });
  await editor.locator('.view-line').filter({ hasText: 'shared helpers' }).first().click();
  await h.page.keyboard.press('Control+Home');
  await h.page.keyboard.type('const typedInTheEditor = 1;\n');
  await h.page.locator('.tabs-container .tab.active.dirty').waitFor({ timeout: 15_000 });
  await h.page.locator('.tabs-container .tab').filter({ hasText: 'Timeline:' }).first().click();
  await timelineFrame().getByRole('group', { name: 'Checkpoint before prompt 1' }).locator('.restore-checkpoint').click();
  // Unsaved edits first: the person saves them (or discards them) before anything else happens.
  const dialog = await modalDialog();
  assert.match(await dialog.innerText(), /lib\/shared\.js has unsaved changes/);
  await screenshot(h, 'unsaved-question', { keepMouse: true });
  await dialog.getByRole('button', { name: 'Save and Restore', exact: true }).click();
  const typed = Buffer.concat([Buffer.from('const typedInTheEditor = 1;\n'), finalTree['lib/shared.js']]);
  await expectTree({ 'lib/shared.js': typed }, 'the typed line to be saved');
  // Saved, the typed line is a change since the session: a conflict, unchecked until checked by hand.
  const picker = h.page.locator('.quick-input-widget');
  const shared = picker.locator('.monaco-list-row').filter({ hasText: 'shared.js' }).first();
  await shared.waitFor({ timeout: 30_000 });
  assert.equal(await shared.getAttribute('aria-checked'), 'false');
  await shared.locator('.monaco-custom-toggle').first().click();
  await waitFor(async () => (await shared.getAttribute('aria-checked')) === 'true', { what: 'the conflict to be checked' });
  await picker.getByRole('button', { name: 'OK' }).click();
  await dialog.waitFor({ state: 'visible', timeout: 30_000 });
  assert.match(await dialog.innerText(), /overwrites changes made since the session/);
  await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
  await expectTree(beforePrompt1, 'the files to equal the checkpoint before prompt 1');
  const toast = await restoredToast('Restored 2 files');
  await screenshot(h, 'restored-over-saved-edit', { keepMouse: true });
  await toast.getByRole('button', { name: 'Undo Restore' }).click();
  await expectTree({ 'lib/shared.js': typed, 'lib/shout.js': finalTree['lib/shout.js'] }, 'the saved edit and lib/shout.js to be back byte for byte');
  writeFileSync(join(workspace, 'lib/shared.js'), finalTree['lib/shared.js']);
  await h.page.locator('.tabs-container .tab').filter({ hasText: 'Timeline:' }).first().click();
});

uiTest('Compare with current opens the checkpoint against the workspace in a diff editor', async () => {
  await timelineFrame().getByRole('group', { name: 'Checkpoint before prompt 2' }).locator('.compare-checkpoint').click();
  const tab = h.page.locator('.tabs-container .tab').filter({ hasText: /shout\.js/ }).first();
  await tab.waitFor({ state: 'visible', timeout: 30_000 });
  // lib/shout.js did not exist before prompt 2: the checkpoint side is empty, the current side holds the file.
  const current = h.page.locator('.monaco-diff-editor .editor.modified .view-line').filter({ hasText: 'toUpperCase' });
  await current.first().waitFor({ timeout: 30_000 });
  await screenshot(h, 'compare-with-current');
});

uiTest('one file from its diff header: only that file is restored, and Undo brings it back', async () => {
  await h.page.locator('.tabs-container .tab').filter({ hasText: 'Timeline:' }).first().click();
  const file = timelineFrame().locator('section.file').filter({ hasText: 'lib/shared.js' }).first();
  await file.locator('.restore-file').click();
  const picker = h.page.locator('.quick-input-widget');
  await picker.waitFor({ state: 'visible', timeout: 30_000 });
  await waitFor(async () => (await picker.locator('.monaco-list-row').filter({ hasText: 'shared.js' }).count()) === 1, { what: 'the preview of one file' });
  assert.equal(await picker.locator('.monaco-list-row').filter({ hasText: 'shout.js' }).count(), 0, 'only the chosen file is listed');
  await picker.getByRole('button', { name: 'OK' }).click();
  const dialog = await modalDialog();
  assert.match(await dialog.innerText(), /Restore 1 file to before prompt 1/);
  await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
  await expectTree({ 'lib/shared.js': beforePrompt1['lib/shared.js'], 'lib/shout.js': finalTree['lib/shout.js'] }, 'lib/shared.js restored, lib/shout.js untouched');
  const toast = await restoredToast('Restored 1 file');
  await toast.getByRole('button', { name: 'Undo Restore' }).click();
  await expectTree(finalTree, 'the file to be back as the session left it');
});

uiTest('after a window reload the timeline panel comes back with its session', async () => {
  // The panel is open, behind the diff editor, from the tests above; every window of withTimelineWindow is a reload
  // that must bring it back as a tab, whose page starts when the tab is shown.
  await withTimelineWindow(async () => {
    const tab = h.page.locator('.tabs-container .tab').filter({ hasText: 'Timeline:' }).first();
    await tab.waitFor({ timeout: 30_000 });
    await tab.click();
  }, 'the restored timeline to list the prompts');
  await screenshot(h, 'timeline-after-reload');
  // A panel restored behind another tab has no page until shown: that is not a page that failed to start.
  assert.equal(await h.page.locator('.notification-toast').filter({ hasText: 'could not load its page' }).count(), 0);
});
