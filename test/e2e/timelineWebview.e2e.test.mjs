// The timeline webview in real Chromium, outside VS Code: the built dist/webview/ page under the host's CSP
// (timelineHtml), a fake acquireVsCodeApi, HostMessages posted as the host would. (a) A hostile session must
// not run script, inject markup or styles, or hang the page. (b) A normal session: rendering, diff requests and
// rendering, every button's message, keyboard navigation, search, filters, reveal, and the state round trip.
// Screenshots in light, dark and high-contrast go to test-results/e2e/timeline-webview/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { repoRoot } from '../../scripts/e2e/fixtures.mjs';
import { launchBrowser, openTimelinePage, posted, postToPage, setTheme, startWebviewServer } from './helpers/timelinePage.mjs';
import { evil, evilDiff, hostileSession, largeSession, normalSession, sampleDiff } from './helpers/timelineSessions.mjs';

const shots = join(repoRoot, 'test-results', 'e2e', 'timeline-webview');
let server;
let browser;

before(async () => {
  mkdirSync(shots, { recursive: true });
  console.log(`timeline webview screenshots: ${shots}`);
  server = await startWebviewServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const shot = (page, name) => page.screenshot({ path: join(shots, `${name}.png`) });
const messages = async (page, type) => (await posted(page)).filter((m) => type === undefined || m.type === type);
/** Polls the recorded messages from Node (the page's CSP forbids eval, so no predicate is sent to it). */
async function waitForMessage(page, predicate, timeout = 10_000) {
  const until = Date.now() + timeout;
  for (;;) {
    if ((await posted(page)).some(predicate)) return;
    if (Date.now() > until) throw new Error(`no such message; posted: ${JSON.stringify(await posted(page)).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Everything that would mean transcript text became markup, style or script. */
function domAudit() {
  const all = [...document.querySelectorAll('*')];
  return {
    pwned: window.__pwned,
    scripts: document.querySelectorAll('script').length,
    styleAttrs: all.filter((e) => e.hasAttribute('style')).map((e) => e.outerHTML.slice(0, 120)),
    styleTags: document.querySelectorAll('style').length,
    handlers: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName}.${a.name}`)),
    dangerous: [...document.querySelectorAll('img, iframe, textarea, object, embed, a[href], svg:not(.d2h-icon), details[open] > img')].map((e) => e.outerHTML.slice(0, 120)),
  };
}

test('a hostile session stays text: no script runs, no markup or style is injected, the page stays responsive', async () => {
  const { page, errors, dialogs, blocked, context } = await openTimelinePage(browser, server.origin, { theme: 'vscode-dark' });
  try {
    const session = hostileSession();
    // A 10 MB command output full of markup, built in the page: the host cuts outputs, a hostile one might not.
    await page.evaluate((s) => {
      const line = '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=1</script> plain output text here\n';
      const out = line.repeat(Math.ceil(10_000_000 / line.length));
      const cmd = s.prompts[0].steps.find((x) => x.id === 'h5');
      cmd.output = out;
      cmd.outputLength = out.length;
      window.postMessage({ type: 'session', session: s, restoreEnabled: false, restoreDisabledReason: `No: ${'<b>'}reason` }, '*');
    }, session);
    await page.waitForSelector('article.prompt .steps');

    // The injected markup is on screen as text.
    const promptText = await page.locator('.prompt-text').textContent();
    assert.equal(promptText, `Please ${evil}`);
    assert.equal(await page.locator('h1').textContent(), evil);
    const md = await page.locator('.step-text .md').first().textContent();
    assert.ok(md.includes('<script>window.__pwned=1</script>'), 'markdown shows raw HTML as text');
    assert.ok(md.includes('<details open><summary>x</summary>'), 'block HTML is text');
    assert.ok((await page.locator('.md-link').count()) >= 2, 'links render as inert text');

    // Expand everything, show all of the 10 MB output, get the diff, search and filter.
    for (const summary of await page.locator('summary').all()) {
      await summary.click();
    }
    await waitForMessage(page, (m) => m.type === 'requestDiff' && m.changeId === 'h4#0');
    await postToPage(page, { type: 'diff', changeId: 'h4#0', diff: evilDiff });
    await page.waitForSelector('section[data-change-id="h4#0"] .d2h-diff-table');
    const diffText = await page.locator('section[data-change-id="h4#0"] .d2h-diff-table').textContent();
    assert.ok(diffText.includes('<script>window.__pwned=1</script>'), 'diff lines are text');

    await page.locator('[data-show-all="h5"]').click();
    await page.waitForFunction(() => !document.querySelector('pre[data-output-of="h5"]')?.hasAttribute('aria-busy'), null, { timeout: 60_000 });
    const shown = await page.evaluate(() => document.querySelector('pre[data-output-of="h5"]').textContent.length);
    assert.ok(shown >= 10_000_000, `the whole output is shown (${shown})`);

    // An `output` message with 10 MB for the tool result, too.
    await page.evaluate(() => window.postMessage({ type: 'output', stepId: 'h6', output: '<svg onload="window.__pwned=1">\n'.repeat(330_000) }, '*'));
    await page.waitForFunction(() => (document.querySelector('pre[data-output-of="h6"]')?.textContent.length ?? 0) > 10_000_000, null, { timeout: 60_000 });

    const t0 = Date.now();
    assert.equal(await page.evaluate(() => 1), 1);
    console.log(`page answered in ${Date.now() - t0} ms after 2 x 10 MB of output`);

    await page.keyboard.press('/');
    await page.keyboard.type('pwned');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /of/.test(document.querySelector('.search-count')?.textContent ?? ''));
    const count = await page.locator('.search-count').textContent();
    assert.match(count, /^1 of [\d,]+\+?$/);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.press('Escape');
    await page.locator('vscode-checkbox[data-filter="failures"]').click();
    await page.waitForFunction(() => document.querySelector('[data-step-id="h1"]')?.hidden === true);
    assert.equal(await page.locator('[data-step-id="h5"]').isVisible(), true, 'the failed command stays');

    // Restore is disabled with the host's reason, as text.
    const restore = page.locator('.restore-checkpoint');
    assert.equal(await restore.getAttribute('disabled'), '');
    assert.equal(await restore.getAttribute('aria-description'), 'No: <b>reason');
    await restore.click({ force: true });
    assert.equal((await messages(page, 'restoreCheckpoint')).length, 0);
    // So is a file's own restore button (the hostile rename has none: a rename is restored with its checkpoint).
    assert.equal(await page.locator('[data-step-id="h4"] .restore-file').count(), 0);

    // Links carry no navigation; the subagent link posts the id as data.
    await page.locator('.subagent').click();
    assert.deepEqual((await messages(page, 'openSession')).at(-1), { type: 'openSession', sessionId: evil });

    const audit = await page.evaluate(domAudit);
    assert.equal(audit.pwned, undefined);
    assert.equal(audit.scripts, 1, 'only the page script');
    assert.deepEqual(audit.styleAttrs, []);
    assert.equal(audit.styleTags, 0);
    assert.deepEqual(audit.handlers, []);
    assert.deepEqual(audit.dangerous, []);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(blocked, [], 'no request left 127.0.0.1');
    assert.deepEqual(errors.filter((e) => !/favicon/.test(e)), [], 'no page error or CSP violation');
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'hostile-dark');
  } finally {
    await context.close();
  }
});

