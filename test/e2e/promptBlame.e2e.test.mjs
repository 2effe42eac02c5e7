// Prompt blame in the real workbench (code-server + headless Chromium) on the recorded multi-agent fixture, where
// Codex, Claude Code and Gemini CLI took turns on lib/shared.js (and a person edited it in between). Checks the
// CodeLens names the right prompt above the right line, the hover shows the prompt, the current-line annotation and
// status bar follow the cursor, and typing keeps attributions on their lines while the typed line gets none.
// One server and one page for the whole file; the tests run in order.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { recordedDir } from '../../scripts/e2e/fixtures.mjs';
import { makeResultsDir, openFileInExplorer, openWindow, screenshot, sharedPageTests, startMultiAgentHarness } from './helpers/harness.mjs';
import { sessionsTree, treeRows, waitFor } from './helpers/workbench.mjs';

const truth = JSON.parse(readFileSync(join(recordedDir, 'multi-agent', 'ground-truth.json'), 'utf8'));
const promptText = (label) => {
  const [agent, p] = label.split(':prompt-');
  return truth.sessions.find((s) => s.label === agent).prompts.find((x) => x.prompt === Number(p)).text;
};
const sharedTruth = truth.files['lib/shared.js'];

let h;
// Opening a window may take several attempts (see openWindow), hence the long timeout per test.
const uiTest = sharedPageTests(() => h, test);

