// The Sessions view in the real workbench (code-server + headless Chromium), on the recorded multi-agent fixture:
// Claude Code, Codex and Gemini CLI sessions in one repo, decoys from another repo in the same HOME. One server
// and one page are shared by the tests of this file (startup costs ~20 s), so the tests run in order.
// Run: npm run test:e2e   (provisions code-server on first use; see scripts/e2e/provision.mjs)
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { recordedDir } from '../../scripts/e2e/fixtures.mjs';
import { makeResultsDir, openWindow, screenshot, sharedPageTests, startMultiAgentHarness } from './helpers/harness.mjs';
import { expand, hoverText, row, sessionsTree, treeRows, waitFor } from './helpers/workbench.mjs';

const groundTruth = JSON.parse(readFileSync(join(recordedDir, 'multi-agent', 'ground-truth.json'), 'utf8'));
const agentLabels = { claude: 'Claude Code', codex: 'Codex', gemini: 'Gemini CLI' };
const expected = groundTruth.sessions.map((s) => ({ ...s, agentLabel: agentLabels[s.agent], prompts: s.prompts.map((p) => p.text) }));
const claude = expected.find((s) => s.agent === 'claude');
const readScenario = (name) => JSON.parse(readFileSync(join(recordedDir, '..', 'scenarios', name), 'utf8'));
const relativeTime = /\b\d+ (second|minute|hour|day|month|year)s? ago$/;

let h;
// Opening a window may take several attempts (see openWindow), hence the long timeout per test.
const uiTest = sharedPageTests(() => h, test);

const results = makeResultsDir();
const startedAt = Date.now();

before(async () => {
  console.log(`[e2e] screenshots and logs: ${results}`);
  h = await startMultiAgentHarness(results);
  console.log(`[e2e] ${h.server.url} (timings ms: ${JSON.stringify(h.timings)})`);
}, { timeout: 600_000 }); // a first run provisions code-server (about 4 minutes)

