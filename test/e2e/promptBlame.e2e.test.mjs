// Prompt blame in the real workbench (code-server + headless Chromium) on the recorded multi-agent fixture, where
// Codex, Claude Code and Gemini CLI took turns on lib/shared.js (and a person edited it in between). Checks the
// CodeLens names the right prompt above the right line, the hover shows the prompt, the current-line annotation and
// status bar follow the cursor, and typing keeps attributions on their lines while the typed line gets none.
// One server and one page for the whole file; the tests run in order.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { extractMultiAgentRepos, makeHome, recordedDir } from '../../scripts/e2e/fixtures.mjs';
import { makeResultsDir, openWindow, screenshot, sharedPageTests, startHarness } from './helpers/harness.mjs';
import { sessionsTree, waitFor } from './helpers/workbench.mjs';

const truth = JSON.parse(readFileSync(join(recordedDir, 'multi-agent', 'ground-truth.json'), 'utf8'));
const promptText = (label) => {
  const [agent, p] = label.split(':prompt-');
  return truth.sessions.find((s) => s.label === agent).prompts.find((x) => x.prompt === Number(p)).text;
};
const sharedTruth = truth.files['lib/shared.js'];

let h;
// Opening a window may take three attempts (see openWindow), hence the long timeout per test.
const uiTest = sharedPageTests(() => h, test);

const results = makeResultsDir();
before(async () => {
  console.log(`[e2e] screenshots and logs: ${results}`);
  const workspace = extractMultiAgentRepos();
  const runHome = join(results, 'home');
  makeHome(runHome);
  h = await startHarness({ folder: workspace, home: runHome, resultsDir: results, log: (l) => console.log(`[e2e] ${l}`) });
}, { timeout: 600_000 });

after(async () => {
  await h?.stop();
  console.log(`[e2e] screenshots and logs: ${results}`);
});
const editor = () => h.page.locator('.editor-instance .monaco-editor').first();
const lenses = () => editor().locator('.codelens-decoration a');

/** Visible lines of the editor as { top, text }, in order. */
async function viewLines() {
  return editor().locator('.view-lines .view-line').evaluateAll((els) => els
    .map((e) => ({ top: e.getBoundingClientRect().top, text: e.textContent.replace(/\u00a0/g, ' ') }))
    .sort((a, b) => a.top - b.top));
}

/** Each lens with the text of the line right below it. */
async function lensPlacement() {
  const lines = await viewLines();
  const ls = await lenses().evaluateAll((els) => els.map((e) => ({ top: e.getBoundingClientRect().top, text: e.textContent })));
  return ls.map((l) => ({ lens: l.text, line: lines.find((x) => x.top > l.top)?.text ?? '' }));
}

async function openFile(name) {
  await h.page.keyboard.press('Control+P');
  const input = h.page.locator('.quick-input-widget input');
  await input.fill(name);
  await h.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: name.split('/').pop() }).first().waitFor();
  await h.page.keyboard.press('Enter');
  await editor().waitFor();
}

uiTest('opening a file agents wrote shows a CodeLens naming the right prompt above the right line', async () => {
  await openWindow(h, h.server.url, (page) => sessionsTree(page));
  await openFile('lib/shared.js');
  const { state } = await waitFor(async () => {
    const placed = await lensPlacement();
    return { ok: placed.length >= 4, state: placed };
  }, { timeout: 60_000, what: 'blame lenses in lib/shared.js' });
  await screenshot(h, 'blame-lenses');
  // The first line of each block in the ground truth: its lens must name that agent and prompt.
  const firsts = [];
  let prev;
  for (const t of sharedTruth) {
    if (!t.text.trim()) continue;
    if (t.origin !== prev && /^\w+:prompt-\d+$/.test(t.origin)) firsts.push(t);
    prev = t.origin;
  }
  const agentNames = { claude: 'Claude Code', codex: 'Codex', gemini: 'Gemini CLI' };
  for (const t of firsts) {
    const [agent, n] = t.origin.split(':prompt-');
    const lens = state.find((p) => p.line.trim() === t.text.trim());
    assert.ok(lens, `a lens above ${JSON.stringify(t.text)}: ${JSON.stringify(state)}`);
    assert.ok(lens.lens.includes(`${agentNames[agent]} · prompt ${n}`), `lens above ${JSON.stringify(t.text)} names ${t.origin}: ${lens.lens}`);
  }
  // The hand-written first line has no lens of its own.
  const handLine = sharedTruth.find((t) => t.origin.startsWith('user-edit'));
  assert.ok(!state.some((p) => p.line.trim() === handLine.text.trim()), 'no lens above the hand-written line');
});

