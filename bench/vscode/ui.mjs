// @ts-check
// What the benchmark looks at in the workbench (selectors from /work/shared/real-vscode-tests.md
// and test/e2e/harness.mjs). Times are taken here, in this process, around Playwright's waits:
// they include a few milliseconds of Playwright round trip, never less than what a user sees.

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Locator} Locator */

export const EXTENSION_ID = 'secretsops.infisical-access';

/** A view container's entry in the activity bar, by its title. */
export function activityBarEntry(/** @type {Page} */ page, /** @type {string} */ title) {
  return page.locator(`.activitybar .action-item a[aria-label^="${title}"]`);
}

/** A view's pane in the side bar, by the view's name. */
export function pane(/** @type {Page} */ page, /** @type {string} */ name) {
  return page.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: name }) });
}

/** The rendered row of a tree item whose accessible label starts with `label`. */
export function row(/** @type {Locator} */ where, /** @type {string} */ label) {
  return where.locator(`.monaco-list-row[aria-label^=${JSON.stringify(label)}]`);
}

/** Milliseconds until `locator` is visible (from `since`, a performance.now() value). */
export async function visibleAfter(
  /** @type {Locator} */ locator,
  /** @type {number} */ since,
  timeout = 30_000,
) {
  await locator.first().waitFor({ state: 'visible', timeout });
  return performance.now() - since;
}

/** Scrolls a tree (mouse wheel over it) until `target` is rendered; virtual lists render only what shows. */
export async function scrollUntil(
  /** @type {Page} */ page,
  /** @type {Locator} */ list,
  /** @type {Locator} */ target,
) {
  await list.locator('.monaco-list-row').first().hover();
  for (let i = 0; i < 80 && (await target.count()) === 0; i++) {
    await page.mouse.wheel(0, 600);
    await page.waitForTimeout(25);
  }
  await target.first().waitFor({ state: 'visible', timeout: 5_000 });
}

/** A progress bar running in the side bar (a view's own, while its data provider works). */
export function sideBarProgress(/** @type {Page} */ page) {
  return page.locator('.part.sidebar .monaco-progress-container.active');
}

/** Time for the command palette to open and take input: the workbench answers the keyboard. */
export async function paletteOpenMs(/** @type {Page} */ page) {
  const t = performance.now();
  await page.keyboard.press('F1');
  await page
    .locator('.quick-input-widget .quick-input-box input')
    .waitFor({ state: 'visible', timeout: 10_000 });
  const ms = performance.now() - t;
  await page.keyboard.press('Escape');
  return ms;
}

/** The suggest widget with at least one row. */
export function suggestWidget(/** @type {Page} */ page) {
  return page.locator('.editor-widget.suggest-widget.visible .monaco-list-row');
}

/** The content document of an extension's webview (two nested iframes). */
export function webviewContent(/** @type {Page} */ page, extensionId = EXTENSION_ID) {
  return page
    .frameLocator(`iframe.webview.ready[src*="extensionId=${extensionId}"]`)
    .frameLocator('iframe#active-frame');
}

/** The extension id VS Code gives webviews the probe creates (test code belongs to no extension). */
export const PROBE_WEBVIEW_ID = 'nullExtensionDescription';