test('a normal session: rendering, diffs, buttons, keyboard, search, filters, reveal and state', async () => {
  const { page, errors, blocked, context } = await openTimelinePage(browser, server.origin, { theme: 'vscode-light' });
  try {
    await postToPage(page, { type: 'loading', sessionKey: 'claude-code:normal' });
    assert.equal(await page.locator('.status').textContent(), 'Loading session…');
    await postToPage(page, { type: 'session', session: normalSession(), restoreEnabled: true });
    await page.waitForSelector('article.prompt .steps');

    // Structure and ARIA.
    assert.equal(await page.locator('[role="feed"] > article').count(), 3);
    assert.match(await page.locator('article').first().getAttribute('aria-label'), /^Prompt 1: Fix the add function/);
    assert.equal(await page.locator('article').first().getAttribute('aria-setsize'), '3');
    assert.equal(await page.locator('.checkpoint').count(), 2, 'markers before prompts 1 and 3 (which changed files)');
    assert.match(await page.locator('.counts').textContent(), /3 prompts.*8 tool calls.*3 edits|3 prompts/);
    assert.equal(await page.locator('.step-text .md-h2').first().textContent(), 'Plan');
    assert.equal(await page.locator('.step-text code').first().textContent(), 'add');
    assert.equal(await page.locator('[data-step-id="s5"]').getAttribute('class'), 'step step-command failed');

    // Diffs: the visible expanded block is requested, the 905-line one starts collapsed and is not.
    await waitForMessage(page, (m) => m.type === 'requestDiff' && m.changeId === 's4#0');
    const big = page.locator('section[data-change-id="s11#1"] .fold-toggle');
    assert.equal(await big.getAttribute('aria-expanded'), 'false');
    assert.ok(!(await messages(page, 'requestDiff')).some((m) => m.changeId === 's11#1'));
    await postToPage(page, { type: 'diff', changeId: 's4#0', diff: sampleDiff });
    await page.waitForSelector('section[data-change-id="s4#0"] table.d2h-diff-table');
    assert.ok((await page.locator('section[data-change-id="s4#0"] .d2h-ins').count()) > 0);
    await big.click();
    assert.equal(await big.getAttribute('aria-expanded'), 'true');
    await waitForMessage(page, (m) => m.type === 'requestDiff' && m.changeId === 's11#1');
    await postToPage(page, { type: 'diff', changeId: 's11#1', message: 'The file is too large to show.' });
    await page.waitForFunction(() => document.querySelector('section[data-change-id="s11#1"] .diff-host')?.textContent === 'The file is too large to show.');

    // Layout toggle: side by side, persisted.
    await page.locator('.diff-layout').click();
    await page.waitForSelector('section[data-change-id="s4#0"] .d2h-files-diff');
    await page.waitForFunction(() => window.__state?.diffStyle === 'side-by-side');

    // Markdown tables render as tables, aligned by class.
    await page.locator('[data-step-id="s12"] table.md-table').scrollIntoViewIfNeeded();
    assert.deepEqual(await page.locator('[data-step-id="s12"] table.md-table th').allTextContents(), ['function', 'before', 'after']);
    assert.equal(await page.locator('[data-step-id="s12"] table.md-table tbody tr').count(), 2);
    assert.equal(await page.locator('[data-step-id="s12"] table.md-table td.align-right').first().textContent(), 'a + b');

    // Buttons post the right messages.
    await page.locator('[data-step-id="s2"] .path').click();
    assert.equal(await page.locator('article').first().locator('.restore-checkpoint').getAttribute('secondary'), '', 'the checkpoint before every prompt is a secondary button');
    await page.locator('article').first().locator('.restore-checkpoint').click();
    await page.locator('article').first().locator('.compare-checkpoint').click();
    await page.locator('[data-step-id="s4"] .restore-file').click();
    await page.locator('section[data-change-id="s11#1"] .restore-file').click();
    await page.locator('[data-step-id="s9"] .subagent').click();
    await page.locator('article').first().locator('.prompt-head .icon-button').click();
    await page.locator('[data-step-id="s10"] summary').click();
    await page.locator('[data-show-all="s10"]').click();
    const sent = await posted(page);
    for (const expected of [
      { type: 'openFile', path: '/work/demo/src/math.ts', line: 1 },
      { type: 'restoreCheckpoint', beforePrompt: 1 },
      { type: 'compareCheckpoint', beforePrompt: 1 },
      { type: 'restoreFile', beforePrompt: 1, path: '/work/demo/src/math.ts' },
      { type: 'restoreFile', beforePrompt: 3, path: '/work/demo/src/big.ts' },
      { type: 'openSession', sessionId: 'child-session-1' },
      { type: 'copyText', text: 'Fix the add function in src/math.ts\nand run the tests.' },
      { type: 'requestOutput', stepId: 's10' },
    ]) {
      assert.ok(sent.some((m) => JSON.stringify(m) === JSON.stringify(expected)), `posted ${JSON.stringify(expected)}`);
    }
    await postToPage(page, { type: 'output', stepId: 's10', output: 'full line\n'.repeat(6000) });
    await page.waitForFunction(() => document.querySelector('pre[data-output-of="s10"]')?.textContent.length === 60000);
    assert.equal(await page.locator('[data-show-all="s10"]').count(), 0);

    // Restore can be switched off with a reason.
    await postToPage(page, { type: 'restoreEnabled', enabled: false, reason: 'Restricted mode: trust the workspace to restore.' });
    const restore = page.locator('article').first().locator('.restore-checkpoint');
    assert.equal(await restore.getAttribute('disabled'), '');
    assert.equal(await restore.getAttribute('title'), 'Restricted mode: trust the workspace to restore.');
    assert.equal(await restore.getAttribute('aria-description'), 'Restricted mode: trust the workspace to restore.');
    const fileRestore = page.locator('[data-step-id="s4"] .restore-file');
    assert.equal(await fileRestore.getAttribute('disabled'), '');
    assert.equal(await fileRestore.getAttribute('title'), 'Restricted mode: trust the workspace to restore.');
    await postToPage(page, { type: 'restoreEnabled', enabled: true });
    assert.equal(await restore.getAttribute('disabled'), null);
    assert.equal(await fileRestore.getAttribute('disabled'), null);
    assert.equal(await fileRestore.getAttribute('title'), 'Restore src/math.ts to before prompt 1…');

    // Folds: Enter on a summary opens it and the choice is saved.
    await page.locator('[data-step-id="s1"] summary').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-step-id="s1"] summary')?.getAttribute('aria-expanded') === 'true');
    await page.waitForFunction(() => window.__state?.expanded.includes('s1'));

    // Keyboard: j/k and arrows between prompts, / to search, Enter for next, Escape clears.
    await page.locator('article').first().focus();
    await page.keyboard.press('j');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.index), '2');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.index), '3');
    await page.keyboard.press('k');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.index), '2');
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'VSCODE-TEXTFIELD');
    assert.equal(await page.evaluate(() => document.activeElement?.shadowRoot?.querySelector('input')?.getAttribute('aria-label')), 'Search this session', 'the input a screen reader lands on is named');
    await page.keyboard.type('npm test');
    await page.waitForFunction(() => document.querySelector('.search-count')?.textContent === '2 results');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.search-count')?.textContent === '1 of 2');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.search-count')?.textContent === '2 of 2');
    assert.equal(await page.locator('.search-count').getAttribute('aria-live'), 'polite');
    await page.waitForFunction(() => window.__state?.search === 'npm test');
    await shot(page, 'normal-light-search');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelector('.search-count')?.textContent === '' && window.__state?.search === '');

    // Search finds text inside folded output and opens the fold.
    await page.locator('article').first().focus();
    await page.keyboard.press('/');
    await page.keyboard.type('expected 3');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-step-id="s5"] details')?.open === true);
    await page.keyboard.press('Escape');

    // Filters: commands only hides prompt 3 and the non-command steps.
    await page.locator('vscode-checkbox[data-filter="commands"]').click();
    await page.waitForFunction(() => document.querySelector('article[data-index="3"]')?.hidden === true);
    assert.equal(await page.locator('[data-step-id="s3"]').isHidden(), true);
    assert.equal(await page.locator('[data-step-id="s5"]').isVisible(), true);
    await page.waitForFunction(() => JSON.stringify(window.__state?.filters) === '["commands"]');

    // Reveal: the hidden prompt 3 is shown (filters give way), scrolled to, focused and flashed.
    await postToPage(page, { type: 'reveal', promptIndex: 3, stepId: 's12' });
    await page.waitForFunction(() => document.activeElement?.dataset.stepId === 's12');
    assert.match(await page.locator('[data-step-id="s12"]').getAttribute('class'), /flash/);
    assert.equal(await page.locator('article[data-index="3"]').isVisible(), true);
    // The saved top prompt follows the scroll position (the page may be too short to bring prompt 3 to the top).
    await page.waitForFunction(() => typeof window.__state?.promptIndex === 'number');

    // State round trip: a reloaded page gets the saved state back and applies it.
    await page.locator('vscode-checkbox[data-filter="failures"]').click();
    await page.locator('vscode-textfield.search').click();
    await page.keyboard.type('tests');
    await page.waitForFunction(() => window.__state?.search === 'tests' && window.__state.filters.includes('failures'));
    const saved = await page.evaluate(() => window.__state);
    assert.deepEqual(blocked, []);
    assert.deepEqual(errors, []);

    const reloaded = await openTimelinePage(browser, server.origin, { theme: 'vscode-light', savedState: saved });
    try {
      await postToPage(reloaded.page, { type: 'session', session: normalSession(), restoreEnabled: true });
      await reloaded.page.waitForSelector('article.prompt');
      const p = reloaded.page;
      assert.equal(await p.evaluate(() => document.querySelector('vscode-textfield.search').value), 'tests');
      assert.equal(await p.evaluate(() => document.querySelector('vscode-checkbox[data-filter="failures"]').checked), true);
      assert.equal(await p.locator('.diff-layout').getAttribute('aria-pressed'), 'true');
      assert.equal(await p.locator('article[data-index="2"]').isHidden(), true, 'prompt 2 has no failure');
      await p.waitForSelector('[data-step-id="s1"] details[open]', { state: 'attached' });
      assert.match(await p.locator('.search-count').textContent(), /results?$/);
      await p.waitForTimeout(300);
      const { promptIndex: _a, ...savedRest } = saved;
      const { promptIndex: _b, ...nowRest } = await p.evaluate(() => window.__state);
      assert.deepEqual(nowRest, savedRest);
      assert.deepEqual(reloaded.errors, []);
    } finally {
      await reloaded.context.close();
    }
  } finally {
    await context.close();
  }
});