uiTest('hovering an attributed line shows the prompt that wrote it', async () => {
  const gemini = sharedTruth.find((t) => t.origin === 'gemini:prompt-1');
  const target = editor().locator('.view-line').filter({ hasText: gemini.text.trim() }).first();
  const box = await target.boundingBox();
  const hover = h.page.locator('.monaco-hover').filter({ hasText: 'Reveal in Sessions' }).first();
  for (let i = 0; i < 4; i++) {
    await h.page.mouse.move(box.x + 30, box.y + box.height / 2);
    try {
      await hover.waitFor({ timeout: 5_000 });
      break;
    } catch (e) {
      if (i === 3) throw e;
      await h.page.mouse.move(box.x + 30, box.y - 200);
    }
  }
  const text = await hover.innerText();
  await screenshot(h, 'blame-hover', { keepMouse: true });
  assert.ok(text.includes(promptText('gemini:prompt-1')), `the hover shows the Gemini prompt: ${text}`);
  assert.match(text, /Gemini CLI/);
  assert.match(text, /replace/);
});

uiTest('the current line shows its prompt at the end of the line and in the status bar', async () => {
  const claudeLine = sharedTruth.find((t) => t.origin === 'claude:prompt-1');
  await h.page.mouse.move(1000, 700);
  await editor().locator('.view-line').filter({ hasText: claudeLine.text.trim() }).first().click();
  const status = h.page.locator('.statusbar-item').filter({ hasText: 'prompt 1 · Claude Code' });
  await status.waitFor({ timeout: 10_000 });
  const annotation = await waitFor(async () => {
    const texts = await editor().locator('.view-line').evaluateAll((els) => els.map((e) => [...e.querySelectorAll('span')].map((s) => getComputedStyle(s, '::after').content).join('')));
    const found = texts.find((t) => t.includes('Claude Code') && t.includes('prompt 1'));
    return { ok: Boolean(found), state: found };
  }, { what: 'the current-line annotation' });
  await screenshot(h, 'blame-current-line');
  assert.match(annotation.state, /prompt 1: /);
});

uiTest('typing a line above keeps attributions on their lines; the typed line has none', async () => {
  const first = sharedTruth.find((t) => t.line === 1);
  await editor().locator('.view-line').filter({ hasText: first.text.trim() }).first().click();
  await h.page.keyboard.press('Control+Home');
  await h.page.keyboard.type('const typedInTheBrowser = 1;\n');
  const { state } = await waitFor(async () => {
    const placed = await lensPlacement();
    const lines = await viewLines();
    return { ok: lines[0]?.text.startsWith('const typedInTheBrowser') && placed.length >= 4, state: { placed, lines } };
  }, { what: 'the lenses after typing' });
  await screenshot(h, 'blame-after-typing');
  const claudeLine = sharedTruth.find((t) => t.origin === 'claude:prompt-1');
  const lens = state.placed.find((p) => p.line.trim() === claudeLine.text.trim());
  assert.ok(lens && lens.lens.includes('Claude Code · prompt 1'), `the Claude lens moved down with its line: ${JSON.stringify(state.placed)}`);
  assert.ok(!state.placed.some((p) => p.line.startsWith('const typedInTheBrowser')), 'no lens above the typed line');
  // The typed line has no blame: the status item is hidden there.
  await h.page.keyboard.press('Control+Home');
  await waitFor(async () => (await h.page.locator('.statusbar-item').filter({ hasText: /prompt \d+ · / }).count()) === 0, { what: 'the status bar item to hide on the typed line' });
  // Leave the fixture as it was: undo the typing (never saved).
  await h.page.keyboard.press('Control+Z');
  assert.equal(h.blocked.length, 0, `requests that left 127.0.0.1: ${JSON.stringify(h.blocked)}`);
});
