// Copilot Chat in VS Code in the real workbench (code-server + headless Chromium): a Copilot Chat workspace storage
// (test/fixtures/copilot-chat: a flat session, a mutation log, editing-session baselines, transcripts, a decoy folder's
// storage) laid out in code-server's own user data folder, where the extension looks (the running editor's `User`
// folder, its `workspaceStorage/<id>/workspace.json` naming the opened folder). The sessions in the Sessions view, one
// opened in the timeline. One server and one page for the file; the tests run in order.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { makeResultsDir, openTimeline, openWindow, screenshot, sharedPageTests, startHarness, timelineFrame } from './helpers/harness.mjs';
import { expand, sessionsTree, treeRows, waitFor } from './helpers/workbench.mjs';

const fixture = join(process.cwd(), 'test/fixtures/copilot-chat');
const prompts = { 'Greeting function and tests': ['Add a greeting function to app.ts', 'Run the tests'], 'Notes and rename': ['Create docs/notes.md describing the helpers', 'Rename greet to hello'] };

let h;
let layout;
const uiTest = sharedPageTests(() => h, test);
const results = makeResultsDir();

function substitute(dir, from) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) substitute(p, from);
    else writeFileSync(p, Object.entries(from).reduce((t, [k, v]) => t.split(k).join(v), readFileSync(p, 'utf8')));
  }
}

before(async () => {
  console.log(`[e2e] screenshots and logs: ${results}`);
  const root = join(results, 'copilot-chat');
  rmSync(root, { recursive: true, force: true });
  cpSync(fixture, root, { recursive: true });
  const project = join(root, 'project');
  substitute(root, { __WORKSPACE__: project, __DECOY__: join(root, 'decoy') });
  const home = join(results, 'home');
  mkdirSync(home, { recursive: true });
  h = await startHarness({ folder: project, home, resultsDir: results, log: (l) => console.log(`[e2e] ${l}`) });
  // code-server's user data folder is the harness's; the extension host starts with the first window, so the storage
  // is there before the extension looks. Its folder name is ours: code-server's own id for the folder is a hash it
  // computes, and workspace.json is what maps a storage folder to its workspace.
  const storageRoot = join(h.runDir, 'user-data', 'User', 'workspaceStorage');
  mkdirSync(storageRoot, { recursive: true });
  for (const id of ['aaa111', 'bbb222']) cpSync(join(root, 'User', 'workspaceStorage', id), join(storageRoot, id), { recursive: true });
  const log = join(storageRoot, 'aaa111', 'chatSessions', 'sess-log.jsonl');
  const t = statSync(log).mtime.getTime() - 60_000;
  utimesSync(join(storageRoot, 'aaa111', 'chatSessions', 'sess-log.json'), new Date(t), new Date(t));
  layout = { project, storageRoot };
}, { timeout: 600_000 });

after(async () => {
  await h?.stop();
  if (h?.retries.length) console.log(`[e2e] WARNING ${h.retries.length} window(s) had to be reopened: ${JSON.stringify(h.retries)}`);
  console.log(`[e2e] screenshots and logs: ${results}`);
});

const chatRow = (title) => sessionsTree(h.page).locator('.monaco-list-row[aria-level="1"]').filter({ hasText: title }).first();

