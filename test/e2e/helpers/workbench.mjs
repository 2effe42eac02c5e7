// Reading and driving the workbench's tree views. VS Code renders tree rows as `.monaco-list-row[role=treeitem]`
// with aria-level, a `.label-name`, a `.label-description` and, for ThemeIcons, a `.custom-view-tree-node-item-icon`.

export const sessionsTree = (page) => page.getByRole('tree', { name: 'Sessions' });

/**
 * Clicks the Agent Trail activity-bar icon until the Sessions view shows `ready` (a locator). Retried: while the
 * workbench restores its layout it may switch back to the Explorer after an early click.
 */
export async function openAgentTrail(page, ready, { timeout = 90_000 } = {}) {
  const tab = page.locator('.activitybar').getByRole('tab', { name: /^Agent Trail/ });
  await waitFor(async () => {
    if (await ready.isVisible()) return true;
    if ((await tab.count()) > 0 && (await tab.getAttribute('aria-selected')) !== 'true') await tab.click({ timeout: 2_000 }).catch(() => {});
    return false;
  }, { timeout, interval: 500, what: 'the Agent Trail view' });
}

/** The rendered rows of the Sessions tree, top to bottom. */
export async function treeRows(page) {
  return sessionsTree(page).locator('.monaco-list-row').evaluateAll((rows) => rows
    .map((row) => ({
      top: Number.parseFloat(row.style.top || '0'),
      level: Number(row.getAttribute('aria-level')),
      expanded: row.getAttribute('aria-expanded'),
      label: row.querySelector('.label-name')?.textContent?.trim() ?? '',
      description: row.querySelector('.label-description')?.textContent?.trim() ?? '',
      ariaLabel: row.getAttribute('aria-label') ?? '',
      icon: row.querySelector('.custom-view-tree-node-item-icon')?.className ?? '',
      hasFileIcon: Boolean(row.querySelector('.monaco-icon-label.file-icon')),
    }))
    .sort((a, b) => a.top - b.top));
}

/** The row whose label contains `text` (optionally at `level`). */
export function row(page, text, level) {
  const rows = sessionsTree(page).locator(level ? `.monaco-list-row[aria-level="${level}"]` : '.monaco-list-row');
  return rows.filter({ has: page.locator('.label-name', { hasText: text }) }).first();
}

/** Polls `probe` until it returns a truthy value; on timeout throws with the last value it saw. */
export async function waitFor(probe, { timeout = 30_000, interval = 250, what = 'condition' } = {}) {
  const until = Date.now() + timeout;
  let last;
  for (;;) {
    last = await probe();
    if (last?.ok ?? last) return last;
    if (Date.now() > until) throw new Error(`timed out after ${timeout} ms waiting for ${what}; last: ${JSON.stringify(last?.state ?? last)}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Expands a collapsed row by clicking it (single-click expands in VS Code trees); no-op when already open. */
export async function expand(page, text, level) {
  const r = row(page, text, level);
  await r.waitFor();
  if ((await r.getAttribute('aria-expanded')) !== 'true') {
    // A row's rich tooltip, shown while the mouse rests on it after a click, covers the rows below it (and takes
    // the next click): move the mouse off the tree before and after clicking.
    await dismissHovers(page);
    await r.click();
    await page.mouse.move(1000, 600);
  }
  await waitFor(async () => (await r.getAttribute('aria-expanded')) === 'true', { what: `"${text}" to expand` });
}

/** Moves the mouse to the editor area and waits until no workbench hover is left showing. */
export async function dismissHovers(page) {
  await page.mouse.move(1000, 600);
  await page
    .locator('.workbench-hover')
    .first()
    .waitFor({ state: 'hidden', timeout: 5_000 })
    .catch(() => page.keyboard.press('Escape'));
}

/**
 * Hovers `target` until a hover containing `text` shows, and returns that hover's text. Retried, because a tree
 * re-render (a live index update) replaces the row under the mouse and closes its hover.
 */
export async function hoverText(page, target, text, { attempts = 4 } = {}) {
  const hover = page.locator('.workbench-hover, .monaco-hover').filter({ hasText: text }).first();
  for (let i = 1; ; i++) {
    await page.mouse.move(1000, 600);
    await target.hover();
    try {
      await hover.waitFor({ timeout: 5_000 });
      return await hover.innerText({ timeout: 1_000 });
    } catch (e) {
      if (i >= attempts) throw e;
    }
  }
}