test('screenshots in light, dark and high contrast', async () => {
  const { page, errors, context } = await openTimelinePage(browser, server.origin, { theme: 'vscode-light', viewport: { width: 1100, height: 1300 } });
  try {
    await postToPage(page, { type: 'session', session: normalSession(), restoreEnabled: true });
    await page.waitForSelector('article.prompt .steps');
    await waitForMessage(page, (m) => m.type === 'requestDiff' && m.changeId === 's4#0');
    await postToPage(page, { type: 'diff', changeId: 's4#0', diff: sampleDiff });
    await page.waitForSelector('.d2h-diff-table');
    await page.locator('[data-step-id="s5"] summary').click();
    await page.locator('[data-step-id="s1"] summary').click();
    await page.keyboard.press('/');
    await page.keyboard.type('add');
    await page.keyboard.press('Enter');
    await page.locator('article').first().focus();
    for (const theme of ['vscode-light', 'vscode-dark', 'vscode-high-contrast']) {
      await setTheme(page, theme);
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot(page, `normal-${theme.replace('vscode-', '')}`);
    }
    await setTheme(page, 'vscode-dark');
    await page.locator('.diff-layout').click();
    await page.waitForSelector('.d2h-files-diff');
    await page.locator('section[data-change-id="s4#0"]').scrollIntoViewIfNeeded();
    await shot(page, 'side-by-side-dark');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a missing session shows the host message and no stale prompts', async () => {
  const { page, errors, context } = await openTimelinePage(browser, server.origin, { theme: 'vscode-dark' });
  try {
    await postToPage(page, { type: 'session', session: normalSession(), restoreEnabled: true });
    await page.waitForSelector('article.prompt');
    await postToPage(page, { type: 'missing', sessionKey: 'claude-code:normal', message: `Gone: ${evil}` });
    await page.waitForFunction(() => document.querySelectorAll('article').length === 0);
    assert.equal(await page.locator('.status').textContent(), `Gone: ${evil}`);
    assert.equal(await page.locator('.toolbar').isHidden(), true);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a 500-prompt session builds only what is near the viewport; search and reveal reach the rest', async () => {
  const { page, errors, context } = await openTimelinePage(browser, server.origin, { theme: 'vscode-dark' });
  try {
    await postToPage(page, { type: 'session', session: largeSession(500, 5000), restoreEnabled: true });
    await page.waitForSelector('article.prompt .steps');
    assert.equal(await page.locator('article.prompt').count(), 500);
    const built = await page.locator('article.prompt .steps').count();
    assert.ok(built > 0 && built < 30, `built ${built} prompts`);
    await page.keyboard.press('/');
    await page.keyboard.type('module450_');
    await page.waitForFunction(() => /results$/.test(document.querySelector('.search-count')?.textContent ?? ''));
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('article[data-index="450"] .steps') !== null);
    assert.match(await page.locator('.search-count').textContent(), /^1 of \d+$/);
    const inView = await page.evaluate(() => {
      const r = document.querySelector('article[data-index="450"]').getBoundingClientRect();
      return r.top < innerHeight && r.bottom > 0;
    });
    assert.ok(inView, 'the match is scrolled into view');
    await postToPage(page, { type: 'reveal', promptIndex: 480 });
    await page.waitForFunction(() => document.activeElement?.dataset?.index === '480');
    await page.keyboard.press('j');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.index), '481');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

/**
 * Plays the host's part of the steps protocol in Node: every `requestSteps` the page posts is answered from `full`
 * (at each prompt's version) with at most `maxPromptsPerRequest` (100) prompts. Returns the ranges asked and a stop.
 */
function serveSteps(page, full) {
  const asked = [];
  let seen = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const all = await posted(page).catch(() => []);
      for (const m of all.slice(seen)) {
        if (m.type === 'requestSteps') {
          asked.push([m.from, m.to]);
          const prompts = full.prompts.filter((p) => p.index >= m.from && p.index <= m.to).slice(0, 100).map((p) => ({ index: p.index, version: p.version, steps: p.steps }));
          await postToPage(page, { type: 'steps', sessionKey: full.key, prompts }).catch(() => {});
        }
      }
      seen = all.length;
      await new Promise((r) => setTimeout(r, 30));
    }
  })();
  return { asked, stop: async () => { running = false; await loop; } };
}