const results = makeResultsDir();
before(async () => {
  console.log(`[e2e] screenshots and logs: ${results}`);
  h = await startMultiAgentHarness(results);
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

const openFile = (relative) => openFileInExplorer(h, relative);

uiTest('opening a file agents wrote shows a CodeLens naming the right prompt above the right line', async () => {
  await openWindow(h, h.server.url, (page) => sessionsTree(page));
  await openFile('lib/shared.js');
  // The first line of each block in the ground truth: its lens must name that agent and prompt.
  const firsts = [];
  let prev;
  for (const t of sharedTruth) {
    if (!t.text.trim()) continue;
    if (t.origin !== prev && /^\w+:prompt-\d+$/.test(t.origin)) firsts.push(t);
    prev = t.origin;
  }
  const agentNames = { claude: 'Claude Code', codex: 'Codex', gemini: 'Gemini CLI' };
  const matches = (placed) => firsts.every((t) => {
    const [agent, n] = t.origin.split(':prompt-');
    return placed.some((p) => p.line.trim() === t.text.trim() && p.lens.includes(`${agentNames[agent]} · prompt ${n}`));
  });
  // Lenses arrive and the lines below them move as their zones render: wait for the settled layout.
  const { state } = await waitFor(async () => {
    const placed = await lensPlacement();
    return { ok: placed.length >= firsts.length && matches(placed), state: placed };
  }, { timeout: 60_000, what: 'blame lenses in lib/shared.js above their lines' });
  await screenshot(h, 'blame-lenses');
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
  const claudeLine = sharedTruth.find((t) => t.origin === 'claude:prompt-1');
  const { state } = await waitFor(async () => {
    const placed = await lensPlacement();
    const lines = await viewLines();
    const moved = placed.some((p) => p.line.trim() === claudeLine.text.trim() && p.lens.includes('Claude Code · prompt 1'));
    return { ok: lines[0]?.text.startsWith('const typedInTheBrowser') && moved, state: { placed, lines } };
  }, { what: 'the lenses after typing' });
  await screenshot(h, 'blame-after-typing');
  const lens = state.placed.find((p) => p.line.trim() === claudeLine.text.trim());
  assert.ok(lens && lens.lens.includes('Claude Code · prompt 1'), `the Claude lens moved down with its line: ${JSON.stringify(state.placed)}`);
  assert.ok(!state.placed.some((p) => p.line.startsWith('const typedInTheBrowser')), 'no lens above the typed line');
  // The typed line has no blame: the status item is hidden there.
  await h.page.keyboard.press('Control+Home');
  await waitFor(async () => (await h.page.locator('.statusbar-item').filter({ hasText: /prompt \d+ · / }).count()) === 0, { what: 'the status bar item to hide on the typed line' });
  // Leave the file as it is on disk: revert the buffer (the next test changes the file on disk, as a command would).
  await h.page.keyboard.press('Control+Shift+P');
  await h.page.locator('.quick-input-widget input').fill('>File: Revert File');
  await h.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Revert File' }).first().waitFor();
  await h.page.keyboard.press('Enter');
  await waitFor(async () => (await h.page.locator('.tabs-container .tab.active.dirty').count()) === 0 && !(await viewLines())[0]?.text.startsWith('const typedInTheBrowser'), { what: 'the buffer to be reverted' });
  assert.equal(h.blocked.length, 0, `requests that left 127.0.0.1: ${JSON.stringify(h.blocked)}`);
});

uiTest('a change seen on disk while an agent\'s shell command runs is credited to that command\'s prompt', async () => {
  const session = truth.sessions.find((s) => s.label === 'claude');
  const dir = join(results, 'home', '.claude', 'projects');
  const file = readdirSync(dir).map((d) => join(dir, d, `${session.session_id}.jsonl`)).find((f) => { try { readFileSync(f); return true; } catch { return false; } });
  const records = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  // Copies of real records (a prompt, a Bash tool_use, its result), chained after the last one, as Claude Code
  // writes them while it works: the call first, the result when the command is done.
  const promptRecord = records.findLast((r) => r.type === 'user' && typeof r.message?.content === 'string');
  const callRecord = records.findLast((r) => r.type === 'assistant' && r.message?.content?.some?.((c) => c.type === 'tool_use' && c.name === 'Bash'));
  const resultRecord = records.findLast((r) => r.type === 'user' && Array.isArray(r.message?.content) && r.message.content.some((c) => c.type === 'tool_result' && c.tool_use_id === callRecord.message.content.find((x) => x.type === 'tool_use').id));
  assert.ok(promptRecord && callRecord && resultRecord, 'the recorded transcript has a prompt, a Bash call and its result');
  const append = (r) => appendFileSync(file, `${JSON.stringify(r)}\n`);
  const promptId = randomUUID();
  const toolId = `toolu_e2e${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const text = `e2e: run the fixer script ${randomUUID().slice(0, 6)}`;
  const p = { ...promptRecord, uuid: randomUUID(), parentUuid: records.findLast((r) => r.uuid).uuid, promptId, timestamp: new Date().toISOString(), message: { ...promptRecord.message, content: text } };
  append(p);
  const call = { ...callRecord, uuid: randomUUID(), parentUuid: p.uuid, timestamp: new Date().toISOString(), message: { ...callRecord.message, id: `msg_e2e${randomUUID().slice(0, 8)}`, content: [{ type: 'tool_use', id: toolId, name: 'Bash', input: { command: 'python3 tools/fix_exports.py', description: 'Run the fixer' } }] } };
  append(call);
  // The index sees the call (the agent is active), then the "command" changes the file on disk.
  // Sessions are listed newest first: the Claude session moving to the top says the index has the call.
  await waitFor(async () => (await treeRows(h.page)).find((r) => r.level === 1)?.label === session.prompts[0].text, { what: 'the Claude session to move to the top of the Sessions view' });
  const shared = join(truth.sessions[0].cwd, 'lib', 'shared.js');
  const added = '// exports checked by tools/fix_exports.py';
  appendFileSync(shared, `${added}\n`);
  // Credited while the command still runs (no result yet): file watcher events may take a moment to arrive.
  const credited = async () => {
    const placed = await lensPlacement();
    const lens = placed.find((x) => x.line.trim() === added);
    return { ok: Boolean(lens?.lens.includes('Claude Code · prompt 3')), state: placed };
  };
  await waitFor(credited, { timeout: 45_000, what: 'a lens crediting the observed change to the running command\'s prompt' });
  // The command ends: the attribution stays.
  append({ ...resultRecord, uuid: randomUUID(), parentUuid: call.uuid, promptId, timestamp: new Date().toISOString(), sourceToolAssistantUUID: call.uuid, toolUseResult: { stdout: 'ok', stderr: '', interrupted: false, isImage: false }, message: { role: 'user', content: [{ tool_use_id: toolId, type: 'tool_result', content: 'ok', is_error: false }] } });
  await new Promise((r) => setTimeout(r, 2500)); // past the index's live-update latency, then check again
  const { state } = await waitFor(credited, { timeout: 30_000, what: 'the lens to stay after the command ended' });
  await screenshot(h, 'blame-observed-shell-change');
  assert.ok(state.some((x) => x.line.trim() === added && x.lens.includes(text.slice(0, 20))), JSON.stringify(state));
});