after(async () => {
  await h?.stop();
  if (h?.retries.length) console.log(`[e2e] WARNING ${h.retries.length} window(s) had to be reopened: ${JSON.stringify(h.retries)}`);
  console.log(`[e2e] screenshots and logs: ${results}`);
  console.log(`[e2e] whole file: ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
});

uiTest('the Agent Trail activity-bar icon opens the Sessions view', async () => {
  // The icon appears once the extension is scanned; its accessible name is the container's title.
  const ms = await openWindow(h, h.server.url, (page) => sessionsTree(page));
  await screenshot(h, 'sessions-view-opened');
  console.log(`[e2e] workbench + Sessions view open in ${ms} ms`);
});

uiTest('lists the three sessions of the workspace with title, agent and relative time, and not the decoys', async () => {
  const t = Date.now();
  const { state } = await waitFor(async () => {
    const roots = (await treeRows(h.page)).filter((r) => r.level === 1);
    return { ok: roots.length >= expected.length, state: roots };
  }, { timeout: 90_000, what: 'the sessions to be listed' });
  console.log(`[e2e] sessions listed ${Date.now() - t} ms after the view opened (activation + first index)`);
  await screenshot(h, 'sessions-listed');
  assert.equal(state.length, expected.length, `exactly the workspace's sessions: ${JSON.stringify(state)}`);
  for (const s of expected) {
    const r = state.find((x) => x.description.startsWith(`${s.agentLabel} · `));
    assert.ok(r, `a ${s.agentLabel} session is listed: ${JSON.stringify(state)}`);
    assert.equal(r.label, s.prompts[0], `${s.agentLabel} session title`);
    assert.match(r.description, relativeTime, `${s.agentLabel} description ends with a relative time`);
    assert.match(r.icon, /codicon-/, `${s.agentLabel} session has a ThemeIcon`);
  }
  // The description is cut off in a narrow sidebar; the tooltip carries agent, folder and times.
  const tooltip = await hoverText(h.page, row(h.page, claude.prompts[0], 1), 'Claude Code session');
  await screenshot(h, 'session-tooltip', { keepMouse: true });
  assert.match(tooltip, /demo-repo/);
  // The decoys (same HOME, same relative paths, another repo) would be titled by their first prompt.
  const decoyPrompts = groundTruth.decoy_sessions.flatMap((d) => readScenario(`multi-${d.label}.json`).turns.map((t) => t.prompt));
  assert.ok(decoyPrompts.length >= 1, 'the fixture has decoys');
  for (const r of state) {
    assert.ok(!decoyPrompts.includes(r.label), `a decoy session is listed: ${JSON.stringify(r)}`);
  }
});

uiTest('expanding a session shows its prompts in order', async () => {
  const promptsUnder = async (title) => {
    const rows = await treeRows(h.page);
    const at = rows.findIndex((r) => r.level === 1 && r.label === title);
    const children = [];
    for (let i = at + 1; i < rows.length && rows[i].level > 1; i++) if (rows[i].level === 2) children.push(rows[i].label);
    return children;
  };
  for (const s of expected) {
    await expand(h.page, s.prompts[0], 1);
    const { state } = await waitFor(async () => {
      const labels = await promptsUnder(s.prompts[0]);
      return { ok: labels.length >= s.prompts.length, state: labels };
    }, { what: `the ${s.agentLabel} session's prompts` });
    assert.deepEqual(state, s.prompts.map((p, i) => `#${i + 1} ${p}`), `${s.agentLabel} prompts`);
  }
  await screenshot(h, 'sessions-expanded-prompts');
});

uiTest('expanding a prompt shows files changed, files read and commands', async () => {
  await expand(h.page, `#1 ${claude.prompts[0]}`, 2);
  await expand(h.page, 'Files Read', 3);
  await expand(h.page, 'Commands', 3);
  await expand(h.page, 'Files Changed', 3);
  // The tree renders expanded children asynchronously: wait until every group shows its rows.
  const collect = async () => {
    const rows = await treeRows(h.page);
    const at = rows.findIndex((r) => r.level === 2 && r.label === `#1 ${claude.prompts[0]}`);
    const found = [];
    for (let i = at + 1; i < rows.length && rows[i].level > 2; i++) found.push(rows[i]);
    return found;
  };
  const { state: under } = await waitFor(async () => {
    const found = await collect();
    const last = found[found.length - 1];
    return { ok: found.filter((r) => r.level === 3).length === 3 && last?.level === 4, state: found };
  }, { what: 'the prompt\'s files changed, files read and commands' });
  await screenshot(h, 'prompt-expanded-activity');
  const groups = under.filter((r) => r.level === 3).map((r) => r.label);
  assert.deepEqual(groups, ['Files Changed', 'Files Read', 'Commands'], JSON.stringify(under));
  const childrenOf = (group) => {
    const i = under.findIndex((r) => r.level === 3 && r.label === group);
    const out = [];
    for (let j = i + 1; j < under.length && under[j].level === 4; j++) out.push(under[j]);
    return out;
  };
  assert.deepEqual(childrenOf('Files Changed').map((r) => `${r.label} ${r.description}`), ['shared.js modified · lib']);
  assert.deepEqual(childrenOf('Files Read').map((r) => `${r.label} ${r.description}`), ['shared.js read · lib']);
  assert.ok(childrenOf('Commands').length >= 1, `at least one command: ${JSON.stringify(under)}`);
});

uiTest('clicking a changed file opens a diff editor', async () => {
  const changedFile = h.page.locator(`.monaco-list-row[aria-level="4"]`).filter({ hasText: 'modified · lib' }).first();
  await changedFile.click();
  const diff = h.page.locator('.editor-instance .monaco-diff-editor').first();
  await diff.waitFor();
  // The edit of prompt #1 gave greet() a default name; the modified side shows it.
  await waitFor(async () => (await diff.locator('.editor.modified .view-lines').textContent())?.includes('world'), { what: 'the diff content' });
  h.diffTab = (await h.page.locator('.tabs-container .tab.active').textContent())?.trim();
  await screenshot(h, 'changed-file-diff');
  assert.ok(h.diffTab, 'the diff has an editor tab');
  console.log(`[e2e] diff tab: ${h.diffTab}`);
});

uiTest('a record appended to a transcript shows up without a reload', async () => {
  const dir = join(results, 'home', '.claude', 'projects');
  const file = readdirSync(dir).map((d) => join(dir, d, `${claude.session_id}.jsonl`)).find((f) => { try { readFileSync(f); return true; } catch { return false; } });
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  // A copy of a real prompt record, chained after the last record, with a new id, time and text.
  const prompt = lines.findLast((r) => r.type === 'user' && typeof r.message?.content === 'string');
  const last = lines.findLast((r) => r.uuid);
  const text = `e2e live prompt ${randomUUID().slice(0, 8)}`;
  const record = { ...prompt, uuid: randomUUID(), parentUuid: last.uuid, promptId: randomUUID(), timestamp: new Date().toISOString(), message: { ...prompt.message, content: text } };
  const t = Date.now();
  appendFileSync(file, `${readFileSync(file, 'utf8').endsWith('\n') ? '' : '\n'}${JSON.stringify(record)}\n`);
  await row(h.page, `#${claude.prompts.length + 1} ${text}`, 2).waitFor({ timeout: 30_000 });
  const ms = Date.now() - t;
  await screenshot(h, 'live-append');
  console.log(`[e2e] appended prompt visible after ${ms} ms`);
});

uiTest('a workspace with no agent history shows the welcome view', async () => {
  const empty = join(h.runDir, 'empty-workspace');
  mkdirSync(empty, { recursive: true });
  // A new tab, as a user opening another folder would; the same server, profile and HOME.
  const welcome = (page) => page.locator('.welcome-view-content').filter({ hasText: 'No agent sessions found' });
  const ms = await openWindow(h, `${h.server.baseUrl}?folder=${encodeURIComponent(empty)}`, welcome);
  console.log(`[e2e] second window + welcome view in ${ms} ms`);
  await screenshot(h, 'empty-workspace-welcome');
  assert.match(await welcome(h.page).textContent(), /Open Settings/);
});

test('nothing left 127.0.0.1: every other request was blocked and counted', async () => {
  assert.deepEqual(h.blocked, [], `requests off the machine: ${h.blocked.join(', ')}`);
});