uiTest('the Copilot Chat sessions of the workspace are listed, none of the decoy folder', async () => {
  await openWindow(h, h.server.url, (page) => sessionsTree(page));
  const { state } = await waitFor(async () => {
    const roots = (await treeRows(h.page)).filter((r) => r.level === 1);
    return { ok: roots.filter((r) => r.description.startsWith('Copilot Chat · ')).length >= 3, state: roots };
  }, { timeout: 120_000, what: 'the Copilot Chat sessions to be listed' });
  assert.equal(state.length, 3, `three sessions in this workspace: ${JSON.stringify(state)}`);
  assert.ok(state.every((r) => r.description.startsWith('Copilot Chat · ')), JSON.stringify(state));
  assert.ok(state.every((r) => /codicon-comment-discussion/.test(r.icon)), 'the Copilot Chat icon');
  assert.ok(!state.some((r) => /decoy/.test(r.label)), 'nothing of the decoy folder');
  const notes = state.find((r) => r.label.includes('Notes and rename'));
  assert.ok(notes, `the mutation log's title: ${JSON.stringify(state)}`);
  await expand(h.page, notes.label, 1);
  const { state: listed } = await waitFor(async () => {
    const rows = (await treeRows(h.page)).filter((r) => r.level === 2);
    return { ok: rows.length >= 2, state: rows };
  }, { what: 'the prompts' });
  await screenshot(h, 'copilot-chat-sessions');
  for (const [i, text] of prompts['Notes and rename'].entries()) {
    const label = listed[i].label;
    assert.ok(label.startsWith(`#${i + 1} `) && text.startsWith(label.slice(`#${i + 1} `.length).replace(/…$/, '')), `prompt ${i + 1}: ${label}`);
  }
});

uiTest('a Copilot Chat session opens in the timeline with its prompts and its terminal command', async () => {
  const title = 'Greeting function and tests';
  const frame = () => timelineFrame(h);
  const articles = await openTimeline(h, () => chatRow(title), prompts[title].length);
  for (const [i, text] of prompts[title].entries()) {
    await articles.nth(i).scrollIntoViewIfNeeded();
    await assert.doesNotReject(articles.nth(i).getByText(text, { exact: true }).first().waitFor(), `prompt ${i + 1} shown exactly`);
  }
  await assert.doesNotReject(frame().getByText('Copilot Chat').first().waitFor(), 'the header names the agent');
  await articles.nth(1).scrollIntoViewIfNeeded();
  await assert.doesNotReject(frame().getByText('npm test').first().waitFor(), 'the terminal command is shown');
  await screenshot(h, 'copilot-chat-timeline');
  assert.ok(layout.project);
});

uiTest('a session written into code-server\'s own storage folder of the workspace appears live', async () => {
  // code-server's storage folder of this workspace: its id is a hash code-server computes (and it writes no
  // workspace.json here), so it is found as the folder holding this extension's own workspace storage (storageUri).
  const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8'));
  const extensionId = `${pkg.publisher}.${pkg.name}`.toLowerCase();
  const { state: own } = await waitFor(async () => {
    const ids = readdirSync(layout.storageRoot).filter((id) => !['aaa111', 'bbb222'].includes(id));
    const found = ids.find((id) => readdirSync(join(layout.storageRoot, id)).some((n) => n.toLowerCase() === extensionId));
    return { ok: found !== undefined, state: found ?? ids.map((id) => `${id}: ${readdirSync(join(layout.storageRoot, id)).join(', ')}`) };
  }, { timeout: 30_000, what: "code-server's storage folder of the workspace" });
  console.log(`[e2e] code-server's storage folder of the workspace: ${own}`);
  const sessions = join(layout.storageRoot, own, 'chatSessions');
  mkdirSync(sessions, { recursive: true });
  const request = { requestId: 'request_own1', timestamp: Date.now(), modelId: 'copilot/gpt-4.1', message: { text: 'A chat of this very window' }, response: [{ value: 'Hello from the window\'s own storage.' }] };
  writeFileSync(join(sessions, 'sess-own.jsonl'), `${JSON.stringify({ kind: 0, v: { version: 3, sessionId: 'sess-own', creationDate: Date.now(), customTitle: 'Own storage chat', requests: [] } })}\n${JSON.stringify({ kind: 2, k: ['requests'], v: [request] })}\n`);
  const { state } = await waitFor(async () => {
    const roots = (await treeRows(h.page)).filter((r) => r.level === 1);
    return { ok: roots.some((r) => r.label.includes('Own storage chat')), state: roots };
  }, { timeout: 90_000, what: 'the new session to be listed' });
  await screenshot(h, 'copilot-chat-own-storage');
  assert.equal(state.length, 4, JSON.stringify(state));
});