const outlineOf = (session, keep = () => false) => ({ ...session, prompts: session.prompts.map(({ steps, ...p }) => (keep(p) ? { ...p, steps } : p)) });

test('a long session opens from its outline: steps asked by range near the viewport, the rest in the background; search, reveal and live reloads', async () => {
  const { page, errors, context } = await openTimelinePage(browser, server.origin, { theme: 'vscode-dark' });
  const full = largeSession(300, 1500);
  const hosts = [];
  try {
    // The first message carries the steps of the first prompts only; nobody answers requests yet.
    await postToPage(page, { type: 'session', session: outlineOf(full, (p) => p.index <= 3), restoreEnabled: true });
    await page.waitForSelector('article[data-index="1"] .steps');
    assert.equal(await page.locator('article.prompt').count(), 300);
    const count200 = full.prompts.find((p) => p.index === 200).steps.length;
    assert.ok((await page.locator('article[data-index="200"] .prompt-head').textContent()).endsWith(`${count200} steps`), 'the step count comes with the outline');
    await page.keyboard.press('/');
    await page.keyboard.type('module250_');
    await page.waitForFunction(() => document.querySelector('.search-count')?.textContent === 'Searching…');
    const early = (await messages(page, 'requestSteps')).map((m) => [m.from, m.to]);
    assert.ok(early.length > 0 && early.every(([from, to]) => from > 3 && to - from < 100), `ranges asked: ${JSON.stringify(early)}`);

    // Answered: the background loading reaches every prompt and the search finds the matches in prompt 250.
    const host = serveSteps(page, full);
    hosts.push(host);
    await page.waitForFunction(() => /^\d+ results?$/.test(document.querySelector('.search-count')?.textContent ?? ''), null, { timeout: 30_000 });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('article[data-index="250"] .steps') !== null);
    assert.match(await page.locator('.search-count').textContent(), /^1 of \d+$/);
    assert.ok(host.asked.length >= 300 / 40, `background ranges: ${JSON.stringify(host.asked)}`);

    // A live reload: prompt 300 changed (a new version), the others did not: nothing but prompt 300 is asked again.
    const changed = { ...full, prompts: full.prompts.map((p) => (p.index === 300 ? { ...p, version: `${p.version}+`, steps: [...p.steps, { id: 'late', timestamp: p.timestamp, type: 'text', text: 'Appended while the page was open.' }], stepCount: p.steps.length + 1 } : p)) };
    await host.stop();
    const fresh = serveSteps(page, changed);
    hosts.push(fresh);
    const before = (await messages(page, 'requestSteps')).length;
    await postToPage(page, { type: 'session', session: outlineOf(changed), restoreEnabled: true });
    await page.waitForFunction(() => document.querySelector('article[data-index="250"] .steps') !== null);
    await postToPage(page, { type: 'reveal', promptIndex: 300, stepId: 'late' });
    await page.waitForFunction(() => document.activeElement?.dataset?.stepId === 'late', null, { timeout: 10_000 });
    await fresh.stop();
    const after = (await messages(page, 'requestSteps')).slice(before).map((m) => [m.from, m.to]);
    assert.ok(after.some(([from, to]) => from <= 300 && to >= 300), `prompt 300 asked again: ${JSON.stringify(after)}`);
    assert.ok(!after.some(([from, to]) => from <= 250 && to >= 250), `prompt 250 kept its steps: ${JSON.stringify(after)}`);
    await shot(page, 'outline-long-session');
    assert.deepEqual(errors, []);
  } finally {
    for (const h of hosts) await h.stop();
    await context.close();
  }
});
