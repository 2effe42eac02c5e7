// The Cline and Roo Code VS Code extensions' tasks in the real workbench (code-server + headless Chromium), on the
// fixture test/fixtures/clineTasks built by its materialize.sh: both agents' sessions in the Sessions view (the decoys
// of another folder left out), prompt blame in a file a Cline prompt wrote and a Roo Code prompt changed, and the Roo
// Code task's timeline. code-server keeps its own User folder, so the extensions' storage folders are named in the
// settings, as a user of another editor's data would.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { makeResultsDir, openFileInExplorer, screenshot, sharedPageTests, openWindow, startHarness } from './helpers/harness.mjs';
import { expand, sessionsTree, treeRows, waitFor } from './helpers/workbench.mjs';

let h;
const uiTest = sharedPageTests(() => h, test);
const results = makeResultsDir();
const root = join(results, 'fixture');
const workspace = join(root, 'project');
const storage = join(root, 'home/.config/Code/User/globalStorage');

before(async () => {
  console.log(`[e2e] screenshots and logs: ${results}`);
  mkdirSync(root, { recursive: true });
  execFileSync('bash', [join(process.cwd(), 'test/fixtures/clineTasks/materialize.sh'), root]);
  h = await startHarness({
    folder: workspace,
    home: join(root, 'home'),
    resultsDir: results,
    settings: {
      'agentTrail.sources.cline.folders': [join(storage, 'saoudrizwan.claude-dev')],
      'agentTrail.sources.roo.folders': [join(storage, 'rooveterinaryinc.roo-cline')],
    },
    log: (l) => console.log(`[e2e] ${l}`),
  });
}, { timeout: 600_000 });

after(async () => {
  await h?.stop();
  console.log(`[e2e] screenshots and logs: ${results}`);
});

uiTest('the workspace\'s Cline and Roo Code tasks are listed with their agents; the decoys are not', async () => {
  await openWindow(h, h.server.url, (page) => sessionsTree(page));
  const { state } = await waitFor(async () => {
    const roots = (await treeRows(h.page)).filter((r) => r.level === 1);
    return { ok: roots.length >= 3, state: roots };
  }, { timeout: 90_000, what: 'the three tasks to be listed' });
  assert.deepEqual(state.map((r) => r.description.split(' · ')[0]).sort(), ['Cline', 'Cline', 'Roo Code']);
  assert.ok(!state.some((r) => /decoy/i.test(r.label)), JSON.stringify(state));
  const roo = state.find((r) => r.description.startsWith('Roo Code · '));
  assert.match(roo.icon, /codicon-squirrel/, 'the Roo Code icon');
  await expand(h.page, state.find((r) => r.label.startsWith('Create a greeting')).label, 1);
  await waitFor(async () => {
    const rows = (await treeRows(h.page)).filter((r) => r.level === 2);
    return { ok: rows.length >= 2, state: rows };
  }, { what: 'the Cline task\'s two prompts' });
  await screenshot(h, 'cline-roo-sessions');
});

uiTest('src/greet.js: lenses name the Cline prompt that wrote it and the Roo Code prompt that changed a line', async () => {
  await openFileInExplorer(h, 'src/greet.js');
  const lens = h.page.locator('.editor-instance .monaco-editor').first().locator('.codelens-decoration a');
  const { state } = await waitFor(async () => {
    const texts = await lens.allTextContents();
    return { ok: texts.some((t) => t.includes('Cline · prompt 1')) && texts.some((t) => t.includes('Roo Code · prompt 1')), state: texts };
  }, { timeout: 60_000, what: 'lenses naming Cline and Roo Code' });
  await screenshot(h, 'cline-roo-blame');
  assert.ok(state.length >= 2, JSON.stringify(state));
});

uiTest('the Roo Code task opens in the timeline with its prompt and failed command', async () => {
  const row = sessionsTree(h.page).locator('.monaco-list-row[aria-level="1"]').filter({ has: h.page.locator('.label-description', { hasText: /^Roo Code · / }) }).first();
  const frame = () => h.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await row.hover();
  await row.getByRole('button', { name: 'Open Timeline' }).click();
  await assert.doesNotReject(frame().getByText('Greet more casually and add a farewell', { exact: true }).first().waitFor({ timeout: 45_000 }), 'the prompt shown');
  await assert.doesNotReject(frame().getByText('Roo Code').first().waitFor(), 'the header names the agent');
  await screenshot(h, 'roo-timeline');
});
